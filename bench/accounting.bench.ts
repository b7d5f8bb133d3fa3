// Exact decimal vs float accounting, side by side in one run, interleaved:
// 1,000,000 fills and 10,000,000 mark-to-market updates across 500 assets,
// then the whole SimulatedAccount path (orders → blotter → fills → ledger → marks).
//
// Each configuration (decimal on the Rust backend, decimal on TypeScript only,
// float) runs in its own child process, as a user's backtest would: in one
// process the engine's call sites would see both arithmetics and V8 would stop
// inlining either, slowing the float baseline and flattering the ratio. The
// parent rotates the processes round by round (A B C, B C A, ...) so that
// machine noise hits all sides alike. Run: npm run bench -- accounting
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AssetFinder } from '../src/assets/index.js';
import { allocateBarInput, type BarInput } from '../src/engine/blotter/index.js';
import { SimulatedAccount } from '../src/engine/simulated-account.js';
import { PerShareCommission } from '../src/engine/commission/index.js';
import { Ledger } from '../src/engine/ledger/index.js';
import { decimalConfig, numericFor, roundingCode, type NumericMode } from '../src/numeric/index.js';
import { machineLine, table, type BenchResult } from './harness.js';

const ASSETS = 500;
const FILLS = 1_000_000;
const MARK_BARS = 20_000; // × 500 assets = 10,000,000 updates
const DISTINCT_BARS = 256;
const BROKER_BARS = 400;
const CRYPTO_BARS = 2_000; // × 500 pairs = 1,000,000 updates
const ROUNDS = 9;
const WARMUP = 2;

type TaskName = 'fills' | 'marks' | 'broker' | 'crypto' | 'crypto2';
const TASK_OPS: Record<TaskName, number> = {
  fills: FILLS,
  marks: MARK_BARS * ASSETS,
  broker: (BROKER_BARS - 1) * ASSETS,
  crypto: CRYPTO_BARS * ASSETS,
  crypto2: CRYPTO_BARS * ASSETS,
};

