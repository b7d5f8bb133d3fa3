import type { ProfileModule } from '../profiling/module-map.js';
import type { BenchModule, ModuleSplit } from './bench-run.js';

/** How the profiler's modules are grouped into the benchmark's. */
export const MODULE_GROUPS: Readonly<Record<ProfileModule, BenchModule>> = {
  'data loading': 'data',
  'data portal': 'data',
  calendar: 'data',
  blotter: 'order execution',
  models: 'order execution',
  ledger: 'ledger/marks',
  indicators: 'indicators',
  metrics: 'metrics',
  'strategy code': 'strategy',
  'engine loop': 'engine loop',
  numeric: 'engine loop',
  'native boundary': 'rust core',
  'rust core': 'rust core',
  GC: 'other',
  other: 'other',
};

/** Groups the profiler's per-module self times (ms) into the benchmark's modules. */
export function groupModules(modules: readonly { name: string; selfMs: number }[]): ModuleSplit {
  const split: ModuleSplit = {};
  for (const { name, selfMs } of modules) {
    const group = MODULE_GROUPS[name as ProfileModule] ?? 'other';
    split[group] = (split[group] ?? 0) + selfMs;
  }
  return split;
}
