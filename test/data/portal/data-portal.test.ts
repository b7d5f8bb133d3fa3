import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allocateBarFrame, type BarFrame } from '../../../src/data/bar-frame.js';
import { BarStore, DataPortal, type BarSlice } from '../../../src/data/portal/index.js';
import { DataError } from '../../../src/errors/index.js';
import { parseDecimal } from '../../../src/numeric/index.js';

const DAY = 86_400_000;
const day = (i: number) => Date.UTC(2021, 0, 4) + i * DAY;

/** A daily frame at scale 2 from [dayIndex, close] pairs; open/high/low derived from close. */
function frame(symbol: string, bars: [number, number][]): BarFrame {
  const f = allocateBarFrame(symbol, '1d', bars.length, 2, 0);
  bars.forEach(([d, close], i) => {
    f.timestamps[i] = day(d);
    f.open[i] = close - 100;
    f.high[i] = close + 200;
    f.low[i] = close - 300;
    f.close[i] = close;
    f.volume[i] = 1000 + d;
  });
  return f;
}

const timeline = (n: number) => Float64Array.from({ length: n }, (_, i) => day(i));

function sameValues(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

describe('BarStore', () => {
  it('forward-fills a missing bar from the last close and leaves NaN before the first bar', () => {
    const store = BarStore.fromFrames(
      [
        frame('AAA', [
          [0, 10000],
          [1, 10100],
          [3, 10300],
        ]),
        frame('BBB', [
          [2, 5000],
          [3, 5100],
        ]),
      ],
      timeline(4),
    );
    assert.deepEqual(Array.from(store.unitsColumn('close', 0)), [10000, 10100, 10100, 10300]);
    assert.deepEqual(Array.from(store.unitsColumn('open', 0)), [9900, 10000, 10100, 10200]);
    assert.deepEqual(Array.from(store.unitsColumn('volume', 0)), [1000, 1001, 0, 1003]);
    assert.deepEqual(Array.from(store.unitsColumn('close', 1)), [NaN, NaN, 5000, 5100]);
    assert.deepEqual(Array.from(store.floatColumn('close', 0)), [100, 101, 101, 103]);
    // Bar-major: bar t of every asset together.
    assert.deepEqual(Array.from(store.hasBar), [1, 0, 1, 0, 0, 1, 1, 1]);
  });

  it('checks every bar once when the store is built, naming the asset and the bad values', () => {
    const bad = (edit: (f: BarFrame) => void) => {
      const f = frame('AAA', [
        [0, 10000],
        [1, 10100],
      ]);
      edit(f);
      return () => BarStore.fromFrames([f], timeline(2));
    };
    const at = /Bad bar for AAA at 2021-01-05T00:00:00.000Z/;
    assert.throws(
      bad((f) => (f.low[1] = f.open[1] + 1)),
      (e: unknown) => e instanceof DataError && at.test(e.message) && /low <= open/.test(e.message),
    );
    assert.throws(
      bad((f) => (f.high[1] = f.close[1] - 1)),
      at,
    );
    assert.throws(
      bad((f) => (f.volume[1] = -1)),
      at,
    );
    assert.throws(
      bad((f) => (f.close[1] = 10100.5)),
      at,
    );
    assert.throws(
      bad((f) => (f.low[1] = 0)),
      at,
    );
    assert.throws(
      bad((f) => (f.open[1] = NaN)),
      at,
    );
  });

  it('hands the engine the bar of every asset as views, NaN where an asset printed none', () => {
    const store = BarStore.fromFrames(
      [
        frame('AAA', [
          [0, 10000],
          [2, 10200],
        ]),
        frame('BBB', [[1, 5000]]),
      ],
      timeline(3),
    );
    const bar = store.bar(1, {
      open: new Float64Array(0),
      high: new Float64Array(0),
      low: new Float64Array(0),
      close: new Float64Array(0),
      volume: new Float64Array(0),
    });
    assert.equal(bar.close.buffer, store.unitsField('close').buffer, 'a view, not a copy');
    assert.deepEqual(Array.from(bar.close), [NaN, 5000]);
    assert.deepEqual(Array.from(bar.volume), [NaN, 1001]);
    assert.deepEqual(Array.from(store.firstBar), [0, 1]);
  });

  it('rejects a bar that is not on the timeline, naming the symbol and time', () => {
    const weekend = frame('AAA', [[0, 100]]);
    weekend.timestamps[0] = day(0) + 3_600_000;
    assert.throws(() => BarStore.fromFrames([weekend], timeline(2)), {
      name: 'DataError',
      message: /AAA has a 1d bar at 2021-01-04T01:00:00.000Z that is not on the timeline/,
    });
  });

  it('leaves out bars outside the timeline range', () => {
    const store = BarStore.fromFrames(
      [
        frame('AAA', [
          [0, 1000],
          [1, 2000],
          [5, 6000],
        ]),
      ],
      timeline(2),
    );
    assert.deepEqual(Array.from(store.unitsColumn('close', 0)), [1000, 2000]);
  });

  it('lays handed-over frames group by group, reading each frame only when its group starts', async () => {
    // 150 assets = three groups of at most 64; a frame counts the reads of its columns.
    const reads: number[] = [];
    const frames = Array.from({ length: 150 }, (_, sid) => {
      const real = frame(`S${sid}`, [
        [0, 1000 + sid],
        [2, 2000 + sid],
      ]);
      const counted = { ...real };
      for (const field of ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const) {
        Object.defineProperty(counted, field, {
          get: () => {
            reads.push(sid);
            return real[field];
          },
        });
      }
      return counted;
    });
    const expected = BarStore.fromFrames(frames, timeline(3));
    reads.length = 0;
    const handed = [...frames];
    const laying = BarStore.handOver(handed, timeline(3));
    // The first group is laid synchronously, then the laying pauses: later groups are not read yet.
    assert.ok(reads.length > 0 && Math.max(...reads) < 64, 'only the first group was read');
    assert.equal(handed[0], undefined, 'a laid group is released');
    const store = await laying;
    assert.ok(
      handed.every((f) => f === undefined),
      'every frame released',
    );
    for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
      assert.ok(sameValues(store.unitsField(field), expected.unitsField(field)), field);
    }
    assert.deepEqual(Array.from(store.firstBar), Array.from(expected.firstBar));
  });

  it('rejects mixed frequencies, duplicate symbols and unknown symbols', () => {
    const hourly = frame('BBB', [[0, 1000]]);
    hourly.frequency = '1h';
    assert.throws(
      () => BarStore.fromFrames([frame('AAA', [[0, 1000]]), hourly], timeline(1)),
      /one frequency/,
    );
    assert.throws(
      () =>
        BarStore.fromFrames([frame('AAA', [[0, 1000]]), frame('AAA', [[0, 2000]])], timeline(1)),
      /AAA appears twice/,
    );
    const store = BarStore.fromFrames([frame('AAA', [[0, 1000]])], timeline(1));
    assert.throws(
      () => store.sid('ZZZ'),
      (e: unknown) =>
        e instanceof DataError && /Unknown symbol ZZZ; this data has AAA/.test(e.message),
    );
  });
});

