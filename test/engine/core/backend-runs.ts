// Whole backtests for the backend parity test: golden strategies, the examples and
// an order mix of every type, on equity (2/0) and crypto (8/8) scales, both numeric
// modes. Run as a child process with RUSTYBT_BACKEND set: prints one JSON line per
// run with the SHA-256 of its results (the backend's name in meta aside).
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { CsvSource } from '../../../src/data/sources/csv-source.js';
import { SyntheticSource } from '../../../src/data/sources/synthetic-source.js';
import type { BacktestResults } from '../../../src/engine/algorithm/results.js';
import { runAlgorithm } from '../../../src/engine/algorithm/run-algorithm.js';
import type { AlgorithmStrategy, RunOptions } from '../../../src/engine/algorithm/run-options.js';
import {
  PerShareCommission,
  MakerTakerCommission,
  TieredCommission,
} from '../../../src/engine/commission/index.js';
import {
  FixedBasisPointsSlippage,
  VolumeShareSlippage,
  FixedSpreadSlippage,
} from '../../../src/engine/slippage/index.js';
import {
  trailingStopPercentOrder,
  trailingStopAmountOrder,
} from '../../../src/engine/orders/index.js';
import { realDailyFrame } from '../../helpers/real-bars.js';
import { buyAndHold, monthlyRebalance, smaCross } from '../algorithm/golden-strategies.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));

/** Every kind of order the context places, driven by a seeded generator. */
function orderMix(seed: number): AlgorithmStrategy {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return {
    initialize() {},
    handleData(ctx, data) {
      for (const asset of ctx.allAssets()) {
        if (!data.canTrade(asset)) continue;
        const price = data.current(asset, 'close');
        const lot = asset.assetClass === 'crypto' ? '0.015' : 3;
        const r = next();
        if (r < 0.08) ctx.order(asset, lot);
        else if (r < 0.14) ctx.order(asset, asset.assetClass === 'crypto' ? '-0.01' : -2);
        else if (r < 0.2) ctx.order(asset, lot, { limitPrice: (price * 0.995).toFixed(2) });
        else if (r < 0.25) ctx.order(asset, lot, { stopPrice: (price * 1.004).toFixed(2) });
        else if (r < 0.29)
          ctx.order(asset, lot, {
            stopPrice: (price * 1.002).toFixed(2),
            limitPrice: (price * 1.006).toFixed(2),
            timeInForce: 'day',
          });
        else if (r < 0.32) ctx.order(asset, lot, { style: trailingStopPercentOrder('1.5') });
        else if (r < 0.34)
          ctx.order(asset, lot, { style: trailingStopAmountOrder((price * 0.01).toFixed(2)) });
        else if (r < 0.37) ctx.orderTargetPercent(asset, 0.05);
        else if (r < 0.39) ctx.orderTargetValue(asset, 2500);
        else if (r < 0.41) ctx.orderTarget(asset, 0);
        else if (r < 0.44) {
          const open = ctx.getOpenOrders(asset);
          if (open.length > 0) ctx.cancelOrder(open[0]);
        }
      }
      const p = ctx.portfolio;
      ctx.record({ cash: p.cash, held: p.positions.size });
    },
  };
}

async function csvFrames(symbols: string[]) {
  const fetched = await new CsvSource({ directory: join(examples, 'data') }).fetch(
    symbols,
    new Date('2010-01-01T00:00:00Z'),
    new Date('2013-03-02T00:00:00Z'),
    '1d',
  );
  return fetched.frames;
}

async function cryptoFrames(symbols: string[], days: number) {
  const fetched = await new SyntheticSource({ calendar: '24/7', seed: 2024 }).fetch(
    symbols,
    new Date('2024-01-01T00:00:00Z'),
    new Date(Date.UTC(2024, 0, days, 23, 59)),
    '1m',
  );
  return fetched.frames;
}

