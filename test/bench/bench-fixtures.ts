// Benchmark runs with chosen figures, built through the same aggregation the grid uses.
import {
  cellResult,
  type BenchRun,
  type BenchSample,
  type ModuleSplit,
} from '../../src/bench/bench-run.js';
import { machineFingerprint } from '../../src/bench/fingerprint.js';
import { cellByName, type BenchMode } from '../../src/bench/grid-cells.js';

/** One cell and mode of a made-up run: CPU ms of the event loop per round, peak RSS in MB. */
export interface FakeCell {
  cell: string;
  mode: BenchMode;
  cpuMs: number[];
  rssMb?: number;
  modules?: ModuleSplit;
}

/** A run on this machine's fingerprint (or another's) with the given figures. */
export function fakeRun(
  version: string,
  date: string,
  cells: readonly FakeCell[],
  fingerprintId?: string,
): BenchRun {
  const here = machineFingerprint();
  return {
    version,
    commit: `c${version.replace(/\./g, '')}`,
    date,
    fingerprint: fingerprintId === undefined ? here : { ...here, id: fingerprintId },
    size: 'standard',
    rounds: cells[0]?.cpuMs.length ?? 0,
    load: [1, 1],
    results: cells.map((c) => {
      const cell = cellByName(c.cell)!;
      const samples: BenchSample[] = c.cpuMs.map((cpu) => ({
        simulateMs: cpu * 1.5,
        simulateCpuMs: cpu,
        loadMs: 10,
        processMs: cpu * 2 + 500,
        maxRssBytes: (c.rssMb ?? 100) * 2 ** 20,
        barsPerAsset: 1000,
        fills: 42,
        backend: c.mode.endsWith('rust') ? 'rust' : 'ts',
      }));
      return cellResult(cell, c.mode, samples, c.modules);
    }),
  };
}
