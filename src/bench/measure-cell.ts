import { spawn } from 'node:child_process';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSample, ModuleSplit } from './bench-run.js';
import type { ChildReport, ChildTask } from './cell-child.js';
import { modeSettings } from './grid-cells.js';

const here = fileURLToPath(import.meta.url);
const childScript = join(dirname(here), `cell-child${extname(here)}`);

/** A cell's child failed: what it said. */
export class CellFailure extends Error {}

/** Node flags a child needs to load this package as the parent did (the TypeScript loader in development). */
function loaderFlags(): string[] {
  const flags: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--import' || argv[i] === '--require' || argv[i] === '--conditions') {
      flags.push(argv[i], argv[i + 1]);
      i++;
    } else if (/^--(import|require|conditions)=/.test(argv[i])) flags.push(argv[i]);
  }
  return flags;
}

/**
 * Runs one cell in one mode in a fresh child process (its own heap, its own
 * peak RSS) on the engine core of the mode, and returns what it measured.
 *
 * @throws CellFailure when the child exits with an error, is killed, or prints no report.
 */
export function measureCell(
  task: ChildTask,
): Promise<{ sample: BenchSample; modules?: ModuleSplit }> {
  const { backend } = modeSettings(task.mode);
  const env = { ...process.env, RUSTYBT_BACKEND: backend };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...loaderFlags(), childScript, JSON.stringify(task)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.length > 64_000) stderr = stderr.slice(-32_000);
    });
    child.on('error', (error) => reject(new CellFailure(error.message)));
    child.on('close', (status, signal) => {
      const processMs = performance.now() - started;
      if (status !== 0) {
        const lines = stderr.trim().split('\n');
        const thrown = lines.filter((l) => /^\w*Error\b|^Error:/.test(l.trim())).at(-1);
        const detail = thrown ?? lines.slice(-3).join(' ');
        const how = signal !== null ? `killed by ${signal}` : `exit code ${status}`;
        reject(new CellFailure(`child process ${how}${detail === '' ? '' : `: ${detail.trim()}`}`));
        return;
      }
      const last = stdout.trim().split('\n').at(-1) ?? '';
      let report: ChildReport;
      try {
        report = JSON.parse(last) as ChildReport;
      } catch {
        reject(new CellFailure(`child process printed no report: ${last.slice(0, 200)}`));
        return;
      }
      if (report.sample.backend !== backend) {
        reject(
          new CellFailure(
            `asked for the ${backend} core, ran on ${report.sample.backend} (is the Rust addon built?)`,
          ),
        );
        return;
      }
      resolve({ sample: { ...report.sample, processMs }, modules: report.modules });
    });
  });
}
