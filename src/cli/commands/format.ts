/** Bytes for humans: `1.5 MB`, with powers of 1024 and one decimal. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A UTC epoch ms as `YYYY-MM-DD` (midnight) or `YYYY-MM-DD HH:MM`; `-` for null. */
export function formatBarTime(ms: number | null): string {
  if (ms === null) return '-';
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z')
    ? iso.slice(0, 10)
    : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Rows as left-aligned columns two spaces apart, header first, each line ending in a newline. */
export function formatTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** An ISO-8601 UTC time as `YYYY-MM-DD` (midnight) or `YYYY-MM-DD HH:MM`; `-` for null. */
export function formatIsoTime(iso: string | null): string {
  return iso === null ? '-' : formatBarTime(Date.parse(iso));
}
