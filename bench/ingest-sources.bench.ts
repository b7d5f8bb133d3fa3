// Fetch-side ingest throughput of the offline sources (bars/s, no bundle
// writing): the synthetic generator and the CSV reader with its validation.
// Run: npm run bench -- ingest-sources
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Frequency } from '../src/data/bar-frame.js';
import { CsvSource } from '../src/data/sources/csv-source.js';
import type { DataSource } from '../src/data/sources/data-source.js';
import { SyntheticSource } from '../src/data/sources/synthetic-source.js';
import { machineLine, table, type BenchResult } from './harness.js';

interface Workload {
  name: string;
  source: DataSource;
  symbols: string[];
  start: Date;
  end: Date;
  frequency: Frequency;
}

/** Interleaved async rounds after a warm-up; ns per bar, median and spread. */
async function measure(workloads: Workload[], rounds = 5, warmup = 1): Promise<BenchResult[]> {
  const samples = workloads.map(() => [] as number[]);
  const bars = workloads.map(() => 0);
  for (let round = -warmup; round < rounds; round++) {
    for (let k = 0; k < workloads.length; k++) {
      const index = (k + Math.max(round, 0)) % workloads.length;
      const w = workloads[index];
      const started = process.hrtime.bigint();
      const { frames } = await w.source.fetch(w.symbols, w.start, w.end, w.frequency);
      const elapsed = Number(process.hrtime.bigint() - started);
      const count = frames.reduce((sum, f) => sum + f.timestamps.length, 0);
      bars[index] = count;
      if (round >= 0) samples[index].push(elapsed / count);
    }
  }
  return workloads.map((w, i) => {
    const sorted = samples[i].slice().sort((a, b) => a - b);
    return {
      name: `${w.name} (${bars[i].toLocaleString('en')} bars)`,
      medianNs: sorted[Math.floor(sorted.length / 2)],
      minNs: sorted[0],
      maxNs: sorted[sorted.length - 1],
      rounds: sorted.length,
    };
  });
}

/** Writes `files` CSV files of `rows` one-minute bars each, prices with 2 decimals. */
function writeCsvDirectory(files: number, rows: number): { directory: string; symbols: string[] } {
  const directory = mkdtempSync(join(tmpdir(), 'rustybt-bench-csv-'));
  const symbols: string[] = [];
  const t0 = Date.UTC(2020, 0, 1);
  for (let f = 0; f < files; f++) {
    const symbol = `S${String(f).padStart(3, '0')}`;
    symbols.push(symbol);
    const lines = ['timestamp,open,high,low,close,volume'];
    let price = 10_000 + f * 100;
    for (let i = 0; i < rows; i++) {
      price += ((i * 7919 + f * 104729) % 21) - 10;
      const time = new Date(t0 + i * 60_000).toISOString().slice(0, 19).replace('T', ' ');
      const o = price;
      const c = price + ((i % 5) - 2);
      const h = Math.max(o, c) + 3;
      const l = Math.min(o, c) - 3;
      lines.push(`${time},${cents(o)},${cents(h)},${cents(l)},${cents(c)},${100 + (i % 977)}`);
    }
    writeFileSync(join(directory, `${symbol}.csv`), `${lines.join('\n')}\n`);
  }
  return { directory, symbols };
}

function cents(units: number): string {
  return `${Math.trunc(units / 100)}.${String(units % 100).padStart(2, '0')}`;
}

const csvFiles = 10;
const csvRows = 100_000;
const csv = writeCsvDirectory(csvFiles, csvRows);
const universe = (n: number): string[] => Array.from({ length: n }, (_, i) => `A${i}`);
try {
  const results = await measure([
    {
      name: 'synthetic 1d: 500 assets x 10 years XNYS',
      source: new SyntheticSource({ seed: 1 }),
      symbols: universe(500),
      start: new Date('2014-01-01T00:00:00Z'),
      end: new Date('2023-12-31T23:59:59Z'),
      frequency: '1d',
    },
    {
      name: 'synthetic 1m: 20 assets x 1 year XNYS',
      source: new SyntheticSource({ seed: 1 }),
      symbols: universe(20),
      start: new Date('2023-01-01T00:00:00Z'),
      end: new Date('2023-12-31T23:59:59Z'),
      frequency: '1m',
    },
    {
      name: 'synthetic 1h: 20 pairs x 6 months 24/7',
      source: new SyntheticSource({ seed: 1, calendar: '24/7' }),
      symbols: universe(20),
      start: new Date('2023-01-01T00:00:00Z'),
      end: new Date('2023-06-30T23:59:59Z'),
      frequency: '1h',
    },
    {
      name: `csv 1m: ${csvFiles} files x ${csvRows.toLocaleString('en')} rows`,
      source: new CsvSource({ directory: csv.directory }),
      symbols: csv.symbols,
      start: new Date('2019-01-01T00:00:00Z'),
      end: new Date('2021-01-01T00:00:00Z'),
      frequency: '1m',
    },
  ]);
  process.stdout.write(`${machineLine()}\n\n## Source fetch throughput (no bundle writing)\n\n`);
  process.stdout.write(`${table(results, { label: 'bars/s', perOp: 1 })}\n`);
} finally {
  rmSync(csv.directory, { recursive: true, force: true });
}
