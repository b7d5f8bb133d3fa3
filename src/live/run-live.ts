import { existsSync } from 'node:fs';
import { AssetFinder } from '../assets/index.js';
import { sessionOf } from '../assets/session-date.js';
import { getCalendar, type TradingCalendar } from '../calendar/index.js';
import type { BarFrame } from '../data/bar-frame.js';
import type { Clock } from '../data/sources/clock.js';
import type { FeedConnection, LiveBarFeed, LiveBarRow } from '../data/sources/live-bars.js';
import { ConfigError, ExchangeError, StrategyError, TradingControlError } from '../errors/index.js';
import type { FillEvent } from '../engine/broker/broker.js';
import { AlgorithmContext } from '../engine/algorithm/algorithm-context.js';
import {
  frequencyOf,
  type AlgorithmStrategy,
  type BacktestOptions,
  type DataFrequency,
} from '../engine/algorithm/run-options.js';
import { loadStrategy, strategyFromModule } from '../engine/algorithm/strategy-loader.js';
import { buildTimeline } from '../engine/algorithm/timeline.js';
import type { TradingControlsOptions } from '../engine/controls/index.js';
import { accountCoreFor } from '../engine/core/account-core-for.js';
import { decimalConfig, type AssetClass } from '../numeric/decimal-config.js';
import type { CcxtExchange } from './exchange/ccxt-exchange.js';
import type { Journal } from './journal.js';
import { LiveBroker } from './live-broker.js';
import { reconcileLive } from './live-reconcile.js';
import { LiveClock, type ClosedBarTime } from './live-clock.js';
import { checkSymbols, clip, quoteOf } from './history-window.js';
import { LiveLoop } from './live-loop.js';
import { LiveMarket } from './live-market.js';
import { liveResults, type LiveResults } from './live-results.js';
import { PaperBroker } from './paper-broker.js';
import { replayJournal } from './paper-reconcile.js';
import { SafetyGuard, type SafetyLimits } from './safety-guard.js';

/** What the status line shows after each bar. */
export interface LiveStatus {
  /** Start of the bar just handled. */
  readonly barStart: number;
  /** Bars handled since the session started (this process). */
  readonly bars: number;
  readonly connection: FeedConnection;
  /** Decimal text. */
  readonly portfolioValue: string;
  readonly cash: string;
  /** Session P&L, decimal text. */
  readonly sessionPnl: string;
  /** Symbol → amount. */
  readonly positions: Readonly<Record<string, string>>;
  readonly openOrders: number;
  /** Fills of this bar. */
  readonly fills: number;
}

/** Options of a paper run over live (or replayed) bars. */
export interface LiveRunOptions extends Pick<
  BacktestOptions,
  'commission' | 'slippage' | 'fillPrice' | 'numeric'
> {
  /** The strategy: a module path or an object with the hooks. */
  strategy: AlgorithmStrategy | string;
  /** Symbols to trade, in sid order. */
  symbols: readonly string[];
  /** `minute`, `hourly` or `daily`. */
  dataFrequency: DataFrequency;
  /** Calendar name or object (`24/7` for crypto). */
  calendar: string | TradingCalendar;
  /** Starting cash (decimal text or number). */
  capitalBase: string | number;
  /** Account currency; the quote currency of the first symbol when omitted. */
  currency?: string;
  /** Asset class of the symbols; crypto on a 365-day calendar, equity otherwise. */
  assetClass?: AssetClass;
  /** First bar start of the start-up history (UTC epoch ms). */
  historyStart: number;
  /** First live bar start (UTC epoch ms); the history covers `[historyStart, liveStart)`. */
  liveStart: number;
  /** The start-up history of `[start, end]` (inclusive), one frame per symbol: the cached source. */
  history: (start: Date, end: Date) => Promise<BarFrame[]>;
  /** Closed live bars. */
  feed: LiveBarFeed;
  /** What "now" is. */
  clock: Clock;
  /** Wait this long after a bar's close before asking the feed for it (ms; 0 by default). */
  graceMs?: number;
  /** The journal to write (and resume from, when it has processed bars); required with `exchange`. */
  journal?: Journal;
  /**
   * Trade with real orders on this exchange (a `LiveBroker`) instead of on
   * paper. A restart reconciles the journal with the exchange instead of
   * replaying bars.
   */
  exchange?: CcxtExchange;
  /** Stops the run between bars. */
  signal?: AbortSignal;
  /** A kill switch: stops the run between bars and cancels its open orders. */
  kill?: AbortSignal;
  /** Stop after this many live bars. */
  maxBars?: number;
  /** Cancel open orders when the run stops (default: leave them). */
  cancelOnStop?: boolean;
  /** Safety limits on top of the strategy's own controls. */
  safety?: SafetyLimits;
  /** Called after every bar. */
  onBar?: (status: LiveStatus) => void;
  /**
   * Live: called with every order the exchange refused (the order is also
   * `rejected`, with the message as its reason, and journaled) and every poll
   * that failed (retried at the next bar).
   */
  onExchangeError?: (error: ExchangeError) => void;
  /** Called with every reconciliation difference found on a restart. */
  onDifference?: (message: string) => void;
}

