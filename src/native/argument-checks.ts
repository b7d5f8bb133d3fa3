/** Throws a `TypeError` naming the function and argument unless `value` is a number. */
export function requireNumber(fn: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') {
    throw new TypeError(`${fn}: ${name} must be a number, got ${describe(value)}`);
  }
}

/** Throws a `TypeError` unless `value` is a `Float64Array`. */
export function requireFloat64Array(
  fn: string,
  name: string,
  value: unknown,
): asserts value is Float64Array {
  if (!(value instanceof Float64Array)) {
    throw new TypeError(
      `${fn}: ${name} must be a Float64Array, got ${describe(value)}; convert with Float64Array.from(...)`,
    );
  }
}

/** Throws unless `value` is an integer window length of at least 1 that fits in u32. */
export function requireWindow(fn: string, value: unknown): asserts value is number {
  requireNumber(fn, 'window', value);
  if (!Number.isInteger(value) || value < 1 || value > 0xffff_ffff) {
    throw new RangeError(`${fn}: window must be an integer from 1 to 4294967295, got ${value}`);
  }
}

/** Describes a value's type for an error message: `string`, `Array`, `null`, ... */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
