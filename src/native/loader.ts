import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ConfigError, NativeBackendError } from '../errors/index.js';
import { rustybtHome } from '../home.js';
import { VERSION } from '../version.js';
import { addonDamage } from './addon-check.js';
import { NATIVE_EXPORTS, type NativeAddon } from './addon.js';
import type { Kernels } from './kernels.js';
import { platformSuffix } from './platform.js';
import { tsKernels } from './ts-kernels.js';

export { ADDON_RECORD_SUFFIX, addonDamage } from './addon-check.js';

/** Which implementation of the kernels is in use. */
export type BackendName = 'rust' | 'ts';

/** What `backendInfo()` reports: the active backend, why, and its version. */
export interface BackendInfo {
  /** `rust` when the native addon is in use, `ts` otherwise. */
  backend: BackendName;
  /** Why this backend was chosen, in one line. */
  reason: string;
  /** Version of the active backend: the addon's for rust, the package's for ts. */
  version: string;
}

/** A chosen backend: its kernels and the report of how it was chosen. */
export interface LoadedBackend {
  kernels: Kernels;
  info: BackendInfo;
  /** A one-line warning to print when the Rust backend was wanted but is unavailable. */
  warning?: string;
}

/** Inputs of the backend choice; defaults come from the process environment. */
export interface LoadOptions {
  /** Value of `RUSTYBT_BACKEND`: `rust`, `ts` or unset. */
  requested?: string;
  /** Path of the `.node` file; defaults to `RUSTYBT_NATIVE_PATH` or `native/rustybt.<platform>.node`. */
  addonPath?: string;
  /**
   * rustybt home whose `native-checked.json` remembers addons already hashed (default
   * `RUSTYBT_HOME` or `~/.rustybt`); `null` hashes the addon every time.
   */
  home?: string | null;
}

const BUILD_HINT = 'Build it with `npm run build:native` (needs Rust: https://rustup.rs).';

/** Where the addon is expected when no path is given. */
export function defaultAddonPath(): string {
  // src/native/ and dist/native/ both sit two levels below the package root.
  return fileURLToPath(new URL(`../../native/rustybt.${platformSuffix()}.node`, import.meta.url));
}

/**
 * Chooses the backend: the Rust addon when it loads and matches this package's
 * version, else the TypeScript twins. With `requested: 'rust'` a missing or
 * broken addon throws `NativeBackendError` instead of falling back.
 */
export function loadBackend(options: LoadOptions = {}): LoadedBackend {
  const requested = normalizeRequest(options.requested ?? process.env.RUSTYBT_BACKEND);
  if (requested === 'ts') {
    return {
      kernels: tsKernels,
      info: { backend: 'ts', reason: 'RUSTYBT_BACKEND=ts', version: VERSION },
    };
  }
  const addonPath = options.addonPath ?? process.env.RUSTYBT_NATIVE_PATH ?? defaultAddonPath();
  const home = options.home === undefined ? rustybtHome() : (options.home ?? undefined);
  const attempt = tryLoadAddon(addonPath, home);
  if (attempt.addon) {
    const how = requested === 'rust' ? 'RUSTYBT_BACKEND=rust' : 'native addon loaded';
    return {
      kernels: attempt.addon,
      info: {
        backend: 'rust',
        reason: `${how} (${addonPath})`,
        version: attempt.addon.nativeVersion(),
      },
    };
  }
  if (requested === 'rust') {
    throw new NativeBackendError(`RUSTYBT_BACKEND=rust but ${attempt.problem}. ${BUILD_HINT}`);
  }
  return {
    kernels: tsKernels,
    info: { backend: 'ts', reason: `fallback: ${attempt.problem}`, version: VERSION },
    warning: `rustybt: ${attempt.problem}; using the TypeScript backend. ${BUILD_HINT}`,
  };
}

function normalizeRequest(value: string | undefined): BackendName | undefined {
  if (value === undefined || value === '') return undefined;
  const lower = value.toLowerCase();
  if (lower === 'rust' || lower === 'ts') return lower;
  throw new ConfigError(`RUSTYBT_BACKEND must be 'rust' or 'ts' (or unset), got '${value}'.`);
}

type Attempt = { addon: NativeAddon; problem?: undefined } | { addon?: undefined; problem: string };

function tryLoadAddon(path: string, home: string | undefined): Attempt {
  if (!existsSync(path)) return { problem: `the native addon is not built (${path} is missing)` };
  // Loading a truncated shared library can kill the process (SIGBUS): check it first.
  const damage = addonDamage(path, home);
  if (damage !== undefined) return { problem: damage };
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)(path) as NativeAddon;
  } catch (error) {
    return { problem: `the native addon failed to load (${firstLine(error)})` };
  }
  const missing = NATIVE_EXPORTS.filter((name) => typeof addon[name] !== 'function');
  if (missing.length > 0) {
    return { problem: `the native addon at ${path} lacks ${missing.join(', ')} (stale build)` };
  }
  const version = addon.nativeVersion();
  if (version !== VERSION) {
    return {
      problem: `the native addon is version ${version} but rustybt is ${VERSION} (stale build)`,
    };
  }
  return { addon };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0] ?? text;
}
