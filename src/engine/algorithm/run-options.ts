import type { TradingCalendar } from '../../calendar/index.js';
import type { BarFrame, Frequency } from '../../data/bar-frame.js';
import type { DataSource } from '../../data/sources/data-source.js';
import { ConfigError } from '../../errors/index.js';
import type { DecimalConfig } from '../../numeric/decimal-config.js';
import type { NumericMode } from '../../numeric/numeric.js';
import type { ModelChoice } from '../simulated-account.js';
import type { CommissionModel } from '../commission/index.js';
import type { FillReference } from '../blotter/fill-rules.js';
import type { SlippageModel } from '../slippage/index.js';
import type { Strategy } from './strategy.js';
import type { AlgorithmContext } from './algorithm-context.js';
import type { BarData } from './bar-data.js';
import type { BacktestResults } from './results.js';
import type { ParamValue } from './strategy-params.js';

/** Data frequency names of `runAlgorithm`, zipline's words. */
export type DataFrequency = 'daily' | 'hourly' | 'minute';

/** The strategy type `runAlgorithm` drives. */
export type AlgorithmStrategy = Strategy<AlgorithmContext, BarData, BacktestResults>;

/** Everything a backtest needs. Give exactly one of `bundle`, `dataSource` or `frames`. */
export interface RunOptions {
  /** The strategy: an object with the hooks, or the path of a module exporting them. */
  strategy: AlgorithmStrategy | string;
  /** First session, `YYYY-MM-DD`. */
  start: string;
  /** Last session, `YYYY-MM-DD`. */
  end: string;
  /** Starting cash, decimal text or a number. */
  capitalBase: string | number;
  /** Name of an ingested bundle. */
  bundle?: string;
  /** Where bundles live (default `RUSTYBT_HOME` or `~/.rustybt`). */
  home?: string;
  /** Check the bundle's files against their recorded checksums while loading (default true). */
  verifyData?: boolean;
  /** A data source fetched for the run; needs `symbols`. */
  dataSource?: DataSource;
  /** Bars in memory, one frame per symbol. */
  frames?: readonly BarFrame[];
  /** Symbols to load (all of a bundle's when omitted). */
  symbols?: readonly string[];
  /** `daily` (default), `hourly` or `minute`. */
  dataFrequency?: DataFrequency;
  /** Trading calendar name (`XNYS`, the default, or `24/7`) or a calendar. */
  calendar?: string | TradingCalendar;
  /** `decimal` (exact, default) or `float`. */
  numeric?: NumericMode;
  /** Symbol of the benchmark asset (must be in the data); `setBenchmark` in initialize overrides it. */
  benchmark?: string;
  /** Commission model for every asset or per asset class (defaults per class otherwise). */
  commission?: ModelChoice<CommissionModel>;
  /** Slippage model for every asset or per asset class (defaults per class otherwise). */
  slippage?: ModelChoice<SlippageModel>;
  /** Scales and rounding (default: `decimalConfig()`). */
  decimalConfig?: DecimalConfig;
  /** Price an order fills at on the next bar: `open` (default) or `close`. */
  fillPrice?: FillReference;
  /** Asset class of the data's symbols when the data does not say: `equity`, or `crypto` on a 24/7 calendar. */
  assetClass?: 'equity' | 'crypto' | 'forex';
  /** Account currency (default: the quote currency of the first asset: `USD`, or `BTC/USDT` → `USDT`). */
  currency?: string;
  /**
   * The strategy's parameters, read in the strategy as `ctx.params` (frozen):
   * finite numbers, strings or booleans by identifier. What a sweep varies.
   */
  params?: Readonly<Record<string, ParamValue>>;
  /** Called as bars are processed (for progress bars). */
  onProgress?: (barsDone: number, barsTotal: number) => void;
  /**
   * Sessions of history to load before `start` (default 0): `data.history`
   * and declared indicators see them from the first bar, as if the data had
   * been flowing; the strategy does not run and nothing trades before `start`,
   * and results cover `start` to `end` only.
   */
  warmupSessions?: number;
}

/** What a prepared market is made of: where the bars come from, the range, the calendar and the scales. */
export type MarketOptions = Pick<
  RunOptions,
  | 'start'
  | 'end'
  | 'bundle'
  | 'home'
  | 'dataSource'
  | 'frames'
  | 'symbols'
  | 'dataFrequency'
  | 'calendar'
  | 'decimalConfig'
  | 'assetClass'
  | 'currency'
  | 'warmupSessions'
>;

/** What one backtest on a prepared market adds: the strategy, cash, models, numeric mode, benchmark. */
export type BacktestOptions = Omit<RunOptions, keyof MarketOptions>;

const FREQUENCIES: Record<DataFrequency, Frequency> = { daily: '1d', hourly: '1h', minute: '1m' };

/**
 * The bar frequency of a data frequency name.
 *
 * @throws ConfigError for an unknown name.
 */
export function frequencyOf(name: string | undefined): Frequency {
  const frequency = FREQUENCIES[(name ?? 'daily') as DataFrequency];
  if (frequency === undefined) {
    throw new ConfigError(
      `dataFrequency must be daily, hourly or minute, got ${JSON.stringify(name)}.`,
    );
  }
  return frequency;
}