/** One mode's side of the benchmark: builds identical inputs from a fixed seed, runs tasks on request. */
function childMain(mode: NumericMode): void {
  // Default DecimalConfig: equities at price scale 4, quantity scale 0, USD at 2 decimals,
  // so every notional is rounded (HALF_EVEN) from 6 to 2 decimals.
  const config = decimalConfig();
  const assets = new AssetFinder(config);
  for (let i = 0; i < ASSETS; i++) {
    assets.add({
      assetClass: 'equity',
      symbol: `S${i}`,
      exchange: 'BENCH',
      quoteCurrency: 'USD',
      startDate: '2000-01-01',
      endDate: '2100-01-01',
    });
  }
  const numeric = numericFor(mode);
  let seed = 7;
  const random = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  // Prices: integer units at scale 4 (1.0000 .. 500.0000), converted once to this mode's
  // representation (a float engine gets floats); quantities ±1..1000 shares.
  const fillSid = new Int32Array(FILLS);
  const fillQty = new Float64Array(FILLS);
  const fillPrice = new Float64Array(FILLS);
  for (let i = 0; i < FILLS; i++) {
    fillSid[i] = Math.floor(random() * ASSETS);
    fillQty[i] = (random() < 0.5 ? -1 : 1) * (1 + Math.floor(random() * 1000));
    fillPrice[i] = numeric.fromUnits(10_000 + Math.floor(random() * 4_990_000), 4);
  }
  const marks: Float64Array[] = [];
  for (let b = 0; b < DISTINCT_BARS; b++) {
    const prices = new Float64Array(ASSETS);
    for (let s = 0; s < ASSETS; s++) {
      prices[s] = numeric.fromUnits(10_000 + Math.floor(random() * 4_990_000), 4);
    }
    marks.push(prices);
  }
  const bars: BarInput[] = [];
  for (let b = 0; b < 64; b++) {
    const bar = allocateBarInput(ASSETS, 0);
    for (let s = 0; s < ASSETS; s++) {
      const open = 10_000 + Math.floor(random() * 4_990_000);
      const close = Math.max(100, open + Math.floor((random() - 0.5) * 20_000));
      bar.open[s] = open;
      bar.close[s] = close;
      bar.high[s] = Math.max(open, close) + 500;
      bar.low[s] = Math.max(1, Math.min(open, close) - 500);
      bar.volume[s] = 1_000_000;
    }
    bars.push(bar);
  }
  const commissionModel = new PerShareCommission('0.001', '0');
  const commissionMode = roundingCode(config.roundingPoints.commission);
  const all = assets.all();
  const newLedger = () =>
    new Ledger({ numeric, assets, startingCash: '100000000', currency: 'USD' });

  // Fills: PerShare commission + ledger booking (opens, adds, partial closes, flips).
  const fills = (): number => {
    const ledger = newLedger();
    for (let i = 0; i < FILLS; i++) {
      const sid = fillSid[i];
      const quantity = fillQty[i];
      const price = fillPrice[i];
      const commission = commissionModel.commission({
        numeric,
        asset: all[sid],
        moneyScale: 2,
        orderId: i,
        quantity,
        price,
        notional: ledger.notional(sid, price, quantity < 0 ? -quantity : quantity),
        filledBefore: 0,
        chargedBefore: 0,
        maker: false,
        timestamp: 0,
        mode: commissionMode,
      });
      ledger.applyFill(sid, quantity, price, commission);
    }
    return ledger.cash;
  };

  // Marks: every position revalued at each bar's close (500 per bar).
  const markLedger = newLedger();
  for (let sid = 0; sid < ASSETS; sid++)
    markLedger.applyFill(sid, 1 + (sid % 900), marks[0][sid], 0);
  const markAll = (): number => {
    for (let b = 0; b < MARK_BARS; b++) markLedger.markToMarket(marks[b % DISTINCT_BARS]);
    return markLedger.positionsValue();
  };

  // SimulatedAccount end to end: each bar one market order per asset (alternating sides), filled on
  // the next bar's open with the default models, booked, everything marked at the close.
  const broker = (): number => {
    const b = new SimulatedAccount({
      assets,
      numericMode: mode,
      startingCash: '100000000',
      currency: 'USD',
    });
    let count = 0;
    for (let i = 0; i < BROKER_BARS; i++) {
      const bar = bars[i % bars.length];
      bar.timestamp = Date.UTC(2020, 0, 1) + i * 86_400_000;
      count += b.processBar(bar).length;
      for (let s = 0; s < ASSETS; s++) b.order(all[s], (i + s) % 2 === 0 ? 100 : -100);
      b.endSession();
    }
    if (count !== TASK_OPS.broker) throw new Error(`broker bench filled ${count}`);
    return count + b.ledger.cash;
  };

  // Crypto pairs in a USDT account (scale 8), quantity scale 8. At the default price scale 8,
  // price × quantity exceeds 2^52 units: decimal marks take the exact split product. At price
  // scale 2 (the tick Binance uses for BTC/USDT) products stay below 2^52.
  const cryptoTask = (priceScale: number): (() => number) => {
    const cryptoAssets = new AssetFinder(config);
    for (let i = 0; i < ASSETS; i++) {
      cryptoAssets.add({
        assetClass: 'crypto',
        symbol: `C${i}/USDT`,
        exchange: 'BENCH',
        quoteCurrency: 'USDT',
        lotSize: '0.0001',
        priceScale,
        startDate: '2000-01-01',
        endDate: '2100-01-01',
      });
    }
    const ledger = new Ledger({
      numeric,
      assets: cryptoAssets,
      startingCash: '1000000',
      currency: 'USDT',
    });
    // The equity prices (scale 4) rescaled: ×10^4 to scale 8, or truncated to scale 2.
    const rescale = (x: number): number =>
      mode === 'float'
        ? priceScale >= 4
          ? x
          : Math.trunc(x * 100) / 100
        : priceScale >= 4
          ? x * 10 ** (priceScale - 4)
          : Math.trunc(x / 10 ** (4 - priceScale));
    const prices = marks.map((bar) => bar.map(rescale));
    for (let sid = 0; sid < ASSETS; sid++) {
      ledger.applyFill(sid, numeric.fromUnits(12_345_678, 8), prices[0][sid], 0);
    }
    return () => {
      for (let b = 0; b < CRYPTO_BARS; b++) ledger.markToMarket(prices[b % DISTINCT_BARS]);
      return ledger.positionsValue();
    };
  };

  const tasks: Record<TaskName, () => number> = {
    fills,
    marks: markAll,
    broker,
    crypto: cryptoTask(8),
    crypto2: cryptoTask(2),
  };
  let sink = 0;
  process.on('message', (message: { task: TaskName }) => {
    const start = process.hrtime.bigint();
    sink += tasks[message.task]();
    const ns = Number(process.hrtime.bigint() - start);
    process.send?.({ ns, check: Number.isFinite(sink) });
  });
  process.send?.({ ready: true });
}

