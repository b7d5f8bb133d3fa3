import type { Frequency } from '../bar-frame.js';

/**
 * Bars as a source reads them, before validation: in arrival order, possibly
 * unsorted, duplicated or inconsistent, each with the row number it came from.
 * Prices and volumes are already integer units at the declared scales.
 */
export class BarRows {
  /** Symbol the rows belong to. */
  readonly symbol: string;
  /** Bar frequency. */
  readonly frequency: Frequency;
  /** Decimal places of the price units. */
  readonly priceScale: number;
  /** Decimal places of the volume units. */
  readonly volumeScale: number;
  /** Number of rows pushed. */
  length = 0;
  /** Bar starts, UTC epoch ms. */
  timestamps: Float64Array;
  /** Open price units. */
  open: Float64Array;
  /** High price units. */
  high: Float64Array;
  /** Low price units. */
  low: Float64Array;
  /** Close price units. */
  close: Float64Array;
  /** Volume units. */
  volume: Float64Array;
  /**
   * Where each row came from (line in a file, index in a response); empty when the rows
   * follow one another from a first (see {@link rowOf}).
   */
  rows: Float64Array;
  /** With `rows` empty: where the first row came from, the others following it. */
  #firstRow: number | undefined;

  /**
   * @param symbol - the symbol
   * @param frequency - bar frequency
   * @param priceScale - price decimals
   * @param volumeScale - volume decimals
   * @param capacity - initial room; grows as needed
   */
  constructor(
    symbol: string,
    frequency: Frequency,
    priceScale: number,
    volumeScale: number,
    capacity = 1024,
  ) {
    this.symbol = symbol;
    this.frequency = frequency;
    this.priceScale = priceScale;
    this.volumeScale = volumeScale;
    const size = Math.max(1, capacity);
    this.timestamps = new Float64Array(size);
    this.open = new Float64Array(size);
    this.high = new Float64Array(size);
    this.low = new Float64Array(size);
    this.close = new Float64Array(size);
    this.volume = new Float64Array(size);
    this.rows = new Float64Array(size);
  }

  /**
   * Rows over columns a reader filled itself (all of equal length, taken as
   * they are, not copied): `rows` holds where each bar came from, or, as a
   * number, where the first came from when the others follow it (row `i` from
   * `rows + i`: no column is then held).
   */
  static fromColumns(
    symbol: string,
    frequency: Frequency,
    priceScale: number,
    volumeScale: number,
    columns: Readonly<
      Record<'timestamps' | 'open' | 'high' | 'low' | 'close' | 'volume', Float64Array> & {
        rows: Float64Array | number;
      }
    >,
  ): BarRows {
    const raw = new BarRows(symbol, frequency, priceScale, volumeScale, 1);
    raw.timestamps = columns.timestamps;
    raw.open = columns.open;
    raw.high = columns.high;
    raw.low = columns.low;
    raw.close = columns.close;
    raw.volume = columns.volume;
    if (typeof columns.rows === 'number') {
      raw.rows = new Float64Array(0);
      raw.#firstRow = columns.rows;
    } else {
      raw.rows = columns.rows;
    }
    raw.length = columns.timestamps.length;
    return raw;
  }

  /** Where row `i` came from (line in a file, index in a response). */
  rowOf(i: number): number {
    return this.#firstRow === undefined ? this.rows[i] : this.#firstRow + i;
  }

  /** Appends one bar. */
  push(
    timestamp: number,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
    row: number,
  ): void {
    if (this.length === this.timestamps.length) this.#grow();
    const i = this.length++;
    this.timestamps[i] = timestamp;
    this.open[i] = open;
    this.high[i] = high;
    this.low[i] = low;
    this.close[i] = close;
    this.volume[i] = volume;
    this.rows[i] = row;
  }

  #grow(): void {
    const size = Math.max(1, this.timestamps.length * 2);
    const grow = (column: Float64Array): Float64Array => {
      const next = new Float64Array(size);
      next.set(column);
      return next;
    };
    this.timestamps = grow(this.timestamps);
    this.open = grow(this.open);
    this.high = grow(this.high);
    this.low = grow(this.low);
    this.close = grow(this.close);
    this.volume = grow(this.volume);
    // Rows over columns are full, so the first push comes here: a run of rows is written out.
    const first = this.#firstRow;
    this.rows =
      first === undefined
        ? grow(this.rows)
        : grow(Float64Array.from({ length: this.length }, (_, i) => first + i));
    this.#firstRow = undefined;
  }
}
