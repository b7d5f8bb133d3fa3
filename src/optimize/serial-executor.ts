import type { PreparedMarket } from '../engine/algorithm/prepared-market.js';
import type { RecordListener, SweepExecutor } from './executor.js';
import { runTask, type RunRecord, type SweepBacktest, type SweepTask } from './sweep-run.js';
import type { SweepStrategy } from './sweep-strategy.js';

/** Runs the tasks one after another in this thread, on one prepared market. */
export class SerialExecutor implements SweepExecutor {
  readonly kind = 'serial';

  /**
   * @param market - the market every run reads
   * @param strategy - the strategy file, loaded once
   * @param backtest - what every run shares (cash, numeric mode, fills)
   * @param keepResults - keep each run's results JSON in its record
   */
  constructor(
    private readonly market: PreparedMarket,
    private readonly strategy: SweepStrategy,
    private readonly backtest: SweepBacktest,
    private readonly keepResults = false,
  ) {}

  async run(tasks: readonly SweepTask[], onRecord?: RecordListener): Promise<RunRecord[]> {
    const records: RunRecord[] = [];
    for (const task of tasks) {
      const record = await runTask(
        this.market,
        this.strategy,
        this.backtest,
        task,
        this.keepResults,
      );
      records.push(record);
      onRecord?.(record, records.length, tasks.length);
    }
    return records;
  }

  async close(): Promise<void> {}
}
