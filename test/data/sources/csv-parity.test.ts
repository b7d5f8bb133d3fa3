import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import fc from 'fast-check';

import type { Frequency } from '../../../src/data/bar-frame.js';
import { chooseCsvFileKernel, type CsvFileKernel } from '../../../src/data/sources/csv-native.js';
import { CsvSource, type CsvSourceOptions } from '../../../src/data/sources/csv-source.js';
import type { FetchOptions } from '../../../src/data/sources/data-source.js';
import { rustKernelsOrSkip } from '../../helpers/backends.js';
import { plainFrame } from '../../helpers/plain-frame.js';

// The Rust reader reads the common rows itself and hands the others back: whatever
// the file, a fetch must give the same bars, the same report and the same errors with it
// as with the TypeScript reader alone.
const { kernels, skip } = rustKernelsOrSkip();
/** Files the Rust reader was given (so a test cannot pass by never using it). */
let rustFiles = 0;
const rust: CsvFileKernel = {
  readCsvFile(path, plan, scratch) {
    rustFiles++;
    return (kernels as unknown as CsvFileKernel).readCsvFile(path, plan, scratch);
  },
};
const REAL = 'test/fixtures/real';
const BROKEN = 'test/fixtures/sources/csv/broken';
const ALL_TIME: [Date, Date] = [new Date('1990-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z')];
after(() => chooseCsvFileKernel(undefined));

interface Fetch {
  options: CsvSourceOptions;
  symbols: string[];
  range?: [Date, Date];
  frequency: Frequency;
  fetchOptions?: FetchOptions;
}

/**
 * What a fetch gave: everything in it, or the error it threw, as plain data. `streamed`
 * fetches as an ingest does (`fetchInto`: the Rust reader reads into a reused scratch).
 */
async function outcome(kernel: CsvFileKernel | null, f: Fetch, streamed = false): Promise<unknown> {
  chooseCsvFileKernel(kernel);
  try {
    const source = new CsvSource(f.options);
    const range = f.range ?? ALL_TIME;
    const handed: unknown[] = [];
    const result = streamed
      ? await source.fetchInto(f.symbols, ...range, f.frequency, f.fetchOptions ?? {}, (frame) => {
          handed.push(plainFrame(frame));
        })
      : await source.fetch(f.symbols, ...range, f.frequency, f.fetchOptions);
    return {
      frames: streamed ? handed : result.frames.map(plainFrame),
      report: result.report,
    };
  } catch (error) {
    const e = error as Error & { code?: string };
    return { error: e.constructor.name, code: e.code, message: e.message };
  } finally {
    chooseCsvFileKernel(undefined);
  }
}

async function assertSame(f: Fetch): Promise<unknown> {
  const fromTs = await outcome(null, f);
  const fromRust = await outcome(rust, f);
  assert.deepEqual(fromRust, fromTs);
  assert.deepEqual(await outcome(rust, f, true), fromTs, 'streamed through the scratch');
  return fromTs;
}

