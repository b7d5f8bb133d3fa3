import { loadavg } from 'node:os';
import { ConfigError } from '../errors/index.js';
import { VERSION } from '../version.js';
import {
  cellResult,
  failedResult,
  type BenchRun,
  type BenchSample,
  type CellResult,
  type ModuleSplit,
} from './bench-run.js';
import { machineFingerprint, packageCommit } from './fingerprint.js';
import { selectCells, selectModes, type BenchCell, type BenchMode } from './grid-cells.js';
import { CellFailure, measureCell } from './measure-cell.js';

/** One child process about to run or just finished. */
export interface BenchProgress {
  /** Children finished so far and in all. */
  done: number;
  total: number;
  cell: string;
  mode: BenchMode;
  /** 1-based round; `profile` for the profiled run that gives the module split. */
  round: number | 'profile';
  /** Set when this child failed. */
  error?: string;
}

/** What {@link runBenchmarkGrid} runs. */
export interface BenchGridOptions {
  /** Cell names, comma-separated, `*` as a wildcard (`minute-*-100`); all cells of the size by default. */
  cells?: string;
  /** Modes, comma-separated (`decimal-rust,float-rust,decimal-ts`); all by default. */
  modes?: string;
  /** `standard` (default) or `large`. */
  size?: string;
  /** Timed rounds per cell and mode (default 3). */
  rounds?: number;
  /** Run one extra profiled child per cell and mode for the module split (default true). */
  modules?: boolean;
  /** Seed of the synthetic bars (default 7: every machine measures the same bars). */
  seed?: number;
  /** Called after each child process. */
  onProgress?: (progress: BenchProgress) => void;
}

/**
 * Runs the benchmark grid: each selected cell in each mode in its own child
 * process, `rounds` times with the modes interleaved (the order rotates each
 * round, so no mode always runs first), then, unless `modules` is false, one
 * profiled child per cell and mode for the per-module time split. A cell
 * whose child fails is reported failed with its error; the rest still runs.
 *
 * @throws ConfigError for unknown cells, modes or sizes (listing the valid ones) or a bad round count.
 */
export async function runBenchmarkGrid(options: BenchGridOptions = {}): Promise<BenchRun> {
  const size = options.size ?? 'standard';
  const cells = selectCells(options.cells, size);
  const modes = selectModes(options.modes);
  const rounds = options.rounds ?? 3;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 100) {
    throw new ConfigError(`--rounds must be a whole number from 1 to 100, got ${rounds}.`);
  }
  const profile = options.modules ?? true;
  const seed = options.seed ?? 7;
  const date = new Date().toISOString();
  const loadAtStart = loadavg()[0];
  const total = cells.length * modes.length * (rounds + (profile ? 1 : 0));
  let done = 0;

  const key = (cell: BenchCell, mode: BenchMode) => `${cell.name}/${mode}`;
  const samples = new Map<string, BenchSample[]>();
  const modules = new Map<string, ModuleSplit>();
  const failures = new Map<string, string>();
  const step = async (cell: BenchCell, mode: BenchMode, round: number | 'profile') => {
    const id = key(cell, mode);
    let error: string | undefined;
    if (!failures.has(id)) {
      try {
        const measured = await measureCell({
          cell: cell.name,
          mode,
          seed,
          profile: round === 'profile',
        });
        if (round === 'profile') modules.set(id, measured.modules ?? {});
        else samples.set(id, [...(samples.get(id) ?? []), measured.sample]);
      } catch (caught) {
        if (!(caught instanceof CellFailure)) throw caught;
        error = caught.message;
        failures.set(id, error);
      }
    }
    done++;
    options.onProgress?.({ done, total, cell: cell.name, mode, round, error });
  };

  for (let round = 0; round < rounds; round++) {
    for (const cell of cells) {
      for (let k = 0; k < modes.length; k++) {
        await step(cell, modes[(k + round) % modes.length], round + 1);
      }
    }
  }
  if (profile) {
    for (const cell of cells) for (const mode of modes) await step(cell, mode, 'profile');
  }

  const results: CellResult[] = [];
  for (const cell of cells) {
    for (const mode of modes) {
      const id = key(cell, mode);
      const failure = failures.get(id);
      results.push(
        failure !== undefined
          ? failedResult(cell, mode, failure)
          : cellResult(cell, mode, samples.get(id) ?? [], profile ? modules.get(id) : undefined),
      );
    }
  }
  return {
    version: VERSION,
    commit: packageCommit(),
    date,
    fingerprint: machineFingerprint(),
    size: size as BenchRun['size'],
    rounds,
    load: [loadAtStart, loadavg()[0]],
    results,
  };
}
