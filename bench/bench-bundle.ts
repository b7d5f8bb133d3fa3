// The bundle a workload of `npm run bench -- backtest` (W) runs from, so it loads its bars as
// a user's run from an ingested bundle does. The grid (`rustybt bench`) generates frames instead.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBundle } from '../src/data/bundles/index.js';
import { syntheticFrames, type MarketShape } from '../src/bench/workloads.js';

/**
 * The bundle holding a workload's bars, written once under the system's temp
 * directory (reused while its manifest is there): a run then loads the bars
 * as a user's run from an ingested bundle does.
 */
export async function benchBundle(
  shape: MarketShape,
  assets: number,
  seed: number,
): Promise<{ name: string; home: string; barsPerAsset: number }> {
  const home = join(tmpdir(), 'rustybt-bench-home');
  const name = `bench-${shape.frequency}-${shape.start}-${shape.end}-${assets}-${seed}`;
  const done = join(home, 'bundles', name, 'bench-bars-per-asset');
  if (existsSync(done)) return { name, home, barsPerAsset: Number(readFileSync(done, 'utf8')) };
  process.stderr.write(`writing the workload's bundle ${name} under ${home} (once)\n`);
  const { frames, barsPerAsset } = syntheticFrames(shape, assets, seed);
  await writeBundle(name, { frames }, { home });
  writeFileSync(done, String(barsPerAsset));
  return { name, home, barsPerAsset };
}