function runRound(child: ChildProcess, task: TaskName): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (reply: { ns: number }) => resolve(reply.ns));
    child.send({ task });
  });
}

async function parentMain(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  // Decimal on the Rust backend (the native mark kernel) and on TypeScript only, and float.
  const configurations = [
    { name: 'decimal (rust)', mode: 'decimal', backend: 'rust' },
    { name: 'decimal (ts)', mode: 'decimal', backend: 'ts' },
    { name: 'float', mode: 'float', backend: 'rust' },
  ] as const;
  const children = configurations.map(({ mode, backend }) =>
    fork(self, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, RUSTYBT_BENCH_MODE: mode, RUSTYBT_BACKEND: backend },
    }),
  );
  for (const child of children) {
    child.on('exit', (code) => {
      if (code !== null && code !== 0) {
        process.stderr.write(`accounting bench: a child process failed (exit ${code})\n`);
        process.exit(1);
      }
    });
  }
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('message', resolve))));
  const out = (text: string): boolean => process.stdout.write(text);
  out(`${machineLine()}\n\n`);
  out(
    'DecimalConfig defaults: equity price scale 4, quantity scale 0, USD money scale 2, HALF_EVEN.\n',
  );
  out(
    `Each configuration in its own process, rounds rotated; ${WARMUP} warm-up + ${ROUNDS} measured rounds.\n\n`,
  );
  const titles: Record<TaskName, string> = {
    fills: `${FILLS.toLocaleString('en')} fills across ${ASSETS} assets (PerShare commission + ledger booking)`,
    marks: `${TASK_OPS.marks.toLocaleString('en')} mark-to-market updates (${MARK_BARS.toLocaleString('en')} bars × ${ASSETS} positions)`,
    crypto2: `${TASK_OPS.crypto2.toLocaleString('en')} mark-to-market updates of crypto pairs at price scale 2, quantity 8 (products below 2^52 units)`,
    crypto: `${TASK_OPS.crypto.toLocaleString('en')} mark-to-market updates of crypto pairs at the default scales (price 8, quantity 8: products beyond 2^52 units, split product)`,
    broker: `SimulatedAccount end to end: ${BROKER_BARS} bars × ${ASSETS} assets, a market order per asset per bar (${TASK_OPS.broker.toLocaleString('en')} fills, default models)`,
  };
  const units: Record<TaskName, string> = {
    fills: 'fills/s',
    marks: 'updates/s',
    broker: 'fills/s',
    crypto: 'updates/s',
    crypto2: 'updates/s',
  };
  for (const task of ['fills', 'marks', 'broker', 'crypto', 'crypto2'] as const) {
    const samples: number[][] = configurations.map(() => []);
    for (let round = -WARMUP; round < ROUNDS; round++) {
      for (let k = 0; k < children.length; k++) {
        const i = (k + Math.max(round, 0)) % children.length;
        const ns = await runRound(children[i], task);
        if (round >= 0) samples[i].push(ns / TASK_OPS[task]);
      }
    }
    const results: BenchResult[] = configurations.map(({ name }, i) => {
      const sorted = samples[i].slice().sort((a, b) => a - b);
      return {
        name: `${task}: ${name}`,
        medianNs: sorted[Math.floor(sorted.length / 2)],
        minNs: sorted[0],
        maxNs: sorted[sorted.length - 1],
        rounds: sorted.length,
      };
    });
    const float = results[2].medianNs;
    out(`## ${titles[task]}\n\n${table(results, { label: units[task], perOp: 1 })}\n\n`);
    out(
      `decimal / float: ${(results[0].medianNs / float).toFixed(2)}× on the Rust backend, ${(results[1].medianNs / float).toFixed(2)}× on TypeScript\n\n`,
    );
  }
  for (const child of children) child.kill();
}

const childMode = process.env.RUSTYBT_BENCH_MODE;
if (childMode === 'decimal' || childMode === 'float') childMain(childMode);
else await parentMain();
