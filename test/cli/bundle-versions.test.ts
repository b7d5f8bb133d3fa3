import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { listVersions, writeBundle } from '../../src/data/bundles/index.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { sampleFrame } from '../data/bundles/sample-frames.js';

let home: string;
let work: string;

function cli(...args: string[]): Promise<CliRun> {
  return runCli(args, { RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts' }, work);
}

/** A CSV directory holding `PRICES.csv` with these rows after the header. */
function csvDir(name: string, rows: string[]): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'PRICES.csv'),
    ['date,open,high,low,close,volume', ...rows, ''].join('\n'),
  );
  return dir;
}

/** Ten good January 2024 sessions opening at 10.00, closes `shift` + 10.10, 10.20, ..., 11.00. */
function goodDays(shift = 0): string[] {
  return [2, 3, 4, 5, 8, 9, 10, 11, 12, 16].map((day, i) => {
    const close = (shift + 10 + (i + 1) / 10).toFixed(2);
    const high = (shift + 11).toFixed(2);
    return `2024-01-${String(day).padStart(2, '0')},10.00,${high},9.00,${close},1000`;
  });
}
const GOOD_DAYS = goodDays();

/** The same sessions with high below low on every row: a broken export. */
const BROKEN_DAYS = GOOD_DAYS.map((row) => row.replace(',11.00,9.00,', ',9.00,11.00,'));

const january = ['--start', '2024-01-01', '--end', '2024-01-31'];

function ingest(dir: string, bundle: string, ...extra: string[]): Promise<CliRun> {
  return cli(
    'ingest',
    'csv',
    '--bundle',
    bundle,
    '--csv-dir',
    dir,
    '--symbols',
    'PRICES',
    ...january,
    ...extra,
  );
}

function catalogVersions(bundle: string): string[] {
  const db = new Database(join(home, 'catalog.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT version FROM ingestions WHERE bundle = ? ORDER BY version')
      .all(bundle) as { version: string }[];
    return rows.map((row) => row.version);
  } finally {
    db.close();
  }
}

before(() => {
  home = mkdtempSync(join(tmpdir(), 'rustybt-versions-home-'));
  work = mkdtempSync(join(tmpdir(), 'rustybt-versions-work-'));
});
after(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('an ingest never hides good data', () => {
  it('refuses an ingest in which every row is bad: exit 1, a DataError, no version, the good one still newest', async () => {
    const good = await ingest(csvDir('good', GOOD_DAYS), 'prices');
    assert.equal(good.status, 0, good.stderr);
    const before = listVersions(home, 'prices');
    const broken = await ingest(csvDir('broken', BROKEN_DAYS), 'prices');
    assert.equal(broken.status, 1);
    assert.match(
      broken.stderr,
      /^rustybt: Every fetched row was bad \(10 dropped: ohlc-inconsistent 10\); no version was written.*\[ERR_DATA\]$/m,
    );
    assert.doesNotMatch(broken.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(broken.stdout, '');
    assert.deepEqual(listVersions(home, 'prices'), before);
    assert.deepEqual(catalogVersions('prices'), before);
  });

  it('refuses a source answer with no bars at all', async () => {
    const run = await cli(
      'ingest',
      'csv',
      '--bundle',
      'nothing',
      '--csv-dir',
      csvDir('good', GOOD_DAYS),
      '--symbols',
      'PRICES',
      '--start',
      '2023-01-01',
      '--end',
      '2023-01-31',
    );
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /The source returned no bars for PRICES in 2023-01-01T00:00:00.000Z \.\. 2023-01-31T23:59:59.999Z; no version was written.*\[ERR_DATA\]/,
    );
    assert.deepEqual(listVersions(home, 'nothing'), []);
  });

  it('refuses an ingest that drops more than --max-drop (default 10 %) and keeps the good rows when it is raised', async () => {
    // 2 of 10 rows bad: 20 %.
    const rows = [...GOOD_DAYS.slice(0, 8), ...BROKEN_DAYS.slice(8)];
    const dir = csvDir('partly', rows);
    const refused = await ingest(dir, 'partly');
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /2 of 10 rows \(20 %\) were dropped as bad, more than the 10 % allowed \(PRICES 2 of 10: ohlc-inconsistent 2\).*--max-drop 0\.2.*\[ERR_DATA\]/,
    );
    assert.deepEqual(listVersions(home, 'partly'), []);
    const accepted = await ingest(dir, 'partly', '--max-drop', '25%');
    assert.equal(accepted.status, 0, accepted.stderr);
    assert.match(
      accepted.stdout,
      /rows written:\s+8\n\s+rows dropped:\s+2 \(ohlc-inconsistent 2\)/,
    );
    const bad = await ingest(dir, 'partly', '--max-drop', 'lots');
    assert.equal(bad.status, 1);
    assert.match(
      bad.stderr,
      /--max-drop must be a share between 0 and 1 or a percentage .*"lots".*\[ERR_CONFIG\]/,
    );
    const tooBig = await ingest(dir, 'partly', '--max-drop', '1.5');
    assert.match(tooBig.stderr, /--max-drop must be a share/);
  });
});

