/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A value for a `data-value` attribute: the exact number, or empty for none. */
export function dataValue(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return escapeHtml(value);
}

/** One HTML table: a header row and body rows of already-escaped cells. */
export function htmlTable(
  id: string,
  headers: { label: string; numeric?: boolean }[],
  rows: string[][],
  options: { sortable?: boolean; caption?: string } = {},
): string {
  const head = headers
    .map((h) => `<th${h.numeric === true ? ' class="num"' : ''}>${escapeHtml(h.label)}</th>`)
    .join('');
  const body = rows
    .map(
      (cells) =>
        `<tr>${cells.map((c, i) => (headers[i]?.numeric === true ? c.replace(/^<td/, '<td class="num"') : c)).join('')}</tr>`,
    )
    .join('\n');
  const caption =
    options.caption === undefined ? '' : `<caption>${escapeHtml(options.caption)}</caption>`;
  return `<table id="${id}"${options.sortable === true ? ' class="sortable"' : ''}>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A table cell with the shown text and, when given, the exact value behind it. */
export function td(shown: string, value?: number | string | null, title?: string): string {
  const data = value === undefined ? '' : ` data-value="${dataValue(value)}"`;
  const tip = title === undefined ? '' : ` title="${escapeHtml(title)}"`;
  return `<td${data}${tip}>${escapeHtml(shown)}</td>`;
}

const STYLE = `
:root { color-scheme: light; --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --bg: #f9fafb; --blue: #2563eb; --red: #dc2626; --green: #15803d; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 1080px; margin: 0 auto; padding: 24px 20px 64px; }
header h1 { font-size: 22px; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
h2 { font-size: 17px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 18px 0 6px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 18px 0 6px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .label { color: var(--muted); font-size: 12px; }
.card .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.pos { color: var(--green); } .neg { color: var(--red); }
figure { margin: 14px 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px 6px; }
figure h3 { margin: 0 0 2px; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 12px; margin: 2px 0 4px; }
figure.missing { background: #fffbeb; border-color: #fde68a; }
figure.missing p { margin: 4px 0 6px; color: #92400e; }
.notes { background: #fffbeb; border: 1px solid #fde68a; border-radius: 8px; padding: 8px 12px; color: #92400e; margin-top: 14px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 14px; }
.grid2 > div { min-width: 0; }
@media (max-width: 820px) { .grid2 { grid-template-columns: 1fr; } }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); border-radius: 8px; font-variant-numeric: tabular-nums; margin: 6px 0 10px; }
caption { caption-side: bottom; text-align: left; color: var(--muted); font-size: 12px; padding: 4px 2px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { background: #f3f4f6; font-weight: 600; font-size: 12px; }
td.num, th.num { text-align: right; }
tr:last-child td { border-bottom: none; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th::after { content: " ↕"; color: #9ca3af; font-size: 10px; }
.stats td:first-child { width: 55%; }
.scroll { max-height: 520px; overflow: auto; border-radius: 8px; }
#round-trips th, #round-trips td { padding: 3px 6px; font-size: 12px; }
footer { color: var(--muted); font-size: 12px; margin-top: 36px; }
`;

// Sorts a table by the clicked column, numerically by data-value where cells carry one.
const SORT_SCRIPT = `
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, column) {
    th.addEventListener('click', function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var descending = th.getAttribute('data-order') !== 'desc';
      table.querySelectorAll('th').forEach(function (other) { other.removeAttribute('data-order'); });
      th.setAttribute('data-order', descending ? 'desc' : 'asc');
      var key = function (row) {
        var cell = row.cells[column];
        var value = cell.getAttribute('data-value');
        var number = value === null || value === '' ? NaN : Number(value);
        return isNaN(number) ? cell.textContent : number;
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
`;

/** The whole page: one self-contained HTML document (inline style, inline SVG, no network). */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rustybt">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}
