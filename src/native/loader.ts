import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ConfigError, NativeBackendError } from '../errors/index.js';
import { VERSION } from '../version.js';
import { NATIVE_EXPORTS, type NativeAddon } from './addon.js';
import type { Kernels } from './kernels.js';
import { platformSuffix } from './platform.js';
import { tsKernels } from './ts-kernels.js';

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
  const attempt = tryLoadAddon(addonPath);
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

function tryLoadAddon(path: string): Attempt {
  if (!existsSync(path)) return { problem: `the native addon is not built (${path} is missing)` };
  // Loading a truncated shared library can kill the process (SIGBUS): check it first.
  const damage = addonDamage(path);
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

/** Suffix of the record the build writes beside each addon: `{ file, bytes, sha256 }`. */
export const ADDON_RECORD_SUFFIX = '.integrity.json';

/**
 * Why the addon at `path` must not be loaded, or undefined when its size and
 * SHA-256 match the record its build wrote beside it.
 */
export function addonDamage(path: string): string | undefined {
  let record: { bytes?: unknown; sha256?: unknown };
  try {
    record = JSON.parse(readFileSync(`${path}${ADDON_RECORD_SUFFIX}`, 'utf8')) as typeof record;
  } catch {
    return `the native addon ${path} has no readable size and hash record (${basename(path)}${ADDON_RECORD_SUFFIX}, written by the build)`;
  }
  const size = statSync(path).size;
  if (size !== record.bytes) {
    return `the native addon ${path} is ${size} bytes but its build recorded ${String(record.bytes)} (truncated or replaced)`;
  }
  const digest = createHash('sha256').update(readFileSync(path)).digest('hex');
  if (digest !== record.sha256) {
    return `the native addon ${path} does not match the SHA-256 its build recorded (damaged or replaced)`;
  }
  return undefined;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0] ?? text;
}
