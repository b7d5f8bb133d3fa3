import type { TradingCalendar } from '../calendar/index.js';
import { DataPortal } from '../data/portal/data-portal.js';
import type { LiveBarRow } from '../data/sources/live-bars.js';
import { RustybtError, StrategyError } from '../errors/index.js';
import type { AlgorithmContext } from '../engine/algorithm/algorithm-context.js';
import { BarData } from '../engine/algorithm/bar-data.js';
import type { AlgorithmStrategy } from '../engine/algorithm/run-options.js';
import { allocateBarInput, type BarInput } from '../engine/blotter/bar-input.js';
import type { AssetFinder } from '../assets/asset-finder.js';
import type { AccountSnapshot, Broker, FillEvent } from '../engine/broker/broker.js';
import type { ClosedBarTime } from './live-clock.js';
import type { LiveMarket } from './live-market.js';

/** One session's closing row, as the results recorder takes it. */
export interface SessionRow {
  /** Session label. */
  readonly session: number;
  readonly snapshot: AccountSnapshot;
  readonly recorded: ReadonlyMap<string, number>;
  /** False for the session a run stopped in. */
  readonly complete: boolean;
}

/** A fill with the index of the session it happened in. */
export interface SessionFill {
  readonly session: number;
  readonly fill: FillEvent;
}

/** A broker the live loop can drive: the paper broker or the live broker. */
export interface LoopBroker extends Broker {
  /** Sets the bar orders are stamped with. */
  setBar(barStart: number): void;
  /** Starts a session before its first bar. */
  startSession(session: number): void;
  /** Hands over the bar: the fills it brought, positions marked to its close. */
  processBar(bar: BarInput, checked?: boolean): readonly FillEvent[];
  /** Ends a session after its last bar. */
  endSession(): unknown;
}

/**
 * The per-bar steps of a live or paper run, in the order a backtest takes
 * them (`simulate` in run-algorithm.ts): session start, the bar's fills,
 * indicators, `handleData`, scheduled functions, session end. The bars come
 * one closed bar at a time; the strategy reads them through a `BarData` over
 * the live market's store, exactly as in a backtest over the same bars.
 */
export class LiveLoop {
  /** Every fill so far, with its session. */
  readonly fills: SessionFill[] = [];
  /** The closing row of every session ended so far. */
  readonly sessions: SessionRow[] = [];
  private readonly ctx: AlgorithmContext;
  private readonly strategy: AlgorithmStrategy;
  private readonly broker: LoopBroker;
  private readonly market: LiveMarket;
  private readonly calendar: TradingCalendar;
  private readonly bar: BarInput;
  private readonly priceScales: Int32Array;
  private readonly volumeScales: Int32Array;
  private readonly volumeFactor: Float64Array;
  private readonly indicatorsUsed: boolean;
  private session = NaN;
  private triggers: number[] = [];
  private fired = new Uint8Array(0);

  constructor(options: {
    ctx: AlgorithmContext;
    strategy: AlgorithmStrategy;
    broker: LoopBroker;
    market: LiveMarket;
    calendar: TradingCalendar;
    /** The assets traded (their quantity scales turn bar volumes into quantities). */
    assets: AssetFinder;
  }) {
    this.ctx = options.ctx;
    this.strategy = options.strategy;
    this.broker = options.broker;
    this.market = options.market;
    this.calendar = options.calendar;
    const store = this.market.store();
    const n = store.assetCount;
    this.bar = allocateBarInput(n);
    // Indicators read the exact units with their scales, as in a backtest.
    this.priceScales = Int32Array.from(store.assets, (asset) => asset.priceScale);
    this.volumeScales = Int32Array.from(store.assets, (asset) => asset.volumeScale);
    const assets = options.assets;
    this.volumeFactor = Float64Array.from(
      store.assets,
      (asset, sid) => 10 ** (assets.retrieve(sid)!.quantityScale - asset.volumeScale),
    );
    this.indicatorsUsed = this.ctx.declaredIndicators > 0;
  }

  /** The session of the last bar handled; NaN before any. */
  get currentSession(): number {
    return this.session;
  }

  /** Feeds the start-up history to the declared indicators (no strategy, no broker), as a backtest's warm-up. */
  warmUp(): void {
    if (!this.indicatorsUsed) return;
    const store = this.market.store();
    const portal = new DataPortal(store);
    for (let t = 0; t < store.barCount; t++) {
      portal.setClock(t);
      portal.barSlice(this.bar);
      this.ctx.indicators.updateUnits(this.bar, this.priceScales, this.volumeScales);
    }
  }

