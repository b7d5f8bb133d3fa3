import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rustKernelsOrSkip } from '../helpers/backends.js';

// This process runs the forms and units tests on the default core (Rust when the addon
// loads, as in CI); the declared kernels' TypeScript twins get the same tests here.
const { skip } = rustKernelsOrSkip();
const files = ['forms.test.ts', 'units.test.ts', 'signals.test.ts'].map((name) =>
  fileURLToPath(new URL(name, import.meta.url)),
);

describe('the declared-indicator equality tests on the other core', { skip }, () => {
  it('pass with RUSTYBT_BACKEND=ts (the kernels\u2019 TypeScript twins)', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], {
      env: { ...process.env, RUSTYBT_BACKEND: 'ts', NODE_TEST_CONTEXT: undefined },
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, `${child.stdout.slice(-3000)}\n${child.stderr.slice(-2000)}`);
    assert.match(child.stdout, /# fail 0/);
  });
});
