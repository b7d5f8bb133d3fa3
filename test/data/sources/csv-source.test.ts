import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { getCalendar } from '../../../src/calendar/index.js';
import { checkBarFrame } from '../../../src/data/bar-frame.js';
import { CsvSource } from '../../../src/data/sources/csv-source.js';
import { decimalTextToUnits } from '../../../src/data/sources/decimal-units.js';
import { DataError } from '../../../src/errors/index.js';
import { parseDecimal } from '../../../src/numeric/index.js';

const REAL = 'test/fixtures/real';
const BROKEN = 'test/fixtures/sources/csv/broken';
const ALL_TIME: [Date, Date] = [new Date('1990-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z')];
const BAD_COLUMNS = {
  date: 'Datum',
  open: 'Eroeffnung',
  high: 'Hoch',
  low: 'Tief',
  close: 'Schluss',
  volume: 'Umsatz',
};

describe('CsvSource on the real files', () => {
  it('reads GOOG daily bars exactly at the two decimals the file uses', async () => {
    const { frames, report } = await new CsvSource({ directory: REAL }).fetch(
      ['GOOG'],
      ...ALL_TIME,
      '1d',
    );
    const goog = frames[0];
    checkBarFrame(goog);
    assert.equal(goog.timestamps.length, 2148);
    assert.equal(goog.priceScale, 2);
    assert.equal(goog.volumeScale, 0);
    assert.equal(goog.timestamps[0], Date.UTC(2004, 7, 19));
    assert.deepEqual(
      [goog.open[0], goog.high[0], goog.low[0], goog.close[0], goog.volume[0]],
      [10000, 10406, 9596, 10034, 22351900],
    );
    assert.deepEqual([goog.open[2147], goog.close[2147]], [79780, 80619]);
    assert.deepEqual(
      report.issues.filter((issue) => issue.action === 'dropped'),
      [],
    );
  });

  it('reads EURUSD hourly bars with five decimals as UTC instants', async () => {
    const { frames } = await new CsvSource({ directory: REAL }).fetch(
      ['eurusd'],
      ...ALL_TIME,
      '1h',
    );
    const eurusd = frames[0];
    assert.equal(eurusd.timestamps.length, 5000);
    assert.equal(eurusd.priceScale, 5);
    assert.equal(eurusd.timestamps[0], Date.UTC(2017, 3, 19, 9));
    assert.equal(eurusd.open[0], 107160);
    assert.equal(eurusd.low[0], 107083);
  });

  it('lowers a detected volume scale until the largest BTC volume fits in 2^53 units', async () => {
    // The file writes up to 11 volume decimals; its largest volume, 965802.16510373, needs scale <= 9.
    const { frames } = await new CsvSource({ directory: REAL }).fetch(
      ['BTCUSD'],
      ...ALL_TIME,
      '1d',
    );
    assert.equal(frames[0].volumeScale, 9);
    assert.equal(frames[0].volume[0], 2012253435890);
    assert.equal(frames[0].timestamps.length, 156);
    assert.equal(frames[0].close[155], 9338100);
  });

  it('joins separate date and time columns and reads them in the given time zone', async () => {
    const { frames } = await new CsvSource({ directory: REAL, timeZone: 'Europe/Berlin' }).fetch(
      ['2006-min-005'],
      ...ALL_TIME,
      '1m',
    );
    assert.equal(frames[0].timestamps.length, 2142);
    assert.equal(frames[0].timestamps[0], Date.UTC(2006, 0, 2, 8, 5));
  });

  it('ignores the Adj Close column and keeps only bars in the requested range', async () => {
    const { frames } = await new CsvSource({ directory: REAL }).fetch(
      ['nvda-1999-2014'],
      new Date('2014-12-31T00:00:00Z'),
      new Date('2014-12-31T00:00:00Z'),
      '1d',
    );
    assert.equal(frames[0].priceScale, 6);
    assert.deepEqual(Array.from(frames[0].close), [20049999]);
  });

  it('finds no gap in GOOG against the XNYS calendar except days the exchange was shut', async () => {
    const { report } = await new CsvSource({ directory: REAL }).fetch(
      ['GOOG'],
      new Date('2010-01-01'),
      new Date('2010-12-31'),
      '1d',
      {
        calendar: getCalendar('XNYS'),
      },
    );
    assert.deepEqual(report.gaps, []);
    assert.deepEqual(
      report.issues.filter((issue) => issue.action === 'dropped'),
      [],
    );
  });
});