/** The named runs. */
async function runs(): Promise<[string, RunOptions][]> {
  const golden = [
    realDailyFrame('GOOG.csv', 'GOOG', 2),
    realDailyFrame('orcl-1995-2014.txt', 'ORCL', 6),
    realDailyFrame('nvda-1999-2014.txt', 'NVDA', 6),
  ];
  const range = { start: '2011-01-03', end: '2012-12-31' };
  const sample = await csvFrames(['GOOG', 'ORCL', 'NVDA']);
  const crypto = await cryptoFrames(['BTC/USDT', 'ETH/USDT'], 3);
  const list: [string, RunOptions][] = [];
  for (const numeric of ['decimal', 'float'] as const) {
    for (const [name, strategy] of [
      ['buyAndHold', buyAndHold],
      ['smaCross', smaCross],
      ['monthlyRebalance', monthlyRebalance],
    ] as const) {
      list.push([
        `golden ${name} ${numeric}`,
        { strategy, frames: golden, ...range, capitalBase: 100000, numeric },
      ]);
    }
    list.push([
      `golden monthlyRebalance costs ${numeric}`,
      {
        strategy: monthlyRebalance,
        frames: golden,
        ...range,
        capitalBase: '250000.50',
        numeric,
        commission: new PerShareCommission('0.005', '1'),
        slippage: new FixedBasisPointsSlippage({ basisPoints: 5 }),
        fillPrice: 'close',
      },
    ]);
    for (const example of ['buy-and-hold', 'dual-moving-average', 'momentum-rebalance']) {
      list.push([
        `example ${example} ${numeric}`,
        {
          strategy: join(examples, `${example}.ts`),
          frames: sample,
          start: '2011-01-03',
          end: '2012-12-31',
          capitalBase: 100000,
          numeric,
        },
      ]);
    }
    list.push([
      `example crypto-minute ${numeric}`,
      {
        strategy: join(examples, 'crypto-minute.ts'),
        frames: crypto,
        start: '2024-01-01',
        end: '2024-01-03',
        capitalBase: 100000,
        dataFrequency: 'minute',
        calendar: '24/7',
        numeric,
      },
    ]);
    list.push([
      `order mix equity ${numeric}`,
      {
        strategy: orderMix(7),
        frames: sample,
        start: '2011-01-03',
        end: '2011-12-30',
        capitalBase: 100000,
        numeric,
        commission: new TieredCommission([
          { minVolume: '0', rate: '0.002' },
          { minVolume: '50000', rate: '0.001' },
        ]),
        slippage: new VolumeShareSlippage({ volumeLimit: '0.025', priceImpact: '0.1' }),
      },
    ]);
    list.push([
      `order mix crypto 8+8 ${numeric}`,
      {
        strategy: orderMix(11),
        frames: crypto,
        start: '2024-01-01',
        end: '2024-01-03',
        capitalBase: '100000',
        dataFrequency: 'minute',
        calendar: '24/7',
        numeric,
        commission: new MakerTakerCommission('0.001', '0.002'),
        slippage: new FixedSpreadSlippage('0.5'),
      },
    ]);
  }
  list.push([
    'custom slippage model (runs on the TypeScript core)',
    {
      strategy: smaCross,
      frames: golden,
      ...range,
      capitalBase: 100000,
      slippage: {
        name: 'at the reference price',
        volumeLimit: undefined,
        price: ({ price }) => price,
      },
    },
  ]);
  return list;
}

/** Results as text, the backend's name aside. */
export function canonical(results: BacktestResults): string {
  return JSON.stringify({ ...results, meta: { ...results.meta, backend: '' } });
}

for (const [name, options] of await runs()) {
  let line: Record<string, unknown>;
  try {
    const results = await runAlgorithm(options);
    line = {
      name,
      backend: results.meta.backend,
      sha256: createHash('sha256').update(canonical(results)).digest('hex'),
      fills: results.transactions.columns[0].values.length,
    };
  } catch (error) {
    line = { name, error: `${(error as Error).name}: ${(error as Error).message}` };
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
