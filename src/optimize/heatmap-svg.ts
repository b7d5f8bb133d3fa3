/** A grid of values to draw: `values[row][column]`, NaN where there is none. */
export interface HeatmapData {
  title: string;
  rowLabel: string;
  columnLabel: string;
  rows: readonly string[];
  columns: readonly string[];
  values: readonly (readonly number[])[];
}

const CELL = 34;
const MARGIN = { left: 70, top: 40, right: 20, bottom: 50 };

/**
 * Draws a heatmap as a standalone SVG: one cell per (row, column), coloured
 * from red (lowest) through white to blue (highest), the value written in
 * the cell; empty cells (NaN: not run, failed, refused by the constraint) are grey.
 */
export function heatmapSvg(data: HeatmapData): string {
  const width = MARGIN.left + data.columns.length * CELL + MARGIN.right;
  const height = MARGIN.top + data.rows.length * CELL + MARGIN.bottom;
  const finite = data.values.flat().filter(Number.isFinite);
  const low = finite.length === 0 ? 0 : Math.min(...finite);
  const high = finite.length === 0 ? 1 : Math.max(...finite);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="10">`,
    `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13">${escapeXml(data.title)}</text>`,
  ];
  data.rows.forEach((row, r) => {
    const y = MARGIN.top + r * CELL;
    parts.push(
      `<text x="${MARGIN.left - 6}" y="${y + CELL / 2 + 3}" text-anchor="end">${escapeXml(row)}</text>`,
    );
    data.columns.forEach((_, c) => {
      const x = MARGIN.left + c * CELL;
      const value = data.values[r][c];
      const fill = Number.isFinite(value) ? colour(value, low, high) : '#d9d9d9';
      parts.push(
        `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${fill}" stroke="#fff"><title>${escapeXml(`${data.rowLabel}=${row}, ${data.columnLabel}=${data.columns[c]}: ${Number.isFinite(value) ? value : 'n/a'}`)}</title></rect>`,
      );
      if (Number.isFinite(value)) {
        parts.push(
          `<text x="${x + CELL / 2}" y="${y + CELL / 2 + 3}" text-anchor="middle" font-size="8">${formatCell(value)}</text>`,
        );
      }
    });
  });
  data.columns.forEach((column, c) => {
    const x = MARGIN.left + c * CELL + CELL / 2;
    const y = MARGIN.top + data.rows.length * CELL + 14;
    parts.push(`<text x="${x}" y="${y}" text-anchor="middle">${escapeXml(column)}</text>`);
  });
  parts.push(
    `<text x="${MARGIN.left + (data.columns.length * CELL) / 2}" y="${height - 8}" text-anchor="middle" font-size="12">${escapeXml(data.columnLabel)}</text>`,
    `<text x="14" y="${MARGIN.top + (data.rows.length * CELL) / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${MARGIN.top + (data.rows.length * CELL) / 2})">${escapeXml(data.rowLabel)}</text>`,
    '</svg>',
  );
  return parts.join('\n');
}

/** Red below the middle of the range, blue above, white in the middle. */
function colour(value: number, low: number, high: number): string {
  const t = high === low ? 0.5 : (value - low) / (high - low);
  const toward = (from: number, to: number, k: number) => Math.round(from + (to - from) * k);
  if (t < 0.5) {
    const k = t / 0.5;
    return `rgb(${toward(215, 255, k)},${toward(48, 255, k)},${toward(39, 255, k)})`;
  }
  const k = (t - 0.5) / 0.5;
  return `rgb(${toward(255, 69, k)},${toward(255, 117, k)},${toward(255, 180, k)})`;
}

function formatCell(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

/** Text safe inside XML and HTML. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
