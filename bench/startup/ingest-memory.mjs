// Child of the startup benchmark: ingests every CSV file of a directory into a bundle with
// the rustybt at argv[2] (a package root with dist/), in this process, and prints
// {"rssBeforeMb","peakMb","bars"}: the resident set once the modules an ingest uses are
// loaded (the catalog opened and closed once), and the process's peak after the ingest.
// The growth (peak - before) is what the ingest itself holds.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, directory, frequency, start, end] = process.argv.slice(2);
const load = (module) => import(pathToFileURL(join(root, 'dist', module)).href);
const { ingestIntoBundle } = await load('data/bundles/ingest-bridge.js');
const { CsvSource } = await load('data/sources/csv-source.js');
const { UnifiedCatalog } = await load('data/catalog/index.js');
const { backendInfo } = await load('native/backend.js');
const home = mkdtempSync(join(tmpdir(), 'rustybt-bench-ingest-'));
try {
  // Everything an ingest loads, loaded: the addon, SQLite (through a catalog of its own).
  backendInfo();
  UnifiedCatalog.open(join(home, 'warm-up.sqlite')).close();
  const symbols = readdirSync(directory)
    .filter((name) => name.endsWith('.csv'))
    .map((name) => name.slice(0, -4))
    .sort();
  const rssBeforeMb = process.memoryUsage().rss / 1024 / 1024;
  const summary = await ingestIntoBundle(
    new CsvSource({ directory }),
    'memory',
    { symbols, start: new Date(start), end: new Date(end), frequency, bundleRoot: home },
    { home },
  );
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ rssBeforeMb, peakMb, bars: summary.rowsWritten })}\n`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
