/**
 * Replaces the getter `key` of `target` with the plain value `value` and
 * returns it: the first read of a lazy field computes it, later reads find
 * the value as an own property.
 */
export function memo<T>(target: object, key: string, value: T): T {
  Object.defineProperty(target, key, { value, enumerable: true });
  return value;
}
