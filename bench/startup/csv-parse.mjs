// Child of the startup benchmark: parses every CSV file of a directory with the CsvSource
// of the rustybt at argv[2] (a package root with dist/) and prints
// {"bytes","bars","wallMs","cpuMs"} for the parse alone (module loading excluded).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [root, directory, frequency] = process.argv.slice(2);
const { CsvSource } = await import(
  pathToFileURL(join(root, 'dist/data/sources/csv-source.js')).href
);
const files = readdirSync(directory).filter((name) => name.endsWith('.csv'));
const bytes = files.reduce((sum, name) => sum + statSync(join(directory, name)).size, 0);
const symbols = files.map((name) => name.slice(0, -4));
const cpu = process.cpuUsage();
const start = performance.now();
const fetched = await new CsvSource({ directory }).fetch(
  symbols,
  new Date(0),
  new Date(Date.UTC(2100, 0, 1)),
  frequency,
);
const wallMs = performance.now() - start;
const used = process.cpuUsage(cpu);
const bars = fetched.frames.reduce((sum, frame) => sum + frame.timestamps.length, 0);
process.stdout.write(
  `${JSON.stringify({ bytes, bars, wallMs, cpuMs: (used.user + used.system) / 1000 })}\n`,
);
