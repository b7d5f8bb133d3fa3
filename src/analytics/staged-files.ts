import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
 * that did not exist before are removed too.
 */
export async function writeFilesAtomic(files: readonly StagedFile[]): Promise<void> {
  const staged: { target: string; temporary: string; existed: boolean }[] = [];
  const renamed: typeof staged = [];
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true });
      const temporary = join(
        dirname(file.path),
        `.${basename(file.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
      );
      staged.push({ target: file.path, temporary, existed: existsSync(file.path) });
      const content = await file.produce(temporary);
      if (content !== undefined) await writeFile(temporary, content);
    }
    for (const entry of staged) {
      await rename(entry.temporary, entry.target);
      renamed.push(entry);
    }
  } catch (error) {
    await Promise.all(staged.map((entry) => rm(entry.temporary, { force: true, recursive: true })));
    await Promise.all(
      renamed.filter((entry) => !entry.existed).map((entry) => rm(entry.target, { force: true })),
    );
    throw error;
  }
}
