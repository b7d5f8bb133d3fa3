import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';

const root = fileURLToPath(new URL('../..', import.meta.url));
const csvDir = fileURLToPath(new URL('../fixtures/cli/csv', import.meta.url));
let home: string;
before(() => (home = mkdtempSync(join(tmpdir(), 'rustybt-cli-'))));
after(() => rmSync(home, { recursive: true, force: true }));

/** Runs the CLI from the sources in a child process, with stdout and stderr not a TTY. */
function rustybt(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts' },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function catalogRows(bundle: string): Record<string, unknown>[] {
  const db = new Database(join(home, 'catalog.sqlite'), { readonly: true });
  try {
    return db
      .prepare('SELECT * FROM ingestions WHERE bundle = ? ORDER BY version')
      .all(bundle) as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

function field(output: string, label: string): string {
  const match = new RegExp(`^\\s*${label}:\\s+(.*)$`, 'm').exec(output);
  assert.ok(match, `no "${label}" line in:\n${output}`);
  return match[1];
}

describe('rustybt ingest', () => {
  it('lists the sources and the profiling bundles', () => {
    const run = rustybt('ingest', '--list-sources');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\s+synthetic\s+1d,1h,1m\s+no key/m);
    assert.match(run.stdout, /^\s+csv\s/m);
    assert.match(run.stdout, /^\s+polygon\s+1d,1h,1m\s+key: POLYGON_API_KEY/m);
    // Alpaca needs both its key id and its secret.
    assert.match(run.stdout, /^\s+alpaca\s+\S+\s+key: APCA_API_KEY_ID and APCA_API_SECRET_KEY/m);
    for (const name of ['yfinance', 'ccxt', 'alpaca', 'alphavantage']) {
      assert.match(run.stdout, new RegExp(`^\\s+${name}\\s`, 'm'));
    }
    assert.match(
      run.stdout,
      /yfinance-profiling\s+yfinance, 50 symbols, 1d, 2023-01-01\.\.2024-12-31/,
    );
    assert.match(
      run.stdout,
      /ccxt-hourly-profiling\s+ccxt \(binance\), 20 symbols, 1h, 2024-01-01\.\.2024-06-30/,
    );
    assert.match(
      run.stdout,
      /ccxt-minute-profiling\s+ccxt \(binance\), 10 symbols, 1m, 2024-06-01\.\.2024-06-30/,
    );
  });

  it('builds the offline twin of yfinance-profiling: 50 stocks × the 502 NYSE sessions of 2023–2024, deterministically', () => {
    const first = rustybt('ingest', 'yfinance-profiling', '--source', 'synthetic');
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stderr, '', 'no progress bar without a TTY');
    // NYSE had 250 sessions in 2023 and 252 in 2024.
    assert.equal(field(first.stdout, 'rows written'), String(50 * 502));
    assert.equal(field(first.stdout, 'rows dropped'), '0');
    const second = rustybt('ingest', 'yfinance-profiling', '--source', 'synthetic');
    assert.equal(field(second.stdout, 'checksum'), field(first.stdout, 'checksum'));
    const rows = catalogRows('yfinance-profiling');
    assert.equal(rows.length, 2);
    assert.equal(rows[0].source, 'synthetic');
    assert.equal(rows[0].symbol_count, 50);
    assert.equal(rows[0].rows_written, 25_100);
    assert.equal(rows[0].frequencies, '1d');
    assert.equal(`sha256:${String(rows[0].checksum)}`, field(first.stdout, 'checksum'));
  });

  it('builds the offline twin of ccxt-hourly-profiling: 20 pairs × 182 days × 24 hours', () => {
    const run = rustybt('ingest', 'ccxt-hourly-profiling', '--source', 'synthetic');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(field(run.stdout, 'rows written'), String(20 * 182 * 24));
    const [row] = catalogRows('ccxt-hourly-profiling');
    assert.equal(row.origin, 'binance');
  });

  it('builds the offline twin of ccxt-minute-profiling: 10 pairs × 30 days × 1,440 minutes', () => {
    const run = rustybt('ingest', 'ccxt-minute-profiling', '--source', 'synthetic');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(field(run.stdout, 'rows written'), String(10 * 30 * 1440));
  });

  it('lets two processes ingest into the same bundle at once, each getting its own version', async () => {
    const ingest = (): Promise<number | null> =>
      new Promise((resolve) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'src/cli/main.ts',
            'ingest',
            'synthetic',
            '--bundle',
            'concurrent',
            '--symbols',
            'A,B,C',
            '--start',
            '2024-01-01',
            '--end',
            '2024-03-31',
            '--frequency',
            '1h',
          ],
          {
            cwd: root,
            env: { ...process.env, RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts' },
            stdio: 'ignore',
          },
        );
        child.on('exit', resolve);
      });
    assert.deepEqual(await Promise.all([ingest(), ingest()]), [0, 0]);
    const rows = catalogRows('concurrent');
    assert.equal(rows.length, 2);
    assert.notEqual(rows[0].version, rows[1].version);
    assert.equal(rows[0].checksum, rows[1].checksum);
    assert.deepEqual(
      readdirSync(join(home, 'bundles', 'concurrent')).sort(),
      rows.map((r) => r.version),
    );
  });

  it('ingests a CSV directory with --max-drop raised and reports the rows it dropped and why', () => {
    const run = rustybt(
      'ingest',
      'csv',
      '--bundle',
      'flawed',
      '--csv-dir',
      csvDir,
      '--symbols',
      'FLAWED,GAPPY',
      '--start',
      '2024-01-01',
      '--end',
      '2024-01-31',
      '--calendar',
      'XNYS',
      '--max-drop',
      '0.5',
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(field(run.stdout, 'rows written'), String(3 + 3));
    assert.match(field(run.stdout, 'rows dropped'), /^3 \(/);
    assert.match(field(run.stdout, 'rows dropped'), /ohlc-inconsistent 1/);
    assert.match(field(run.stdout, 'rows dropped'), /duplicate-timestamp 1/);
    assert.match(field(run.stdout, 'rows dropped'), /negative-volume 1/);
    const [row] = catalogRows('flawed');
    assert.equal(row.rows_dropped, 3);
    assert.ok(Number(row.missing_sessions) >= 1, 'GAPPY misses 2024-01-04');
  });

  it('fails in --strict mode on the first bad row and writes no version', () => {
    const run = rustybt(
      'ingest',
      'csv',
      '--bundle',
      'strict-flawed',
      '--csv-dir',
      csvDir,
      '--symbols',
      'FLAWED',
      '--start',
      '2024-01-01',
      '--end',
      '2024-01-31',
      '--strict',
    );
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^rustybt: .*FLAWED.*\[ERR_DATA\]$/m);
    assert.deepEqual(catalogRows('strict-flawed'), []);
  });

  it('reads symbols from a file and ingests real CSV bars', () => {
    const symbolsFile = join(home, 'symbols.txt');
    writeFileSync(symbolsFile, '# Google, daily\nGOOG\n\n');
    const run = rustybt(
      'ingest',
      'csv',
      '--bundle',
      'goog',
      '--csv-dir',
      csvDir,
      '--symbols-file',
      symbolsFile,
      '--start',
      '2004-08-19',
      '--end',
      '2004-08-31',
    );
    assert.equal(run.status, 0, run.stderr);
    // Sessions from Thursday 2004-08-19 to Tuesday 2004-08-31: 19, 20, 23–27, 30, 31.
    assert.equal(field(run.stdout, 'rows written'), '9');
    assert.match(run.stdout, /^Ingested 1 symbols into bundle goog/m);
  });

  it('explains what is missing with a typed error and exit code 1', () => {
    const noBundle = rustybt(
      'ingest',
      'synthetic',
      '--symbols',
      'A',
      '--start',
      '2024-01-01',
      '--end',
      '2024-01-02',
    );
    assert.equal(noBundle.status, 1);
    assert.match(noBundle.stderr, /needs --bundle <name>.*\[ERR_CONFIG\]/);
    const unknown = rustybt(
      'ingest',
      'nosuch',
      '--bundle',
      'x',
      '--symbols',
      'A',
      '--start',
      '2024-01-01',
      '--end',
      '2024-01-02',
    );
    assert.match(
      unknown.stderr,
      /Unknown data source 'nosuch': use one of alpaca, alphavantage, ccxt, csv, polygon, synthetic, yfinance/,
    );
    const badDate = rustybt(
      'ingest',
      'synthetic',
      '--bundle',
      'x',
      '--symbols',
      'A',
      '--start',
      'soon',
      '--end',
      '2024-01-02',
    );
    assert.match(badDate.stderr, /--start soon is not a date/);
    const badFrequency = rustybt(
      'ingest',
      'synthetic',
      '--bundle',
      'x',
      '--symbols',
      'A',
      '--start',
      '2024-01-01',
      '--end',
      '2024-01-02',
      '--frequency',
      '5m',
    );
    assert.match(badFrequency.stderr, /--frequency 5m is not supported: use 1d, 1h, 1m/);
  });
});

