// Entry of `npm run bench -- <name>`: runs bench/<name>.bench.ts.
import { readdirSync } from 'node:fs';

const available = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''));
const name = process.argv[2];

if (name === undefined || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <name>\navailable: ${available.join(', ')}\n`);
  process.exit(name === undefined ? 0 : 1);
}
await import(`./${name}.bench.ts`);
