import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { AlgorithmStrategy } from '../../src/engine/algorithm/run-options.js';
import { ReplayFeed } from '../../src/live/replay-feed.js';
import { runLive, type LiveRunOptions } from '../../src/live/run-live.js';
import { recordedBtcUsdt } from './kline-fixture.js';

const DAY_1 = Date.UTC(2023, 2, 9);
const DAY_2 = Date.UTC(2023, 2, 10);
const dir = mkdtempSync(join(tmpdir(), 'rustybt-safety-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Buys 2 BTC at market on the first bar, then keeps a far-off limit buy resting. */
const resting = (): AlgorithmStrategy => ({
  initialize() {},
  handleData(ctx, data) {
    const btc = ctx.symbol('BTC/USDT');
    if (ctx.portfolio.positions.size === 0 && ctx.getOpenOrders(btc).length === 0) {
      ctx.order(btc, 2);
    } else if (ctx.getOpenOrders(btc).length === 0) {
      ctx.order(btc, '0.1', { limitPrice: (data.current(btc, 'close') * 0.5).toFixed(2) });
    }
  },
});

function options(strategy: AlgorithmStrategy, extra: Partial<LiveRunOptions> = {}): LiveRunOptions {
  const frame = recordedBtcUsdt();
  return {
    strategy,
    symbols: ['BTC/USDT'],
    dataFrequency: 'minute',
    calendar: '24/7',
    capitalBase: '100000',
    historyStart: DAY_1,
    liveStart: DAY_2,
    history: () => Promise.resolve([frame]),
    feed: new ReplayFeed([frame]),
    clock: { now: () => Infinity, sleep: () => Promise.resolve() },
    maxBars: 1440,
    ...extra,
  };
}

describe('safety limits of a live run', () => {
  it('a kill switch file stops the run at the next bar and cancels the open orders', async () => {
    const file = join(dir, 'STOP');
    const results = await runLive(
      options(resting(), {
        safety: { killSwitchFile: file },
        onBar: (status) => {
          if (status.bars === 50) writeFileSync(file, '');
        },
      }),
    );
    assert.equal(results.bars, 50);
    assert.match(results.stopReason, /^kill switch: .*STOP exists$/);
    assert.equal(results.openOrdersAtStop, 1);
    assert.equal(results.cancelledAtStop, 1);
  });

  it('a kill signal stops the run between bars and cancels the open orders', async () => {
    const kill = new AbortController();
    const results = await runLive(
      options(resting(), {
        kill: kill.signal,
        onBar: (status) => {
          if (status.bars === 20) kill.abort('SIGUSR2');
        },
      }),
    );
    assert.equal(results.bars, 20);
    assert.equal(results.stopReason, 'kill switch: SIGUSR2');
    assert.equal(results.cancelledAtStop, results.openOrdersAtStop);
  });

  it('the daily loss limit stops the run once the session loses that much', async () => {
    // 2 BTC bought at the open of 2023-03-10: the price fell about 1,000 USDT within hours.
    const results = await runLive(options(resting(), { safety: { dailyLossLimit: '500' } }));
    assert.match(
      results.stopReason,
      /^daily loss limit hit: session P&L -5\d\d\.\d+ reached -500$/,
    );
    assert.ok(results.bars < 1440);
    assert.equal(results.cancelledAtStop, results.openOrdersAtStop);
  });

  it('an order above the max order value is refused and the run stops, stating why', async () => {
    const results = await runLive(
      options(resting(), { safety: { maxOrderSize: { value: '10000' } } }),
    );
    assert.equal(results.bars, 1);
    assert.match(results.stopReason, /^safety limit: .*maxOrderSize|^safety limit: .*order/i);
    assert.equal(results.transactions.columns[0].values.length, 0);
  });

  it('without a stop request open orders are left open at the end unless cancelOnStop', async () => {
    const left = await runLive(options(resting(), { maxBars: 10 }));
    assert.equal(left.openOrdersAtStop, 1);
    assert.equal(left.cancelledAtStop, 0);
    const cancelled = await runLive(options(resting(), { maxBars: 10, cancelOnStop: true }));
    assert.equal(cancelled.cancelledAtStop, 1);
  });
});
