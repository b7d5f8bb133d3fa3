import { ParameterError } from '../errors/index.js';
import type { StrategyParams } from '../engine/algorithm/strategy-params.js';
import {
  allowed,
  combinationAt,
  spaceSize,
  type Constraint,
  type ParameterSpace,
} from './parameter-space.js';

/**
 * `count` distinct combinations of the space drawn at random with `seed`
 * (the same seed draws the same ones), those the constraint refuses skipped,
 * returned in grid order. A space with fewer allowed combinations gives them all.
 *
 * @throws ParameterError for a count that is not a positive whole number or a
 *   seed that is not a whole number.
 */
export function randomCombinations(
  space: ParameterSpace,
  count: number,
  seed: number,
  constraint?: Constraint,
): StrategyParams[] {
  if (!(Number.isSafeInteger(count) && count > 0)) {
    throw new ParameterError(`--random needs a positive whole number of runs, got ${count}.`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new ParameterError(`--seed must be a whole number, got ${seed}.`);
  }
  const size = spaceSize(space);
  const next = mulberry32(seed >>> 0);
  // A lazy Fisher–Yates shuffle of the grid's indices: draws without repeats in O(count).
  const swapped = new Map<number, number>();
  const picked: number[] = [];
  for (let drawn = 0; drawn < size && picked.length < count; drawn++) {
    const j = drawn + Math.floor(next() * (size - drawn));
    const atJ = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(drawn) ?? drawn);
    if (allowed(combinationAt(space, atJ), constraint)) picked.push(atJ);
  }
  if (picked.length === 0) {
    throw new ParameterError("No combination of the grid satisfies the strategy's constraint.");
  }
  picked.sort((a, b) => a - b);
  return picked.map((index) => combinationAt(space, index));
}

/** A small, fast, seeded generator of numbers in [0, 1) (mulberry32). */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