/**
 * Runs a strategy on paper over live bars: the start-up history (from the
 * cached source) warms its indicators and history windows, then each closed
 * live bar is handled exactly as a backtest handles a bar, by a paper broker
 * that fills with the backtest's rules and models. With a journal that already
 * holds processed bars, the run resumes: the journaled bars are replayed
 * (deterministically, so the account comes back as it was), compared with the
 * journal (every difference reported), and live bars continue after the last.
 *
 * @throws ConfigError for bad options, StrategyError when the strategy fails,
 *   JournalError when the journal cannot be resumed, DataError for bad bars.
 */
export async function runLive(options: LiveRunOptions): Promise<LiveResults> {
  const frequency = frequencyOf(options.dataFrequency);
  const calendar =
    typeof options.calendar === 'string' ? getCalendar(options.calendar) : options.calendar;
  if (!(options.historyStart < options.liveStart)) {
    throw new ConfigError('historyStart must be before liveStart.');
  }
  const strategy = await resolveStrategy(options.strategy);
  const capital = String(options.capitalBase);

  const timeline = buildTimeline(
    calendar,
    sessionOf(options.historyStart),
    sessionOf(options.liveStart - 1),
    frequency,
  ).bars.filter((t) => t >= options.historyStart && t < options.liveStart);
  const frames = (
    await options.history(new Date(options.historyStart), new Date(options.liveStart - 1))
  ).map((frame) => clip(frame, options.historyStart, options.liveStart));
  checkSymbols(frames, options.symbols);

  const assetClass = options.assetClass ?? (calendar.annualization === 365 ? 'crypto' : 'equity');
  const assets = new AssetFinder(decimalConfig());
  for (const frame of frames) {
    assets.add({
      assetClass,
      symbol: frame.symbol,
      exchange: calendar.name,
      quoteCurrency: options.currency ?? quoteOf(frame.symbol),
      startDate: sessionOf(frame.timestamps.length > 0 ? frame.timestamps[0] : options.liveStart),
      endDate: calendar.lastSession,
      priceScale: frame.priceScale,
    });
  }
  const currency = options.currency ?? assets.retrieve(0)!.quoteCurrency;
  const ctx = new AlgorithmContext(assets, Number(capital));
  await callHook('initialize', () => strategy.initialize(ctx));
  const guard = new SafetyGuard(options.safety ?? {});
  const controls: TradingControlsOptions = guard.controls(ctx.settings.controls);
  const journal = options.journal;
  const exchange = options.exchange;
  if (exchange !== undefined && journal === undefined) {
    throw new ConfigError(
      'Live trading needs a journal: every order is written to it before it is sent.',
    );
  }
  let broker: PaperBroker | LiveBroker;
  let backend: 'rust' | 'ts' = 'ts';
  if (exchange === undefined) {
    const account = accountCoreFor({
      assets,
      numericMode: options.numeric ?? 'decimal',
      startingCash: capital,
      currency,
      fillReference: options.fillPrice,
      commission: ctx.settings.commission ?? options.commission,
      slippage: ctx.settings.slippage ?? options.slippage,
      controls,
    });
    backend = account.backend;
    broker = new PaperBroker(account);
  } else {
    broker = new LiveBroker({
      exchange,
      assets,
      startingCash: capital,
      currency,
      controls,
      journal: journal!,
    });
  }
  ctx.attachBroker(broker);
  const market = new LiveMarket(frames, timeline);
  const loop = new LiveLoop({ ctx, strategy, broker, market, calendar, assets });
  loop.warmUp();
  const startingValue = broker.snapshot().portfolioValue;

  const symbols = market.symbols;
  let resumeFrom = options.liveStart;
  if (broker instanceof LiveBroker) {
    const differences = await reconcileLive(journal!, broker, exchange!, options.liveStart);
    for (const difference of differences) options.onDifference?.(difference);
    journal!.note(
      options.liveStart,
      'start',
      journal!.orders().length > 0 ? 'resumed: reconciled with the exchange' : 'started',
    );
  } else if (journal !== undefined) {
    resumeFrom = await replayJournal(journal, broker, loop, symbols, {
      calendar,
      frequency,
      liveStart: options.liveStart,
      onDifference: options.onDifference,
    });
  }

  const clock = new LiveClock(calendar, frequency, resumeFrom, options.clock, options.graceMs ?? 0);
  let bars = 0;
  let stopReason = 'stopped';
  const stop = new AbortController();
  const signal = stop.signal;
  const onStop = (reason: string, cancel: boolean) => {
    guard.trip(reason, cancel);
    stop.abort(reason);
  };
  const onSignal = () => onStop(reasonOf(options.signal!), false);
  const onKill = () => onStop(`kill switch: ${reasonOf(options.kill!)}`, true);
  if (options.signal?.aborted === true) onSignal();
  if (options.kill?.aborted === true) onKill();
  options.signal?.addEventListener('abort', onSignal, { once: true });
  options.kill?.addEventListener('abort', onKill, { once: true });
  const killFile = options.safety?.killSwitchFile;
  const watcher =
    killFile === undefined
      ? undefined
      : setInterval(() => {
          if (guard.tripped() !== undefined) stop.abort(guard.tripped());
        }, 250);
  for (;;) {
    if (options.maxBars !== undefined && bars >= options.maxBars) {
      stopReason = `${bars} bars handled`;
      break;
    }
    const tripped = guard.tripped();
    if (tripped !== undefined) {
      stopReason = tripped;
      break;
    }
    let time: ClosedBarTime;
    let rows: (LiveBarRow | undefined)[];
    try {
      time = await clock.next(signal);
      rows = await options.feed.closedBars(time.barStart, time.barClose, signal);
    } catch (error) {
      if (signal.aborted) {
        stopReason = reasonOf(signal);
        break;
      }
      throw error;
    }
    if (broker instanceof LiveBroker) {
      await syncQuietly(broker, journal!, time.barStart, signal, options.onExchangeError);
    }
    let fills: readonly FillEvent[];
    try {
      fills = loop.step(time, rows);
    } catch (error) {
      if (!(error instanceof TradingControlError) || options.safety === undefined) throw error;
      // A safety limit refused an order: stop trading rather than carry on half-done.
      guard.trip(`safety limit: ${error.message}`);
      journal?.note(time.barStart, 'safety', error.message);
      fills = [];
    }
    if (broker instanceof LiveBroker) {
      const refused = broker.rejections.length;
      await broker.flush(signal);
      for (const error of broker.rejections.slice(refused)) options.onExchangeError?.(error);
    }
    bars++;
    const state = broker.journalState(time.barStart);
    journal?.bar(
      time.barStart,
      rows.flatMap((row, sid) => (row === undefined ? [] : [{ ...row, symbol: symbols[sid] }])),
      state,
      () => (broker instanceof LiveBroker ? broker.journalChanges() : broker.journalChanges(fills)),
    );
    guard.afterBar(state);
    options.onBar?.({
      barStart: time.barStart,
      bars,
      connection: options.feed.connection(),
      portfolioValue: state.portfolioValue,
      cash: state.cash,
      sessionPnl: state.sessionPnl,
      positions: state.positions,
      openOrders: state.openOrders,
      fills: fills.length,
    });
  }

  if (watcher !== undefined) clearInterval(watcher);
  options.signal?.removeEventListener('abort', onSignal);
  options.kill?.removeEventListener('abort', onKill);
  const lastBar = market.lastBarStart;
  const openAtStop = broker.openOrders().length;
  const cancelled = options.cancelOnStop === true || guard.cancelsOnStop() ? broker.cancelAll() : 0;
  if (broker instanceof LiveBroker) {
    await broker.flush();
    broker.desk.settle();
  }
  loop.stopInSession();
  if (journal !== undefined) {
    journal.note(
      Number.isNaN(lastBar) ? options.liveStart : lastBar,
      'stop',
      `${stopReason}; ${openAtStop} open order(s), ${cancelled} cancelled, ${openAtStop - cancelled} left open`,
    );
    journal.setStatus('stopped', stopReason);
  }
  await options.feed.close();
  return liveResults({
    loop,
    broker,
    startingValue,
    backend,
    stopReason,
    bars,
    openOrdersAtStop: openAtStop,
    cancelledAtStop: cancelled,
  });
}

/** Polls the exchange before a bar; a failed poll is journaled and retried at the next bar. */
async function syncQuietly(
  broker: LiveBroker,
  journal: Journal,
  barStart: number,
  signal: AbortSignal,
  report?: (error: ExchangeError) => void,
): Promise<void> {
  try {
    await broker.sync(signal);
  } catch (error) {
    if (!(error instanceof ExchangeError)) throw error;
    report?.(error);
    journal.note(barStart, 'exchange', `poll failed, retried next bar: ${error.message}`);
  }
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (typeof reason === 'string') return reason;
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
  return 'stopped';
}

async function resolveStrategy(strategy: LiveRunOptions['strategy']): Promise<AlgorithmStrategy> {
  if (typeof strategy === 'string') {
    if (!existsSync(strategy)) {
      throw new StrategyError(
        `Strategy file not found: ${strategy}. Pass the path of a .ts or .js module that exports initialize and handleData.`,
      );
    }
    return await loadStrategy(strategy);
  }
  return strategyFromModule(strategy as unknown as Record<string, unknown>, 'given to runLive');
}

async function callHook(name: string, call: () => void | Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (error instanceof StrategyError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new StrategyError(`The strategy's ${name} threw: ${message}`, { cause: error });
  }
}
