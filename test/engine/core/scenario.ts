// Random markets and order streams for the engine-core parity tests.
import fc from 'fast-check';
import type { OrderStyleInput } from '../../../src/engine/orders/index.js';
import { ROUNDING_MODES, type NumericMode, type RoundingMode } from '../../../src/numeric/index.js';
import {
  DAY,
  FIRST_SESSION,
  type AccountSetup,
  type BarMajorBars,
  type Market,
} from './parity-harness.js';

export interface Action {
  kind: number;
  asset: number;
  amount: number;
  offset: number;
  other: number;
  day: boolean;
}

/** Per asset: close move, wick up, wick down, volume, open gap, missing, impossible (high below open). */
export type Move = [number, number, number, number, number, boolean, boolean];

export interface Scenario {
  setup: AccountSetup;
  crypto: boolean;
  rounding: RoundingMode;
  sessions: { bars: { moves: Move[]; actions: Action[] }[] }[];
  splits: { asset: number; session: number; ratio: [number, number] }[];
  dividends: { asset: number; session: number; pay: number; amount: string }[];
  explicitStarts: boolean;
  /**
   * Step the bars as checked at load (`checked`: no per-asset check), as a
   * backtest over a BarStore does; honoured only when no bar is impossible
   * (see `checkedAtLoad`).
   */
  checked: boolean;
  /** Compare the state right after the orders too (this hands the queued orders over early). */
  checkBetween: boolean;
}

const move: fc.Arbitrary<Move> = fc.tuple(
  fc.integer({ min: -300, max: 300 }),
  fc.integer({ min: 0, max: 200 }),
  fc.integer({ min: 0, max: 200 }),
  fc.integer({ min: 0, max: 400 }),
  fc.integer({ min: -150, max: 150 }),
  fc.integer({ min: 0, max: 9 }).map((k) => k < 2),
  fc.integer({ min: 0, max: 299 }).map((k) => k === 0),
);

const action: fc.Arbitrary<Action> = fc.record({
  kind: fc.integer({ min: 0, max: 15 }),
  asset: fc.integer({ min: 0, max: 2 }),
  amount: fc.integer({ min: -60, max: 60 }).filter((a) => a !== 0),
  offset: fc.integer({ min: -400, max: 400 }),
  other: fc.integer({ min: 0, max: 30 }),
  day: fc.boolean(),
});

export const scenario: fc.Arbitrary<Scenario> = fc.record({
  setup: fc.record({
    mode: fc.constantFrom<NumericMode>('decimal', 'float'),
    slippage: fc.integer({ min: 0, max: 4 }),
    commission: fc.integer({ min: 0, max: 6 }),
    fillReference: fc.constantFrom<'open' | 'close'>('open', 'close'),
    cash: fc.constantFrom('100000', '2500.5'),
    controls: fc.integer({ min: -6, max: 5 }),
  }),
  crypto: fc.boolean(),
  rounding: fc.constantFrom(...ROUNDING_MODES),
  sessions: fc.array(
    fc.record({
      bars: fc.array(
        fc.record({
          moves: fc.tuple(move, move, move),
          actions: fc.array(action, { maxLength: 4 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  splits: fc.array(
    fc.record({
      asset: fc.integer({ min: 0, max: 2 }),
      session: fc.integer({ min: 1, max: 3 }),
      ratio: fc.constantFrom<[number, number]>([2, 1], [1, 2], [3, 2], [1, 3]),
    }),
    { maxLength: 2 },
  ),
  dividends: fc.array(
    fc.record({
      asset: fc.integer({ min: 0, max: 2 }),
      session: fc.integer({ min: 0, max: 3 }),
      pay: fc.integer({ min: 0, max: 2 }),
      amount: fc.constantFrom('0.25', '0.1', '1.125', '0.00000003'),
    }),
    { maxLength: 2 },
  ),
  explicitStarts: fc.boolean(),
  checked: fc.boolean(),
  checkBetween: fc.boolean(),
});

/** Builds the bar-major columns of a scenario (units) and each bar's timestamp. */
export function buildBars(m: Market, s: Scenario): { bars: BarMajorBars; stamps: number[][] } {
  const n = 3;
  const unit = m.crypto ? 1_000_003 : 1;
  const closes = m.crypto
    ? [3_000_000_000_000, 150_000_000_000, 5_000_000_000]
    : [10000, 5000, 2500];
  const rows: number[][] = [];
  const stamps: number[][] = [];
  s.sessions.forEach((session, si) => {
    const day = FIRST_SESSION + si * DAY;
    stamps.push(session.bars.map((_, b) => day + 14.5 * 3_600_000 + b * 60_000));
    for (const bar of session.bars) {
      const row: number[] = [];
      bar.moves.forEach(([mv, up, down, volume, gap, missing, impossible], sid) => {
        if (missing) {
          row.push(Number.NaN, Number.NaN, Number.NaN, Number.NaN, 0);
          return;
        }
        const floor = 100 * unit;
        const open = Math.max(closes[sid] + gap * unit, floor);
        const close = Math.max(open + mv * unit, floor);
        const high = impossible ? open - 1 : Math.max(open, close) + up * unit;
        const low = Math.max(Math.min(open, close) - down * unit, 50 * unit);
        closes[sid] = close;
        row.push(open, high, low, close, m.crypto ? volume * 10_000_000 : volume);
      });
      rows.push(row);
    }
  });
  const total = rows.length * n;
  const col = (k: number) => {
    const out = new Float64Array(total);
    rows.forEach((row, t) => {
      for (let sid = 0; sid < n; sid++) out[t * n + sid] = row[sid * 5 + k];
    });
    return out;
  };
  return {
    bars: { open: col(0), high: col(1), low: col(2), close: col(3), volume: col(4), assetCount: n },
    stamps,
  };
}

/** Whether the scenario's bars may be stepped as checked at load: asked for, and none is impossible. */
export function checkedAtLoad(s: Scenario): boolean {
  return (
    s.checked &&
    s.sessions.every((session) => session.bars.every((bar) => bar.moves.every((mv) => !mv[6])))
  );
}

export function price(m: Market, units: number): string {
  const scale = m.crypto ? 8 : 2;
  return (Math.max(units, 1) / 10 ** scale).toFixed(scale);
}

export function amountOf(m: Market, a: number): number | string {
  return m.crypto ? (a / 1000).toFixed(4) : a;
}

export function styleOf(m: Market, a: Action, ref: number): OrderStyleInput {
  const unit = m.crypto ? 1_000_003 : 1;
  const p = price(m, ref + a.offset * unit);
  const q = price(m, ref + (a.offset + 50) * unit);
  switch (a.kind) {
    case 1:
      return { type: 'limit', limitPrice: p };
    case 2:
      return { type: 'stop', stopPrice: p };
    case 3:
      return { type: 'stopLimit', stopPrice: p, limitPrice: q };
    case 4:
      return { type: 'trailingStop', trailAmount: price(m, (Math.abs(a.offset) + 20) * unit) };
    case 5:
      return { type: 'trailingStop', trailPercent: (1 + (a.other % 9) / 4).toString() };
    default:
      return { type: 'market' };
  }
}
