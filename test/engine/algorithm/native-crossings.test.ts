import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sessionFromDate } from '../../../src/assets/session-date.js';
import { getCalendar } from '../../../src/calendar/index.js';
import { runAlgorithm } from '../../../src/engine/algorithm/run-algorithm.js';
import { buildTimeline } from '../../../src/engine/algorithm/timeline.js';
import { RustAccount } from '../../../src/engine/core/rust-account.js';
import { sma } from '../../../src/indicators/index.js';
import { DeclaredPlan } from '../../../src/indicators/plan.js';
import { backendInfo } from '../../../src/native/backend.js';

const rust = backendInfo().backend === 'rust';

/** Seeded minute frames of `assets` symbols over the timeline's bars. */
function frames(assets: number, timestamps: Float64Array) {
  let s = 11;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  const n = timestamps.length;
  return Array.from({ length: assets }, (_, a) => {
    const [open, high, low, close, volume] = [0, 1, 2, 3, 4].map(() => new Float64Array(n));
    let price = 5_000 + (next() % 1_000);
    for (let t = 0; t < n; t++) {
      const r = next();
      open[t] = price;
      price = Math.max(100, price + (r % 7) - 3);
      close[t] = price;
      high[t] = Math.max(open[t], price) + ((r >>> 3) & 3);
      low[t] = Math.min(open[t], price) - ((r >>> 5) & 3);
      volume[t] = 100 + ((r >>> 7) & 1023);
    }
    return {
      symbol: `S${a}`,
      frequency: '1m' as const,
      timestamps,
      priceScale: 2,
      volumeScale: 0,
      open,
      high,
      low,
      close,
      volume,
    };
  });
}

/** Counts calls of `names` on `proto` while `body` runs. */
async function counting<T>(
  targets: [object, string[]][],
  body: () => Promise<T>,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const restore: (() => void)[] = [];
  for (const [proto, names] of targets) {
    for (const name of names) {
      const target = proto as Record<string, (...args: unknown[]) => unknown>;
      const original = target[name];
      target[name] = function (this: unknown, ...args: unknown[]) {
        counts[name] = (counts[name] ?? 0) + 1;
        return original.apply(this, args);
      };
      restore.push(() => (target[name] = original));
    }
  }
  try {
    await body();
  } finally {
    restore.forEach((undo) => undo());
  }
  return counts;
}

describe('a backtest on the Rust core crosses with scalars', () => {
  it(
    'binds the store and the indicators once, then one step and one plan call per bar',
    { skip: !rust },
    async () => {
      const calendar = getCalendar('XNYS');
      const timeline = buildTimeline(
        calendar,
        sessionFromDate('2024-01-02', 's'),
        sessionFromDate('2024-01-05', 'e'),
        '1m',
      );
      const bars = timeline.bars.length;
      const counts = await counting(
        [
          [RustAccount.prototype, ['stepBound', 'stepViews']],
          [DeclaredPlan.prototype, ['advance', 'bind']],
        ],
        () =>
          runAlgorithm({
            strategy: {
              initialize(ctx) {
                ctx.indicator('fast', sma(5), ctx.allAssets());
                ctx.indicator('slow', sma(20), ctx.allAssets());
              },
              handleData(ctx) {
                const up = ctx.indicators.crossovers('fast', 'slow');
                for (let i = 0; i < up.length; i++) ctx.order(ctx.sid(up.sids[i]), 1);
              },
            },
            frames: frames(60, timeline.bars),
            start: '2024-01-02',
            end: '2024-01-05',
            capitalBase: 1e7,
            dataFrequency: 'minute',
            calendar: 'XNYS',
          }),
      );
      assert.equal(counts.stepBound, bars);
      assert.equal(counts.stepViews, undefined);
      assert.equal(counts.advance, bars);
      // One plan for the declarations, one more when the first comparison is asked for.
      assert.ok(counts.bind <= 2, `bound ${counts.bind} times`);
    },
  );
});