describe('rustybt bundles and rustybt clean', () => {
  it('lists bundles with versions, symbols, rows, range and size', () => {
    const run = rustybt('bundles');
    assert.equal(run.status, 0, run.stderr);
    const line = run.stdout.split('\n').find((l) => l.startsWith('yfinance-profiling '));
    assert.ok(line, run.stdout);
    assert.match(
      line,
      /^yfinance-profiling\s+2\s+\S+\s+1d\s+50\s+25100\s+2023-01-03 \.\. 2024-12-31\s+[\d.]+ [KM]B/,
    );
    const hourly = run.stdout.split('\n').find((l) => l.startsWith('ccxt-hourly-profiling '));
    assert.match(hourly ?? '', /2024-01-01 \.\. 2024-06-30 23:00/);
  });

  it('keeps the newest N versions and marks the others pruned in the catalog', () => {
    const run = rustybt('clean', '--bundle', 'yfinance-profiling', '--keep-last', '1');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /removed 1 version\(s\)/);
    const versions = readdirSync(join(home, 'bundles', 'yfinance-profiling'));
    assert.equal(versions.length, 1);
    const rows = catalogRows('yfinance-profiling');
    assert.notEqual(rows[0].pruned_at, null);
    assert.equal(rows[1].pruned_at, null);
    assert.equal(rows[1].version, versions[0]);
    const bad = rustybt('clean', '--bundle', 'yfinance-profiling', '--keep-last', 'two');
    assert.match(bad.stderr, /--keep-last must be a non-negative integer/);
  });
});
