// Builds the package: TypeScript always, the Rust addon when cargo is present.
// Runs on `npm install` (as `prepare`) and on `npm run build`.
//   --native-only   skip the TypeScript build
//   --debug         build the addon without optimizations (faster edit loop)
// RUSTYBT_SKIP_NATIVE=1 skips the addon even when cargo is present.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleDist } from './bundle.mjs';
import { recordAddons } from './record-addon.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const require = createRequire(import.meta.url);

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function packageBin(name, bin) {
  const manifestPath = require.resolve(`${name}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const entry = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin];
  return join(dirname(manifestPath), entry);
}

async function buildTypeScript() {
  run(process.execPath, [packageBin('typescript', 'tsc'), '-p', 'tsconfig.build.json']);
  const cli = join(root, 'dist/cli/main.js');
  if (existsSync(cli)) chmodSync(cli, 0o755);
  // The published entry points and the command: dist/ bundled into a few files.
  await bundleDist(root);
}

function hasCargo() {
  const probe = spawnSync('cargo', ['--version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

function buildNative() {
  if (process.env.RUSTYBT_SKIP_NATIVE === '1') {
    console.log(
      'rustybt: RUSTYBT_SKIP_NATIVE=1, skipping the Rust addon; the TypeScript backend will be used.',
    );
    return;
  }
  if (!hasCargo()) {
    console.log(
      'rustybt: cargo not found, built TypeScript only; the TypeScript backend will be used.\n' +
        '  To enable the Rust core: install Rust (https://rustup.rs), then run `npm run build:native`.',
    );
    return;
  }
  const napiArgs = [
    packageBin('@napi-rs/cli', 'napi'),
    'build',
    '--platform',
    '--manifest-path',
    'rust/crates/rustybt-node/Cargo.toml',
    '--package-json-path',
    'package.json',
    '--output-dir',
    'native',
    '--no-js',
  ];
  if (!args.has('--debug')) napiArgs.push('--release');
  run(process.execPath, napiArgs);
  recordAddons(join(root, 'native'));
}

// A project depending on this folder through a file: link (as `rustybt init` writes) runs
// this prepare script on each of its own installs: the package is built, leave it be.
const initCwd = process.env.INIT_CWD;
if (
  process.env.npm_lifecycle_event === 'prepare' &&
  initCwd !== undefined &&
  resolve(initCwd) !== resolve(root) &&
  existsSync(join(root, 'dist', 'index.js'))
) {
  console.log(`rustybt: already built; not rebuilding for the install in ${initCwd}.`);
  process.exit(0);
}

if (!args.has('--native-only')) await buildTypeScript();
buildNative();
