import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { chooseCsvFileKernel } from '../../../src/data/sources/csv-native.js';
import { CsvSource } from '../../../src/data/sources/csv-source.js';
import { rustKernelsOrSkip } from '../../helpers/backends.js';

// With the Rust reader, a file's first 64 rows decide its reading when its first date is ISO;
// files whose format the first rows do not settle are decided from the first 1,000 rows, as
// the TypeScript reader decides them. Either way both readers give the same outcome.
const { skip } = rustKernelsOrSkip();
const work = mkdtempSync(join(tmpdir(), 'rustybt-csv-head-'));
after(() => {
  chooseCsvFileKernel(undefined);
  rmSync(work, { recursive: true, force: true });
});

const day = (k: number): Date => new Date(Date.UTC(2020, 0, 1) + k * 86_400_000);

function write(name: string, dates: (k: number) => string, rows = 600): void {
  const lines = ['Date,Open,High,Low,Close,Volume'];
  for (let k = 0; k < rows; k++) lines.push(`${dates(k)},10.5,11,10,10.75,${100 + k}`);
  writeFileSync(join(work, `${name}.csv`), `${lines.join('\n')}\n`);
}

// Blank dates first (dropped as rows with an empty value), ISO dates after row 100.
write('LATE', (k) => (k < 100 ? '' : day(k).toISOString().slice(0, 10)));
// Month first or day first: only a day above 12, at row 400, tells (day first).
write('SLASH', (k) => {
  const d = day(k);
  const [dd, mm] = [d.getUTCDate(), d.getUTCMonth() + 1];
  const first = k === 400 ? 13 : Math.min(dd, 12);
  return `${String(first).padStart(2, '0')}/${String(mm).padStart(2, '0')}/${d.getUTCFullYear()}`;
});

async function outcome(rust: boolean, symbol: string): Promise<unknown> {
  chooseCsvFileKernel(rust ? undefined : null);
  try {
    const result = await new CsvSource({ directory: work }).fetch(
      [symbol],
      new Date('2019-01-01T00:00:00Z'),
      new Date('2030-01-01T00:00:00Z'),
      '1d',
    );
    return {
      bars: result.frames.map((frame) => [...frame.timestamps]),
      issues: result.report.issues.length,
    };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    chooseCsvFileKernel(undefined);
  }
}

describe('the reading a CSV file head decides', { skip }, () => {
  it('is the same with the Rust reader when the first 64 rows do not settle the date format', async () => {
    for (const symbol of ['LATE', 'SLASH']) {
      const fromTs = await outcome(false, symbol);
      assert.deepEqual(await outcome(true, symbol), fromTs, symbol);
    }
  });
});
