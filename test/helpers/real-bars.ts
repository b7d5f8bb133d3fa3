import { readFileSync } from 'node:fs';
import { allocateBarFrame, type BarFrame } from '../../src/data/bar-frame.js';
import { parseDecimal } from '../../src/numeric/index.js';

/**
 * Reads a daily CSV from test/fixtures/real (`date,Open,High,Low,Close[,Adj Close],Volume`)
 * into a BarFrame at `priceScale`, exactly (decimal text to units, no float).
 */
export function realDailyFrame(file: string, symbol: string, priceScale: number): BarFrame {
  const lines = readFileSync(new URL(`../fixtures/real/${file}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const frame = allocateBarFrame(symbol, '1d', lines.length, priceScale, 0);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    frame.timestamps[i] = Date.parse(`${cells[0]}T00:00:00Z`);
    frame.open[i] = Number(parseDecimal(cells[1], priceScale));
    frame.high[i] = Number(parseDecimal(cells[2], priceScale));
    frame.low[i] = Number(parseDecimal(cells[3], priceScale));
    frame.close[i] = Number(parseDecimal(cells[4], priceScale));
    frame.volume[i] = Number(cells[cells.length - 1]);
  });
  return frame;
}
