import type { Frequency } from '../bar-frame.js';

/**
 * A fixed bundle for profiling and benchmarks: a real source and an offline
 * synthetic twin with the same symbols, sessions (calendar and range) and
 * frequency. The twin is deterministic (fixed seed).
 */
export interface ProfilingBundle {
  /** Bundle name and `rustybt ingest` argument. */
  name: string;
  /** The real source (registry name). */
  source: 'yfinance' | 'ccxt';
  /** ccxt exchange id, for the ccxt bundles. */
  exchange?: string;
  symbols: readonly string[];
  /** First and last session (daily) or bar start (intraday), UTC, inclusive. */
  start: Date;
  end: Date;
  frequency: Frequency;
  /** Calendar of the sessions: `XNYS` for US stocks, `24/7` for crypto. */
  calendar: 'XNYS' | '24/7';
  assetClass: 'equity' | 'crypto';
  /** Scales the synthetic twin uses. */
  priceScale: number;
  volumeScale: number;
  /** Seed of the synthetic twin. */
  seed: number;
}

/** 50 large US stocks, as Yahoo spells them. */
export const PROFILING_US_STOCKS: readonly string[] = [
  'AAPL',
  'MSFT',
  'AMZN',
  'GOOGL',
  'META',
  'NVDA',
  'TSLA',
  'BRK-B',
  'JPM',
  'JNJ',
  'V',
  'PG',
  'UNH',
  'HD',
  'MA',
  'DIS',
  'BAC',
  'XOM',
  'PFE',
  'KO',
  'PEP',
  'CSCO',
  'ORCL',
  'INTC',
  'CVX',
  'MRK',
  'ABT',
  'WMT',
  'CRM',
  'ADBE',
  'NFLX',
  'T',
  'VZ',
  'NKE',
  'MCD',
  'COST',
  'TMO',
  'AVGO',
  'TXN',
  'QCOM',
  'HON',
  'IBM',
  'AMGN',
  'SBUX',
  'CAT',
  'GS',
  'MMM',
  'BA',
  'GE',
  'LMT',
];

/** 20 liquid crypto pairs quoted in USDT, in ccxt's unified spelling. */
export const PROFILING_CRYPTO_PAIRS: readonly string[] = [
  'BTC/USDT',
  'ETH/USDT',
  'BNB/USDT',
  'SOL/USDT',
  'XRP/USDT',
  'ADA/USDT',
  'DOGE/USDT',
  'AVAX/USDT',
  'DOT/USDT',
  'LINK/USDT',
  'LTC/USDT',
  'TRX/USDT',
  'BCH/USDT',
  'ATOM/USDT',
  'XLM/USDT',
  'ETC/USDT',
  'FIL/USDT',
  'NEAR/USDT',
  'UNI/USDT',
  'AAVE/USDT',
];

/** The three profiling bundles, by name. */
export const PROFILING_BUNDLES: Readonly<Record<string, ProfilingBundle>> = {
  'yfinance-profiling': {
    name: 'yfinance-profiling',
    source: 'yfinance',
    symbols: PROFILING_US_STOCKS,
    start: new Date(Date.UTC(2023, 0, 1)),
    end: new Date(Date.UTC(2024, 11, 31)),
    frequency: '1d',
    calendar: 'XNYS',
    assetClass: 'equity',
    priceScale: 2,
    volumeScale: 0,
    seed: 5001,
  },
  'ccxt-hourly-profiling': {
    name: 'ccxt-hourly-profiling',
    source: 'ccxt',
    exchange: 'binance',
    symbols: PROFILING_CRYPTO_PAIRS,
    start: new Date(Date.UTC(2024, 0, 1)),
    end: new Date(Date.UTC(2024, 5, 30, 23)),
    frequency: '1h',
    calendar: '24/7',
    assetClass: 'crypto',
    priceScale: 8,
    volumeScale: 4,
    seed: 5002,
  },
  'ccxt-minute-profiling': {
    name: 'ccxt-minute-profiling',
    source: 'ccxt',
    exchange: 'binance',
    symbols: PROFILING_CRYPTO_PAIRS.slice(0, 10),
    start: new Date(Date.UTC(2024, 5, 1)),
    end: new Date(Date.UTC(2024, 5, 30, 23, 59)),
    frequency: '1m',
    calendar: '24/7',
    assetClass: 'crypto',
    priceScale: 8,
    volumeScale: 4,
    seed: 5003,
  },
};

/** The profiling bundle called `name`, or undefined. */
export function profilingBundle(name: string): ProfilingBundle | undefined {
  return Object.hasOwn(PROFILING_BUNDLES, name) ? PROFILING_BUNDLES[name] : undefined;
}
