import type { TradingCalendar } from '../../calendar/index.js';
import { ConfigError } from '../../errors/index.js';
import { allocateBarFrame, type BarFrame, type Frequency } from '../bar-frame.js';
import { resolveCalendar, type CalendarChoice } from './calendar-choice.js';
import { DataSourceBase } from './data-source-base.js';
import type { CacheParamValue, FetchOptions, FetchResult, SourceMetadata } from './data-source.js';
import type { LiveBarFeed, LiveBarSource, LiveFeedOptions } from './live-bars.js';
import { SeededRandom } from './seeded-random.js';
import { SyntheticLiveFeed } from './synthetic-live-feed.js';

/** Parameters of the synthetic market. Every field has a realistic default. */
export interface SyntheticOptions {
  /** Seed of every path; equal seeds give byte-identical frames. 42 by default. */
  seed?: number;
  /** Calendar whose sessions the bars follow; `XNYS` by default, `24/7` for crypto-like data. */
  calendar?: CalendarChoice;
  /** Price decimals; 2 by default. */
  priceScale?: number;
  /** Volume decimals; 0 by default. */
  volumeScale?: number;
  /** Annualized drift of the log price; 0.05 by default. */
  annualDrift?: number;
  /** Long-run annualized volatility; 0.3 by default. */
  annualVolatility?: number;
  /** GARCH(1,1) reaction to the last shock; 0.08 by default. */
  garchAlpha?: number;
  /** GARCH(1,1) persistence of variance; 0.9 by default (alpha + beta < 1). */
  garchBeta?: number;
  /** Mean shares traded per session; 1,000,000 by default. */
  sessionVolume?: number;
}

const DEFAULTS = {
  seed: 42,
  priceScale: 2,
  volumeScale: 0,
  annualDrift: 0.05,
  annualVolatility: 0.3,
  garchAlpha: 0.08,
  garchBeta: 0.9,
  sessionVolume: 1_000_000,
};

/** Resolved parameters. */
type Params = typeof DEFAULTS;

/**
 * Seeded synthetic bars, the offline default source. Log prices follow a
 * geometric Brownian motion whose per-bar variance follows GARCH(1,1), so
 * calm and turbulent stretches alternate (volatility clustering). Intraday
 * volume is U-shaped over each session (heavy at the open and close) and
 * rises with the size of the bar's move. Bars are placed on the calendar's
 * sessions at any frequency. Each symbol's path depends only on the seed, the
 * symbol, the frequency and the range, not on the other symbols requested.
 */
export class SyntheticSource extends DataSourceBase implements LiveBarSource {
  /** Registry name. */
  readonly name = 'synthetic';
  readonly #params: Params;
  readonly #calendar: CalendarChoice;

  /** @param options - seed, calendar, scales and market parameters */
  constructor(options: SyntheticOptions = {}) {
    super();
    const { calendar, ...market } = options;
    this.#params = { ...DEFAULTS, ...stripUndefined(market) };
    this.#calendar = calendar ?? 'XNYS';
    const { garchAlpha, garchBeta } = this.#params;
    if (!(garchAlpha >= 0 && garchBeta >= 0 && garchAlpha + garchBeta < 1)) {
      throw new ConfigError(
        `Synthetic GARCH parameters need alpha >= 0, beta >= 0 and alpha + beta < 1; got ${garchAlpha} and ${garchBeta}.`,
      );
    }
  }

