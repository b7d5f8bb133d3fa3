// The rustybt to compare against: another commit of this repository, checked out and built
// once in a temporary folder (kept between benchmark runs, keyed by the commit).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A built rustybt package root for `ref` (commit, branch or tag of the repository at `root`). */
export function prepareBaseline(root: string, ref: string): { dir: string; commit: string } {
  const commit = git(root, 'rev-parse', ref);
  const dir = join(tmpdir(), `rustybt-bench-baseline-${commit.slice(0, 12)}`);
  // Named for the layout it checks: a folder prepared by an older version of this script lacks
  // the addon's integrity record (its rustybt then fell back to TypeScript) and is rebuilt.
  const ready = join(dir, '.bench-ready-2');
  if (existsSync(ready)) return { dir, commit };
  rmSync(dir, { recursive: true, force: true });
  git(root, 'clone', '--quiet', '--no-checkout', root, dir);
  git(dir, 'checkout', '--quiet', commit);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  run(dir, process.execPath, [
    join(root, 'node_modules/typescript/bin/tsc'),
    '-p',
    'tsconfig.build.json',
  ]);
  // A commit whose package entry points are the bundle builds it as its build does.
  if (existsSync(join(dir, 'scripts/bundle.mjs'))) {
    run(dir, process.execPath, ['scripts/bundle.mjs']);
  }
  const sameRust =
    spawnSync('git', ['diff', '--quiet', commit, 'HEAD', '--', 'rust/'], { cwd: root }).status ===
    0;
  const natives = readdirSync(join(root, 'native'));
  const addons = natives.filter((name) => name.endsWith('.node'));
  if (sameRust && addons.length > 0) {
    mkdirSync(join(dir, 'native'), { recursive: true });
    // Each addon with the size and hash record its build wrote: without it the loader refuses
    // the addon and the baseline would run on the TypeScript backend.
    for (const name of natives.filter((n) => n.endsWith('.node') || n.endsWith('.integrity.json')))
      copyFileSync(join(root, 'native', name), join(dir, 'native', name));
  } else {
    // Its own target folder (built once, kept with the baseline): a folder shared with this
    // checkout would mix the two trees' crates, whose fingerprints cargo keys by relative
    // paths and modification times, and leave this checkout's build with the baseline's core.
    run(dir, process.execPath, ['scripts/build.mjs', '--native-only'], {
      CARGO_TARGET_DIR: join(dir, 'rust/target'),
    });
  }
  writeFileSync(ready, `${commit}\n`);
  return { dir, commit };
}

/** The commit `main` pointed at before this branch's changes: the merge base. */
export function previousMain(root: string): string {
  return git(root, 'merge-base', 'HEAD', 'main');
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

function run(cwd: string, command: string, args: string[], env: Record<string, string> = {}): void {
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}`);
}
