import type { Numeric } from '../../numeric/numeric.js';

/**
 * A growing column of exact decimal values kept as the engine holds them (a
 * number of integer units and its scale, or a float in float mode), written as
 * text only when the column is read: a long run books millions of fills, and
 * millions of strings kept alive through the loop are work for the collector.
 * A value that arrives as text (a paper or live fill) is kept as it came.
 */
export class ExactColumn {
  private readonly values: number[] = [];
  /** Scale per value; -1 where the value came as text. */
  private readonly scales: number[] = [];
  private readonly texts = new Map<number, string>();

  /** Number of values. */
  get length(): number {
    return this.values.length;
  }

  /** Appends an engine value at `scale`. */
  push(value: number, scale: number): void {
    this.values.push(value);
    this.scales.push(scale);
  }

  /** Appends a value given as exact decimal text. */
  pushText(text: string): void {
    this.texts.set(this.values.length, text);
    this.values.push(Number.NaN);
    this.scales.push(-1);
  }

  /**
   * Every value as exact decimal text (engine values written by `numeric`,
   * which may be absent only when every value came as text).
   */
  toTexts(numeric: Numeric | undefined): string[] {
    const out = new Array<string>(this.values.length);
    for (let i = 0; i < out.length; i++) {
      const scale = this.scales[i];
      out[i] =
        scale < 0
          ? (this.texts.get(i) as string)
          : (numeric as Numeric).toText(this.values[i], scale);
    }
    return out;
  }
}
