/**
 * `rustybt/bench`: the benchmark grid behind `rustybt bench`, as a library.
 * Run cells in child processes, keep runs in a history, compare them with a
 * baseline, write the dashboard and the validation report.
 *
 * @packageDocumentation
 */
export { runBenchmarkGrid, type BenchGridOptions, type BenchProgress } from './run-grid.js';
export {
  BENCH_MODULES,
  type BenchRun,
  type CellResult,
  type BenchModule,
  type ModuleSplit,
  type Spread,
} from './bench-run.js';
export {
  BENCH_MODES,
  BENCH_SIZES,
  gridCells,
  type BenchMode,
  type BenchSize,
  type BenchCell,
} from './grid-cells.js';
export type { MachineFingerprint } from './fingerprint.js';
export type { MarketShape } from './workloads.js';
export { BenchHistoryStore, benchHistoryPath } from './history-store.js';
export { readHistoryFile, appendToHistoryFile, type BenchHistoryFile } from './history-file.js';
export {
  compareRuns,
  findBaseline,
  REGRESSION_TOLERANCE,
  type Comparison,
  type CellComparison,
} from './compare.js';
export { decimalOverheads, checkOverhead, type CellOverhead } from './overhead.js';
export { writeBenchReport } from './report-page.js';
export { writeValidationDoc, validationMarkdown } from './validation-doc.js';
export { summaryTable } from './summary-table.js';
