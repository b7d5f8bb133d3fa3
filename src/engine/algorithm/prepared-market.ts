import { getCalendar, type TradingCalendar } from '../../calendar/index.js';
import { AssetFinder } from '../../assets/index.js';
import { sessionFromDate, sessionOf } from '../../assets/session-date.js';
import { formatSessionLabel } from '../../calendar/index.js';
import { frameSpan, type BarFrame, type Frequency } from '../../data/bar-frame.js';
import { BarStore } from '../../data/portal/bar-store.js';
import type { PortalSplit } from '../../data/portal/data-portal.js';
import { ConfigError, DataError } from '../../errors/index.js';
import { decimalConfig, type AssetClass } from '../../numeric/decimal-config.js';
import {
  loadMarketData,
  type MarketDataRequest,
  type MarketDividend,
  type MarketSplit,
} from './market-data.js';
import {
  frequencyOf,
  type DataFrequency,
  type MarketOptions,
  type RunOptions,
} from './run-options.js';
import { buildTimeline, type RunTimeline } from './timeline.js';

/**
 * A market loaded once and run many times: the bars laid out in a `BarStore`,
 * the timeline of sessions and bars, the assets, the corporate actions. It
 * holds no run state (no clock, no account), so any number of backtests can
 * run on it, one after another or side by side; the input frames are not kept.
 */
export interface PreparedMarket {
  /** The trading calendar of the run. */
  readonly calendar: TradingCalendar;
  /** Bar frequency. */
  readonly frequency: Frequency;
  /** `daily`, `hourly` or `minute`, as given. */
  readonly dataFrequency: DataFrequency;
  /** Sessions and bars, warm-up included. */
  readonly timeline: RunTimeline;
  /** Index of the run's first session in `timeline.sessions` (the sessions before it are warm-up). */
  readonly warmup: number;
  /** The bars, bar-major, checked at load. */
  readonly store: BarStore;
  /** The assets, sid = the store's column. */
  readonly assets: AssetFinder;
  /** Account currency. */
  readonly currency: string;
  /** Splits by symbol, as the account applies them. */
  readonly splits: readonly MarketSplit[];
  /** Splits by sid and time, as history windows adjust for them. */
  readonly portalSplits: readonly PortalSplit[];
  /** Cash dividends. */
  readonly dividends: readonly MarketDividend[];
  /** Where the data came from, for the results' metadata. */
  readonly origin: string;
  /** The origin as error messages name it (undefined for in-memory frames). */
  readonly originForMessages: string | undefined;
}

/**
 * Checks the options every run needs before anything is loaded.
 *
 * @throws ConfigError for an unknown frequency or calendar, a malformed date, or start after end.
 */
export function checkMarketOptions(options: MarketOptions): void {
  frequencyOf(options.dataFrequency);
  resolveCalendar(options.calendar);
  const start = sessionFromDate(options.start, 'start');
  const end = sessionFromDate(options.end, 'end');
  if (start > end) {
    throw new ConfigError(`start ${options.start} is after end ${options.end}.`);
  }
}

/**
 * Loads the bars of a backtest (from frames, a bundle or a data source) and
 * lays them out once for any number of runs (`runOnMarket`).
 *
 * @throws ConfigError for bad options; DataError for missing or unusable data
 *   (naming the range or symbols available) and for malformed bars.
 */
