import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, statSync, statfsSync, unlinkSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ConfigError } from '../errors/index.js';
import { EXPORT_FORMATS } from './export-formats.js';

/** Linux filesystems that hold kernel objects, not files: nothing may be exported there. */
const PSEUDO_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x1cd1, 'devpts'],
]);

/**
 * Checks, before a backtest runs, that its results can be written to `path`
 * (and to the companion files `.csv` and `.parquet` write beside it): a known
 * extension, not a folder or a device, a folder that exists or can be created,
 * on a real filesystem, that this process may write into (probed by creating
 * and removing a file). Nothing is left behind.
 *
 * @param path - the output file the user gave
 * @param companions - the other files the export writes beside it
 * @param flag - how the user gave the path, for messages (`-o`)
 * @throws ConfigError saying what is wrong with the path and what to give instead.
 */
export function checkOutputPath(
  path: string,
  companions: readonly string[] = [],
  flag = '-o',
): void {
  const extension = extname(path).toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(extension)) {
    throw new ConfigError(
      `${flag} ${path}: unsupported extension ${JSON.stringify(extname(path))}; use one of ${EXPORT_FORMATS.join(', ')} (e.g. ${flag} results.json).`,
    );
  }
  for (const target of [path, ...companions]) checkTarget(resolve(target), path, flag);
  const folder = resolve(dirname(path));
  const existing = nearestExisting(folder);
  if (!statSync(existing).isDirectory()) {
    throw new ConfigError(
      `${flag} ${path}: ${existing} is a file, not a folder; choose a path inside a folder.`,
    );
  }
  const pseudo = pseudoFilesystem(existing);
  if (pseudo !== undefined) {
    throw new ConfigError(
      `${flag} ${path}: ${existing} is on the kernel's ${pseudo} filesystem, which holds no files; write the results under your home or project folder.`,
    );
  }
  probeWritable(existing, path, flag);
}

function checkTarget(target: string, path: string, flag: string): void {
  if (!existsSync(target)) return;
  const stats = statSync(target);
  if (stats.isDirectory()) {
    throw new ConfigError(
      `${flag} ${path}: ${target} is a folder; give a file name, e.g. ${flag} ${join(path, `results${extname(path) || '.json'}`)}.`,
    );
  }
  if (!stats.isFile()) {
    throw new ConfigError(
      `${flag} ${path}: ${target} is not a regular file (a device or a pipe) and would be replaced; give a file name.`,
    );
  }
}

/** The folder itself when it exists, else its closest existing ancestor (which the export would create folders in). */
function nearestExisting(folder: string): string {
  let current = folder;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

function pseudoFilesystem(folder: string): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return PSEUDO_FILESYSTEMS.get(statfsSync(folder).type);
  } catch {
    return undefined;
  }
}

function probeWritable(folder: string, path: string, flag: string): void {
  const probe = join(folder, `.rustybt-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(
      `${flag} ${path}: cannot write into ${folder} (${code}: ${describeCode(code)}); choose a folder you can write to.`,
      { cause: error },
    );
  }
  try {
    unlinkSync(probe);
  } catch {
    // The probe is empty and hidden; a folder that lets us create but not remove it is odd, not fatal.
  }
}

function describeCode(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only filesystem';
    case 'ENOSPC':
      return 'no space left';
    case 'ENOENT':
      return 'no such folder';
    default:
      return basename(code).toLowerCase();
  }
}
