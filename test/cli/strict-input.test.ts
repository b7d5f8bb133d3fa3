import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ingestIntoBundle } from '../../src/data/bundles/ingest-bridge.js';
import { listVersions } from '../../src/data/bundles/index.js';
import { CsvSource } from '../../src/data/sources/csv-source.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sampleData = join(root, 'examples', 'data');
let home: string;
let work: string;
let strategy: string;

function cli(...args: string[]): Promise<CliRun> {
  return runCli(args, { RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts' }, work);
}

function run(...args: string[]): Promise<CliRun> {
  return cli('run', '-f', strategy, '--bundle', 'sample', ...args);
}

function refused(result: CliRun, message: RegExp, code = 'ERR_CONFIG'): void {
  assert.equal(result.status, 1, result.stdout);
  assert.match(result.stderr, message);
  assert.match(result.stderr, new RegExp(`\\[${code}\\]\\n$`));
  assert.doesNotMatch(result.stderr, /\n\s+at /);
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'rustybt-strict-home-'));
  work = mkdtempSync(join(tmpdir(), 'rustybt-strict-work-'));
  strategy = join(work, 'noop.mjs');
  writeFileSync(strategy, 'export function initialize() {}\nexport function handleData() {}\n');
  await ingestIntoBundle(
    new CsvSource({ directory: sampleData }),
    'sample',
    {
      symbols: ['GOOG', 'ORCL', 'NVDA'],
      start: new Date('2012-01-01T00:00:00Z'),
      end: new Date('2012-12-31T23:59:59Z'),
      frequency: '1d',
    },
    { home },
  );
});
after(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('strict parsing of what a user types', () => {
  it('refuses an impossible --start or --end in run, naming the flag', async () => {
    refused(
      await run('--start', '2012-02-30', '--end', '2012-12-31'),
      /^rustybt: --start 2012-02-30 is not a date: 2012-02 has days 01 to 29\./m,
    );
    refused(
      await run('--start', '2012-01-03', '--end', '2012-04-31'),
      /--end 2012-04-31 is not a date: 2012-04 has days 01 to 30\./,
    );
  });

  it('refuses an impossible --start in ingest and writes nothing', async () => {
    const result = await cli(
      'ingest',
      'synthetic',
      '--bundle',
      'never',
      '--symbols',
      'A',
      '--start',
      '2010-02-30',
      '--end',
      '2010-03-31',
    );
    refused(result, /--start 2010-02-30 is not a date: 2010-02 has days 01 to 28\./);
    const iso = await cli(
      'ingest',
      'synthetic',
      '--bundle',
      'never',
      '--symbols',
      'A',
      '--start',
      '2010-01-01',
      '--end',
      '2010-06-31T12:00:00Z',
    );
    refused(iso, /--end 2010-06-31T12:00:00Z is not a date: 2010-06 has days 01 to 30\./);
    assert.deepEqual(listVersions(home, 'never'), []);
  });

  it('refuses malformed, NaN and infinite amounts and unknown enum values, naming the flag', async () => {
    const range = ['--start', '2012-01-03', '--end', '2012-02-01'];
    refused(
      await run(...range, '--capital-base', '1,000'),
      /--capital-base must be a positive decimal amount .* got "1,000"/,
    );
    refused(
      await run(...range, '--capital-base', 'NaN'),
      /--capital-base is NaN: give a finite positive amount/,
    );
    refused(await run(...range, '--capital-base', '-Infinity'), /--capital-base is Infinity/);
    refused(
      await run(...range, '--capital-base', '0'),
      /--capital-base must be a positive decimal amount/,
    );
    refused(
      await run(...range, '--data-frequency', 'weekly'),
      /--data-frequency must be daily, hourly or minute, got "weekly"/,
    );
    refused(
      await run(...range, '--numeric', 'double'),
      /--numeric must be decimal or float, got "double"/,
    );
  });

  it('names a mis-cased or unknown symbol with its near matches instead of "no 1d bars"', async () => {
    const range = ['--start', '2012-01-03', '--end', '2012-02-01'];
    const bundle = await run(...range, '--symbols', 'goog,XYZ');
    refused(
      bundle,
      /Unknown symbols goog \(did you mean GOOG\?\), XYZ in bundle sample: it has no 1d bars for them; it holds GOOG, NVDA, ORCL\./,
      'ERR_DATA',
    );
    assert.doesNotMatch(bundle.stderr, /has no 1d bars\./);
    const csv = await cli(
      'run',
      '-f',
      strategy,
      '--csv-dir',
      sampleData,
      ...range,
      '--symbols',
      'Nvda',
    );
    refused(csv, /Unknown symbol Nvda \(did you mean NVDA\?\) in CSV directory/, 'ERR_DATA');
    const typo = join(work, 'typo.mjs');
    writeFileSync(
      typo,
      "export function initialize(ctx) { ctx.symbol('GOGO'); }\nexport function handleData() {}\n",
    );
    const inStrategy = await cli('run', '-f', typo, '--bundle', 'sample', ...range);
    assert.equal(inStrategy.status, 1);
    assert.match(
      inStrategy.stderr,
      /Unknown symbol "GOGO" \(did you mean GOOG\?\) in bundle sample/,
    );
  });
});

describe('rustybt run --csv-dir with bad rows', () => {
  const flawed = fileURLToPath(new URL('../fixtures/cli/csv', import.meta.url));
  const args = [
    'run',
    '-f',
    '',
    '--csv-dir',
    flawed,
    '--symbols',
    'FLAWED',
    '--start',
    '2024-01-02',
    '--end',
    '2024-01-08',
  ];

  it('reports the rows it dropped, as ingest does', async () => {
    const result = await cli(...args.map((a) => (a === '' ? strategy : a)));
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stderr,
      /^rustybt: --csv-dir .*csv: dropped 3 bad row\(s\) \((?=.*ohlc-inconsistent 1)(?=.*duplicate-timestamp 1)(?=.*negative-volume 1).*; FLAWED 3 of 6\); --strict stops at the first bad row instead\.$/m,
    );
  });

  it('stops at the first bad row with --strict', async () => {
    const result = await cli(...args.map((a) => (a === '' ? strategy : a)), '--strict');
    refused(result, /^rustybt: FLAWED: row \d+ .*ohlc-inconsistent/m, 'ERR_DATA');
  });
});
