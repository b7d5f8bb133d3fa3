import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlgorithmContext } from '../../../src/engine/algorithm/algorithm-context.js';
import type { AlgorithmStrategy } from '../../../src/engine/algorithm/run-options.js';
import type { ExchangeError } from '../../../src/errors/index.js';
import { CcxtExchange } from '../../../src/live/exchange/ccxt-exchange.js';
import { Journal } from '../../../src/live/journal.js';
import type { LiveResults } from '../../../src/live/live-results.js';
import { ReplayFeed } from '../../../src/live/replay-feed.js';
import { runLive } from '../../../src/live/run-live.js';
import { recordedBtcUsdt } from '../kline-fixture.js';
import type { FakeBinance } from './fake-binance.js';
import { binanceUrls } from './loopback-binance.js';

export const MINUTE = 60_000;
export const DAY_1 = Date.UTC(2023, 2, 9);
export const DAY_2 = Date.UTC(2023, 2, 10);

/** Keys the tests give the exchange: they must never show in a journal, an error or a log. */
export const KEYS = {
  apiKey: 'rbtApiKeyQ7wz5VbN3kLm8Xc2',
  secret: 'rbtSecretP4sd9Hf6Jg1Tq0Ry',
};

/** A strategy that runs `actions[n]` on its n-th live bar (1-based). */
export function scripted(
  actions: Record<number, (ctx: AlgorithmContext) => void>,
  from = 1,
): AlgorithmStrategy {
  let bar = from - 1;
  return {
    initialize() {},
    handleData(ctx) {
      bar++;
      actions[bar]?.(ctx);
    },
  };
}

/** A fresh journal path in a temporary directory. */
export function journalPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'rustybt-live-')), 'live.sqlite');
}

/** Connects a ccxt binance to the fake exchange with the test keys. */
export function connect(fake: FakeBinance): Promise<CcxtExchange> {
  return CcxtExchange.connect({
    exchange: 'binance',
    keys: KEYS,
    config: { urls: binanceUrls(fake.baseUrl), timeout: 1_500 },
  });
}

/**
 * Runs `strategy` live on the fake exchange over recorded BTC/USDT minute
 * bars of 2023-03-10 from `liveStart` (the day before is the start-up
 * history), for `bars` bars, journaling to `path`.
 */
export async function runOnFake(
  fake: FakeBinance,
  path: string,
  strategy: AlgorithmStrategy,
  options: {
    bars: number;
    liveStart?: number;
    cancelOnStop?: boolean;
    signal?: AbortSignal;
    onDifference?: (message: string) => void;
    onExchangeError?: (error: ExchangeError) => void;
  },
): Promise<LiveResults> {
  const frame = recordedBtcUsdt();
  const liveStart = options.liveStart ?? DAY_2;
  const journal = Journal.open(path, {
    mode: 'live',
    strategy: 'scripted',
    symbols: ['BTC/USDT'],
    source: 'ccxt:binance',
    frequency: '1m',
    calendar: '24/7',
    capitalBase: '10000',
    historyStart: DAY_1,
    liveStart,
  });
  const exchange = await connect(fake);
  try {
    return await runLive({
      strategy,
      symbols: ['BTC/USDT'],
      dataFrequency: 'minute',
      calendar: '24/7',
      capitalBase: '10000',
      historyStart: liveStart - 300 * MINUTE,
      liveStart,
      history: () => Promise.resolve([frame]),
      feed: new ReplayFeed([frame]),
      clock: { now: () => Infinity, sleep: () => Promise.resolve() },
      journal,
      exchange,
      maxBars: options.bars,
      cancelOnStop: options.cancelOnStop,
      signal: options.signal,
      onDifference: options.onDifference,
      onExchangeError: options.onExchangeError,
    });
  } finally {
    journal.close();
    await exchange.close();
  }
}
