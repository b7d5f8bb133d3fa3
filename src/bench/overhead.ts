import { BenchRegressionError } from '../errors/index.js';
import { spread, type BenchRun, type Spread } from './bench-run.js';

/** The decimal overhead of one cell: decimal+Rust CPU time ÷ float CPU time, per round. */
export interface CellOverhead {
  cell: string;
  /** Median and range of the per-round ratios (each round's two children ran side by side). */
  ratio: Spread;
  rounds: number;
}

/**
 * The decimal+Rust ÷ float ratio of event-loop CPU time for each cell with
 * both modes measured: one ratio per round (the two children of a round ran
 * next to each other, so they saw the same load), then the median.
 */
export function decimalOverheads(run: BenchRun): CellOverhead[] {
  const out: CellOverhead[] = [];
  for (const cell of new Set(run.results.map((r) => r.cell))) {
    const find = (mode: string) =>
      run.results.find((r) => r.cell === cell && r.mode === mode && r.status === 'ok');
    const decimal = find('decimal-rust');
    const float = find('float-rust');
    if (decimal === undefined || float === undefined) continue;
    const n = Math.min(decimal.samples.length, float.samples.length);
    const ratios = Array.from(
      { length: n },
      (_, i) => decimal.samples[i].simulateCpuMs / float.samples[i].simulateCpuMs,
    );
    out.push({ cell, ratio: spread(ratios), rounds: n });
  }
  return out;
}

/**
 * Checks the decimal overhead against a limit (e.g. 1.30: decimal+Rust at most
 * 30 % slower than float) and returns one line per cell.
 *
 * @throws BenchRegressionError naming the cells over the limit, or when no cell has both modes.
 */
export function checkOverhead(run: BenchRun, limit: number): string {
  const overheads = decimalOverheads(run);
  if (overheads.length === 0) {
    throw new BenchRegressionError(
      '--max-overhead needs cells measured in both decimal-rust and float-rust; none was (did they fail?).',
    );
  }
  const lines = overheads.map(
    (o) =>
      `  ${o.ratio.median > limit ? 'OVER ' : 'ok   '} ${o.cell}: decimal+Rust ÷ float ${o.ratio.median.toFixed(3)} (${o.ratio.min.toFixed(3)}–${o.ratio.max.toFixed(3)} over ${o.rounds} rounds), limit ${limit.toFixed(2)}`,
  );
  const over = overheads.filter((o) => o.ratio.median > limit);
  if (over.length > 0) {
    throw new BenchRegressionError(
      `decimal+Rust is slower than float beyond the limit ${limit.toFixed(2)} in ${over.map((o) => `${o.cell} (${o.ratio.median.toFixed(3)})`).join(', ')}.\n${lines.join('\n')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
