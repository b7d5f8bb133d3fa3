import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sweepStaleTemporaries, temporaryPathFor } from './temporary-files.js';

/**
 * Writes a file so that readers see either the old file or the complete new
 * one: the content goes to a temporary file in the same directory, which is
 * then renamed over the target. On failure the temporary file is removed;
 * those left by killed processes are swept first.
 * `produce` may write the temporary path itself (for libraries that write
 * files) or return the content.
 */
export async function writeFileAtomic(
  target: string,
  produce: (temporaryPath: string) => Promise<string | Uint8Array | undefined>,
): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  sweepStaleTemporaries(dirname(target));
  const temporary = temporaryPathFor(target);
  try {
    const content = await produce(temporary);
    if (content !== undefined) await writeFile(temporary, content);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true, recursive: true });
    throw error;
  }
}
