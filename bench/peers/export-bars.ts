// Writes the peer benchmark's workloads as CSV: the seeded synthetic bars of
// `npm run bench -- backtest` (src/bench/workloads.ts), one SYMBOL.csv per symbol and a
// workload.json describing them, so that every engine reads the same bars.
//
//   node --import tsx bench/peers/export-bars.ts [--out DIR] [workload ...]
//
// DIR defaults to $RUSTYBT_PEERS_HOME/data (~/.cache/rustybt-peers/data), outside the clone.
import { mkdirSync, rmSync, renameSync, writeFileSync, createWriteStream } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { syntheticFrames, type MarketShape } from '../../src/bench/workloads.js';
import { PEER_WORKLOADS, SEED, type PeerWorkload } from './workloads.js';

/** What a workload's directory holds besides the CSV files; read by every engine's script. */
export interface WorkloadFile {
  name: string;
  frequency: MarketShape['frequency'];
  calendar: MarketShape['calendar'];
  start: string;
  end: string;
  seed: number;
  symbols: string[];
  barsPerAsset: number;
  capitalBase: number;
  shares: number;
  fast: number;
  slow: number;
}

const args = process.argv.slice(2);
let out = join(
  process.env.RUSTYBT_PEERS_HOME ?? join(homedir(), '.cache', 'rustybt-peers'),
  'data',
);
const wanted: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = resolve(args[++i] ?? '');
  else wanted.push(args[i]);
}
const unknown = wanted.filter((w) => !PEER_WORKLOADS.some((p) => p.name === w));
if (unknown.length > 0) {
  process.stderr.write(
    `export-bars: unknown workload ${unknown.join(', ')}; use ${PEER_WORKLOADS.map((p) => p.name).join(', ')}\n`,
  );
  process.exit(2);
}
const chosen =
  wanted.length === 0 ? PEER_WORKLOADS : PEER_WORKLOADS.filter((p) => wanted.includes(p.name));
for (const workload of chosen) await exportWorkload(workload, join(out, workload.name));

async function exportWorkload(workload: PeerWorkload, dir: string): Promise<void> {
  const started = performance.now();
  const { frames, barsPerAsset } = syntheticFrames(workload.shape, workload.assets, SEED);
  // Written beside the target and renamed into place: a failed export leaves no half directory.
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(join(partial, 'csv'), { recursive: true });
  const daily = workload.shape.frequency === 'daily';
  for (const frame of frames) {
    const file = createWriteStream(join(partial, 'csv', `${frame.symbol}.csv`));
    const scale = 10 ** frame.priceScale;
    const price = (units: number) => (units / scale).toFixed(frame.priceScale);
    let chunk = 'date,open,high,low,close,volume\n';
    for (let t = 0; t < frame.timestamps.length; t++) {
      const iso = new Date(Number(frame.timestamps[t])).toISOString();
      const date = daily ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
      chunk += `${date},${price(frame.open[t])},${price(frame.high[t])},${price(frame.low[t])},${price(frame.close[t])},${frame.volume[t]}\n`;
      if (chunk.length > 1 << 16) {
        if (!file.write(chunk)) await once(file, 'drain');
        chunk = '';
      }
    }
    file.end(chunk);
    await once(file, 'finish');
  }
  const description: WorkloadFile = {
    name: workload.name,
    frequency: workload.shape.frequency,
    calendar: workload.shape.calendar,
    start: workload.shape.start,
    end: workload.shape.end,
    seed: SEED,
    symbols: frames.map((f) => f.symbol),
    barsPerAsset,
    capitalBase: workload.capitalBase,
    shares: 10,
    fast: 10,
    slow: 30,
  };
  writeFileSync(join(partial, 'workload.json'), `${JSON.stringify(description, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `${workload.name}: ${frames.length} symbols × ${barsPerAsset} bars → ${dir} (${seconds} s)\n`,
  );
}
