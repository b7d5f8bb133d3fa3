import { readFileSync } from 'node:fs';

/** A fixture's bars as Float64Array columns. */
export interface DailySeries {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Loads test/fixtures/real/GOOG.csv (2,148 daily bars). */
export function loadGoog(): DailySeries {
  return loadFixture('GOOG.csv');
}

/** Loads test/fixtures/real/EURUSD.csv (5,000 hourly bars). */
export function loadEurUsd(): DailySeries {
  return loadFixture('EURUSD.csv');
}

function loadFixture(file: string): DailySeries {
  const text = readFileSync(new URL(`../fixtures/real/${file}`, import.meta.url), 'utf8');
  const rows = text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').slice(1).map(Number));
  const column = (k: number): Float64Array => Float64Array.from(rows, (row) => row[k]);
  return { open: column(0), high: column(1), low: column(2), close: column(3), volume: column(4) };
}

/** Bars rounded to integer units at a price scale (volumes whole). */
export function toUnits(bars: DailySeries, scale: number): DailySeries {
  const units = (column: Float64Array, k: number): Float64Array =>
    column.map((v) => Math.round(v * 10 ** k));
  return {
    open: units(bars.open, scale),
    high: units(bars.high, scale),
    low: units(bars.low, scale),
    close: units(bars.close, scale),
    volume: units(bars.volume, 0),
  };
}
