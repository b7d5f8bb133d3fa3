// Records each built addon's size and SHA-256 beside it (`<addon>.integrity.json`), which the
// loader checks before loading: a truncated or damaged addon then falls back to TypeScript
// with a warning instead of crashing the process (a Bus error on a truncated file).
// Run by scripts/build.mjs after the Rust build; `node scripts/record-addon.mjs` records the
// addons already in native/.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes `<addon>.integrity.json` for every `.node` file in `directory`; returns the addons recorded. */
export function recordAddons(directory = join(root, 'native')) {
  const addons = readdirSync(directory).filter((name) => name.endsWith('.node'));
  for (const name of addons) {
    const path = join(directory, name);
    const bytes = readFileSync(path);
    const record = {
      file: basename(path),
      bytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    writeFileSync(`${path}.integrity.json`, `${JSON.stringify(record, null, 2)}\n`);
  }
  return addons;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const recorded = recordAddons();
  console.log(`rustybt: recorded size and SHA-256 of ${recorded.join(', ') || 'no addon'}`);
}
