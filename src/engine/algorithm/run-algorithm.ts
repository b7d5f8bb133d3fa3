import { formatSessionLabel, type TradingCalendar } from '../../calendar/index.js';
import { DataPortal } from '../../data/portal/data-portal.js';
import { ConfigError, RustybtError, StrategyError } from '../../errors/index.js';
import { parseDecimal } from '../../numeric/index.js';
import { VERSION } from '../../version.js';
import { allocateBarInput } from '../blotter/bar-input.js';
import { SimulatedBroker } from '../broker/simulated-broker.js';
import { accountCoreFor } from '../core/account-core-for.js';
import { analyzeRun } from '../metrics/run-analysis.js';
import { describeModels } from '../model-names.js';
import { AlgorithmContext } from './algorithm-context.js';
import { BarData } from './bar-data.js';
import { checkMarketOptions, prepareMarket, type PreparedMarket } from './prepared-market.js';
import { ResultsRecorder, type BacktestResults } from './results.js';
import type { AlgorithmStrategy, BacktestOptions, RunOptions } from './run-options.js';
import { strategyFromModule, loadStrategy } from './strategy-loader.js';
import { checkParams } from './strategy-params.js';
import type { RunTimeline } from './timeline.js';
import type { BarColumns } from '../../indicators/compute.js';

/**
 * Runs a backtest: loads the bars, calls the strategy's `initialize`, then for
 * every bar fills the orders placed before it, marks positions to its close and
 * calls `handleData` (and the scheduled functions due); returns the results.
 * An order placed while bar t is processed fills on bar t+1 at the earliest.
 *
 * @throws ConfigError for bad options, DataError for missing or unusable data
 *   (naming the range or symbols available), StrategyError when the strategy
 *   cannot be loaded or one of its hooks throws (with the strategy's own stack).
 */
export async function runAlgorithm(options: RunOptions): Promise<BacktestResults> {
  checkMarketOptions(options);
  checkCapital(options.capitalBase);
  checkParams(options.params);
  const strategy = await resolveStrategy(options.strategy, options.home);
  const market = await prepareMarket(options);
  return runOnMarket(market, { ...options, strategy });
}

/**
 * Runs a backtest on a market prepared once by `prepareMarket`: the same
 * prepared market runs any number of backtests in a process (parameter
 * sweeps), each with its own strategy, cash, models and numeric mode, and
 * gives the results `runAlgorithm` gives with the same options.
 *
 * @throws ConfigError for bad options, StrategyError when the strategy cannot
 *   be loaded or one of its hooks throws.
 */
export async function runOnMarket(
  market: PreparedMarket,
  options: BacktestOptions,
): Promise<BacktestResults> {
  const capital = checkCapital(options.capitalBase);
  const params = checkParams(options.params);
  const strategy = await resolveStrategy(options.strategy);
  const { assets, store, timeline, warmup, calendar, currency } = market;
  const portal = new DataPortal(store, market.portalSplits);
  const data = new BarData(portal);
  const ctx = new AlgorithmContext(assets, Number(capital), market.originForMessages, params);
  await callHook('initialize', () => strategy.initialize(ctx));

  const benchmark =
    ctx.settings.benchmark ??
    (options.benchmark === undefined ? undefined : ctx.symbol(options.benchmark));
  const account = accountCoreFor({
    assets,
    numericMode: options.numeric ?? 'decimal',
    startingCash: capital,
    currency,
    fillReference: options.fillPrice,
    commission: ctx.settings.commission ?? options.commission,
    slippage: ctx.settings.slippage ?? options.slippage,
    controls: ctx.settings.controls,
  });
  for (const split of market.splits) {
    account.declareSplit({
      asset: ctx.symbol(split.symbol),
      date: split.exDate,
      numerator: split.numerator,
      denominator: split.denominator,
    });
  }
  for (const dividend of market.dividends) {
    account.declareDividend({
      asset: ctx.symbol(dividend.symbol),
      exDate: dividend.exDate,
      payDate: dividend.payDate,
      amount: dividend.amount,
    });
  }
  const broker = new SimulatedBroker(account);
  ctx.attachBroker(broker);

  const runSessions = timeline.sessions.subarray(warmup);
  const recorder = new ResultsRecorder(runSessions, broker.snapshot().portfolioValue, {
    numeric: account.numeric,
    moneyScale: account.ledger.moneyScale,
  });
  simulate({
    ctx,
    data,
    portal,
    broker,
    recorder,
    strategy,
    timeline,
    warmup,
    calendar,
    market,
    benchmark,
    onProgress: options.onProgress,
  });

  const results: BacktestResults = analyzeRun(
    {
      meta: {
        rustybtVersion: VERSION,
        start: formatSessionLabel(runSessions[0]),
        end: formatSessionLabel(runSessions[runSessions.length - 1]),
        capitalBase: capital,
        currency,
        dataFrequency: market.dataFrequency,
        calendar: calendar.name,
        numeric: account.numeric.mode,
        backend: account.backend,
        data: market.origin,
        benchmark: benchmark?.symbol ?? null,
        sessions: runSessions.length,
        bars: timeline.bars.length - timeline.sessionStart[warmup],
        assets: assets.count,
        models: describeModels(
          assets,
          ctx.settings.commission ?? options.commission,
          ctx.settings.slippage ?? options.slippage,
          options.fillPrice,
        ),
      },
      performance: recorder.performance(),
      transactions: recorder.transactions(),
      orders: recorder.orders(broker.allOrders()),
      positions: recorder.positions(broker.positions()),
      positionsOverTime: recorder.positionHistory.table(),
      returns: recorder.returns,
    },
    {
      annualization: calendar.annualization,
      benchmarkReturns: benchmark === undefined ? undefined : recorder.benchmarkReturns,
      book: recorder.book,
    },
  );
  const analyze = strategy.analyze;
  if (analyze !== undefined) await callHook('analyze', () => analyze(ctx, results));
  return results;
}

