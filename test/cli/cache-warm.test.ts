import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, type CliRun } from '../helpers/cli.js';

let home: string;
before(() => (home = mkdtempSync(join(tmpdir(), 'rustybt-warm-'))));
after(() => rmSync(home, { recursive: true, force: true }));

function cli(args: string[]): Promise<CliRun> {
  return runCli(args, { RUSTYBT_HOME: home });
}

describe('rustybt cache warm', () => {
  it('fetches from --start to now into the cache, and a second warm is a hit', async () => {
    const args = [
      'cache',
      'warm',
      '--source',
      'synthetic',
      '--symbols',
      'AAA,BBB',
      '--start',
      '2025-01-02',
    ];
    const first = await cli(args);
    assert.equal(first.status, 0, first.stderr);
    assert.match(
      first.stdout,
      /^Warmed synthetic 1d AAA, BBB from 2025-01-02 to .*: \d+ bars in the cache \(1 entries, 0 hits, 0 partial, 1 misses so far\)/,
    );
    const second = await cli(args);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /\(1 entries, 1 hits, 0 partial, 1 misses so far\)/);
  });

  it('refuses a bad --at, frequency or delay with a ConfigError before fetching', async () => {
    const base = [
      'cache',
      'warm',
      '--source',
      'synthetic',
      '--symbols',
      'AAA',
      '--start',
      '2025-01-02',
    ];
    for (const [flags, message] of [
      [['--at', 'tomorrow'], /--at must be now or next-close/],
      [['--frequency', '5m'], /--frequency 5m is not supported/],
      [['--at', 'next-close', '--delay', '-1'], /--delay must be a number of minutes >= 0/],
    ] as const) {
      const run = await cli([...base, ...flags]);
      assert.equal(run.status, 1);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /ERR_CONFIG/);
    }
  });
});
