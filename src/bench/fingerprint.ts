import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { arch, cpus, platform } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The machine a benchmark ran on: only runs with the same fingerprint are compared. */
export interface MachineFingerprint {
  /** Short hash of the fields below. */
  id: string;
  cpu: string;
  cores: number;
  node: string;
  /** `rustc --version`, or `none` where no Rust toolchain is installed. */
  rustc: string;
  platform: string;
}

function run(command: string, args: string[], cwd?: string): string | undefined {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim();
  } catch {
    return undefined;
  }
}

/** This machine's fingerprint: CPU model, cores, Node, rustc, platform. */
export function machineFingerprint(): MachineFingerprint {
  const cores = cpus();
  const fields = {
    cpu: cores[0]?.model.trim() ?? 'unknown CPU',
    cores: cores.length,
    node: process.version,
    rustc: run('rustc', ['--version']) ?? 'none',
    platform: `${platform()} ${arch()}`,
  };
  const id = createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 12);
  return { id, ...fields };
}

/** One line naming a fingerprint, for tables and messages. */
export function describeFingerprint(f: MachineFingerprint): string {
  return `${f.cores} × ${f.cpu}, ${f.platform}, Node ${f.node}, ${f.rustc} [${f.id}]`;
}

/** The git commit of the installed package (`+dirty` with changes to tracked files), or `unknown`. */
export function packageCommit(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // An installed package sits in someone's node_modules: their repository's commit is not ours.
  if (here.includes('/node_modules/')) return 'unknown';
  const commit = run('git', ['rev-parse', '--short', 'HEAD'], here);
  if (commit === undefined) return 'unknown';
  const status = run('git', ['status', '--porcelain', '--untracked-files=no'], here);
  return status === undefined || status === '' ? commit : `${commit}+dirty`;
}
