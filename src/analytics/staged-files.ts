import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crashPoint } from '../faults/crash-point.js';
import { sweepStaleTemporaries, temporaryPathFor } from './temporary-files.js';

/** One file of a set written together: its path and how to produce its content. */
export interface StagedFile {
  path: string;
  /** Writes the temporary path itself (returning `undefined`) or returns the content. */
  produce: (temporaryPath: string) => Promise<string | Uint8Array | undefined>;
}

/**
 * Writes several files so that a failure leaves none of them new: every file
 * is first written to a temporary path beside its target; only when all are
 * complete are they renamed into place. If producing any file fails, every
 * temporary file is removed; if a rename fails, the targets renamed so far
 * that did not exist before are removed too. Temporary files that a killed
 * process left in the target folders are swept first.
 *
 * Named crash points: `results.staging` (folders ready, nothing written),
 * `results.staged` (every temporary file complete), `results.renaming` (after
 * the first rename), `results.done`.
 */
export async function writeFilesAtomic(files: readonly StagedFile[]): Promise<void> {
  const staged: { target: string; temporary: string; existed: boolean }[] = [];
  const renamed: typeof staged = [];
  try {
    for (const folder of new Set(files.map((file) => dirname(file.path)))) {
      await mkdir(folder, { recursive: true });
      sweepStaleTemporaries(folder);
    }
    crashPoint('results.staging');
    for (const file of files) {
      const temporary = temporaryPathFor(file.path);
      staged.push({ target: file.path, temporary, existed: existsSync(file.path) });
      const content = await file.produce(temporary);
      if (content !== undefined) await writeFile(temporary, content);
    }
    crashPoint('results.staged');
    for (const entry of staged) {
      await rename(entry.temporary, entry.target);
      renamed.push(entry);
      if (renamed.length === 1) crashPoint('results.renaming');
    }
    crashPoint('results.done');
  } catch (error) {
    await Promise.all(staged.map((entry) => rm(entry.temporary, { force: true, recursive: true })));
    await Promise.all(
      renamed.filter((entry) => !entry.existed).map((entry) => rm(entry.target, { force: true })),
    );
    throw error;
  }
}
