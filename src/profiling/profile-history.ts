import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from './run-summary.js';

/** Directory of the run summaries under an output directory. */
export function historyDirectory(out: string): string {
  return join(out, 'history');
}

/** All summaries kept under `out`, oldest first (file names start with the timestamp). */
export function readHistory(out: string): RunSummary[] {
  let names: string[];
  try {
    names = readdirSync(historyDirectory(out));
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map(
      (name) => JSON.parse(readFileSync(join(historyDirectory(out), name), 'utf8')) as RunSummary,
    )
    .filter((summary) => summary.format === 'rustybt-profile-summary/1');
}

/** The latest kept summary of the same configuration (same stem), if any. */
export function previousRun(out: string, stem: string): RunSummary | undefined {
  return readHistory(out)
    .filter((summary) => summary.stem === stem)
    .at(-1);
}

/** Keeps a summary as `<out>/history/<timestamp>-<stem>.json` (written to a temp file, then renamed). */
export function keepSummary(out: string, summary: RunSummary): string {
  const dir = historyDirectory(out);
  mkdirSync(dir, { recursive: true });
  const stamp = summary.environment.timestamp.replace(/[:.]/g, '-');
  const path = join(dir, `${stamp}-${summary.stem}.json`);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(summary, null, 1)}\n`);
  renameSync(`${path}.tmp`, path);
  return path;
}
