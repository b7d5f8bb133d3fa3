// Every data option of `rustybt run`: CSV layout, calendars from the data or a
// file, commission and slippage models with parameters, --source csv. Happy
// paths are checked against independent expectations (the same bars in the
// usual layout, hand-computed fills); bad values must be ConfigErrors that name
// the flag and say what it accepts.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runFromFlags } from '../../src/cli/commands/run-action.js';
import type { RunSettings } from '../../src/cli/commands/run-settings.js';
import { ConfigError, DataError } from '../../src/errors/index.js';
import { runCli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Real daily GOOG bars, 2010-01-04 .. 2011-01-06 (examples/data/GOOG.csv, from Yahoo).
const googRows = readFileSync(join(root, 'examples/data/GOOG.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(0, 256);

let work = '';
const path = (...parts: string[]) => join(work, ...parts);
const range = { start: '2010-01-04', end: '2010-12-31' };

function writeDir(name: string, files: Record<string, string>): string {
  mkdirSync(path(name), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path(name, file), text);
  return path(name);
}

/** Buys 10 GOOG on the first bar; they fill at the next bar's open. */
const BUY = `export function initialize(ctx) { ctx.state.done = false; }
export function handleData(ctx) {
  if (!ctx.state.done) { ctx.order(ctx.symbol('GOOG'), 10); ctx.state.done = true; }
}
`;

async function run(settings: RunSettings) {
  return runFromFlags({ file: path('buy.mjs'), ...range, ...settings });
}

/** The summary without its first line, which names the data's origin. */
function body(summary: string): string {
  return summary.split('\n').slice(1).join('\n');
}

async function rejectsConfig(settings: RunSettings, pattern: RegExp): Promise<void> {
  await assert.rejects(run(settings), (error: unknown) => {
    assert.ok(error instanceof ConfigError, `not a ConfigError: ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'rustybt-data-options-'));
  writeFileSync(path('buy.mjs'), BUY);
  writeDir('plain', { 'GOOG.csv': `${googRows.join('\n')}\n` });
  // The same bars as a German spreadsheet exports them: ';', day-first dates, own headers.
  const german = googRows.slice(1).map((row) => {
    const [date, ...rest] = row.split(',');
    const [y, m, d] = date.split('-');
    return [`${d}/${m}/${y}`, ...rest].join(';');
  });
  writeDir('german', {
    'GOOG.csv': `Datum;Eröffnung;Hoch;Tief;Schluss;Umsatz\n${german.join('\n')}\n`,
  });
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('rustybt run: CSV layout options', () => {
  let reference = '';
  before(async () => {
    reference = (await run({ csvDir: path('plain') })).summary;
  });

  it('reads a file with another delimiter, date order and headers through --delimiter, --date-format and --columns', async () => {
    const outcome = await run({
      csvDir: path('german'),
      delimiter: ';',
      dateFormat: 'dmy',
      columns: 'date=Datum,open=Eröffnung,high=Hoch,low=Tief,close=Schluss,volume=Umsatz',
    });
    assert.equal(body(outcome.summary), body(reference));
  });

  it('takes the flags through the real command line too', async () => {
    const result = await runCli(
      [
        'run',
        '-f',
        path('buy.mjs'),
        '--csv-dir',
        path('german'),
        '--delimiter',
        ';',
        '--date-format',
        'dmy',
        '--columns',
        'date=Datum,open=Eröffnung,high=Hoch,low=Tief,close=Schluss,volume=Umsatz',
        '--start',
        range.start,
        '--end',
        range.end,
      ],
      { RUSTYBT_HOME: path('home'), RUSTYBT_BACKEND: 'ts' },
      work,
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(body(result.stdout), body(reference));
  });

  it('reads times written without an offset in the --timezone given', async () => {
    // Hourly bars at 10:00 New York time (15:00 UTC), once as UTC instants, once as local clock times.
    const days = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
    const bar = (i: number) => `${100 + i},${101 + i},${99 + i},${100 + i},1000`;
    const header = 'Date,Open,High,Low,Close,Volume';
    writeDir('utc', {
      'GOOG.csv': `${header}\n${days.map((d, i) => `${d}T15:00:00Z,${bar(i)}`).join('\n')}\n`,
    });
    writeDir('local', {
      'GOOG.csv': `${header}\n${days.map((d, i) => `${d} 10:00,${bar(i)}`).join('\n')}\n`,
    });
    const hourly = {
      dataFrequency: 'hourly',
      calendar: '24/7',
      start: '2024-01-02',
      end: '2024-01-05',
    };
    const fillTime = async (settings: RunSettings) =>
      (await run({ ...hourly, ...settings })).results.transactions.columns.find(
        (c) => c.name === 'timestamp',
      )?.values[0];
    const expected = await fillTime({ csvDir: path('utc') });
    assert.equal(expected, '2024-01-02T15:00:00.000Z');
    assert.equal(await fillTime({ csvDir: path('local'), timezone: 'America/New_York' }), expected);
    // Read as UTC, the same clock times are five hours earlier.
    const asUtc = await fillTime({ csvDir: path('local') });
    assert.equal(asUtc, '2024-01-02T10:00:00.000Z');
  });

  it('keeps prices at the --scale given: the 5 bps fill on 627.18 keeps four decimals', async () => {
    const price = async (settings: RunSettings) =>
      (await run({ csvDir: path('plain'), ...settings })).results.transactions.columns.find(
        (c) => c.name === 'price',
      )?.values[0];
    // 627.18 × 1.0005 = 627.49359: 627.49 at the file's two decimals, 627.4936 at four.
    assert.equal(await price({}), '627.49');
    assert.equal(await price({ scale: 'price=4,volume=0' }), '627.4936');
    assert.equal(await price({ scale: '4' }), '627.4936');
  });

  it('applies the --missing policy to a row with an empty close', async () => {
    const gap = [...googRows];
    gap[10] = gap[10].replace(/,[\d.]+,(\d+)$/, ',,$1');
    writeDir('gap', { 'GOOG.csv': `${gap.join('\n')}\n` });
    await assert.rejects(run({ csvDir: path('gap'), missing: 'fail' }), DataError);
    const filled = await run({ csvDir: path('gap'), missing: 'forward-fill' });
    assert.match(filled.summary, /252 sessions/);
  });

  it('names the flag and what it accepts for each bad value', async () => {
    const csvDir = path('plain');
    await rejectsConfig({ csvDir, dateFormat: 'yyyy' }, /--date-format "yyyy".*iso, ymd-compact/);
    await rejectsConfig({ csvDir, columns: 'Date' }, /--columns: "Date" is not field=header/);
    await rejectsConfig({ csvDir, columns: 'when=Date' }, /--columns: "when" is not a bar field/);
    await rejectsConfig({ csvDir, delimiter: 'ab' }, /--delimiter "ab".*tab/);
    await rejectsConfig({ csvDir, timezone: 'Mars/Olympus' }, /--timezone "Mars\/Olympus".*IANA/);
    await rejectsConfig({ csvDir, scale: 'x' }, /--scale: price decimals must be a whole number/);
    await rejectsConfig({ csvDir, scale: 'bid=2' }, /--scale: unknown part "bid"/);
    await rejectsConfig({ csvDir, missing: 'drop' }, /--missing "drop".*forward-fill/);
  });

  it('says which header a --columns mapping names when the file lacks it', async () => {
    await rejectsConfig(
      { csvDir: path('plain'), columns: 'close=Adj Close' },
      /no close column in header \[Date, Open, High, Low, Close, Volume\].*--columns close=/,
    );
  });

  it('refuses CSV options without CSV data', async () => {
    await rejectsConfig(
      { bundle: 'demo', dateFormat: 'iso', delimiter: ';' },
      /--date-format, --delimiter describe CSV files: use them with --csv-dir DIR/,
    );
  });
});

describe('rustybt run: calendars', () => {
  // A Saturday session (2010-01-09), as crypto or an exchange with weekend sessions has.
  const withSaturday = [
    ...googRows.slice(0, 5),
    '2010-01-09,600.00,601.00,599.00,600.50,1000',
    ...googRows.slice(5),
  ];

  it('--calendar data runs on the sessions present in the data, weekend included', async () => {
    writeDir('saturday', { 'GOOG.csv': `${withSaturday.join('\n')}\n` });
    const outcome = await run({ csvDir: path('saturday'), calendar: 'data' });
    // 252 XNYS sessions in 2010 plus the Saturday.
    assert.match(outcome.summary, /: 253 sessions, daily, decimal, data,/);
    assert.equal(outcome.results.meta.sessions, 253);
  });

  it('--calendar-file runs on the sessions listed, one per line, with comments', async () => {
    const sessions = googRows.slice(1, 41).map((row) => row.slice(0, 10));
    writeFileSync(path('sessions.txt'), `# the first 40 sessions\n\n${sessions.join('\n')}\n`);
    const outcome = await run({
      csvDir: path('plain'),
      calendarFile: path('sessions.txt'),
      end: sessions[39],
    });
    assert.match(outcome.summary, /: 40 sessions, daily, decimal, file:sessions\.txt,/);
  });

  it('names the line of an unparsable, repeated or out-of-order date in --calendar-file', async () => {
    const csvDir = path('plain');
    writeFileSync(path('bad.txt'), '2010-01-04\n2010-01-05\n2010-13-01\n');
    await rejectsConfig(
      { csvDir, calendarFile: path('bad.txt') },
      /bad\.txt, line 3: "2010-13-01" is not a date/,
    );
    writeFileSync(path('unsorted.txt'), '2010-01-05\n2010-01-04\n');
    await rejectsConfig(
      { csvDir, calendarFile: path('unsorted.txt') },
      /unsorted\.txt, line 2: 2010-01-04 comes before the session 2010-01-05 above it/,
    );
    writeFileSync(path('twice.txt'), '2010-01-04\n# again\n2010-01-04\n');
    await rejectsConfig(
      { csvDir, calendarFile: path('twice.txt') },
      /twice\.txt, line 3: 2010-01-04 repeats/,
    );
    await rejectsConfig(
      { csvDir, calendarFile: path('none.txt') },
      /--calendar-file .*none\.txt: cannot read it \(ENOENT\)/,
    );
  });

  it('refuses two calendars, an unknown name, and --calendar data without bars read up front', async () => {
    writeFileSync(path('one.txt'), '2010-01-04\n');
    await rejectsConfig(
      { csvDir: path('plain'), calendar: 'XNYS', calendarFile: path('one.txt') },
      /--calendar XNYS and --calendar-file .* both choose the calendar/,
    );
    await rejectsConfig(
      { csvDir: path('plain'), calendar: 'LSE' },
      /--calendar "LSE" is not a calendar: use XNYS, NYSE, 24\/7, data/,
    );
    await rejectsConfig(
      { source: 'synthetic', symbols: 'AAA', calendar: 'data' },
      /--calendar data .* --csv-dir DIR/,
    );
  });
});

describe('rustybt run: commission and slippage models', () => {
  // The order fills on 2010-01-05, whose open is 627.18 (examples/data/GOOG.csv).
  const fill = async (settings: RunSettings) => {
    const outcome = await run({ csvDir: path('plain'), ...settings });
    const columns = Object.fromEntries(
      outcome.results.transactions.columns.map((c) => [c.name, c.values[0]]),
    );
    return { price: String(columns.price), commission: String(columns.commission) };
  };

  it('--commission per-share:0.005,min=1 charges the minimum on 10 shares', async () => {
    // 10 × 0.005 = 0.05 < 1: the minimum applies.
    assert.equal((await fill({ commission: 'per-share:0.005,min=1' })).commission, '1.00');
    // 10 × 0.5 = 5 > 1.
    assert.equal((await fill({ commission: 'per-share:cost=0.5,min=1' })).commission, '5.00');
  });

  it('--commission per-trade, per-dollar, percent and none', async () => {
    assert.equal((await fill({ commission: 'per-trade:2.5' })).commission, '2.50');
    // 10 × 627.49 (default 5 bps slippage) × 0.001 = 6.2749 → 6.27 at the cent.
    assert.equal((await fill({ commission: 'per-dollar:0.001' })).commission, '6.27');
    assert.equal((await fill({ commission: 'percent:0.1' })).commission, '6.27');
    assert.equal((await fill({ commission: 'none' })).commission, '0.00');
  });

  it('--slippage fixed-bps:10 moves a buy 10 basis points above the open', async () => {
    // 627.18 × 1.001 = 627.80718 → 627.81.
    assert.equal((await fill({ slippage: 'fixed-bps:10' })).price, '627.81');
    assert.equal((await fill({ slippage: 'none' })).price, '627.18');
    // Half of a 0.5 spread: 627.43.
    assert.equal((await fill({ slippage: 'fixed-spread:0.5' })).price, '627.43');
  });

  it('names the flag, the model and its parameters for each bad value', async () => {
    const csvDir = path('plain');
    await rejectsConfig(
      { csvDir, commission: 'per-lot:1' },
      /--commission "per-lot:1": unknown model "per-lot"; use one of none, per-share:0.005,min=1/,
    );
    await rejectsConfig(
      { csvDir, commission: 'per-share:0.005,max=3' },
      /"max=3" is not a parameter of per-share; per-share takes cost \(cost per share\), min/,
    );
    await rejectsConfig(
      { csvDir, commission: 'per-share:cheap' },
      /cost must be a non-negative decimal number, got "cheap"/,
    );
    await rejectsConfig(
      { csvDir, slippage: 'fixed-bps:-5' },
      /--slippage "fixed-bps:-5": bps must be a non-negative decimal/,
    );
    await rejectsConfig(
      { csvDir, slippage: 'random' },
      /--slippage "random": unknown model "random"/,
    );
  });
});

describe('rustybt run --source csv', () => {
  it('reads the --csv-dir through the smart cache, with every symbol by default, and gives the --csv-dir results', async () => {
    const home = path('home-source');
    const direct = await run({ csvDir: path('plain') });
    const env = { RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts' };
    const args = [
      'run',
      '-f',
      path('buy.mjs'),
      '--source',
      'csv',
      '--csv-dir',
      path('plain'),
      '--start',
      range.start,
      '--end',
      range.end,
    ];
    const first = await runCli(args, env, work);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(body(first.stdout), body(direct.summary));
    const again = await runCli(args, env, work);
    assert.equal(again.stdout, first.stdout);
  });

  it('needs --csv-dir, and refuses --csv-dir with another source', async () => {
    await rejectsConfig(
      { source: 'csv' },
      /--source csv reads a directory of CSV files: add --csv-dir DIR/,
    );
    await rejectsConfig(
      { source: 'synthetic', csvDir: path('plain'), symbols: 'GOOG' },
      /give exactly one of --bundle/,
    );
  });
});
