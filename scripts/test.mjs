// Runs the TypeScript tests with node's test runner (through tsx), which ends
// with its summary. Arguments narrow the run to files or folders under test/.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function collect(path) {
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path, { recursive: true })
    .map((entry) => join(path, entry))
    .filter((file) => file.endsWith('.test.ts') && !file.includes('/fixtures/'))
    .sort();
}

const targets = process.argv.slice(2);
const files = (targets.length > 0 ? targets : ['test'])
  .flatMap((target) => collect(join(root, target)))
  .map((file) => relative(root, file));

if (files.length === 0) {
  console.error('No test files found under', targets.join(', ') || 'test/');
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
