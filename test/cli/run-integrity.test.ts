import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ingestIntoBundle } from '../../src/data/bundles/ingest-bridge.js';
import { CsvSource } from '../../src/data/sources/csv-source.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let home: string;
let work: string;
let strategy: string;
let version: string;

function run(...extra: string[]): Promise<CliRun> {
  return runCli(
    [
      'run',
      '-f',
      strategy,
      '--bundle',
      'sample',
      '--start',
      '2012-01-03',
      '--end',
      '2012-12-31',
      ...extra,
    ],
    { RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts' },
    work,
  );
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'rustybt-integrity-home-'));
  work = mkdtempSync(join(tmpdir(), 'rustybt-integrity-work-'));
  strategy = join(work, 'hold.mjs');
  writeFileSync(
    strategy,
    "export function initialize(ctx) { ctx.state.done = false; }\nexport function handleData(ctx) { if (!ctx.state.done) { ctx.order(ctx.symbol('GOOG'), 100); ctx.state.done = true; } }\n",
  );
  const summary = await ingestIntoBundle(
    new CsvSource({ directory: join(root, 'examples', 'data') }),
    'sample',
    {
      symbols: ['GOOG'],
      start: new Date('2012-01-01T00:00:00Z'),
      end: new Date('2012-12-31T23:59:59Z'),
      frequency: '1d',
    },
    { home },
  );
  version = summary.version;
});
after(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('rustybt run on a damaged bundle', () => {
  it('refuses a bit flipped in a fast-load column file instead of silently changing the final value', async () => {
    const clean = await run();
    assert.equal(clean.status, 0, clean.stderr);
    const file = join(home, 'bundles', 'sample', version, 'fast', '1d', '0.cols');
    const bytes = readFileSync(file);
    // Float64 timestamps, then five int32 columns (prices in cents, volumes): 28 bytes a bar.
    const rows = bytes.byteLength / 28;
    assert.ok(Number.isInteger(rows));
    // Bit 1 of the last close (column 4 of 6): the close moves by 2 units (0.02 USD),
    // still a whole number of cents inside the bar's range: no range check can see it.
    bytes[8 * rows + 4 * (3 * rows + rows - 1)] ^= 1 << 1;
    writeFileSync(file, bytes);
    const damaged = await run();
    assert.equal(damaged.status, 1, damaged.stdout);
    assert.match(
      damaged.stderr,
      /^rustybt: Bundle file .*fast\/1d\/0\.cols fails its checksum \(CRC-32 recorded \d+, read \d+\): the bundle version is damaged\. .*\[ERR_DATA\]\n$/,
    );
    const unchecked = await run('--no-verify');
    assert.equal(unchecked.status, 0, unchecked.stderr);
    const finalValue = (text: string): string => /Final value\s+(\S+)/.exec(text)![1];
    assert.notEqual(
      finalValue(unchecked.stdout),
      finalValue(clean.stdout),
      'the flipped bit changes the result',
    );
  });
});
