// The per-bar account on the TypeScript SimulatedAccount (processBar) and on the Rust
// engine core (one `stepBar` per bar, the bar's views of the bar-major store), side by side: 500 assets × 3,900 minute
// bars (10 sessions), a few hundred resting orders and positions, market
// orders flowing every 10 bars, default models (FixedBasisPoints 5 bps with a
// 10% volume cap, PerShare 0.001), decimal and float.
//
// The bars are checked once (as a BarStore does at load): both accounts skip
// the per-bar check (`checked`), and nothing is copied into the Rust core.
//
// Each configuration runs in its own child process (as a user's backtest
// would: one arithmetic and one core per process, so V8 specializes each),
// rounds rotated (A B C D, B C D A, …), warm-up then medians; wall and CPU
// time per round. The children check they end with the same cash per mode.
// Run: npm run bench -- engine-core
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AssetFinder } from '../src/assets/index.js';
import { SimulatedAccount } from '../src/engine/simulated-account.js';
import { RustAccount } from '../src/engine/core/rust-account.js';
import { decimalConfig, type NumericMode } from '../src/numeric/index.js';
import { machineLine, table, type BenchResult } from './harness.js';

const ASSETS = 500;
const SESSIONS = 10;
const BARS_PER_SESSION = 390;
const BARS = SESSIONS * BARS_PER_SESSION;
const RESTING = 300;
const ROUNDS = 7;
const WARMUP = 2;
const DAY = 86_400_000;
const FIRST = Date.UTC(2024, 0, 2);

type Core = 'ts' | 'rust';
interface Configuration {
  name: string;
  mode: NumericMode;
  core: Core;
}
const CONFIGURATIONS: Configuration[] = [
  { name: 'decimal, TypeScript SimulatedAccount', mode: 'decimal', core: 'ts' },
  { name: 'decimal, Rust core', mode: 'decimal', core: 'rust' },
  { name: 'float, TypeScript SimulatedAccount', mode: 'float', core: 'ts' },
  { name: 'float, Rust core', mode: 'float', core: 'rust' },
];

/** Every bar of the run, bar-major (`t × assetCount + sid`), integer units, NaN open = no bar. */
interface BarMajorBars {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  assetCount: number;
}

/** Bar-major minute bars (price scale 4 units), a seeded random walk per asset. */
function makeBars(): BarMajorBars {
  let seed = 11;
  const random = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const n = ASSETS * BARS;
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  const last = Array.from({ length: ASSETS }, () => 100_000 + Math.floor(random() * 4_000_000));
  for (let t = 0; t < BARS; t++) {
    for (let s = 0; s < ASSETS; s++) {
      const i = t * ASSETS + s;
      if (random() < 0.02) {
        open[i] = high[i] = low[i] = close[i] = Number.NaN;
        continue;
      }
      const o = Math.max(1_000, last[s] + Math.floor((random() - 0.5) * 400));
      const c = Math.max(1_000, o + Math.floor((random() - 0.5) * 2_000));
      open[i] = o;
      close[i] = c;
      high[i] = Math.max(o, c) + Math.floor(random() * 500);
      low[i] = Math.max(500, Math.min(o, c) - Math.floor(random() * 500));
      volume[i] = 1_000 + Math.floor(random() * 100_000);
      last[s] = c;
    }
  }
  return { open, high, low, close, volume, assetCount: ASSETS };
}

function childMain(mode: NumericMode, core: Core): void {
  const assets = new AssetFinder(decimalConfig());
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
  const all = assets.all();
  const bars = makeBars();
  const stamp = (t: number): number =>
    FIRST +
    Math.floor(t / BARS_PER_SESSION) * DAY +
    14.5 * 3_600_000 +
    (t % BARS_PER_SESSION) * 60_000;
  const views = Array.from({ length: BARS }, (_, t) => {
    const at = t * ASSETS;
    return {
      timestamp: stamp(t),
      open: bars.open.subarray(at, at + ASSETS),
      high: bars.high.subarray(at, at + ASSETS),
      low: bars.low.subarray(at, at + ASSETS),
      close: bars.close.subarray(at, at + ASSETS),
      volume: bars.volume.subarray(at, at + ASSETS),
    };
  });
  const options = { assets, numericMode: mode, startingCash: '100000000', currency: 'USD' };

  /** One run: positions in 300 assets, 300 resting limits far below the market, 50 market orders every 10 bars. */
  const run = (): Reply => {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const account = core === 'ts' ? new SimulatedAccount(options) : new RustAccount(options);
    const loadNs = Number(process.hrtime.bigint() - t0);
    const cpu1 = process.cpuUsage(cpu0);
    const t1 = process.hrtime.bigint();
    let fills = 0;
    const place = (sid: number, amount: number, limit?: string): void => {
      const style = limit === undefined ? undefined : { type: 'limit' as const, limitPrice: limit };
      account.order(all[sid], amount, { style });
    };
    for (let t = 0; t < BARS; t++) {
      if (t % BARS_PER_SESSION === 0 && t > 0) account.endSession();
      fills +=
        account instanceof SimulatedAccount
          ? account.processBar(views[t], true).length
          : account.stepBar(t, views[t], true).length;
      if (t === 0) {
        for (let s = 0; s < RESTING; s++) {
          place(s, 100);
          place(ASSETS - 1 - s, 10, '0.50');
        }
      } else if (t % 10 === 0) {
        for (let k = 0; k < 50; k++) place((t + k * 7) % ASSETS, (t / 10 + k) % 2 === 0 ? 5 : -5);
      }
    }
    account.endSession();
    const ns = Number(process.hrtime.bigint() - t1);
    const cpu2 = process.cpuUsage(cpu0);
    const cash = account instanceof SimulatedAccount ? account.ledger.cash : account.ledger().cash;
    return {
      ns,
      cpuNs: (cpu2.user + cpu2.system - cpu1.user - cpu1.system) * 1000,
      loadNs,
      cash,
      fills,
    };
  };

  process.on('message', () => process.send?.(run()));
  process.send?.({ ready: true });
}

