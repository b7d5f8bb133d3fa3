import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { allocateBarFrame, type BarFrame } from '../../../src/data/bar-frame.js';
import { chooseLayingKernel, type LayingKernel } from '../../../src/data/portal/bar-laying.js';
import { BarStore } from '../../../src/data/portal/index.js';
import { rustKernelsOrSkip } from '../../helpers/backends.js';

// The bar store is laid by the Rust core when the addon is loaded and by TypeScript otherwise:
// the same columns, the same existing bars and first bars, and the same error (the Rust core
// only says it refused a group; TypeScript lays it again to name the bar).
const { kernels, skip } = rustKernelsOrSkip();
after(() => chooseLayingKernel(undefined));

const DAY = 86_400_000;
const START = Date.UTC(2021, 0, 4);

/** Calls to the Rust core, counted, and whether it laid the group. */
const calls: boolean[] = [];
const counting: LayingKernel = {
  layBarGroup(...args) {
    const laid = (kernels as unknown as LayingKernel).layBarGroup(...args);
    calls.push(laid);
    return laid;
  },
};

/** What a store holds, or the error building it threw. */
function built(frames: readonly BarFrame[], timeline: Float64Array): unknown {
  try {
    const columns = BarStore.fromFrames(frames, timeline).columns();
    return {
      units: Object.fromEntries(
        Object.entries(columns.units).map(([field, values]) => [field, Array.from(values)]),
      ),
      hasBar: Array.from(columns.hasBar),
      firstBar: Array.from(columns.firstBar),
    };
  } catch (error) {
    return { error: (error as Error).name, message: (error as Error).message };
  }
}

/** A market: per asset, the bars on some of the timeline's days, some before or after it, at times a bad bar. */
const market = fc
  .record({
    days: fc.integer({ min: 1, max: 90 }),
    assets: fc.array(
      fc.record({
        present: fc.array(fc.boolean(), { minLength: 100, maxLength: 100 }),
        before: fc.boolean(),
        after: fc.boolean(),
        offTimeline: fc.option(fc.integer({ min: 0, max: 99 }), { freq: 8 }),
        bad: fc.option(
          fc.record({
            at: fc.integer({ min: 0, max: 99 }),
            field: fc.constantFrom('open', 'high', 'low', 'close', 'volume'),
            value: fc.constantFrom(-5, 0, 0.5, Number.NaN, 2 ** 60, 1e9),
          }),
          { freq: 6 },
        ),
      }),
      { minLength: 1, maxLength: 140 },
    ),
  })
  .map(({ days, assets }) => {
    const timeline = Float64Array.from({ length: days }, (_, d) => START + d * DAY);
    const frames = assets.map((spec, sid) => {
      const stamps: number[] = [];
      if (spec.before) stamps.push(START - 3 * DAY);
      for (let d = 0; d < days; d++) {
        if (spec.present[d]) stamps.push(START + d * DAY);
        if (spec.offTimeline === d) stamps.push(START + d * DAY + 3_600_000);
      }
      if (spec.after) stamps.push(START + (days + 2) * DAY);
      const frame = allocateBarFrame(`S${sid}`, '1d', stamps.length, 2, 0);
      stamps.forEach((stamp, i) => {
        const close = 1000 + ((sid * 37 + i * 11) % 500);
        frame.timestamps[i] = stamp;
        frame.open[i] = close - 1;
        frame.high[i] = close + 5;
        frame.low[i] = close - 7;
        frame.close[i] = close;
        frame.volume[i] = (sid + i) % 9;
      });
      if (spec.bad !== null && spec.bad.at < stamps.length) {
        frame[spec.bad.field][spec.bad.at] = spec.bad.value;
      }
      return frame;
    });
    return { timeline, frames };
  });

describe('laying the bar store', { skip }, () => {
  it('gives the same store, or the same error, in the Rust core as in TypeScript', () => {
    let refused = 0;
    let laid = 0;
    fc.assert(
      fc.property(market, ({ timeline, frames }) => {
        chooseLayingKernel(null);
        const expected = built(frames, timeline);
        chooseLayingKernel(counting);
        calls.length = 0;
        const actual = built(frames, timeline);
        assert.deepEqual(actual, expected);
        // One call per group of 64 assets, up to the first it refused.
        assert.ok(calls.length >= 1 && calls.length <= Math.ceil(frames.length / 64));
        if (calls.includes(false)) refused++;
        else laid++;
      }),
      { numRuns: 150 },
    );
    // Both outcomes were exercised.
    assert.ok(refused > 10 && laid > 10, `${refused} refused, ${laid} laid`);
  });
});
