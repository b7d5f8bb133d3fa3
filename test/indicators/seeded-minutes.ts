/**
 * The seeded minute bars of test/fixtures/indicators/exact-crossover-golden.py,
 * generated the same way (mulberry32): `units[t * symbols + sid]` is the close
 * of symbol `sid` at bar t in integer units (NaN for a missing bar), at
 * decimal scale `scales[sid]` (4 for every tenth symbol, else 2).
 */
export interface SeededMinutes {
  symbols: number;
  bars: number;
  scales: Int32Array;
  units: Float64Array;
}

/** mulberry32: a small seeded generator of uint32 values, as in the Python script. */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The bars, bar-major; same loop order as the Python generator. */
export function seededMinutes(symbols: number, bars: number, seed: number): SeededMinutes {
  const rand = mulberry32(seed);
  const scales = new Int32Array(symbols);
  const units = new Float64Array(symbols * bars);
  for (let sid = 0; sid < symbols; sid++) {
    const scale = sid % 10 === 9 ? 4 : 2;
    scales[sid] = scale;
    let price = (1000 + (rand() % 20000)) * (scale === 4 ? 100 : 1);
    let quiet = true;
    for (let t = 0; t < bars; t++) {
      if (rand() % 200 === 0) quiet = !quiet;
      if (rand() % 150 === 0) {
        units[t * symbols + sid] = NaN;
        continue;
      }
      const r = rand() % 100;
      if (r >= (quiet ? 93 : 40)) {
        const step = 1 + (rand() % (quiet ? 3 : 12));
        price += r % 2 === 0 ? step : -step;
        price = Math.max(price, 100);
      }
      units[t * symbols + sid] = price;
    }
  }
  return { symbols, bars, scales, units };
}