  /**
   * Handles one closed bar: appends it to the market, starts its session when
   * it opens one, fills what was ordered before it, runs the strategy, and
   * ends the session after its last bar. Returns the bar's fills.
   */
  step(time: ClosedBarTime, rows: readonly (LiveBarRow | undefined)[]): readonly FillEvent[] {
    const { ctx, broker } = this;
    if (time.session !== this.session) this.startSession(time.session);
    this.market.append(time.barStart, rows);
    const store = this.market.store();
    const portal = new DataPortal(store);
    const t = store.barCount - 1;
    portal.setClock(t);
    const data = new BarData(portal);
    const bar = portal.barSlice(this.bar) as BarInput;
    bar.timestamp = time.barStart;
    // Before the volumes are rescaled to quantities; nothing in processBar reads indicators.
    if (this.indicatorsUsed) ctx.indicators.updateUnits(bar, this.priceScales, this.volumeScales);
    this.rescaleVolume(bar);
    broker.setBar(time.barStart);
    const fills = broker.processBar(bar, true);
    ctx.invalidate();
    for (const fill of fills) this.fills.push({ session: this.sessions.length, fill });
    try {
      this.strategy.handleData(ctx, data);
    } catch (error) {
      throw hookError('handleData', error);
    }
    this.runScheduled(time, data);
    if (time.closesSession) this.endSession(true);
    return fills;
  }

  /** Ends the session the run stopped in (without expiring its DAY orders) and records its row. */
  stopInSession(): void {
    if (Number.isNaN(this.session)) return;
    this.sessions.push({
      session: this.session,
      snapshot: this.broker.snapshot(),
      recorded: new Map(this.ctx.recorded),
      complete: false,
    });
    this.session = NaN;
  }

  private startSession(session: number): void {
    const { ctx, broker } = this;
    if (!Number.isNaN(this.session)) this.endSession(true);
    this.session = session;
    broker.startSession(session);
    ctx.invalidate();
    ctx.recorded.clear();
    const beforeTradingStart = this.strategy.beforeTradingStart;
    if (beforeTradingStart !== undefined) {
      const store = this.market.store();
      const portal = new DataPortal(store);
      if (store.barCount > 0) portal.setClock(store.barCount - 1);
      const data = new BarData(portal);
      hook('beforeTradingStart', () => beforeTradingStart(ctx, data));
    }
    const open = this.calendar.sessionOpen(session);
    const close = this.calendar.sessionClose(session);
    // Date rules choose among the sessions around this one (a live run has no end).
    const around = this.calendar.sessionsInRange(
      session - 62 * 86_400_000,
      session + 62 * 86_400_000,
    );
    const index = around.indexOf(session);
    this.triggers = ctx.scheduled.map((entry) =>
      entry.dateRule.select(around)[index] === 1
        ? entry.timeRule.triggerTime(open, close)
        : Infinity,
    );
    this.fired = new Uint8Array(this.triggers.length);
  }

  private endSession(complete: boolean): void {
    this.broker.endSession();
    this.sessions.push({
      session: this.session,
      snapshot: this.broker.snapshot(),
      recorded: new Map(this.ctx.recorded),
      complete,
    });
    this.session = NaN;
  }

  private runScheduled(time: ClosedBarTime, data: BarData): void {
    const { triggers, fired, ctx } = this;
    const barEnd = this.market.frequency === '1d' ? Infinity : time.barClose;
    for (let k = 0; k < triggers.length; k++) {
      const trigger = triggers[k];
      if (
        fired[k] === 0 &&
        trigger !== Infinity &&
        (Number.isNaN(trigger) || barEnd >= trigger || time.closesSession)
      ) {
        if (!Number.isNaN(trigger)) fired[k] = 1;
        const entry = ctx.scheduled[k];
        hook('a scheduled function', () => entry.fn(ctx, data));
      }
    }
  }

  private rescaleVolume(bar: BarInput): void {
    const factor = this.volumeFactor;
    if (!factor.some((f) => f !== 1)) return;
    const volume = Float64Array.from(bar.volume);
    for (let sid = 0; sid < volume.length; sid++) {
      if (factor[sid] !== 1) volume[sid] = Math.floor(volume[sid] * factor[sid]);
    }
    bar.volume = volume;
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
    error.message = `${error.message} (in ${name})`;
    return error;
  }
  if (error instanceof StrategyError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StrategyError(`The strategy's ${name} threw: ${message}`, { cause: error });
}
