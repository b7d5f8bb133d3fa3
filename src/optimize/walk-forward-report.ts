import { escapeXml } from './heatmap-svg.js';
import { formatParams } from './sweep-report.js';
import type { WalkForwardOutcome } from './walk-forward.js';

/** The out-of-sample equity as an SVG line chart, test windows' starts marked. */
export function equitySvg(outcome: WalkForwardOutcome, width = 720, height = 260): string {
  const points = outcome.equity;
  if (points.length === 0) return '<p>No test window ran.</p>';
  const pad = { left: 60, right: 16, top: 24, bottom: 36 };
  const values = points.map((p) => p.value);
  const low = Math.min(1, ...values);
  const high = Math.max(1, ...values);
  const x = (k: number) =>
    pad.left + (k / Math.max(1, points.length - 1)) * (width - pad.left - pad.right);
  const y = (v: number) =>
    pad.top + (1 - (v - low) / (high - low || 1)) * (height - pad.top - pad.bottom);
  const path = points
    .map((p, k) => `${k === 0 ? 'M' : 'L'}${x(k).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(' ');
  const marks = outcome.windows
    .filter((w) => w.test !== undefined)
    .map((w) => {
      const k = points.findIndex((p) => p.session === w.test!.sessions[0]);
      return `<line x1="${x(k)}" x2="${x(k)}" y1="${pad.top}" y2="${height - pad.bottom}" stroke="#bbb" stroke-dasharray="3,3"/><text x="${x(k) + 3}" y="${height - pad.bottom + 14}" font-size="9">${w.window.testStart}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="10">
<text x="${width / 2}" y="14" text-anchor="middle" font-size="13">Out-of-sample equity (from 1)</text>
<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(1)}" y2="${y(1)}" stroke="#888"/>
<text x="${pad.left - 6}" y="${y(high) + 3}" text-anchor="end">${high.toFixed(4)}</text>
<text x="${pad.left - 6}" y="${y(low) + 3}" text-anchor="end">${low.toFixed(4)}</text>
${marks}
<path d="${path}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>
</svg>`;
}

/** The walk-forward report: windows (ranges, best parameters, train and test objective), OOS equity and statistics. */
export function walkForwardReportHtml(
  outcome: WalkForwardOutcome,
  objective: string,
  title: string,
): string {
  const rows = outcome.windows
    .map(
      (w) =>
        `<tr><td>${w.window.trainStart} → ${w.window.trainEnd}</td><td>${w.window.testStart} → ${w.window.testEnd}</td><td>${escapeXml(w.params === undefined ? 'none' : formatParams(w.params))}</td><td>${fmt(w.trainObjective)}</td><td>${fmt(w.test?.statistics[objective])}</td><td>${fmt(w.test?.statistics.totalReturn)}</td><td>${w.sweep.sweepId}</td></tr>`,
    )
    .join('\n');
  const stats = [
    'totalReturn',
    'annualReturn',
    'sharpe',
    'sortino',
    'maxDrawdown',
    'annualVolatility',
  ]
    .map((s) => `<tr><th>${s}</th><td>${fmt(outcome.statistics[s])}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}</style>
</head><body>
<h1>${escapeXml(title)}</h1>
<h2>Windows</h2>
<table><thead><tr><th>train</th><th>test</th><th>best parameters (train)</th><th>train ${escapeXml(objective)}</th><th>test ${escapeXml(objective)}</th><th>test total return</th><th>sweep</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Out of sample</h2>
${equitySvg(outcome)}
<table>${stats}</table>
</body></html>
`;
}

function fmt(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? 'n/a'
    : value.toFixed(4);
}
