import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocateBarFrame, type BarFrame, type Frequency } from '../../../src/data/bar-frame.js';

const STEP: Record<Frequency, number> = { '1d': 86_400_000, '1h': 3_600_000, '1m': 60_000 };

/** A deterministic frame: `rows` bars from `start`, prices around `base` units. */
export function sampleFrame(
  symbol: string,
  frequency: Frequency,
  rows: number,
  { start = Date.UTC(2024, 0, 2), base = 150_000, priceScale = 2, volumeScale = 0 } = {},
): BarFrame {
  const frame = allocateBarFrame(symbol, frequency, rows, priceScale, volumeScale);
  for (let i = 0; i < rows; i++) {
    const mid = base + ((i * 37) % 101) - 50;
    frame.timestamps[i] = start + i * STEP[frequency];
    frame.open[i] = mid;
    frame.high[i] = mid + 7;
    frame.low[i] = mid - 5;
    frame.close[i] = mid + 2;
    frame.volume[i] = 1000 + i;
  }
  return frame;
}

/** A fresh temporary rustybt home; `dispose` removes it. */
export function temporaryHome(): { home: string; dispose: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'rustybt-bundles-'));
  return { home, dispose: () => rmSync(home, { recursive: true, force: true }) };
}

/** Plain arrays of a frame, for deep equality in assertions. */
export function plain(frame: BarFrame): Record<string, unknown> {
  return {
    symbol: frame.symbol,
    frequency: frame.frequency,
    priceScale: frame.priceScale,
    volumeScale: frame.volumeScale,
    timestamps: Array.from(frame.timestamps),
    open: Array.from(frame.open),
    high: Array.from(frame.high),
    low: Array.from(frame.low),
    close: Array.from(frame.close),
    volume: Array.from(frame.volume),
  };
}
