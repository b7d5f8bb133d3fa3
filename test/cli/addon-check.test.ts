import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ADDON_RECORD_SUFFIX, defaultAddonPath } from '../../src/native/loader.js';
import { runCli } from '../helpers/cli.js';

const built = defaultAddonPath();
const skip =
  existsSync(built) && existsSync(`${built}${ADDON_RECORD_SUFFIX}`)
    ? false
    : 'the Rust addon is not built';
const scratch = mkdtempSync(join(tmpdir(), 'rustybt-addon-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the built addon cut to half its size, with the build's record beside it. */
function truncatedAddon(): string {
  const path = join(scratch, 'rustybt.truncated.node');
  copyFileSync(built, path);
  const bytes = readFileSync(path);
  writeFileSync(path, bytes.subarray(0, bytes.byteLength >> 1));
  copyFileSync(`${built}${ADDON_RECORD_SUFFIX}`, `${path}${ADDON_RECORD_SUFFIX}`);
  return path;
}

describe('a truncated native addon', { skip }, () => {
  it('makes rustybt --version fall back to TypeScript with one warning, not a Bus error', async () => {
    const addon = truncatedAddon();
    const run = await runCli(['--version'], { RUSTYBT_NATIVE_PATH: addon, RUSTYBT_BACKEND: '' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /^backend: ts \S+ \(fallback: the native addon .*rustybt\.truncated\.node is \d+ bytes but its build recorded \d+ \(truncated or replaced\)\)$/m,
    );
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(
      run.stderr,
      /^rustybt: the native addon .* \(truncated or replaced\); using the TypeScript backend\./,
    );
  });

  it('is a typed hard error under RUSTYBT_BACKEND=rust', async () => {
    const addon = truncatedAddon();
    const run = await runCli(['backend'], { RUSTYBT_NATIVE_PATH: addon, RUSTYBT_BACKEND: 'rust' });
    assert.equal(run.status, 1, run.stdout);
    assert.match(
      run.stderr,
      /^rustybt: RUSTYBT_BACKEND=rust but the native addon .* \(truncated or replaced\)\. Build it with `npm run build:native`.*\[ERR_NATIVE_UNAVAILABLE\]\n$/,
    );
  });
});