describe('picking a bundle version', () => {
  it('lists every version with `bundles NAME` and runs an older one with --bundle NAME@VERSION', async () => {
    // A second, different version: closes 1.00 higher.
    const second = await ingest(csvDir('newer', goodDays(1)), 'prices');
    assert.equal(second.status, 0, second.stderr);
    const [oldest, newest] = listVersions(home, 'prices');
    const listing = await cli('bundles', 'prices');
    assert.equal(listing.status, 0, listing.stderr);
    assert.match(
      listing.stdout,
      new RegExp(`^prices@${oldest}\\s+1d\\s+1\\s+10\\s+2024-01-02 \\.\\. 2024-01-16`, 'm'),
    );
    assert.match(listing.stdout, new RegExp(`^prices@${newest}\\s+1d\\s+1\\s+10\\s`, 'm'));

    const strategy = join(work, 'hold.js');
    writeFileSync(
      strategy,
      `export function initialize(ctx) { ctx.state.done = false; }
export function handleData(ctx) {
  if (!ctx.state.done) { ctx.order(ctx.symbol('PRICES'), 100); ctx.state.done = true; }
}
`,
    );
    const run = (bundle: string): Promise<CliRun> =>
      cli(
        'run',
        '-f',
        strategy,
        '--bundle',
        bundle,
        '--start',
        '2024-01-02',
        '--end',
        '2024-01-16',
        '--capital-base',
        '10000',
      );
    const old = await run(`prices@${oldest}`);
    assert.equal(old.status, 0, old.stderr);
    assert.match(old.stdout, new RegExp(`bundle prices \\(version ${oldest}\\)`));
    // 100 shares bought at the 2024-01-03 open (10.00), marked at the last close 11.00 (old data),
    // less the default commission of 0.001 per share: 10000 + 100 - 0.10.
    assert.match(old.stdout, /Final value\s+10099\.90 USD/);
    const latest = await run('prices');
    assert.match(latest.stdout, new RegExp(`bundle prices \\(version ${newest}\\)`));
    assert.match(latest.stdout, /Final value\s+10199\.90 USD/);
    const missing = await run('prices@2001-01-01T00-00-00-000Z');
    assert.equal(missing.status, 1);
    assert.match(
      missing.stderr,
      new RegExp(
        `has no version 2001-01-01T00-00-00-000Z; it has ${oldest}, ${newest}.*\\[ERR_DATA\\]`,
      ),
    );
    const malformed = await run('prices@yesterday');
    assert.match(
      malformed.stderr,
      /"yesterday" in "prices@yesterday" is not a version id.*\[ERR_CONFIG\]/,
    );
  });

  it('never lets clean --keep-last remove the newest version that has bars', async () => {
    // An empty version, as rustybt before 0.2 could write after an all-bad ingest.
    const frame = sampleFrame('PRICES', '1d', 0);
    await writeBundle('prices', { frames: [frame] }, { home });
    const versions = listVersions(home, 'prices');
    assert.equal(versions.length, 3);
    const empty = await cli('bundles', 'prices');
    assert.match(
      empty.stdout,
      new RegExp(`^prices@${versions[2]}\\s+1d\\s+1\\s+0 \\(empty\\)`, 'm'),
    );
    const clean = await cli('clean', '--bundle', 'prices', '--keep-last', '1');
    assert.equal(clean.status, 0, clean.stderr);
    assert.match(
      clean.stdout,
      new RegExp(
        `removed 1 version\\(s\\) \\(${versions[0]}\\), kept 2 \\(also kept ${versions[1]}: the newest version with bars`,
      ),
    );
    assert.deepEqual(listVersions(home, 'prices'), versions.slice(1));
  });
});
