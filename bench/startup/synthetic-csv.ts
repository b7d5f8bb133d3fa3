// Deterministic CSV files for the startup benchmark: a seeded random walk per symbol, on
// XNYS sessions (daily) or every regular-hours minute of them (minute, ISO date-times in UTC).
import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { getCalendar } from '../../src/calendar/index.js';

/** What to write: `symbols` files of `frequency` bars from `start` to `end` (YYYY-MM-DD). */
export interface SyntheticCsv {
  directory: string;
  symbols: number;
  frequency: 'daily' | 'minute';
  start: string;
  end: string;
}

/** Writes the files (`S000.csv`, ...) and returns the number of bars written. */
export function writeSyntheticCsv(spec: SyntheticCsv): number {
  mkdirSync(spec.directory, { recursive: true });
  const calendar = getCalendar('XNYS');
  const sessions = calendar.sessionsInRange(Date.parse(spec.start), Date.parse(spec.end));
  let seed = 42;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let bars = 0;
  for (let s = 0; s < spec.symbols; s++) {
    let price = 20 + s * 3;
    const fd = openSync(join(spec.directory, `S${String(s).padStart(3, '0')}.csv`), 'w');
    const lines: string[] = ['Date,Open,High,Low,Close,Volume'];
    const flush = (): void => {
      writeSync(fd, `${lines.join('\n')}\n`);
      lines.length = 0;
    };
    const bar = (stamp: string, step: number): void => {
      const open = price;
      const close = Math.max(1, open * (1 + (random() - 0.5) * step));
      const high = Math.max(open, close) * (1 + random() * step * 0.25);
      const low = Math.min(open, close) * (1 - random() * step * 0.25);
      lines.push(
        `${stamp},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${close.toFixed(2)},${Math.floor(random() * 1e6)}`,
      );
      price = close;
      bars++;
    };
    for (const label of sessions) {
      if (spec.frequency === 'daily') {
        bar(new Date(label).toISOString().slice(0, 10), 0.04);
      } else {
        const close = calendar.sessionClose(label);
        for (let t = calendar.sessionOpen(label); t < close; t += 60_000) {
          bar(new Date(t).toISOString().replace('.000Z', 'Z'), 0.002);
        }
        if (lines.length > 10_000) flush();
      }
    }
    flush();
    closeSync(fd);
  }
  return bars;
}