export async function prepareMarket(options: MarketOptions): Promise<PreparedMarket> {
  checkMarketOptions(options);
  const frequency = frequencyOf(options.dataFrequency);
  const calendar = resolveCalendar(options.calendar);
  const start = sessionFromDate(options.start, 'start');
  const end = sessionFromDate(options.end, 'end');
  const config = options.decimalConfig ?? decimalConfig();
  const warmupStart = warmupStartOf(calendar, start, options.warmupSessions);
  const request: MarketDataRequest = options;
  const loaded = await loadMarketData(request, frequency, { start: warmupStart, end }, calendar);
  const timeline = buildTimeline(calendar, warmupStart, end, frequency);
  // Sessions before `start` only feed history and indicators.
  const warmup = timeline.sessions.findIndex((label) => label >= start);
  if (warmup >= 0) {
    // Holidays at either end do not count: compare the run's first and last sessions with the data.
    checkRange(
      loaded.frames,
      timeline.sessions[warmup],
      timeline.sessions[timeline.sessions.length - 1],
    );
  }
  if (warmup < 0 || timeline.bars.length === timeline.sessionStart[warmup]) {
    throw new DataError(
      `${calendar.name} has no sessions between ${options.start} and ${options.end}.`,
    );
  }

  const assetClass = options.assetClass ?? (calendar.annualization === 365 ? 'crypto' : 'equity');
  const assets = new AssetFinder(config);
  for (const frame of loaded.frames) {
    const info = loaded.assetInfo.get(frame.symbol);
    const cls = (info?.assetClass ?? assetClass) as AssetClass;
    // The span, not the columns: a bundle's frames are read only when laid into the store.
    const span = frameSpan(frame);
    const firstSession = sessionOf(span?.first ?? Number.NaN);
    const lastSession = sessionOf(span?.last ?? Number.NaN);
    assets.add({
      assetClass: cls,
      symbol: frame.symbol,
      exchange: info?.exchange ?? calendar.name,
      quoteCurrency: options.currency ?? quoteCurrencyOf(frame.symbol, cls),
      startDate: firstSession,
      // An asset whose data runs to the end keeps trading; one whose data stops earlier is closed out.
      endDate:
        lastSession >= timeline.sessions[timeline.sessions.length - 1]
          ? calendar.lastSession
          : lastSession,
      priceScale: frame.priceScale,
    });
  }
  const currency = options.currency ?? assets.retrieve(0)!.quoteCurrency;
  // The frames are handed over to the store (released as they are laid), so a market loaded
  // from a bundle or a data source never holds its bars twice; a caller's own frames stay its own.
  const handed = [...loaded.frames];
  loaded.frames = [];
  const store = await BarStore.handOver(handed, timeline.bars);
  return {
    calendar,
    frequency,
    dataFrequency: options.dataFrequency ?? 'daily',
    timeline,
    warmup,
    store,
    assets,
    currency,
    splits: loaded.splits,
    portalSplits: loaded.splits.map((split) => ({
      sid: store.sid(split.symbol),
      exTime: split.exDate,
      ratio: split.numerator / split.denominator,
    })),
    dividends: loaded.dividends,
    origin: loaded.origin,
    originForMessages: options.frames === undefined ? loaded.origin : undefined,
  };
}

/**
 * The first session of the warm-up: `sessions` sessions of `calendar` before
 * `start` (or `start` itself without warm-up).
 *
 * @throws ConfigError when `sessions` is not a non-negative integer.
 */
function warmupStartOf(calendar: TradingCalendar, start: number, sessions = 0): number {
  if (!(Number.isInteger(sessions) && sessions >= 0)) {
    throw new ConfigError(
      `warmupSessions must be a whole number of sessions >= 0, got ${String(sessions)}.`,
    );
  }
  let first = start;
  for (let k = 0; k < sessions; k++) first = calendar.previousSession(first);
  return first;
}

function resolveCalendar(calendar: RunOptions['calendar']): TradingCalendar {
  if (calendar === undefined) return getCalendar('XNYS');
  return typeof calendar === 'string' ? getCalendar(calendar) : calendar;
}

function checkRange(frames: readonly BarFrame[], start: number, end: number): void {
  let first = Infinity;
  let last = -Infinity;
  for (const frame of frames) {
    const span = frameSpan(frame);
    if (span === undefined) continue;
    first = Math.min(first, span.first);
    last = Math.max(last, span.last);
  }
  if (first === Infinity) throw new DataError('The data has no bars.');
  const available = `${formatSessionLabel(first)} to ${formatSessionLabel(last)}`;
  if (start < sessionOf(first) || end > sessionOf(last)) {
    throw new DataError(
      `The backtest range ${formatSessionLabel(start)} to ${formatSessionLabel(end)} is outside the data, which covers ${available}; choose dates inside it.`,
    );
  }
}

function quoteCurrencyOf(symbol: string, assetClass: AssetClass): string {
  const slash = symbol.indexOf('/');
  if (slash >= 0) return symbol.slice(slash + 1).split(':')[0];
  if (assetClass === 'crypto') {
    const match = /(USDT|USDC|USD|EUR|BTC|ETH)$/.exec(symbol.replace('-', ''));
    if (match !== null) return match[1];
  }
  return 'USD';
}
