// What `rustybt report` does: loaded only when the command runs.
import { statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { reportFromFiles } from '../../analytics/report/render-report.js';

/** The report path `rustybt report` writes when `-o` is not given. */
export function defaultReportPath(results: readonly string[]): string {
  if (results.length > 1) return 'comparison.html';
  const [file] = results;
  return join(dirname(file), `${basename(file, extname(file))}.html`);
}

/**
 * Writes the report of one results file, or the comparison of several, and
 * returns the line to print.
 *
 * @throws ReportError for an output that cannot be written (before reading the results),
 *   ResultsFileError for results that cannot be used.
 */
export async function reportAction(results: readonly string[], output?: string): Promise<string> {
  const path = output ?? defaultReportPath(results);
  const started = performance.now();
  await reportFromFiles(results, path);
  const size = statSync(path).size;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  return `Report written to ${path} (${formatSize(size)}, ${seconds} s)${results.length > 1 ? `: ${results.length} runs compared` : ''}\n`;
}

/** Bytes as `812 KB` or `3.4 MB`. */
export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
