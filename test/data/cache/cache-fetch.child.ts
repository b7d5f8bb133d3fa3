// Child process of the multi-process cache tests: fetches through a cache in
// the given home, appends one line per request that reached the source to
// `log`, prints a digest of the answer. With `pauseAfter` > 0 it announces on
// stdout once that many files of a new entry are written and blocks, so the
// parent can kill it mid-write.
import { appendFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { cached } from '../../../src/data/cache/index.js';
import { RecordingSource, day } from './cache-helpers.js';

const [home, symbols, start, end, log, delayMs, pauseAfter] = process.argv.slice(2);
const source = new RecordingSource(undefined, 'csv', Number(delayMs));
let written = 0;
const cache = cached(source, {
  home,
  onFileWritten: (path) => {
    if (++written === Number(pauseAfter)) {
      process.stdout.write(`paused after ${path}\n`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    }
  },
});
const result = await cache.fetch(symbols.split(','), day(start), day(end), '1d');
for (const call of source.calls) appendFileSync(log, `${process.pid} ${JSON.stringify(call)}\n`);
const digest = createHash('sha256');
for (const frame of result.frames) {
  digest.update(frame.symbol);
  for (const column of [
    frame.timestamps,
    frame.open,
    frame.high,
    frame.low,
    frame.close,
    frame.volume,
  ]) {
    digest.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  }
}
process.stdout.write(`digest ${digest.digest('hex')}\n`);
cache.close();