interface Reply {
  /** Wall and CPU time of the bar loop (orders, steps, session ends). */
  ns: number;
  cpuNs: number;
  /** Wall time of building the account. */
  loadNs: number;
  cash: number;
  fills: number;
}

function runRound(child: ChildProcess): Promise<Reply> {
  return new Promise((resolve) => {
    child.once('message', (reply: Reply) => resolve(reply));
    child.send({ go: true });
  });
}

function summary(name: string, samples: number[]): BenchResult {
  const sorted = samples.slice().sort((a, b) => a - b);
  return {
    name,
    medianNs: sorted[Math.floor(sorted.length / 2)],
    minNs: sorted[0],
    maxNs: sorted[sorted.length - 1],
    rounds: sorted.length,
  };
}

async function parentMain(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const children = CONFIGURATIONS.map(({ mode, core }) =>
    fork(self, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, RUSTYBT_BENCH_MODE: mode, RUSTYBT_BENCH_CORE: core },
    }),
  );
  for (const child of children) {
    child.on('exit', (code) => {
      if (code !== null && code !== 0) {
        process.stderr.write(`engine-core bench: a child process failed (exit ${code})\n`);
        process.exit(1);
      }
    });
  }
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('message', resolve))));
  const wall: number[][] = CONFIGURATIONS.map(() => []);
  const cpu: number[][] = CONFIGURATIONS.map(() => []);
  const load: number[][] = CONFIGURATIONS.map(() => []);
  const ends: Reply[] = [];
  for (let round = -WARMUP; round < ROUNDS; round++) {
    for (let k = 0; k < children.length; k++) {
      const i = (k + Math.max(round, 0)) % children.length;
      const reply = await runRound(children[i]);
      ends[i] = reply;
      if (round >= 0) {
        wall[i].push(reply.ns / (ASSETS * BARS));
        cpu[i].push(reply.cpuNs / (ASSETS * BARS));
        load[i].push(reply.loadNs / 1e6);
      }
    }
  }
  for (const child of children) child.kill();
  for (const [a, b] of [
    [0, 1],
    [2, 3],
  ]) {
    if (ends[a].cash !== ends[b].cash || ends[a].fills !== ends[b].fills) {
      throw new Error(
        `the cores disagree: ${CONFIGURATIONS[a].name} cash ${ends[a].cash} fills ${ends[a].fills}, ${CONFIGURATIONS[b].name} cash ${ends[b].cash} fills ${ends[b].fills}`,
      );
    }
  }
  const out = (text: string): boolean => process.stdout.write(text);
  const median = (xs: number[]): number =>
    xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  out(`${machineLine()}\n\n`);
  out(
    `Workload: ${ASSETS} assets × ${BARS.toLocaleString('en')} minute bars (${SESSIONS} sessions, 2% of asset-bars missing), ` +
      `${RESTING} positions and ${RESTING} resting limits from bar 0, 50 market orders every 10 bars ` +
      `(${ends[0].fills.toLocaleString('en')} fills per run); default models; DecimalConfig defaults ` +
      `(price scale 4, USD 2). Each configuration in its own process, ${WARMUP} warm-up + ${ROUNDS} rounds, rotated.\n\n`,
  );
  const perOp = { label: 'asset-bars/s', perOp: 1 };
  out(
    `## Wall time per asset-bar\n\n${table(
      CONFIGURATIONS.map((c, i) => summary(c.name, wall[i])),
      perOp,
    )}\n\n`,
  );
  out(
    `## CPU time per asset-bar\n\n${table(
      CONFIGURATIONS.map((c, i) => summary(c.name, cpu[i])),
      perOp,
    )}\n\n`,
  );
  out(
    `Set-up per run (building the account; not in the figures above), median ms: ${CONFIGURATIONS.map((c, i) => `${c.name} ${median(load[i]).toFixed(1)}`).join('; ')}\n\n`,
  );
  out(
    `rust / ts (wall): decimal ${(median(wall[1]) / median(wall[0])).toFixed(3)}, float ${(median(wall[3]) / median(wall[2])).toFixed(3)}\n` +
      `decimal / float (wall): TypeScript ${(median(wall[0]) / median(wall[2])).toFixed(3)}, Rust ${(median(wall[1]) / median(wall[3])).toFixed(3)}\n` +
      `rust / ts (CPU): decimal ${(median(cpu[1]) / median(cpu[0])).toFixed(3)}, float ${(median(cpu[3]) / median(cpu[2])).toFixed(3)}\n` +
      `decimal / float (CPU): TypeScript ${(median(cpu[0]) / median(cpu[2])).toFixed(3)}, Rust ${(median(cpu[1]) / median(cpu[3])).toFixed(3)}\n`,
  );
}

const childMode = process.env.RUSTYBT_BENCH_MODE;
const childCore = process.env.RUSTYBT_BENCH_CORE;
if (
  (childMode === 'decimal' || childMode === 'float') &&
  (childCore === 'ts' || childCore === 'rust')
) {
  childMain(childMode, childCore);
} else {
  await parentMain();
}
