import { ParameterError } from '../../errors/index.js';

/** The value of one strategy parameter. */
export type ParamValue = number | string | boolean;

/** A strategy's parameters by name, as `ctx.params` shows them (frozen). */
export type StrategyParams = Readonly<Record<string, ParamValue>>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A finite number, a string or a boolean (checked by hand: a run must not load zod). */
function isParamValue(value: unknown): value is ParamValue {
  return (
    (typeof value === 'number' && Number.isFinite(value)) ||
    typeof value === 'string' ||
    typeof value === 'boolean'
  );
}

/**
 * Checks the parameters of one run and freezes them (a copy, keys sorted, so
 * that two runs with the same parameters see the same object).
 *
 * @throws ParameterError naming the parameter whose name or value is not
 *   allowed (names are identifiers; values finite numbers, strings or booleans).
 */
export function checkParams(params: unknown): StrategyParams {
  if (params === undefined) return EMPTY;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new ParameterError(
      `params must be an object of name → number, string or boolean, got ${describe(params)}.`,
    );
  }
  const checked: Record<string, ParamValue> = {};
  for (const name of Object.keys(params).sort()) {
    if (!NAME.test(name)) {
      throw new ParameterError(
        `Parameter name ${JSON.stringify(name)} is not an identifier; use letters, digits and _ (not starting with a digit).`,
        name,
      );
    }
    const value = (params as Record<string, unknown>)[name];
    if (!isParamValue(value)) {
      throw new ParameterError(
        `Parameter ${name} must be a finite number, a string or a boolean, got ${describe(value)}.`,
        name,
      );
    }
    checked[name] = value;
  }
  return Object.freeze(checked);
}

const EMPTY: StrategyParams = Object.freeze({});

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value;
}
