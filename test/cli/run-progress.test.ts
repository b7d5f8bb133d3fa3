import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { RunProgress } from '../../src/cli/commands/run-progress.js';

function terminal(
  isTTY: boolean,
): PassThrough & { isTTY: boolean; columns: number; text: () => string } {
  const stream = new PassThrough() as PassThrough & {
    isTTY: boolean;
    columns: number;
    text: () => string;
  };
  let written = '';
  stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
  stream.isTTY = isTTY;
  stream.columns = 120;
  stream.text = () => written;
  return stream;
}

describe('RunProgress', () => {
  it('stays hidden during the first two seconds, then shows the bars done', async () => {
    let now = 1_000;
    const stream = terminal(true);
    const progress = new RunProgress({ stream, now: () => now });
    progress.onProgress(10, 100);
    now += 1_999;
    progress.onProgress(20, 100);
    assert.equal(progress.shown, false);
    now += 2;
    progress.onProgress(30, 100);
    assert.equal(progress.shown, true);
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    assert.match(stream.text(), /30\/100 bars/);
  });

  it('never draws when the stream is not a terminal', () => {
    let now = 0;
    const stream = terminal(false);
    const progress = new RunProgress({ stream, now: () => now });
    now = 60_000;
    progress.onProgress(50, 100);
    progress.stop();
    assert.equal(progress.shown, false);
    assert.equal(stream.text(), '');
  });
});
