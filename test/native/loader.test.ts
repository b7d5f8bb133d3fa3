import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, NativeBackendError } from '../../src/errors/index.js';
import { ADDON_RECORD_SUFFIX, defaultAddonPath, loadBackend } from '../../src/native/loader.js';
import { platformSuffix } from '../../src/native/platform.js';
import { tsKernels } from '../../src/native/ts-kernels.js';
import { VERSION } from '../../src/version.js';
import { rustKernelsOrSkip } from '../helpers/backends.js';

const scratch = mkdtempSync(join(tmpdir(), 'rustybt-loader-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const missing = join(scratch, 'absent.node');

/** Writes the size and SHA-256 record the build writes beside an addon. */
function record(path: string): string {
  const bytes = readFileSync(path);
  writeFileSync(
    `${path}${ADDON_RECORD_SUFFIX}`,
    JSON.stringify({
      bytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    }),
  );
  return path;
}

describe('loadBackend', () => {
  it('uses the TypeScript kernels without a warning when RUSTYBT_BACKEND=ts', () => {
    const loaded = loadBackend({ requested: 'ts', addonPath: missing });
    assert.equal(loaded.kernels, tsKernels);
    assert.deepEqual(loaded.info, {
      backend: 'ts',
      reason: 'RUSTYBT_BACKEND=ts',
      version: VERSION,
    });
    assert.equal(loaded.warning, undefined);
  });

  it('falls back to TypeScript with one short warning when the addon is missing', () => {
    const loaded = loadBackend({ addonPath: missing });
    assert.equal(loaded.info.backend, 'ts');
    assert.match(loaded.info.reason, /^fallback: the native addon is not built/);
    assert.ok(loaded.warning);
    assert.equal(loaded.warning.split('\n').length, 1);
    assert.match(loaded.warning, /npm run build:native/);
  });

  it('fails hard with a build hint when RUSTYBT_BACKEND=rust and the addon is missing', () => {
    assert.throws(
      () => loadBackend({ requested: 'rust', addonPath: missing }),
      (error: unknown) => {
        assert.ok(error instanceof NativeBackendError);
        assert.equal(error.code, 'ERR_NATIVE_UNAVAILABLE');
        assert.match(error.message, /RUSTYBT_BACKEND=rust but the native addon is not built/);
        assert.match(error.message, /npm run build:native/);
        return true;
      },
    );
  });

  it('falls back when the addon file is not a loadable library', () => {
    const corrupt = join(scratch, 'corrupt.node');
    writeFileSync(corrupt, 'this is not a shared library');
    const loaded = loadBackend({ addonPath: record(corrupt) });
    assert.equal(loaded.info.backend, 'ts');
    assert.match(loaded.info.reason, /failed to load/);
    assert.doesNotMatch(loaded.warning ?? '', /\n\s+at /, 'no stack trace');
  });

  it('refuses an addon built from another version (a stale build)', () => {
    const stale = join(scratch, 'stale.cjs');
    writeFileSync(
      stale,
      `module.exports = { nativeVersion: () => '0.0.0-old', rustSum: () => 0, sumFloat64: () => 0, rollingMeanInto: () => {}, markDecimalInto: () => -1, declaredSmaInto: () => {}, declaredInto: () => {}, compareLanesInto: () => {}, crc32Update: () => 0 };`,
    );
    const loaded = loadBackend({ addonPath: record(stale) });
    assert.equal(loaded.info.backend, 'ts');
    assert.match(
      loaded.info.reason,
      new RegExp(`version 0\\.0\\.0-old but rustybt is ${VERSION.replace(/\./g, '\\.')}`),
    );
  });

  it('refuses an addon that lacks a kernel', () => {
    const partial = join(scratch, 'partial.cjs');
    writeFileSync(
      partial,
      `module.exports = { nativeVersion: () => '${VERSION}', rustSum: () => 0 };`,
    );
    const loaded = loadBackend({ addonPath: record(partial) });
    assert.match(loaded.info.reason, /lacks sumFloat64, rollingMeanInto/);
  });

  it('checks the size and SHA-256 the build recorded before loading anything', () => {
    const addon = join(scratch, 'checked.cjs');
    writeFileSync(addon, `module.exports = { nativeVersion: () => '${VERSION}' };`);
    const unrecorded = loadBackend({ addonPath: addon });
    assert.equal(unrecorded.info.backend, 'ts');
    assert.match(
      unrecorded.info.reason,
      /has no readable size and hash record \(checked\.cjs\.integrity\.json/,
    );
    record(addon);
    writeFileSync(addon, `module.exports = { nativeVersion: () => '${VERSION}' `);
    assert.match(
      loadBackend({ addonPath: addon }).info.reason,
      /is \d+ bytes but its build recorded \d+ \(truncated or replaced\)/,
    );
    writeFileSync(addon, `module.exports = { nativeVersion: () => '${VERSION}' }X`);
    assert.match(
      loadBackend({ addonPath: addon }).info.reason,
      /does not match the SHA-256 its build recorded/,
    );
    assert.throws(() => loadBackend({ requested: 'rust', addonPath: addon }), {
      name: 'NativeBackendError',
      message: /RUSTYBT_BACKEND=rust but the native addon .* does not match the SHA-256/,
    });
  });

  it('rejects an unknown RUSTYBT_BACKEND value with a ConfigError', () => {
    assert.throws(
      () => loadBackend({ requested: 'cuda' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /RUSTYBT_BACKEND must be 'rust' or 'ts'/);
        return true;
      },
    );
  });

  const { skip } = rustKernelsOrSkip();
  it('loads the built addon and reports its version', { skip }, () => {
    const loaded = loadBackend({ addonPath: defaultAddonPath() });
    assert.equal(loaded.info.backend, 'rust');
    assert.equal(loaded.info.version, VERSION);
    assert.equal(loaded.kernels.rustSum(2, 3), 5);
  });
});

describe('versions', () => {
  it('keeps the Rust workspace version equal to the npm package version', () => {
    const cargo = readFileSync(new URL('../../rust/Cargo.toml', import.meta.url), 'utf8');
    const match = /\[workspace\.package\][^[]*?version\s*=\s*"([^"]+)"/.exec(cargo);
    assert.equal(match?.[1], VERSION);
  });
});

describe('platformSuffix', () => {
  it(
    'names the C library the process report names, on Linux',
    {
      skip: process.platform !== 'linux' && 'Linux only',
    },
    () => {
      const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
      const libc = report.header?.glibcVersionRuntime === undefined ? 'musl' : 'gnu';
      assert.equal(platformSuffix(), `linux-${process.arch}-${libc}`);
    },
  );

  it('names Windows builds msvc and others by platform and architecture', () => {
    assert.equal(platformSuffix('win32', 'x64'), 'win32-x64-msvc');
    assert.equal(platformSuffix('darwin', 'arm64'), 'darwin-arm64');
  });
});
