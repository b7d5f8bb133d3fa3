export {
  range,
  checkSpace,
  gridOf,
  type ParameterSpace,
  type Constraint,
} from './parameter-space.js';
export { parseGrid } from './grid-spec.js';
export { randomCombinations } from './random-search.js';
export { loadSweepStrategy, strategyHash, type SweepStrategy } from './sweep-strategy.js';
export type { SweepTask, SweepBacktest, RunRecord } from './sweep-run.js';
export type { SweepExecutor, RecordListener } from './executor.js';
export { SerialExecutor } from './serial-executor.js';
export { ThreadExecutor } from './thread-executor.js';
export { shareMarket, marketFromShared, type SharedMarket } from './shared-market.js';
export { marketChecksum } from './market-checksum.js';
export { checkObjective, bestRecord, STATISTICS, type Objective } from './objective.js';
export {
  runSweep,
  serialExecutor,
  threadExecutor,
  type SweepOptions,
  type SweepOutcome,
  type SweepSetup,
  type ExecutorFactory,
} from './sweep.js';
export { storeSweep, type StoredSweep } from './sweep-store.js';
export { sweepReportHtml } from './sweep-report.js';
export {
  runWalkForward,
  type WalkForwardOptions,
  type WalkForwardOutcome,
  type WindowOutcome,
} from './walk-forward.js';
export {
  walkForwardWindows,
  parseSpan,
  type Span,
  type WalkForwardWindow,
} from './walk-forward-windows.js';
