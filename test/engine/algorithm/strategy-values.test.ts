// What a strategy reads from its orders and portfolio: always the user's units
// (30.94, not 3094 units at scale 2), on both numeric modes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAlgorithm } from '../../../src/engine/algorithm/run-algorithm.js';
import type { AlgorithmStrategy, RunOptions } from '../../../src/engine/algorithm/run-options.js';
import type { Order } from '../../../src/engine/orders/order.js';
import { PerShareCommission } from '../../../src/engine/commission/index.js';
import { NoSlippage } from '../../../src/engine/slippage/index.js';
import { realDailyFrame } from '../../helpers/real-bars.js';

const goog = realDailyFrame('GOOG.csv', 'GOOG', 2);
const base = {
  frames: [goog],
  start: '2012-01-03',
  end: '2012-01-31',
  capitalBase: 100000,
  slippage: new NoSlippage(),
  commission: new PerShareCommission('0.01', 0),
} satisfies Partial<RunOptions>;

for (const numeric of ['decimal', 'float'] as const) {
  describe(`strategy-visible values (${numeric})`, () => {
    it('shows order prices, quantities and commissions in the user’s units, live as the order fills', async () => {
      let limit: Order | undefined;
      let market: Order | undefined;
      const seen: { status: string; filled: number; commission: number }[] = [];
      const strategy: AlgorithmStrategy = {
        initialize() {},
        handleData(ctx) {
          const asset = ctx.symbol('GOOG');
          if (limit === undefined) {
            limit = ctx.order(asset, 5, { limitPrice: '30.94' });
            market = ctx.order(asset, 10);
            assert.deepEqual(ctx.getOpenOrders(asset), [limit, market]);
          } else if (seen.length === 0) {
            seen.push({
              status: market!.status,
              filled: market!.filled,
              commission: market!.commission,
            });
          }
        },
      };
      await runAlgorithm({ ...base, numeric, strategy });
      assert.ok(limit !== undefined && market !== undefined);
      assert.equal(limit.limitPrice, 30.94);
      assert.equal(limit.exact.limitPrice, '30.94');
      assert.ok(Number.isNaN(limit.stopPrice));
      assert.equal(limit.exact.stopPrice, '');
      assert.equal(limit.quantity, 5);
      assert.equal(limit.status, 'open', 'GOOG never traded near 30.94');
      assert.deepEqual(seen, [{ status: 'filled', filled: 10, commission: 0.1 }]);
      assert.equal(market.exact.commission, numeric === 'decimal' ? '0.10' : '0.1');
      assert.equal((JSON.parse(JSON.stringify(market)) as { symbol: string }).symbol, 'GOOG');
    });

    it('reads the portfolio from the account when read: cash, positions, exact text', async () => {
      const checks: string[] = [];
      const strategy: AlgorithmStrategy = {
        initialize() {},
        handleData(ctx, data) {
          const asset = ctx.symbol('GOOG');
          const portfolio = ctx.portfolio;
          const position = portfolio.positions.get(asset);
          if (position === undefined) {
            if (checks.length === 0) ctx.order(asset, 10);
            return;
          }
          if (checks.length > 0) return;
          const close = data.current(asset, 'close');
          assert.equal(position.amount, 10);
          assert.equal(position.lastSalePrice, close);
          assert.equal(position.exact.amount, '10');
          assert.equal(
            Math.round(portfolio.positionsValue * 100),
            Math.round(close * 1000),
            'positions value = 10 × close',
          );
          assert.ok(
            Math.abs(portfolio.cash + portfolio.positionsValue - portfolio.portfolioValue) < 1e-6,
          );
          assert.equal(portfolio.exact.portfolioValue.includes('.'), true);
          checks.push(portfolio.exact.cash);
        },
      };
      await runAlgorithm({ ...base, numeric, strategy });
      assert.equal(checks.length, 1);
    });
  });
}
