import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';

import {
  chooseCsvFileKernel,
  type CsvFileBars,
  type CsvFileKernel,
} from '../../../src/data/sources/csv-native.js';
import { CsvSource } from '../../../src/data/sources/csv-source.js';
import { rustKernelsOrSkip } from '../../helpers/backends.js';
import { plainFrame } from '../../helpers/plain-frame.js';

// A streaming fetch (`fetchInto`, as an ingest reads) has the Rust reader write each file's
// columns into a few reused arrays: every frame must still be what `fetch` gives, whether
// a file fits its scratch, outgrows it, or has rows the TypeScript reader finishes.
const { kernels, skip } = rustKernelsOrSkip();
const work = mkdtempSync(join(tmpdir(), 'rustybt-csv-scratch-'));
after(() => {
  chooseCsvFileKernel(undefined);
  rmSync(work, { recursive: true, force: true });
});

/**
 * Whether each file's columns came back in the caller's scratch, as `name:yes|no`. Files are
 * read concurrently, so they settle in any order: the test compares the sorted list.
 */
const inScratch: string[] = [];
const rust: CsvFileKernel = {
  async readCsvFile(path, plan, scratch) {
    const bars: CsvFileBars = await (kernels as unknown as CsvFileKernel).readCsvFile(
      path,
      plan,
      scratch,
    );
    inScratch.push(`${basename(path)}:${bars.inScratch === true ? 'yes' : 'no'}`);
    return bars;
  },
  releaseCsvReadBuffers: () => (kernels as unknown as CsvFileKernel).releaseCsvReadBuffers?.() ?? 0,
};

function minuteFile(name: string, days: number, price: (k: number) => string): void {
  const lines = ['Date,Open,High,Low,Close,Volume'];
  let k = 0;
  for (let day = 0; day < days; day++) {
    const date = `2024-01-${String(day + 2).padStart(2, '0')}`;
    for (let minute = 0; minute < 390; minute++, k++) {
      const time = `${String(14 + Math.floor((30 + minute) / 60)).padStart(2, '0')}:${String((30 + minute) % 60).padStart(2, '0')}:00`;
      const p = price(k);
      lines.push(`${date}T${time}Z,${p},${p},${p},${p},${100 + (k % 7)}`);
    }
  }
  writeFileSync(join(work, `${name}.csv`), `${lines.join('\n')}\n`);
}

const plain = (k: number): string => (20 + (k % 50) / 100).toFixed(2);
minuteFile('A', 3, plain);
minuteFile('B', 9, plain);
// Long prices in the first rows, short ones after: the file holds more rows than its head
// suggests, so its columns outgrow the scratch sized from the head.
minuteFile('C', 12, (k) => (k < 1200 ? (123456.125 + (k % 3)).toFixed(3) : String(1 + (k % 3))));
minuteFile('D', 2, plain);
// A row with an empty value: handed back to the TypeScript reader, which finishes the file.
minuteFile('E', 4, (k) => (k === 500 ? '' : plain(k)));
copyFileSync(join(work, 'A.csv'), join(work, 'F.csv'));

describe('a streaming CSV fetch with the Rust reader', { skip }, () => {
  it('hands on the same frames and report as fetch, its columns in reused arrays', async () => {
    chooseCsvFileKernel(rust);
    const symbols = ['A', 'B', 'C', 'D', 'E', 'F', 'A'.toLowerCase()];
    const range: [Date, Date] = [
      new Date('2024-01-01T00:00:00Z'),
      new Date('2024-02-01T00:00:00Z'),
    ];
    const whole = await new CsvSource({ directory: work }).fetch(symbols, ...range, '1m');
    inScratch.length = 0;
    const streamed: unknown[] = [];
    const result = await new CsvSource({ directory: work }).fetchInto(
      symbols,
      ...range,
      '1m',
      {},
      (frame) => {
        streamed.push(plainFrame(frame));
      },
    );
    assert.deepEqual(streamed, whole.frames.map(plainFrame));
    assert.deepEqual(result.report, whole.report);
    assert.equal(result.frames.length, 0);
    // C outgrows its scratch (read into fresh arrays); every other file is read into one.
    assert.deepEqual(inScratch.sort(), [
      'A.csv:yes',
      'A.csv:yes',
      'B.csv:yes',
      'C.csv:no',
      'D.csv:yes',
      'E.csv:yes',
      'F.csv:yes',
    ]);
  });

  it('holds read buffers for the files in flight only, and none once the files are read', async () => {
    // The addon's own reader (not the recording wrapper above), whose buffer sets are
    // counted: chosen whichever backend runs the tests.
    chooseCsvFileKernel(kernels as unknown as CsvFileKernel);
    const addon = kernels as unknown as { csvReadBufferSets(): number[] };
    const names = Array.from({ length: 12 }, (_, k) => `M${k}`);
    names.forEach((name, k) => minuteFile(name, 2 + (k % 3), plain));
    let most = 0;
    await new CsvSource({ directory: work }).fetchInto(
      names,
      new Date('2024-01-01T00:00:00Z'),
      new Date('2024-02-01T00:00:00Z'),
      '1m',
      {},
      () => {
        const [lent, kept] = addon.csvReadBufferSets();
        most = Math.max(most, lent + kept);
      },
    );
    // One file is in flight, the one handed on: one set, whatever the number of pool
    // threads (four) or of files (twelve).
    assert.equal(most, 1, `buffer sets alive: ${most}`);
    assert.deepEqual(addon.csvReadBufferSets(), [0, 0]);
  });

  it('frees its scratch when the fetch ends: a frame kept past its turn is empty, not another file', async () => {
    chooseCsvFileKernel(kernels as unknown as CsvFileKernel);
    const kept: { symbol: string; timestamps: Float64Array; rows: number }[] = [];
    await new CsvSource({ directory: work }).fetchInto(
      ['A', 'B'],
      new Date('2024-01-01T00:00:00Z'),
      new Date('2024-02-01T00:00:00Z'),
      '1m',
      {},
      (frame) => {
        kept.push({
          symbol: frame.symbol,
          timestamps: frame.timestamps,
          rows: frame.timestamps.length,
        });
      },
    );
    assert.deepEqual(
      kept.map((k) => [k.symbol, k.rows]),
      [
        ['A', 3 * 390],
        ['B', 9 * 390],
      ],
    );
    // Both frames were views of the one scratch, whose memory the fetch gave back.
    assert.deepEqual(
      kept.map((k) => k.timestamps.length),
      [0, 0],
    );
  });
});
