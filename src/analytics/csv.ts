import { rowCount, type Table } from './table.js';

/**
 * Renders a table as RFC 4180 CSV (comma-separated, CRLF line ends, fields
 * quoted when they hold a comma, quote or line break). Numbers are written
 * in JS's shortest round-trip form; NaN as an empty field.
 */
export function tableToCsv(table: Table): string {
  const lines = [table.columns.map((column) => quote(column.name)).join(',')];
  const rows = rowCount(table);
  for (let row = 0; row < rows; row++) {
    lines.push(table.columns.map((column) => cell(column.values[row])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  return quote(value);
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
