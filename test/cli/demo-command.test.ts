import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'rustybt-demo-home-'));
after(() => rmSync(home, { recursive: true, force: true }));

function demo(args: string[] = []) {
  return spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(root, 'src/cli/main.ts'), 'demo', ...args],
    { cwd: tmpdir(), env: { ...process.env, RUSTYBT_HOME: home }, encoding: 'utf8' },
  );
}

describe('rustybt demo', () => {
  it('ingests the sample data into the bundle demo, runs the crossover and prints the summary', () => {
    const out = join(home, 'demo.json');
    const first = demo(['-o', out]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /Ingested 3 symbols \(2385 daily bars, GOOG, ORCL, NVDA\)/);
    assert.match(first.stdout, /dual-moving-average\.ts/);
    assert.match(first.stdout, /Total return .*\n.*Annual return/);
    assert.deepEqual(readdirSync(join(home, 'bundles')), ['demo']);
    const results = JSON.parse(readFileSync(out, 'utf8')) as {
      transactions: unknown[];
      performance: { portfolioValue: string; fast: number | null }[];
    };
    assert.ok(results.transactions.length > 0, 'the crossover traded');
    assert.ok(
      results.performance.some((row) => row.fast !== null),
      'it records its averages',
    );
    const finalValue = results.performance.at(-1)!.portfolioValue;
    const finalLine = new RegExp(`Final value +${String(finalValue).replace('.', '\\.')} USD`);
    assert.match(first.stdout, finalLine);

    const second = demo();
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /Using bundle demo/);
    assert.match(second.stdout, finalLine, 'same result again');
    assert.equal(
      readdirSync(join(home, 'bundles', 'demo')).filter((f) => !f.startsWith('.')).length,
      1,
    );
  });
});
