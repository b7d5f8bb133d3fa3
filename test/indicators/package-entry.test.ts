import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Runs the built package (dist/), imported by its subpath as a user would.
describe('the rustybt/indicators subpath export', () => {
  it('loads the indicators from dist and computes an SMA', () => {
    const script =
      "import('rustybt/indicators').then(m => console.log(Array.from(m.compute(m.sma(2), Float64Array.of(1, 3, 5)).value).join(',')))";
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, 'NaN,2,4\n');
  });
});