describe('CsvSource on broken files', () => {
  it('drops each bad row with its line and reason in lenient mode, keeping the rest', async () => {
    const source = new CsvSource({ directory: BROKEN, columns: BAD_COLUMNS });
    const { frames, report } = await source.fetch(['BAD'], ...ALL_TIME, '1d');
    assert.deepEqual(
      Array.from(frames[0].timestamps, (t) => new Date(t).toISOString().slice(0, 10)),
      ['2024-01-02', '2024-01-08', '2024-01-09', '2024-01-10', '2024-01-13'],
    );
    assert.deepEqual(
      report.issues.map((issue) => `${issue.row} ${issue.problem} ${issue.action}`).sort(),
      [
        '11 out-of-order repaired',
        '3 ohlc-inconsistent dropped',
        '4 missing-value dropped',
        '5 negative-volume dropped',
        '6 unparsable dropped',
        '7 unparsable dropped',
        '9 duplicate-timestamp dropped',
      ],
    );
  });

  it('fails on the first bad row in strict mode, naming symbol, line and problem', async () => {
    const source = new CsvSource({ directory: BROKEN, columns: BAD_COLUMNS });
    await assert.rejects(
      source.fetch(['BAD'], ...ALL_TIME, '1d', { strict: true }),
      (error: unknown) =>
        error instanceof DataError &&
        /^BAD: row 6: unparsable: unreadable date "garbage"/.test(error.message),
    );
  });

  it('forward-fills an empty close from the open when asked', async () => {
    const source = new CsvSource({
      directory: BROKEN,
      columns: BAD_COLUMNS,
      missing: 'forward-fill',
    });
    const { frames, report } = await source.fetch(
      ['BAD'],
      new Date('2024-01-04'),
      new Date('2024-01-04'),
      '1d',
    );
    assert.deepEqual(
      [frames[0].open[0], frames[0].high[0], frames[0].low[0], frames[0].close[0]],
      [1020, 1080, 1010, 1020],
    );
    assert.deepEqual(
      report.issues.map((issue) => issue.problem),
      ['forward-filled', 'unparsable'],
    );
  });

  it("fails on an empty value under the 'fail' policy", async () => {
    const source = new CsvSource({ directory: BROKEN, columns: BAD_COLUMNS, missing: 'fail' });
    await assert.rejects(source.fetch(['BAD'], ...ALL_TIME, '1d'), /line 4: empty value in close/);
  });

  it('reports, fills or refuses a missing session by policy', async () => {
    const calendar = getCalendar('XNYS');
    const range: [Date, Date] = [new Date('2024-01-02'), new Date('2024-01-05')];
    const skip = await new CsvSource({ directory: BROKEN }).fetch(['GAPPY'], ...range, '1d', {
      calendar,
    });
    assert.deepEqual(skip.report.gaps, [{ symbol: 'GAPPY', missing: [Date.UTC(2024, 0, 4)] }]);
    assert.equal(skip.frames[0].timestamps.length, 3);

    const fill = await new CsvSource({ directory: BROKEN, missing: 'forward-fill' }).fetch(
      ['GAPPY'],
      ...range,
      '1d',
      { calendar },
    );
    const f = fill.frames[0];
    assert.equal(f.timestamps[2], Date.UTC(2024, 0, 4));
    assert.deepEqual(
      [f.open[2], f.high[2], f.low[2], f.close[2], f.volume[2]],
      [10125, 10125, 10125, 10125, 0],
    );
    assert.deepEqual(fill.report.gaps, []);

    await assert.rejects(
      new CsvSource({ directory: BROKEN, missing: 'fail' }).fetch(['GAPPY'], ...range, '1d', {
        calendar,
      }),
      DataError,
    );
  });

  it('detects tabs, honours UTC offsets written in the times and defaults volume to 0', async () => {
    const source = new CsvSource({
      directory: BROKEN,
      columns: {
        date: 'time',
        open: 'price_open',
        high: 'price_high',
        low: 'price_low',
        close: 'price_close',
      },
    });
    const { frames } = await source.fetch(['OFFSETS'], ...ALL_TIME, '1h');
    assert.deepEqual(Array.from(frames[0].timestamps), [
      Date.UTC(2024, 2, 8, 19, 30),
      Date.UTC(2024, 2, 11, 13, 30),
    ]);
    assert.deepEqual(Array.from(frames[0].volume), [0, 0]);
  });

  it('reads a file with CRLF line ends like one with LF', async () => {
    const { frames, report } = await new CsvSource({ directory: BROKEN }).fetch(
      ['CRLF'],
      ...ALL_TIME,
      '1d',
    );
    assert.deepEqual(Array.from(frames[0].volume), [100, 200]);
    assert.deepEqual(Array.from(frames[0].close), [155, 165]);
    assert.deepEqual(report.issues, []);
  });

  it('names the directory when a symbol has no file', async () => {
    await assert.rejects(
      new CsvSource({ directory: BROKEN }).fetch(['NOPE'], ...ALL_TIME, '1d'),
      /No file for symbol 'NOPE'/,
    );
  });

  it('refuses a directory it cannot read with a DataError naming it, on every entry point', async () => {
    const missing = join(tmpdir(), 'rustybt-no-such-csv-directory');
    const file = join(BROKEN, 'BAD.csv');
    for (const directory of [missing, file]) {
      const source = new CsvSource({ directory });
      const refused = (error: unknown): boolean =>
        error instanceof DataError &&
        error.code === 'ERR_DATA' &&
        error.message.startsWith(`Cannot read the CSV directory ${directory}: `) &&
        error.message.includes('one SYMBOL.csv');
      await assert.rejects(source.listSymbols(), refused);
      await assert.rejects(source.fetch(['A'], ...ALL_TIME, '1d'), refused);
      await assert.rejects(
        source.fetchInto(['A'], ...ALL_TIME, '1d', {}, () => undefined),
        refused,
      );
    }
  });
});