interface Simulation {
  ctx: AlgorithmContext;
  data: BarData;
  portal: DataPortal;
  broker: SimulatedBroker;
  recorder: ResultsRecorder;
  strategy: AlgorithmStrategy;
  timeline: RunTimeline;
  /** Index of the first session of the run; the sessions before it are warm-up. */
  warmup: number;
  calendar: TradingCalendar;
  market: PreparedMarket;
  benchmark: { sid: number } | undefined;
  onProgress: RunOptions['onProgress'];
}

/** The event loop: sessions, then bars; fills before the strategy sees the bar. */
function simulate(run: Simulation): void {
  const { ctx, data, portal, broker, recorder, strategy, timeline, calendar } = run;
  const store = portal.store;
  const assetCount = store.assetCount;
  const bar = allocateBarInput(assetCount);
  const volumeFactor = Float64Array.from(
    store.assets,
    (asset, sid) =>
      10 ** (broker.simulation.assets.retrieve(sid)!.quantityScale - asset.volumeScale),
  );
  const rescaleVolume = volumeFactor.some((factor) => factor !== 1);
  // The bar's arrays are views into the store: volumes rescaled for the engine go to their own array.
  const engineVolume = new Float64Array(rescaleVolume ? assetCount : 0);
  const handleData = strategy.handleData;
  const indicatorsUsed = ctx.declaredIndicators > 0;
  // Indicators read the exact units with their scales: exact window sums, exact ties.
  const priceScales = Int32Array.from(store.assets, (asset) => asset.priceScale);
  // The store's whole columns with each bar's offset: the indicators' native plan binds them once.
  const units: BarColumns = {
    open: store.unitsField('open'),
    high: store.unitsField('high'),
    low: store.unitsField('low'),
    close: store.unitsField('close'),
    volume: store.unitsField('volume'),
  };
  const volumeScales = Int32Array.from(store.assets, (asset) => asset.volumeScale);
  const { warmup } = run;
  const runSessions = timeline.sessions.subarray(warmup);
  const scheduleMasks = ctx.scheduled.map((entry) => entry.dateRule.select(runSessions));
  const daily = store.frequency === '1d';
  const barLength = store.frequency === '1h' ? 3_600_000 : 60_000;
  const benchmarkClose =
    run.benchmark === undefined ? undefined : store.floatColumn('close', run.benchmark.sid);
  const warmupBars = timeline.sessionStart[warmup];
  const totalBars = timeline.bars.length - warmupBars;
  const beforeTradingStart = strategy.beforeTradingStart;
  // Warm-up bars: history and indicators only, no strategy, no broker.
  if (indicatorsUsed) {
    for (let t = 0; t < warmupBars; t++) {
      portal.setClock(t);
      ctx.indicators.updateUnits(units, priceScales, volumeScales, t * assetCount);
    }
  }
  let previousBenchmarkClose =
    benchmarkClose !== undefined && warmupBars > 0 ? benchmarkClose[warmupBars - 1] : NaN;

  for (let r = 0; r < runSessions.length; r++) {
    const s = warmup + r;
    const label = timeline.sessions[s];
    recorder.session = r;
    broker.startSession(label);
    const closedAtStart = broker.takeCloseOuts();
    if (closedAtStart.length > 0) recorder.onFills(closedAtStart, r);
    ctx.invalidate();
    ctx.recorded.clear();
    if (beforeTradingStart !== undefined)
      hook('beforeTradingStart', () => beforeTradingStart(ctx, data));
    const open = calendar.sessionOpen(label);
    const close = calendar.sessionClose(label);
    const triggers = ctx.scheduled.map((entry, k) =>
      scheduleMasks[k][r] === 1 ? entry.timeRule.triggerTime(open, close) : Infinity,
    );
    const fired = new Uint8Array(triggers.length);
    const first = timeline.sessionStart[s];
    const last = timeline.sessionStart[s + 1];
    for (let t = first; t < last; t++) {
      portal.setClock(t);
      portal.barSlice(bar);
      bar.timestamp = timeline.bars[t]!;
      // Before the volumes are rescaled to quantities below; nothing in processBar reads indicators.
      if (indicatorsUsed)
        ctx.indicators.updateUnits(units, priceScales, volumeScales, t * assetCount);
      if (rescaleVolume) {
        const volume = bar.volume;
        for (let sid = 0; sid < assetCount; sid++) {
          const factor = volumeFactor[sid];
          engineVolume[sid] = factor === 1 ? volume[sid] : Math.floor(volume[sid] * factor);
        }
        bar.volume = engineVolume;
      }
      broker.processBarInto(bar, true, recorder);
      ctx.invalidate();
      // Called directly, not through hook(): no closure per bar.
      try {
        handleData(ctx, data);
      } catch (error) {
        throw hookError('handleData', error);
      }
      const barEnd = daily ? Infinity : timeline.bars[t] + barLength;
      for (let k = 0; k < triggers.length; k++) {
        const trigger = triggers[k];
        if (
          fired[k] === 0 &&
          trigger !== Infinity &&
          (Number.isNaN(trigger) || barEnd >= trigger || t === last - 1)
        ) {
          if (!Number.isNaN(trigger)) fired[k] = 1;
          const entry = ctx.scheduled[k];
          hook('a scheduled function', () => entry.fn(ctx, data));
        }
      }
    }
    broker.endSession();
    const closedAtEnd = broker.takeCloseOuts();
    if (closedAtEnd.length > 0) recorder.onFills(closedAtEnd, r);
    let benchmarkReturn = NaN;
    if (benchmarkClose !== undefined) {
      const price = benchmarkClose[last - 1];
      benchmarkReturn = price / previousBenchmarkClose - 1;
      previousBenchmarkClose = price;
    }
    recorder.endSession(r, broker.snapshot(), ctx.recorded, benchmarkReturn);
    recorder.endSessionHoldings(r, broker.heldViews());
    run.onProgress?.(last - warmupBars, totalBars);
  }
}

