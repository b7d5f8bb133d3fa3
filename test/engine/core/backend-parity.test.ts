// Whole backtests give byte-identical results on the Rust and the TypeScript engine core
// (the backend's name in meta aside): golden strategies, the examples, every order type
// on equity and crypto scales, both numeric modes. Each core runs in its own process,
// selected with RUSTYBT_BACKEND as a user would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { engineCoreOrSkip } from './parity-harness.js';

const runs = fileURLToPath(new URL('./backend-runs.ts', import.meta.url));
const { skip } = engineCoreOrSkip();

interface Line {
  name: string;
  backend?: string;
  sha256?: string;
  fills?: number;
  error?: string;
}

function runAll(backend: 'ts' | 'rust'): Line[] {
  const child = spawnSync(process.execPath, ['--import', 'tsx', runs], {
    encoding: 'utf8',
    env: { ...process.env, RUSTYBT_BACKEND: backend },
    maxBuffer: 1 << 24,
  });
  assert.equal(child.status, 0, child.stderr);
  return child.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
}

describe('whole backtests on both engine cores', { skip }, () => {
  it('gives byte-identical results on the Rust and the TypeScript core', () => {
    const ts = runAll('ts');
    const rust = runAll('rust');
    assert.equal(rust.length, ts.length);
    assert.ok(ts.length >= 20);
    for (const [k, line] of ts.entries()) {
      const other = rust[k];
      assert.equal(other.name, line.name);
      assert.equal(line.error, undefined, `${line.name}: ${line.error}`);
      assert.equal(other.error, undefined, `${other.name}: ${other.error}`);
      assert.equal(line.backend, 'ts', line.name);
      const custom = line.name.startsWith('custom');
      assert.equal(other.backend, custom ? 'ts' : 'rust', `${line.name} ran on the Rust core`);
      assert.equal(other.sha256, line.sha256, `${line.name}: results differ`);
    }
    assert.ok(
      ts.some((line) => (line.fills ?? 0) > 1000),
      'the order mix fills thousands of orders',
    );
  });
});
