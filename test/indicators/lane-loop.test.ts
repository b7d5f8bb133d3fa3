import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// The declared kernels' TypeScript twins compile one lane loop per kernel with `new Function`;
// where code generation from strings is disallowed they run the one shared loop instead.
const files = ['forms.test.ts', 'signals.test.ts'].map((name) =>
  fileURLToPath(new URL(name, import.meta.url)),
);

describe('the twins with code generation from strings disallowed', () => {
  it('pass the declared-indicator equality tests on the shared lane loop', () => {
    const child = spawnSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--import', 'tsx', '--test', ...files],
      {
        env: { ...process.env, RUSTYBT_BACKEND: 'ts', NODE_TEST_CONTEXT: undefined },
        encoding: 'utf8',
      },
    );
    assert.equal(child.status, 0, `${child.stdout.slice(-3000)}\n${child.stderr.slice(-2000)}`);
    assert.match(child.stdout, /# fail 0/);
  });
});
