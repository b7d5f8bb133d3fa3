import type { ParamValue } from '../engine/algorithm/strategy-params.js';
import { escapeXml, heatmapSvg, type HeatmapData } from './heatmap-svg.js';
import { objectiveValue } from './objective.js';
import type { SweepOutcome } from './sweep.js';
import type { RunRecord } from './sweep-run.js';

const SHOWN = ['totalReturn', 'annualReturn', 'sharpe', 'sortino', 'maxDrawdown', 'tradeCount'];

/**
 * The heatmap of the objective over the sweep's first two parameters with
 * more than one value, the others held at the best run's values; undefined
 * when fewer than two parameters vary.
 */
export function objectiveHeatmap(outcome: SweepOutcome): HeatmapData | undefined {
  const varying = Object.entries(outcome.space).filter(([, values]) => values.length > 1);
  if (varying.length < 2) return undefined;
  const [[rowName, rowValues], [columnName, columnValues]] = varying;
  const held = outcome.best?.params ?? outcome.records[0]?.params ?? {};
  const byKey = new Map<string, RunRecord>();
  for (const record of outcome.records) byKey.set(keyOf(record.params), record);
  const values = rowValues.map((row) =>
    columnValues.map((column) => {
      const record = byKey.get(keyOf({ ...held, [rowName]: row, [columnName]: column }));
      return record === undefined ? NaN : (objectiveValue(record, outcome.objective) ?? NaN);
    }),
  );
  const others = varying.slice(2).map(([name]) => `${name}=${String(held[name])}`);
  return {
    title: `${outcome.objective.statistic} by ${rowName} and ${columnName}${others.length > 0 ? ` (${others.join(', ')})` : ''}`,
    rowLabel: rowName,
    columnLabel: columnName,
    rows: rowValues.map(String),
    columns: columnValues.map(String),
    values,
  };
}

/**
 * A self-contained HTML report of a sweep: what ran on what, the best
 * parameters, the heatmap of the objective, the runs ranked by it (the top
 * `top`), and the failed runs with their errors.
 */
export function sweepReportHtml(outcome: SweepOutcome, top = 25, extra = ''): string {
  const { objective } = outcome;
  const ranked = outcome.records
    .filter((r) => objectiveValue(r, objective) !== undefined)
    .sort((a, b) => {
      const d = objectiveValue(b, objective)! - objectiveValue(a, objective)!;
      return (objective.direction === 'max' ? d : -d) || a.index - b.index;
    });
  const failed = outcome.records.filter((r) => r.status === 'failed');
  const names = Object.keys(outcome.space);
  const heatmap = objectiveHeatmap(outcome);
  const header = [...names, ...SHOWN].map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const rows = ranked
    .slice(0, top)
    .map(
      (r) =>
        `<tr${r === outcome.best ? ' class="best"' : ''}>${names.map((n) => `<td>${escapeXml(String(r.params[n]))}</td>`).join('')}${SHOWN.map((s) => `<td>${formatStat(r.statistics[s])}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const failures = failed
    .map(
      (r) =>
        `<tr>${names.map((n) => `<td>${escapeXml(String(r.params[n]))}</td>`).join('')}<td>${escapeXml(`${r.error?.code}: ${r.error?.message}`)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rustybt sweep ${outcome.sweepId}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}tr.best{background:#e6f0ff;font-weight:bold}code{font-size:90%}</style>
</head><body>
<h1>Parameter sweep ${escapeXml(outcome.sweepId)}</h1>
<p>Strategy <code>${escapeXml(outcome.strategyPath)}</code> (sha256 <code>${outcome.strategyHash.slice(0, 16)}</code>) on ${escapeXml(outcome.dataOrigin)} (data version <code>${outcome.dataVersion.slice(0, 16)}</code>); ${outcome.records.length} runs on the ${escapeXml(outcome.executor)} executor, ${failed.length} failed. Objective: ${objective.direction === 'max' ? 'maximize' : 'minimize'} ${escapeXml(objective.statistic)}.</p>
<h2>Best parameters</h2>
<p>${outcome.best === undefined ? 'No run has a value for the objective.' : `${escapeXml(formatParams(outcome.best.params))}: ${escapeXml(objective.statistic)} ${formatStat(objectiveValue(outcome.best, objective))}`}</p>
${heatmap === undefined ? '' : `<h2>Objective heatmap</h2>\n${heatmapSvg(heatmap)}`}
${extra}
<h2>Runs by ${escapeXml(objective.statistic)} (top ${Math.min(top, ranked.length)} of ${ranked.length})</h2>
<table><thead><tr>${header}</tr></thead><tbody>
${rows}
</tbody></table>
${failed.length === 0 ? '' : `<h2>Failed runs</h2><table><thead><tr>${names.map((n) => `<th>${escapeXml(n)}</th>`).join('')}<th>error</th></tr></thead><tbody>\n${failures}\n</tbody></table>`}
</body></html>
`;
}

/** `fast=10, slow=40` */
export function formatParams(params: Readonly<Record<string, ParamValue>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(', ');
}

function formatStat(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

function keyOf(params: Readonly<Record<string, ParamValue>>): string {
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k]]),
  );
}