describe('CSV parity: the Rust reader against the TypeScript reader', { skip }, () => {
  it('on the real daily files', async () => {
    rustFiles = 0;
    for (const symbol of ['GOOG', 'BTCUSD', 'nvda-1999-2014', 'orcl-1995-2014', 'yhoo-1996-2014']) {
      const got = (await assertSame({
        options: { directory: REAL },
        symbols: [symbol],
        frequency: '1d',
      })) as { frames?: unknown[] };
      assert.equal(got.frames?.length, 1, symbol);
    }
    // Each file read twice by the Rust reader: fetched whole, then streamed.
    assert.equal(rustFiles, 10);
  });

  it('on the real intraday files, in UTC and in a local zone, inside a range', async () => {
    await assertSame({ options: { directory: REAL }, symbols: ['EURUSD'], frequency: '1h' });
    await assertSame({
      options: { directory: REAL, timeZone: 'Europe/Berlin' },
      symbols: ['2006-min-005'],
      frequency: '1m',
    });
    await assertSame({
      options: { directory: REAL },
      symbols: ['GOOG', 'EURUSD'],
      range: [new Date('2017-05-01T00:00:00Z'), new Date('2017-06-30T00:00:00Z')],
      frequency: '1d',
    });
  });

  it('on the broken fixtures, under every missing-value policy and in strict mode', async () => {
    for (const missing of ['skip', 'forward-fill', 'fail'] as const) {
      for (const strict of [false, true]) {
        for (const symbol of ['BAD', 'CRLF', 'GAPPY', 'NOPE']) {
          await assertSame({
            options: { directory: BROKEN, missing },
            symbols: [symbol],
            frequency: '1d',
            fetchOptions: { strict },
          });
        }
      }
    }
    await assertSame({ options: { directory: BROKEN }, symbols: ['OFFSETS'], frequency: '1h' });
  });

  it('on generated files mangled in every way a file gets mangled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rustybt-csv-parity-'));
    rustFiles = 0;
    try {
      await fc.assert(
        fc.asyncProperty(mangledFile(), async (file) => {
          writeFileSync(join(dir, 'X.csv'), file.bytes);
          await assertSame({
            options: { directory: dir, missing: file.missing, timeZone: file.timeZone },
            symbols: ['X'],
            range: file.range,
            frequency: file.frequency,
            fetchOptions: { strict: file.strict },
          });
        }),
        { numRuns: 120 },
      );
      // Most generated files are ASCII ISO files the Rust reader takes (the rest stay in TypeScript).
      assert.ok(rustFiles > 30, `the Rust reader read only ${rustFiles} of the generated files`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('flags the same outliers on long clean files (the Rust scan with its own Math.log)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rustybt-csv-outliers-'));
    let flagged = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            moves: fc.array(fc.integer({ min: -40, max: 40 }), { minLength: 15, maxLength: 600 }),
            jumps: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 4 }),
            decimals: fc.integer({ min: 0, max: 4 }),
          }),
          async ({ moves, jumps, decimals }) => {
            const lines = ['Date,Open,High,Low,Close,Volume'];
            let units = 100_000;
            for (const [k, move] of moves.entries()) {
              units = Math.max(1, units + (jumps.includes(k) ? 30_000 : move));
              const price = (units / 10 ** decimals).toFixed(decimals);
              const day = new Date(Date.UTC(2020, 0, 1) + k * 86_400_000).toISOString();
              lines.push(`${day.slice(0, 10)},${price},${price},${price},${price},${k}`);
            }
            writeFileSync(join(dir, 'W.csv'), `${lines.join('\n')}\n`);
            const got = (await assertSame({
              options: { directory: dir },
              symbols: ['W'],
              frequency: '1d',
            })) as { report: { issues: { problem: string }[] } };
            flagged += got.report.issues.filter((issue) => issue.problem === 'outlier').length;
          },
        ),
        { numRuns: 150 },
      );
      assert.ok(flagged > 20, `only ${flagged} outliers were flagged: the property tested little`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Ways a value or a line is written wrong, or just differently. */
const VALUE_MANGLES = [
  (v: string) => v,
  (v: string) => ` ${v} `,
  () => '',
  () => 'NaN',
  () => 'n/a',
  (v: string) => `${v}1234567`,
  (v: string) => `-${v}`,
  (v: string) => `${v}e1`,
  () => '12345678901234567',
  (v: string) => `+${v}`,
  (v: string) => v.replace('.', ','),
  (v: string) => `"${v}"`,
  (v: string) => `${v}é`,
];
const DATE_MANGLES = [
  (d: string) => d,
  (d: string) => `${d}Z`,
  (d: string) => d.replace('T', ' '),
  (d: string) => `${d.slice(0, 10)}`,
  (d: string) => `${d.slice(0, 8)}31`,
  (d: string) => d.replace(/-/g, '/'),
  (d: string) => `${d}+02:00`,
  (d: string) => ` ${d}`,
  () => 'not a date',
  (d: string) => `${d.slice(0, 11)}25:00:00`,
];

interface MangledFile {
  bytes: Buffer;
  frequency: Frequency;
  missing: 'skip' | 'forward-fill' | 'fail';
  strict: boolean;
  timeZone: string;
  range: [Date, Date];
}

function mangledFile(): fc.Arbitrary<MangledFile> {
  const row = fc.record({
    price: fc.integer({ min: 1, max: 99_999 }),
    decimals: fc.integer({ min: 0, max: 4 }),
    volume: fc.integer({ min: 0, max: 10_000_000 }),
    valueMangle: fc.option(
      fc.record({
        column: fc.integer({ min: 1, max: 5 }),
        how: fc.integer({ min: 0, max: VALUE_MANGLES.length - 1 }),
      }),
      { freq: 4 },
    ),
    dateMangle: fc.option(fc.integer({ min: 0, max: DATE_MANGLES.length - 1 }), { freq: 6 }),
    line: fc.constantFrom('normal', 'normal', 'normal', 'normal', 'blank', 'short', 'long', 'crlf'),
    step: fc.constantFrom(1, 1, 1, 0, -1, 3),
  });
  return fc
    .record({
      frequency: fc.constantFrom<Frequency>('1d', '1m', '1h'),
      delimiter: fc.constantFrom(',', ',', ';', '\t', '|'),
      bom: fc.boolean(),
      trailingBreak: fc.boolean(),
      missing: fc.constantFrom('skip', 'forward-fill', 'fail'),
      strict: fc.boolean(),
      timeZone: fc.constantFrom('UTC', 'UTC', 'America/New_York'),
      spaceSeparator: fc.boolean(),
      rows: fc.array(row, { minLength: 1, maxLength: 40 }),
      // Past the 2,000-row sample: a later value with more decimals forces the full rescan.
      longTail: fc.option(fc.integer({ min: 2001, max: 2300 }), { freq: 6 }),
      rangeCut: fc.option(fc.integer({ min: 0, max: 30 }), { freq: 3 }),
    })
    .map((spec) => {
      const stepMs =
        spec.frequency === '1d' ? 86_400_000 : spec.frequency === '1h' ? 3_600_000 : 60_000;
      const d = spec.delimiter;
      const lines = [`Date${d}Open${d}High${d}Low${d}Close${d}Volume`];
      let t = Date.UTC(2024, 0, 2, 14, 30);
      const rows = [...spec.rows];
      if (spec.longTail !== null) {
        for (let k = rows.length; k < spec.longTail; k++) {
          rows.push({
            ...spec.rows[k % spec.rows.length],
            valueMangle: null,
            dateMangle: null,
            line: 'normal',
            step: 1,
          });
        }
        rows.push({
          ...spec.rows[0],
          decimals: 6,
          valueMangle: null,
          dateMangle: null,
          line: 'normal',
          step: 1,
        });
      }
      for (const r of rows) {
        t += r.step * stepMs;
        if (r.line === 'blank') {
          lines.push(' \t');
          continue;
        }
        const iso = new Date(t).toISOString().slice(0, 19);
        const base = spec.spaceSeparator ? iso.replace('T', ' ') : iso;
        const date = r.dateMangle === null ? base : DATE_MANGLES[r.dateMangle](base);
        const price = (r.price / 10 ** r.decimals).toFixed(r.decimals);
        const values = [date, price, price, price, price, String(r.volume)];
        if (r.valueMangle !== null) {
          values[r.valueMangle.column] = VALUE_MANGLES[r.valueMangle.how](
            values[r.valueMangle.column],
          );
        }
        if (r.line === 'short') values.length = 4;
        if (r.line === 'long') values.push('extra');
        lines.push(values.join(d) + (r.line === 'crlf' ? '\r' : ''));
      }
      const text = lines.join('\n') + (spec.trailingBreak ? '\n' : '');
      const body = Buffer.from(text, 'utf8');
      const start = Date.UTC(2024, 0, 2) + (spec.rangeCut ?? 0) * stepMs;
      return {
        bytes: spec.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body,
        frequency: spec.frequency,
        missing: spec.missing,
        strict: spec.strict,
        timeZone: spec.timeZone,
        range: [new Date(start), new Date('2030-01-01T00:00:00Z')] as [Date, Date],
      };
    });
}
