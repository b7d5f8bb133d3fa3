import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BarFrame } from '../bar-frame.js';
import { loadBundle, writeBundle, type Adjustment, type WrittenBundle } from '../bundles/index.js';
import { RustybtError } from '../../errors/index.js';

/** What one cache entry's files hold. */
export interface EntryContents {
  frames: BarFrame[];
  adjustments: Adjustment[];
}

/** Why an entry could not be read: its files are missing, altered or undecodable. */
export class InvalidEntry extends Error {
  /** Directory of the damaged entry. */
  readonly path: string;

  /**
   * @param path - directory of the entry
   * @param message - which file was wrong and how
   */
  constructor(path: string, message: string, options?: ErrorOptions) {
    super(`${path}: ${message}`, options);
    this.name = 'InvalidEntry';
    this.path = path;
  }
}

/**
 * Writes an entry's bars and corporate actions in the bundle format (Parquet
 * with exact DECIMAL columns, a manifest with each file's size and SHA-256)
 * under `<cacheHome>/bundles/<key>/<version>`, atomically: a temporary
 * directory renamed into place.
 */
export function writeEntryFiles(
  cacheHome: string,
  key: string,
  contents: EntryContents,
  now: Date,
  onFileWritten?: (path: string) => void,
  provenance?: Record<string, unknown>,
): Promise<WrittenBundle> {
  return writeBundle(key, contents, { home: cacheHome, now: () => now, onFileWritten, provenance });
}

/** The files a hit reads (Parquet bars, assets, adjustments); the fast-load copies are not read. */
export function readsFile(path: string): boolean {
  return path.endsWith('.parquet');
}

/**
 * Reads an entry's bars from its Parquet files after checking each file read
 * against the size and SHA-256 the catalog recorded. Returns the contents and
 * the bytes read.
 *
 * @throws InvalidEntry when a file is missing, has another size or digest, or does not decode.
 */
export async function readEntryFiles(
  path: string,
  files: readonly { path: string; bytes: number; sha256: string }[],
): Promise<{ contents: EntryContents; bytes: number }> {
  let bytes = 0;
  for (const file of files.filter((f) => readsFile(f.path))) {
    let data: Buffer;
    try {
      data = readFileSync(join(path, file.path));
    } catch (error) {
      throw new InvalidEntry(path, `${file.path} is missing`, { cause: error });
    }
    if (data.length !== file.bytes) {
      throw new InvalidEntry(
        path,
        `${file.path} has ${data.length} bytes, the catalog recorded ${file.bytes}`,
      );
    }
    if (createHash('sha256').update(data).digest('hex') !== file.sha256) {
      throw new InvalidEntry(path, `${file.path} does not match its recorded SHA-256`);
    }
    bytes += data.length;
  }
  try {
    const loaded = await loadBundle(basename(dirname(path)), {
      home: dirname(dirname(dirname(path))),
      version: basename(path),
      form: 'parquet',
    });
    return { contents: { frames: loaded.frames, adjustments: loaded.adjustments }, bytes };
  } catch (error) {
    if (error instanceof RustybtError || error instanceof SyntaxError) {
      throw new InvalidEntry(path, `could not be decoded: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** Deletes an entry's directory, and the key's directory once no version is left in it. */
export function removeEntryFiles(path: string): void {
  rmSync(path, { recursive: true, force: true });
  try {
    if (readdirSync(dirname(path)).length === 0) rmdirSync(dirname(path));
  } catch {
    // Another writer is using the key's directory, or it is already gone.
  }
}
