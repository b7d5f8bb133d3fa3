// `npm run bench -- live`: the live/paper loop per bar, on a recorded day of
// real BTC/USDT minute bars replayed through the live path. Per bar: the time
// from the feed handing the closed bar over to the end of the strategy's
// decision (fills, indicators, handleData), with and without the SQLite
// journal (WAL, synchronous FULL: one transaction per bar), and with a short
// and a long start-up history (the live market's bar store is rebuilt each bar).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BarFrame } from '../src/data/bar-frame.js';
import type { LiveBarFeed } from '../src/data/sources/live-bars.js';
import { BarStore } from '../src/data/portal/bar-store.js';
import type { AlgorithmStrategy } from '../src/engine/algorithm/run-options.js';
import { rsi } from '../src/indicators/index.js';
import { Journal } from '../src/live/journal.js';
import { ReplayFeed } from '../src/live/replay-feed.js';
import { runLive } from '../src/live/run-live.js';
import { recordedBtcUsdt } from '../test/live/kline-fixture.js';
import { compare, machineLine, table } from './harness.js';

const MINUTE = 60_000;
const DAY_2 = Date.UTC(2023, 2, 10);
const LIVE_BARS = 600;
const ROUNDS = 5;

const strategy = (): AlgorithmStrategy => ({
  initialize(ctx) {
    ctx.indicator('rsi', rsi(14), [ctx.symbol('BTC/USDT')]);
  },
  handleData(ctx, data) {
    const btc = ctx.symbol('BTC/USDT');
    const value = ctx.indicators.current('rsi', btc.sid);
    data.history(btc, 'close', 30);
    if (Number.isNaN(value) || ctx.getOpenOrders(btc).length > 0) return;
    const held = ctx.portfolio.positions.get(btc)?.amount ?? 0;
    if (value < 30 && held === 0) ctx.orderTargetPercent(btc, 0.5);
    else if (value > 70 && held > 0) ctx.orderTarget(btc, 0);
  },
});

/** A replay feed that notes when it handed each bar over. */
class TimedFeed implements LiveBarFeed {
  readonly symbols = ['BTC/USDT'];
  handedAt = 0;
  private readonly inner: ReplayFeed;
  constructor(frames: readonly BarFrame[]) {
    this.inner = new ReplayFeed(frames);
  }
  async closedBars(barStart: number) {
    const rows = await this.inner.closedBars(barStart);
    this.handedAt = performance.now();
    return rows;
  }
  connection() {
    return this.inner.connection();
  }
  close() {
    return this.inner.close();
  }
}

interface Variant {
  name: string;
  historyBars: number;
  journal: boolean;
}

const variants: Variant[] = [
  { name: 'paper, no journal, 300 bars of history', historyBars: 300, journal: false },
  { name: 'paper, journal, 300 bars of history', historyBars: 300, journal: true },
  { name: 'paper, no journal, 1,440 bars of history', historyBars: 1440, journal: false },
];

const frame = recordedBtcUsdt();
const dir = mkdtempSync(join(tmpdir(), 'rustybt-bench-live-'));

async function once(
  variant: Variant,
  round: number,
): Promise<{ latencies: number[]; cpuUs: number }> {
  const liveStart = DAY_2;
  const historyStart = liveStart - variant.historyBars * MINUTE;
  const feed = new TimedFeed([frame]);
  const latencies: number[] = [];
  const journal = variant.journal
    ? Journal.open(join(dir, `j-${round}-${Math.random()}.sqlite`), {
        mode: 'paper',
        strategy: 'bench',
        symbols: ['BTC/USDT'],
        source: 'replay',
        frequency: '1m',
        calendar: '24/7',
        capitalBase: '100000',
        historyStart,
        liveStart,
      })
    : undefined;
  const cpu = process.cpuUsage();
  await runLive({
    strategy: strategy(),
    symbols: ['BTC/USDT'],
    dataFrequency: 'minute',
    calendar: '24/7',
    capitalBase: '100000',
    historyStart,
    liveStart,
    history: () => Promise.resolve([frame]),
    feed,
    clock: { now: () => Infinity, sleep: () => Promise.resolve() },
    journal,
    maxBars: LIVE_BARS,
    onBar: () => latencies.push(performance.now() - feed.handedAt),
  });
  const used = process.cpuUsage(cpu);
  journal?.close();
  return { latencies, cpuUs: (used.user + used.system) / LIVE_BARS };
}

const samples = variants.map(() => ({ latencies: [] as number[], cpu: [] as number[] }));
for (let round = -1; round < ROUNDS; round++) {
  for (let k = 0; k < variants.length; k++) {
    const i = (k + Math.max(round, 0)) % variants.length;
    const { latencies, cpuUs } = await once(variants[i], round);
    if (round < 0) continue;
    samples[i].latencies.push(...latencies);
    samples[i].cpu.push(cpuUs);
  }
}
rmSync(dir, { recursive: true, force: true });

const quantile = (values: number[], q: number) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
const out = process.stdout;
out.write(`${machineLine()}\n`);
out.write(
  `workload: ${LIVE_BARS} live minute bars of real BTC/USDT (2023-03-10) replayed through the live path, RSI(14) strategy reading a 30-bar history window; ${ROUNDS} interleaved rounds after a warm-up\n\n`,
);
out.write('| variant | bar → decision median | p90 | p99 | CPU per bar (median of runs) |\n');
out.write('|---|---:|---:|---:|---:|\n');
variants.forEach((variant, i) => {
  const { latencies, cpu } = samples[i];
  out.write(
    `| ${variant.name} | ${us(quantile(latencies, 0.5))} | ${us(quantile(latencies, 0.9))} | ${us(quantile(latencies, 0.99))} | ${quantile(cpu, 0.5).toFixed(0)} µs |\n`,
  );
});
const journalCost = quantile(samples[1].latencies, 0.5) - quantile(samples[0].latencies, 0.5);
out.write(`\njournal write per bar (median with − median without): ${us(journalCost)}\n\n`);

// What rebuilding the live market's bar store costs as the history grows.
const storeTasks = [300, 1440, 2880].map((bars) => {
  const take = (column: Float64Array) => column.subarray(0, bars);
  const part: BarFrame = {
    ...frame,
    timestamps: take(frame.timestamps),
    open: take(frame.open),
    high: take(frame.high),
    low: take(frame.low),
    close: take(frame.close),
    volume: take(frame.volume),
  };
  return {
    name: `BarStore.fromFrames + close column, ${bars} bars`,
    ops: 1,
    run: () => {
      const store = BarStore.fromFrames([part], part.timestamps);
      return store.floatColumn('close', 0).length;
    },
  };
});
out.write(`${table(compare(storeTasks, { rounds: 15 }), { label: 'rebuilds/s', perOp: 1 })}\n`);