describe('DataPortal', () => {
  const store = BarStore.fromFrames(
    [
      frame('AAA', [
        [0, 10000],
        [1, 10100],
        [2, 10200],
        [4, 10400],
      ]),
      frame('BBB', [
        [2, 5000],
        [3, 5100],
        [4, 5200],
      ]),
    ],
    timeline(5),
  );

  it('shows the bar at the clock and nothing after it', () => {
    const portal = new DataPortal(store);
    portal.setClock(1);
    assert.equal(portal.current(0, 'close'), 101);
    assert.equal(portal.current(0, 'price'), 101);
    assert.equal(portal.currentUnits(0, 'close'), 10100);
    assert.ok(Number.isNaN(portal.current(1, 'close')));
    assert.deepEqual(Array.from(portal.history(0, 'close', 2)), [100, 101]);
  });

  it('hands out history as a view into the store when no padding is needed', () => {
    const portal = new DataPortal(store);
    portal.setClock(3);
    const window = portal.history(0, 'close', 3);
    assert.equal(window.buffer, store.floatField('close').buffer);
    assert.deepEqual(Array.from(window), [101, 102, 102]);
  });

  it('pads the start of a window that reaches before the data with NaN', () => {
    const portal = new DataPortal(store);
    portal.setClock(1);
    assert.deepEqual(Array.from(portal.history(0, 'close', 4)), [NaN, NaN, 100, 101]);
  });

  it('tells stale from tradable assets', () => {
    const portal = new DataPortal(store);
    portal.setClock(3);
    assert.equal(portal.canTrade(0), false);
    assert.equal(portal.isStale(0), true);
    assert.equal(portal.canTrade(1), true);
    assert.equal(portal.isStale(1), false);
    portal.setClock(0);
    assert.equal(portal.isStale(1), false, 'an asset that has not started is not stale');
    assert.equal(portal.canTrade(1), false);
  });

  it('copies the real bars at the clock into a bar slice, NaN where an asset has none', () => {
    const portal = new DataPortal(store);
    const slice: BarSlice = {
      open: new Float64Array(2),
      high: new Float64Array(2),
      low: new Float64Array(2),
      close: new Float64Array(2),
      volume: new Float64Array(2),
    };
    portal.setClock(3);
    portal.barSlice(slice);
    assert.ok(Number.isNaN(slice.close[0]));
    assert.equal(slice.close[1], 5100);
    assert.equal(slice.open[1], 5000);
    assert.equal(slice.volume[1], 1003);
  });

  it('refuses to answer before the clock is set, and rejects bad arguments', () => {
    const portal = new DataPortal(store);
    assert.throws(() => portal.current(0, 'close'), /clock has not been set/);
    assert.throws(() => portal.setClock(5), RangeError);
    portal.setClock(0);
    assert.throws(() => portal.history(0, 'close', 0), /positive integer/);
  });

  it('adjusts history for a split only once the clock has reached its ex-date', () => {
    // A 2:1 split effective on day 3: prices before it halve, volumes double.
    const bars = frame('SPL', [
      [0, 20000],
      [1, 20200],
      [2, 20400],
      [3, 10300],
      [4, 10400],
    ]);
    const splitStore = BarStore.fromFrames([bars], timeline(5));
    const portal = new DataPortal(splitStore, [{ sid: 0, exTime: day(3), ratio: 2 }]);
    portal.setClock(2);
    assert.deepEqual(
      Array.from(portal.history(0, 'close', 3)),
      [200, 202, 204],
      'no future adjustment',
    );
    portal.setClock(4);
    assert.deepEqual(Array.from(portal.history(0, 'close', 5)), [100, 101, 102, 103, 104]);
    assert.deepEqual(Array.from(portal.history(0, 'volume', 5)), [2000, 2002, 2004, 1003, 1004]);
    const after = portal.history(0, 'close', 2);
    assert.deepEqual(Array.from(after), [103, 104]);
    assert.equal(
      after.buffer,
      splitStore.floatField('close').buffer,
      'a window after the split is a view',
    );
    assert.equal(splitStore.floatColumn('close', 0)[0], 200, 'the store keeps raw prices');
  });

  it('never shows a value stamped after the clock (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 301, max: 10 ** 9 })), {
          minLength: 40,
          maxLength: 40,
        }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 301, max: 10 ** 9 })), {
          minLength: 40,
          maxLength: 40,
        }),
        fc.nat(),
        fc.integer({ min: 1, max: 50 }),
        (bars, a, b, clockSeed, window) => {
          const pick = (rows: [boolean, number][]) =>
            rows
              .slice(0, bars)
              .flatMap(([present, close], d): [number, number][] => (present ? [[d, close]] : []));
          const frames = [frame('AAA', pick(a)), frame('BBB', pick(b))];
          const clock = clockSeed % bars;
          const full = new DataPortal(BarStore.fromFrames(frames, timeline(bars)));
          // The same data cut at the clock: anything the full portal shows must be in here.
          const cut = new DataPortal(BarStore.fromFrames(frames, timeline(clock + 1)));
          full.setClock(clock);
          cut.setClock(clock);
          return [0, 1].every(
            (sid) =>
              sameValues(full.history(sid, 'close', window), cut.history(sid, 'close', window)) &&
              sameValues(full.history(sid, 'high', window), cut.history(sid, 'high', window)) &&
              Object.is(full.current(sid, 'volume'), cut.current(sid, 'volume')) &&
              full.canTrade(sid) === cut.canTrade(sid),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('DataPortal on real daily bars (GOOG 2004-2013)', () => {
  const rows = readFileSync(new URL('../../fixtures/real/GOOG.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  const goog = allocateBarFrame('GOOG', '1d', rows.length, 2, 0);
  rows.forEach(([date, open, high, low, close, volume], i) => {
    goog.timestamps[i] = Date.parse(`${date}T00:00:00Z`);
    goog.open[i] = Number(parseDecimal(open, 2));
    goog.high[i] = Number(parseDecimal(high, 2));
    goog.low[i] = Number(parseDecimal(low, 2));
    goog.close[i] = Number(parseDecimal(close, 2));
    goog.volume[i] = Number(volume);
  });
  const portal = new DataPortal(BarStore.fromFrames([goog], goog.timestamps));

  it('keeps every price exact in units and reads the known last bar', () => {
    portal.setClock(rows.length - 1);
    assert.equal(portal.currentUnits(0, 'close'), 80619);
    assert.equal(portal.current(0, 'close'), 806.19);
    assert.equal(portal.current(0, 'volume'), 2175400);
    assert.deepEqual(Array.from(portal.history(0, 'close', 2)), [801.2, 806.19]);
  });

  it('returns the first bar for a clock at the start', () => {
    portal.setClock(0);
    assert.equal(portal.current(0, 'open'), 100);
    assert.equal(portal.current(0, 'high'), 104.06);
    assert.equal(rows.length, 2148);
  });
});

describe('DataPortal.barSlice over many bars', () => {
  it('gives every asset its real bar at any clock, jumping or in order, across block boundaries', () => {
    const bars = 200;
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.boolean(), { minLength: bars, maxLength: bars }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.array(fc.integer({ min: 0, max: bars - 1 }), { minLength: 1, maxLength: 40 }),
        (present, clocks) => {
          const frames = present.map((mask, a) => {
            const days = mask.flatMap((has, d) => (has ? [d] : []));
            return frame(
              `A${a}`,
              days.map((d) => [d, 10_000 + 100 * a + d] as [number, number]),
            );
          });
          const store = BarStore.fromFrames(frames, timeline(bars));
          const portal = new DataPortal(store);
          const slice: BarSlice = {
            open: new Float64Array(frames.length),
            high: new Float64Array(frames.length),
            low: new Float64Array(frames.length),
            close: new Float64Array(frames.length),
            volume: new Float64Array(frames.length),
          };
          // Jumps first, then a walk through every bar in order.
          for (const t of [...clocks, ...Array.from({ length: bars }, (_, i) => i)]) {
            portal.setClock(t);
            portal.barSlice(slice);
            for (let a = 0; a < frames.length; a++) {
              const close = 10_000 + 100 * a + t;
              const has = present[a][t];
              assert.ok(Object.is(slice.close[a], has ? close : NaN));
              assert.ok(Object.is(slice.open[a], has ? close - 100 : NaN));
              assert.ok(Object.is(slice.high[a], has ? close + 200 : NaN));
              assert.ok(Object.is(slice.low[a], has ? close - 300 : NaN));
              assert.ok(Object.is(slice.volume[a], has ? 1000 + t : NaN));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
