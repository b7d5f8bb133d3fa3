// What `rustybt init` does: loaded only when the command runs.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../errors/index.js';
import {
  BACKTEST_YAML,
  packageJsonTemplate,
  readmeTemplate,
  SAMPLE_SYMBOLS,
  STRATEGY,
  TSCONFIG,
} from './init-templates.js';

/** How `rustybt init` was called. */
export interface InitOptions {
  /** Overwrite the files init writes in a folder that is not empty. */
  force?: boolean;
  /** Run `npm install` in the new project (default true). */
  install?: boolean;
}

/** Entries that do not make a folder "not empty" for init. */
const IGNORED = new Set(['.git', '.DS_Store']);

/** The root of the rustybt installation running (same depth from `src/` and `dist/`). */
export function installationRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url));
}

/**
 * Scaffolds a strategy project in `target`: package.json depending on this
 * installation (`file:`, so it works offline), tsconfig.json, an example
 * strategy, backtest.yaml, sample data and a README; then `npm install`
 * (a link to the installation: no download). The files are staged in a
 * temporary folder and moved into place, so a failure leaves nothing behind.
 * Returns the text to print.
 *
 * @throws ConfigError when `target` is a file, or a folder with files and no `force`.
 */
export function initProject(target: string, options: InitOptions = {}): string {
  const dir = resolve(target);
  const existing = existsSync(dir);
  if (existing && !statSync(dir).isDirectory()) {
    throw new ConfigError(`init ${target}: ${dir} is a file; give a new or empty folder.`);
  }
  const present = existing ? readdirSync(dir).filter((entry) => !IGNORED.has(entry)) : [];
  if (present.length > 0 && options.force !== true) {
    throw new ConfigError(
      `init ${target}: ${dir} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', ...' : ''}); choose a new folder, or add --force to write the project's files over it (other files are kept). Nothing was written.`,
    );
  }
  const root = installationRoot();
  const samples = join(root, 'examples', 'data');
  if (!existsSync(samples)) {
    throw new ConfigError(
      `init: the sample data of this installation is missing (${samples}); reinstall rustybt.`,
    );
  }
  const name = packageName(basename(dir));
  const files: Record<string, string> = {
    'package.json': packageJsonTemplate(name, `file:${root.replace(/[\\/]$/, '')}`),
    'tsconfig.json': TSCONFIG,
    'strategy.ts': STRATEGY,
    'backtest.yaml': BACKTEST_YAML,
    'README.md': readmeTemplate(name),
  };
  mkdirSync(dirname(dir), { recursive: true });
  const staging = mkdtempSync(join(dirname(dir), `.${basename(dir)}.rustybt-init-`));
  try {
    for (const [file, text] of Object.entries(files)) writeFileSync(join(staging, file), text);
    mkdirSync(join(staging, 'data'));
    for (const symbol of SAMPLE_SYMBOLS) {
      copyFileSync(join(samples, `${symbol}.csv`), join(staging, 'data', `${symbol}.csv`));
    }
    chmodSync(staging, 0o755);
    if (existing) moveInto(staging, dir);
    else renameSync(staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const shown = relative(process.cwd(), dir) || '.';
  const lines = [
    `Created ${shown}: package.json, tsconfig.json, strategy.ts, backtest.yaml, README.md, data/ (${SAMPLE_SYMBOLS.join(', ')} daily bars)`,
  ];
  if (options.install !== false) lines.push(install(dir, root));
  lines.push('', 'Next:');
  if (shown !== '.') lines.push(`  cd ${shown}`);
  lines.push('  npx rustybt run --config backtest.yaml', '');
  return lines.join('\n');
}

/** Moves the staged files into an existing folder, file by file (each move is atomic). */
function moveInto(staging: string, dir: string): void {
  for (const entry of readdirSync(staging, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = join(entry.parentPath, entry.name);
    const to = join(dir, relative(staging, from));
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
  }
}

function install(dir: string, root: string): string {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // The one dependency is a link to this installation: nothing to download or build.
  const args = ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'];
  const result = spawnSync(npm, args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (result.status === 0) return `Installed rustybt (a link to ${root.replace(/[\\/]$/, '')})`;
  const reason = result.error?.message ?? result.stderr.trim().split('\n').slice(-3).join(' ');
  return `npm install failed (${reason}); run it in the project yourself before the backtest.`;
}

/** A valid npm package name from a folder name. */
function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name === '' ? 'my-strategy' : name;
}
