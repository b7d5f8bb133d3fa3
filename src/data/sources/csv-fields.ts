/**
 * Field boundaries of one CSV line, found without allocating: `start[k]` and
 * `end[k]` delimit field k (end exclusive). Quoting is not supported: market
 * data files do not quote numbers.
 */
export class CsvFields {
  /** Offset of each field's first character. */
  readonly start: Int32Array;
  /** Offset just past each field's last character. */
  readonly end: Int32Array;
  /** Fields found in the last line scanned. */
  count = 0;
  readonly #delimiter: number;

  /**
   * @param delimiter - a one-character separator
   * @param capacity - most fields read per line; further ones are counted but not kept
   */
  constructor(delimiter: string, capacity: number) {
    this.#delimiter = delimiter.charCodeAt(0);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
  }

  /** Finds the fields of `line`; returns their number. */
  scan(line: string): number {
    return this.scanRange(line, 0, line.length);
  }

  /**
   * Finds the fields of the line `text[from, to)`, with offsets into `text`;
   * returns their number. A trailing `\r` (CRLF files) is not part of the last field.
   */
  scanRange(text: string, from: number, to: number): number {
    const capacity = this.start.length;
    let field = 0;
    let fieldStart = from;
    const n = to > from && text.charCodeAt(to - 1) === 13 ? to - 1 : to;
    for (let i = from; i <= n; i++) {
      if (i === n || text.charCodeAt(i) === this.#delimiter) {
        if (field < capacity) {
          this.start[field] = fieldStart;
          this.end[field] = i;
        }
        field++;
        fieldStart = i + 1;
      }
    }
    this.count = field;
    return field;
  }
}

const POWERS = Array.from({ length: 19 }, (_, k) => 10 ** k);

/**
 * Units at `scale` of the plain decimal written in `line[from, to)` (optional
 * sign, digits, optional point and digits, surrounding spaces), when it has at
 * most 15 digits and no more than `scale` fraction digits; undefined otherwise
 * (the caller falls back to the exact parser).
 */
export function plainDecimalUnits(
  line: string,
  from: number,
  to: number,
  scale: number,
): number | undefined {
  while (from < to && line.charCodeAt(from) === 32) from++;
  while (to > from && line.charCodeAt(to - 1) === 32) to--;
  let negative = false;
  if (from < to && line.charCodeAt(from) === 45) {
    negative = true;
    from++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (let i = from; i < to; i++) {
    const code = line.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (code === 46 && fraction < 0) {
      fraction = 0;
    } else {
      return undefined;
    }
  }
  const fractionDigits = fraction < 0 ? 0 : fraction;
  if (digits === 0 || digits > 15 || fractionDigits > scale) return undefined;
  const units = mantissa * POWERS[scale - fractionDigits];
  if (units > Number.MAX_SAFE_INTEGER) return undefined;
  return negative && units !== 0 ? -units : units;
}

/**
 * Fraction digits and whole-part digits written in `line[from, to)`, for
 * detecting a column's scale, packed as `fraction * 1024 + whole` so that the
 * scan allocates nothing (`decimalShape(...) >> 10` is the fraction digits).
 */
export function decimalShape(line: string, from: number, to: number): number {
  let first = from;
  while (first < to && (line.charCodeAt(first) === 32 || line.charCodeAt(first) === 45)) first++;
  let last = to;
  while (last > first && line.charCodeAt(last - 1) === 32) last--;
  let point = -1;
  for (let i = first; i < last; i++) {
    const code = line.charCodeAt(i);
    if (code === 46) point = i;
    else if (code === 101 || code === 69) {
      last = i;
      break;
    }
  }
  const fraction = point < 0 ? 0 : last - point - 1;
  const whole = (point < 0 ? last : point) - first;
  return Math.min(fraction, 1023) * 1024 + Math.min(whole, 1023);
}
