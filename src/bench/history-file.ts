import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BenchHistoryError } from '../errors/index.js';
import type { BenchRun } from './bench-run.js';

/** The `format` tag of an exported benchmark history. */
export const HISTORY_FORMAT = 'rustybt-bench-history';
const FORMAT_VERSION = 1;

/** An exported benchmark history: runs that can be committed (e.g. `bench/history/<version>.json`). */
export interface BenchHistoryFile {
  format: typeof HISTORY_FORMAT;
  formatVersion: number;
  runs: BenchRun[];
}

function looksLikeRun(value: unknown): value is BenchRun {
  const run = value as BenchRun;
  return (
    typeof run === 'object' &&
    run !== null &&
    typeof run.version === 'string' &&
    typeof run.date === 'string' &&
    typeof run.fingerprint?.id === 'string' &&
    Array.isArray(run.results)
  );
}

/**
 * Reads an exported history.
 *
 * @throws BenchHistoryError when the file is missing, not JSON, not a rustybt benchmark history, or from a newer rustybt.
 */
export function readHistoryFile(path: string): BenchHistoryFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BenchHistoryError(
      `Cannot read the benchmark history ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BenchHistoryError(
      `${path} is not JSON, so it is no benchmark history (cut short or edited?); it was left as it is.`,
    );
  }
  const file = parsed as BenchHistoryFile;
  if (typeof file !== 'object' || file === null || file.format !== HISTORY_FORMAT) {
    throw new BenchHistoryError(
      `${path} is not a rustybt benchmark history (no "format": "${HISTORY_FORMAT}"); it was left as it is.`,
    );
  }
  if (typeof file.formatVersion !== 'number' || file.formatVersion > FORMAT_VERSION) {
    throw new BenchHistoryError(
      `${path} was written by a newer rustybt (history format ${String(file.formatVersion)}); upgrade rustybt.`,
    );
  }
  if (!Array.isArray(file.runs) || !file.runs.every(looksLikeRun)) {
    throw new BenchHistoryError(`${path} has a malformed "runs" list; it was left as it is.`);
  }
  return file;
}

/**
 * Appends runs to an exported history (created when missing), writing a
 * temporary file and renaming it into place. An existing file that is not a
 * benchmark history is refused, never overwritten.
 *
 * @throws BenchHistoryError as {@link readHistoryFile}, or when the file cannot be written.
 */
export function appendToHistoryFile(path: string, runs: readonly BenchRun[]): BenchHistoryFile {
  const file: BenchHistoryFile = existsSync(path)
    ? readHistoryFile(path)
    : { format: HISTORY_FORMAT, formatVersion: FORMAT_VERSION, runs: [] };
  const known = new Set(file.runs.map((r) => `${r.date}/${r.fingerprint.id}`));
  for (const run of runs) {
    if (!known.has(`${run.date}/${run.fingerprint.id}`)) file.runs.push(run);
  }
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, `${JSON.stringify(file, null, 1)}\n`);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new BenchHistoryError(
      `Cannot write the benchmark history ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
    );
  }
  return file;
}
