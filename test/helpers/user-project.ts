// A user's own project with rustybt installed from the packed tarball, offline:
// `npm pack`, then `npm install --offline` in a temporary folder, as a user would
// install a release. Shared by the tests that run the installed CLI.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What a command printed and how it ended. */
export interface CommandRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface LockEntry {
  dev?: boolean;
  [key: string]: unknown;
}

/**
 * The environment for npm and the installed CLI: this process's, without what
 * `npm test` adds about the repository itself (its package, its prefix).
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package|lifecycle)_/i.test(key) || key === 'INIT_CWD') continue;
    if (/^npm_config_(local_prefix|prefix|global)$/i.test(key)) continue;
    if (key === 'RUSTYBT_BACKEND' || key === 'RUSTYBT_NATIVE_PATH') continue;
    env[key] = value;
  }
  return { ...env, npm_config_update_notifier: 'false', ...extra };
}

/** Runs `command` in `cwd` and collects its output. */
export function runCommand(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = userEnv(),
): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let packed: string | undefined;

/**
 * Packs the built package (dist/ must be current: `npm run build`) into a
 * temporary folder once per test process and returns the tarball's path.
 */
export function packTarball(): string {
  if (packed !== undefined) return packed;
  const destination = mkdtempSync(join(tmpdir(), 'rustybt-pack-'));
  const run = spawnSync(
    'npm',
    ['pack', '--ignore-scripts', '--silent', '--pack-destination', destination],
    { cwd: root, env: userEnv(), encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`npm pack failed:\n${run.stderr}`);
  packed = join(destination, run.stdout.trim().split('\n').pop()!);
  return packed;
}

/**
 * Creates a project folder with `packageJson` and rustybt installed from the
 * tarball, offline. The lock file is the repository's, restricted to the
 * runtime dependencies, so npm takes every package from its cache by integrity
 * (CI's `npm install` of the clone filled it). Install scripts are skipped:
 * offline, better-sqlite3 would compile SQLite from source, and the runs under
 * test do not open the catalog.
 */
export async function installedProject(
  name: string,
  packageJson: Record<string, unknown>,
): Promise<string> {
  const tarball = packTarball();
  const dir = mkdtempSync(join(tmpdir(), `rustybt-${name}-`));
  const dependency = `file:${tarball}`;
  const manifest: Record<string, unknown> = {
    name,
    version: '1.0.0',
    private: true,
    ...packageJson,
  };
  manifest.dependencies = { ...(manifest.dependencies as object), rustybt: dependency };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify(lockFor(manifest, tarball, dependency), null, 2),
  );
  const install = await runCommand(
    'npm',
    ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'],
    dir,
  );
  if (install.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `npm install --offline of ${tarball} failed (is the npm cache filled by the repository's npm install?):\n${install.stderr}`,
    );
  }
  return dir;
}

function lockFor(
  manifest: Record<string, unknown>,
  tarball: string,
  dependency: string,
): Record<string, unknown> {
  const repoLock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const self = repoLock.packages[''];
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const packages: Record<string, unknown> = {
    '': { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies },
    'node_modules/rustybt': {
      version: self.version,
      resolved: dependency,
      integrity,
      license: self.license,
      dependencies: self.dependencies,
      bin: self.bin,
      engines: self.engines,
    },
  };
  for (const [key, entry] of Object.entries(repoLock.packages)) {
    if (key !== '' && entry.dev !== true) packages[key] = entry;
  }
  return {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages,
  };
}

/** Writes `files` (path relative to `dir` → content) into `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