async function resolveStrategy(
  strategy: RunOptions['strategy'],
  home?: string,
): Promise<AlgorithmStrategy> {
  if (typeof strategy === 'string') return await loadStrategy(strategy, { home });
  if (typeof strategy !== 'object' || strategy === null) {
    throw new StrategyError(
      'strategy must be a module path or an object with initialize and handleData.',
    );
  }
  return strategyFromModule(
    strategy as unknown as Record<string, unknown>,
    'given to runAlgorithm',
  );
}

function checkCapital(capital: string | number): string {
  const text = String(capital);
  let units: bigint;
  try {
    units = parseDecimal(text, 18);
  } catch {
    throw new ConfigError(
      `capitalBase must be a positive decimal amount, got ${JSON.stringify(capital)}.`,
    );
  }
  if (units <= 0n) throw new ConfigError(`capitalBase must be positive, got ${text}.`);
  return text;
}

async function callHook(name: string, call: () => void | Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    throw hookError(name, error);
  }
}

function hook(name: string, call: () => void): void {
  try {
    call();
  } catch (error) {
    throw hookError(name, error);
  }
}

function hookError(name: string, error: unknown): RustybtError {
  if (error instanceof RustybtError && !(error instanceof StrategyError)) {
    // A typed error from the engine (an order refused, an unknown symbol): keep it, say where.
    error.message = `${error.message} (in ${name})`;
    return error;
  }
  if (error instanceof StrategyError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StrategyError(`The strategy's ${name} threw: ${message}`, { cause: error });
}