describe('CsvSource scale detection on long files', () => {
  it('raises the scale for a late row with more decimals and reports each bad row once', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'rustybt-csv-test-'));
    try {
      const lines = ['date,open,high,low,close,volume'];
      const day0 = Date.UTC(2000, 0, 1);
      for (let i = 0; i < 3000; i++) {
        const date = new Date(day0 + i * 86_400_000).toISOString().slice(0, 10);
        const close = i === 10 ? '' : i === 2900 ? '10.1234' : '10.50';
        lines.push(`${date},10.00,11.00,9.00,${close},100`);
      }
      writeFileSync(join(directory, 'LONG.csv'), lines.join('\n'));
      const { frames, report } = await new CsvSource({ directory }).fetch(
        ['LONG'],
        ...ALL_TIME,
        '1d',
      );
      assert.equal(frames[0].priceScale, 4);
      assert.equal(frames[0].timestamps.length, 2999);
      assert.equal(frames[0].close[2899], 101234);
      assert.equal(frames[0].open[0], 100000);
      assert.deepEqual(
        report.issues.map((issue) => `${issue.row} ${issue.problem}`),
        ['12 missing-value'],
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('decimalTextToUnits', () => {
  it('agrees with parseDecimal on any decimal text', () => {
    const text = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 17n }), fc.integer({ min: 0, max: 10 }))
      .map(([negative, digits, point]) => {
        const s = digits.toString().padStart(point + 1, '0');
        return `${negative ? '-' : ''}${s.slice(0, s.length - point)}${point > 0 ? '.' : ''}${s.slice(s.length - point)}`;
      });
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 8 }), (t, scale) => {
        const exact = parseDecimal(t, scale);
        const fast = decimalTextToUnits(t, scale);
        return Number.isSafeInteger(fast) ? BigInt(fast) === exact : Number(exact) === fast;
      }),
    );
  });

  it('returns NaN for text that is not a number', () => {
    assert.ok(Number.isNaN(decimalTextToUnits('abc', 2)));
    assert.ok(Number.isNaN(decimalTextToUnits('.', 2)));
  });
});
