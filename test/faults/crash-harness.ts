import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The crash-point harness shared by the crash tests: run the real CLI in a child process, learn
// the named steps of a write path (RUSTYBT_CRASH_TRACE), and kill it at one (RUSTYBT_CRASH_AT).

const root = fileURLToPath(new URL('../..', import.meta.url));

/** How a child `rustybt` ended. */
export interface Exit {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `rustybt <args>` with `RUSTYBT_HOME=home` (TypeScript backend), optionally SIGKILLed after `killAfterMs`. */
export function rustybt(
  home: string,
  args: string[],
  env: Record<string, string> = {},
  killAfterMs?: number,
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args],
      {
        cwd: root,
        env: { ...process.env, RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts', ...env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** The named steps `rustybt <args>` passes, in order, each once (the command must succeed). */
export async function steps(home: string, args: string[], trace: string): Promise<string[]> {
  const run = await rustybt(home, args, { RUSTYBT_CRASH_TRACE: trace });
  assert.equal(run.status, 0, run.stderr);
  return [...new Set(readFileSync(trace, 'utf8').trim().split('\n'))];
}
