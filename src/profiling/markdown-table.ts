/** A Markdown table; columns whose header starts with a space are right-aligned. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const align = headers.map((h) => (h.startsWith(' ') ? '---:' : '---'));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers.map((h) => h.trim())), line(align), ...rows.map(line)].join('\n');
}

/** Milliseconds with one decimal. */
export const ms = (value: number): string => value.toFixed(1);

/** A share as a percentage with one decimal. */
export const pct = (part: number, whole: number): string =>
  whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '–';

/** Bytes in MB with one decimal. */
export const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);

/** A call count with thousands separators, or `–` when unknown. */
export const calls = (count: number | null): string =>
  count === null ? '–' : count.toLocaleString('en-US');

/** `before → after (±change %)` of two times. */
export function change(before: number, after: number): string {
  const delta =
    before > 0
      ? ` (${after >= before ? '+' : ''}${((100 * (after - before)) / before).toFixed(0)} %)`
      : '';
  return `${ms(before)} → ${ms(after)}${delta}`;
}
