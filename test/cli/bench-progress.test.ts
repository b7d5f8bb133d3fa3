import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { BenchProgressBar } from '../../src/cli/commands/bench-progress.js';

/** A stream that keeps what was written, a terminal or not. */
function stream(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  }) as Writable & { isTTY: boolean; text: () => string; columns: number };
  out.isTTY = isTTY;
  out.columns = 160;
  out.text = () => text;
  return out;
}

const step = (done: number, error?: string) => ({
  done,
  total: 4,
  cell: 'minute-simple-100',
  mode: 'float-rust' as const,
  round: done === 4 ? ('profile' as const) : done,
  error,
});

describe('the bench progress bar', () => {
  it('draws a bar with the runs done and the cell on a terminal', () => {
    const out = stream(true);
    const bar = new BenchProgressBar(out);
    bar.update(step(1));
    bar.update(step(4));
    bar.stop();
    assert.match(out.text(), /bench \[=+-+\] 1\/4 runs \| minute-simple-100 float-rust round 1/);
    assert.match(out.text(), /4\/4 runs \| minute-simple-100 float-rust profiled/);
  });

  it('writes nothing but failures when stderr is not a terminal', () => {
    const out = stream(false);
    const bar = new BenchProgressBar(out);
    bar.update(step(1));
    bar.update(step(2, 'child process exit code 1: Error: boom'));
    bar.stop();
    assert.equal(
      out.text(),
      'minute-simple-100 float-rust failed: child process exit code 1: Error: boom\n',
    );
  });
});
