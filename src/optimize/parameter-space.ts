import { ParameterError } from '../errors/index.js';
import {
  checkParams,
  type ParamValue,
  type StrategyParams,
} from '../engine/algorithm/strategy-params.js';

/** The values a sweep tries for each parameter, in order. */
export type ParameterSpace = Readonly<Record<string, readonly ParamValue[]>>;

/** Keeps only the combinations a strategy allows (e.g. `(p) => p.fast < p.slow`). */
export type Constraint = (params: StrategyParams) => boolean;

/**
 * The numbers from `start` to `stop` (inclusive when a whole number of steps
 * away) by `step`: `range(5, 50, 5)` is 5, 10, …, 50. Decimal steps give the
 * decimal values (`range(0.1, 0.3, 0.1)` is 0.1, 0.2, 0.3, not 0.30000000000000004).
 *
 * @throws ParameterError for a step that is not positive, stop before start,
 *   or more than 100,000 values.
 */
export function range(start: number, stop: number, step = 1): number[] {
  if (![start, stop, step].every(Number.isFinite)) {
    throw new ParameterError(
      `range(${start}, ${stop}, ${step}): start, stop and step must be finite numbers.`,
    );
  }
  if (!(step > 0))
    throw new ParameterError(`range(${start}, ${stop}, ${step}): step must be positive.`);
  if (stop < start)
    throw new ParameterError(`range(${start}, ${stop}, ${step}): stop is before start.`);
  const digits = Math.max(decimals(start), decimals(step));
  const scale = 10 ** digits;
  const count = Math.floor((stop - start) / step + 1e-9) + 1;
  if (count > 100_000) {
    throw new ParameterError(
      `range(${start}, ${stop}, ${step}) has ${count} values; at most 100,000.`,
    );
  }
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(Math.round((start + i * step) * scale) / scale);
  return values;
}

/**
 * Checks a parameter space (a strategy's `export const params`, or a grid
 * given on the command line): names are identifiers, each has at least one
 * value, values are finite numbers, strings or booleans, none repeated.
 *
 * @throws ParameterError naming the parameter at fault.
 */
export function checkSpace(space: unknown, origin: string): ParameterSpace {
  if (typeof space !== 'object' || space === null || Array.isArray(space)) {
    throw new ParameterError(
      `The parameter space of ${origin} must be an object of name → list of values (e.g. { fast: range(5, 50, 5) }).`,
    );
  }
  const checked: Record<string, readonly ParamValue[]> = {};
  for (const [name, raw] of Object.entries(space)) {
    const list: unknown[] = Array.isArray(raw) ? raw : [raw];
    if (list.length === 0) {
      throw new ParameterError(`Parameter ${name} of ${origin} has no values.`, name);
    }
    const seen = new Set<ParamValue>();
    for (const value of list) {
      const one = checkParams({ [name]: value })[name];
      if (seen.has(one)) {
        throw new ParameterError(
          `Parameter ${name} of ${origin} lists ${String(one)} twice.`,
          name,
        );
      }
      seen.add(one);
    }
    checked[name] = Object.freeze([...seen]);
  }
  return Object.freeze(checked);
}

/** Number of combinations in a space, before constraints. */
export function spaceSize(space: ParameterSpace): number {
  return Object.values(space).reduce((n, values) => n * values.length, 1);
}

/**
 * The combination at `index` of the space's grid: the last parameter varies
 * fastest, as nested loops in the order the space names them.
 */
export function combinationAt(space: ParameterSpace, index: number): StrategyParams {
  const names = Object.keys(space);
  const params: Record<string, ParamValue> = {};
  let rest = index;
  for (let k = names.length - 1; k >= 0; k--) {
    const values = space[names[k]];
    params[names[k]] = values[rest % values.length];
    rest = Math.floor(rest / values.length);
  }
  return checkParams(params);
}

/**
 * Every combination of the space that the constraint allows, in grid order.
 *
 * @throws ParameterError when the constraint throws or no combination is allowed.
 */
export function gridOf(space: ParameterSpace, constraint?: Constraint): StrategyParams[] {
  const size = spaceSize(space);
  const out: StrategyParams[] = [];
  for (let i = 0; i < size; i++) {
    const params = combinationAt(space, i);
    if (allowed(params, constraint)) out.push(params);
  }
  if (out.length === 0) {
    throw new ParameterError(
      `No combination of ${describeSpace(space)} satisfies the strategy's constraint; widen the grid.`,
    );
  }
  return out;
}

/** Whether the constraint allows the parameters (true without one). */
export function allowed(params: StrategyParams, constraint?: Constraint): boolean {
  if (constraint === undefined) return true;
  try {
    return constraint(params) === true;
  } catch (error) {
    throw new ParameterError(
      `The strategy's constraint threw on ${JSON.stringify(params)}: ${error instanceof Error ? error.message : String(error)}`,
      undefined,
      { cause: error },
    );
  }
}

/** `fast=5..50 (10 values), slow=…` for messages. */
export function describeSpace(space: ParameterSpace): string {
  return Object.entries(space)
    .map(([name, values]) =>
      values.length === 1 ? `${name}=${String(values[0])}` : `${name} (${values.length} values)`,
    )
    .join(', ');
}

function decimals(value: number): number {
  const text = String(value);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent !== null) return Number(exponent[1]);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
