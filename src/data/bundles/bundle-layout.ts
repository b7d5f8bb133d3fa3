import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, DataError } from '../../errors/index.js';
import { bundlesDirectory } from './bundle-home.js';

const BUNDLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const VERSION_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/** Prefix of in-progress ingest directories inside a bundle directory. */
export const INCOMING_PREFIX = '.incoming-';

/** Prefix of a version directory `rustybt clean` renamed away to delete (`.pruning-<version>`). */
export const PRUNING_PREFIX = '.pruning-';

/** Name of the file that marks a complete version. */
export const MANIFEST_FILE = 'manifest.json';

/**
 * Checks a bundle name: letters, digits, `.`, `_`, `-`, starting with a letter or digit.
 *
 * @throws ConfigError when the name could escape the bundles directory or is empty.
 */
export function checkBundleName(name: string): void {
  if (!BUNDLE_NAME.test(name)) {
    throw new ConfigError(
      `Bundle name ${JSON.stringify(name)} is invalid: use letters, digits, '.', '_' or '-' (up to 128), starting with a letter or digit.`,
    );
  }
}

/** A bundle named on the command line or in the API: `NAME` or `NAME@VERSION`. */
export interface BundleRef {
  name: string;
  /** Version id, or undefined for the newest (`NAME` or `NAME@latest`). */
  version: string | undefined;
}

/**
 * Splits `NAME@VERSION` (a version id as `rustybt bundles NAME` lists it, or
 * `latest`) into its parts; a plain `NAME` means the newest version.
 *
 * @throws ConfigError when the name or the version id is malformed.
 */
export function parseBundleRef(ref: string): BundleRef {
  const at = ref.indexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  const version = at < 0 ? undefined : ref.slice(at + 1);
  checkBundleName(name);
  if (version === undefined || version === 'latest') return { name, version: undefined };
  if (!VERSION_ID.test(version)) {
    throw new ConfigError(
      `Bundle version ${JSON.stringify(version)} in ${JSON.stringify(ref)} is not a version id: use NAME@YYYY-MM-DDTHH-MM-SS-mmmZ as rustybt bundles ${name} lists them, or NAME@latest.`,
    );
  }
  return { name, version };
}

/** Directory of one bundle (all its versions). */
export function bundleDirectory(home: string, name: string): string {
  checkBundleName(name);
  return join(bundlesDirectory(home), name);
}

/** Directory of one version of a bundle. */
export function versionDirectory(home: string, name: string, version: string): string {
  return join(bundleDirectory(home, name), version);
}

/**
 * A version id from a time: its ISO-8601 UTC form with `:` and `.` replaced by
 * `-`, so ids sort chronologically as plain strings.
 */
export function versionIdAt(time: Date): string {
  return time.toISOString().replace(/[:.]/g, '-');
}

/** The time a version id encodes, UTC epoch ms. */
export function versionTime(version: string): number {
  const [date, clock] = version.split('T');
  const [h, m, s, ms] = clock.slice(0, -1).split('-');
  return Date.parse(`${date}T${h}:${m}:${s}.${ms}Z`);
}

/** Complete versions of a bundle (those with a manifest), oldest first. */
export function listVersions(home: string, name: string): string[] {
  const dir = bundleDirectory(home, name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((entry) => VERSION_ID.test(entry) && existsSync(join(dir, entry, MANIFEST_FILE)))
    .sort();
}

/** Names of bundles with at least one complete version, sorted. */
export function listBundleNames(home: string): string[] {
  const dir = bundlesDirectory(home);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((entry) => BUNDLE_NAME.test(entry) && listVersions(home, entry).length > 0)
    .sort();
}

/**
 * The version to read: `version` when given (it must exist), else the newest.
 *
 * @throws DataError when the bundle or the version does not exist.
 */
export function resolveVersion(home: string, name: string, version?: string): string {
  const versions = listVersions(home, name);
  if (versions.length === 0) {
    throw new DataError(
      `Bundle ${JSON.stringify(name)} does not exist under ${bundlesDirectory(home)}; ingest it first (rustybt ingest <source> --bundle ${name}).`,
    );
  }
  if (version === undefined) return versions[versions.length - 1];
  if (!versions.includes(version)) {
    throw new DataError(
      `Bundle ${JSON.stringify(name)} has no version ${version}; it has ${versions.join(', ')}.`,
    );
  }
  return version;
}