  /** Generates bars for each symbol with starts in `[start, end]` on the calendar's sessions. */
  fetch(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options: FetchOptions = {},
  ): Promise<FetchResult> {
    const calendar = options.calendar ?? resolveCalendar(this.#calendar);
    const times = barTimes(calendar, start.getTime(), end.getTime(), frequency);
    const frames: BarFrame[] = [];
    symbols.forEach((symbol, index) => {
      const frame = generatePath(symbol, frequency, times, this.#params);
      frames.push(frame);
      options.onProgress?.({
        symbol,
        symbolsDone: index + 1,
        symbolsTotal: symbols.length,
        rows: frame.timestamps.length,
      });
    });
    return Promise.resolve({
      frames,
      corporateActions: { splits: [], dividends: [] },
      report: { issues: [], gaps: [] },
    });
  }

  /**
   * A live feed of the same seeded path: bars from `options.anchor` on, handed
   * over as `options.clock` passes their close (real time, or accelerated).
   * History fetched from the anchor and the live bars are one series.
   */
  liveBars(
    symbols: readonly string[],
    frequency: Frequency,
    options: LiveFeedOptions,
  ): LiveBarFeed {
    return new SyntheticLiveFeed(this, symbols, frequency, options);
  }

  /** Parameters that change the bars this instance returns (the smart cache keys on them). */
  cacheParams(): Readonly<Record<string, CacheParamValue>> {
    return {
      ...this.#params,
      calendar: typeof this.#calendar === 'string' ? this.#calendar : this.#calendar.name,
    };
  }

  /** Static facts: every frequency, no limits, no key, live bars. */
  getMetadata(): SourceMetadata {
    return {
      name: this.name,
      version: '1',
      description:
        'Seeded synthetic bars: GBM with GARCH(1,1) volatility, U-shaped intraday volume.',
      frequencies: ['1d', '1h', '1m'],
      historyLimits: {},
      rateLimits: [],
      auth: { required: false, envVars: [] },
      priceScale: this.#params.priceScale,
      live: true,
    };
  }
}

/** Bar starts and the position of each bar within its session (0..1). */
interface BarTimes {
  starts: Float64Array;
  /** Position of the bar's middle in its session, in (0, 1). */
  position: Float64Array;
  /** 1 for the first bar of a session. */
  opensSession: Uint8Array;
  barsPerSession: number;
  sessionsPerYear: number;
}

function barTimes(
  calendar: TradingCalendar,
  start: number,
  end: number,
  frequency: Frequency,
): BarTimes {
  const first = Math.max(start, calendar.firstSession);
  const last = Math.min(end, calendar.lastSession + 86_400_000 - 1);
  const starts: number[] = [];
  const position: number[] = [];
  const opens: number[] = [];
  let maxBars = 1;
  if (last >= first) {
    for (const label of calendar.sessionsInRange(first, last)) {
      const bars = calendar.barsForSession(label, frequency);
      maxBars = Math.max(maxBars, bars.length);
      for (let k = 0; k < bars.length; k++) {
        if (bars[k] < start || bars[k] > end) continue;
        starts.push(bars[k]);
        position.push((k + 0.5) / bars.length);
        opens.push(k === 0 ? 1 : 0);
      }
    }
  }
  return {
    starts: Float64Array.from(starts),
    position: Float64Array.from(position),
    opensSession: Uint8Array.from(opens),
    barsPerSession: maxBars,
    sessionsPerYear: calendar.annualization,
  };
}

function generatePath(symbol: string, frequency: Frequency, times: BarTimes, p: Params): BarFrame {
  const n = times.starts.length;
  const frame = allocateBarFrame(symbol, frequency, n, p.priceScale, p.volumeScale);
  frame.timestamps.set(times.starts);
  const random = new SeededRandom((p.seed ^ fnv1a(symbol) ^ fnv1a(frequency)) >>> 0);
  const unit = 10 ** p.priceScale;
  const volumeUnit = 10 ** p.volumeScale;
  const barsPerYear = times.sessionsPerYear * times.barsPerSession;
  const longRunVariance = (p.annualVolatility * p.annualVolatility) / barsPerYear;
  const omega = longRunVariance * (1 - p.garchAlpha - p.garchBeta);
  const drift = p.annualDrift / barsPerYear;
  const barVolume = p.sessionVolume / times.barsPerSession;
  // A price between 10 and 500, fixed per symbol and seed.
  let close = 10 * Math.exp(random.next() * Math.log(50));
  let variance = longRunVariance;
  let shock = 0;
  for (let i = 0; i < n; i++) {
    variance = omega + p.garchAlpha * shock * shock + p.garchBeta * variance;
    const sigma = Math.sqrt(variance);
    const gap = times.opensSession[i] === 1 ? 0.25 * sigma * random.normal() : 0;
    const open = close * Math.exp(gap);
    const z = random.normal();
    shock = sigma * z;
    close = open * Math.exp(drift - variance / 2 + shock);
    const wickUp = Math.abs(random.normal()) * sigma * 0.5;
    const wickDown = Math.abs(random.normal()) * sigma * 0.5;
    const o = Math.max(1, Math.round(open * unit));
    const c = Math.max(1, Math.round(close * unit));
    frame.open[i] = o;
    frame.close[i] = c;
    frame.high[i] = Math.max(o, c, Math.round(Math.max(open, close) * Math.exp(wickUp) * unit));
    frame.low[i] = Math.max(
      1,
      Math.min(o, c, Math.round(Math.min(open, close) * Math.exp(-wickDown) * unit)),
    );
    // U shape over the session (mean 1), more volume on bigger moves, lognormal noise.
    const x = 2 * times.position[i] - 1;
    const shape = times.barsPerSession > 1 ? 0.5 + 1.5 * x * x : 1;
    const activity = 0.6 + 0.5 * Math.abs(z);
    const noise = Math.exp(0.25 * random.normal() - 0.03125);
    frame.volume[i] = Math.round(barVolume * shape * activity * noise * volumeUnit);
  }
  return frame;
}

/** FNV-1a hash of a string, 32 bits. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
