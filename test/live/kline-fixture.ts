import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BarFrame } from '../../src/data/bar-frame.js';

const FILE = fileURLToPath(
  new URL('../fixtures/live/binanceus-btcusdt-1m-2023-03-09-10.csv', import.meta.url),
);

/** The recorded BTC/USDT minute klines as a frame (prices at scale 2, volume at scale 6). */
export function recordedBtcUsdt(): BarFrame {
  const lines = readFileSync(FILE, 'utf8').trim().split('\n').slice(1);
  const n = lines.length;
  const frame: BarFrame = {
    symbol: 'BTC/USDT',
    frequency: '1m',
    priceScale: 2,
    volumeScale: 6,
    timestamps: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  lines.forEach((line, i) => {
    const [time, o, h, l, c, v] = line.split(',');
    frame.timestamps[i] = Date.parse(time.replace(' ', 'T').replace('+00:00', 'Z'));
    frame.open[i] = units(o, 2);
    frame.high[i] = units(h, 2);
    frame.low[i] = units(l, 2);
    frame.close[i] = units(c, 2);
    frame.volume[i] = units(v, 6);
  });
  return frame;
}

/** Exact units of a decimal text at `scale` (string arithmetic, no float rounding). */
function units(text: string, scale: number): number {
  const [whole, fraction = ''] = text.split('.');
  return Number(whole + fraction.padEnd(scale, '0'));
}
