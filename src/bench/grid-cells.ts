import { ConfigError } from '../errors/index.js';
import { GRID_SHAPES, MINUTE_2024, type MarketShape, type WorkloadStrategy } from './workloads.js';

/** How a cell runs: numeric mode and engine core. */
export type BenchMode = 'decimal-rust' | 'float-rust' | 'decimal-ts';

/** All modes, in table order: the product, its float baseline, the TypeScript core. */
export const BENCH_MODES: readonly BenchMode[] = ['decimal-rust', 'float-rust', 'decimal-ts'];

/** Which grid: `standard` (3 shapes × 2 strategies × 4 universes) or `large` (500 × every XNYS minute of 2024). */
export type BenchSize = 'standard' | 'large';

/** All sizes. */
export const BENCH_SIZES: readonly BenchSize[] = ['standard', 'large'];

/** One cell of the grid: a market shape, a strategy and a universe size. */
export interface BenchCell {
  /** `<shape>-<simple|complex>-<assets>`, e.g. `minute-simple-100`. */
  name: string;
  shape: MarketShape;
  /** `simple` (SMA 10/30 crossover) or `complex` (RSI/Bollinger/MACD/ATR rotation with stops). */
  strategy: 'simple' | 'complex';
  assets: number;
}

/** The workload strategy behind a cell's strategy name. */
export const CELL_STRATEGY: Readonly<Record<BenchCell['strategy'], WorkloadStrategy>> = {
  simple: 'smaSignals',
  complex: 'complex',
};

/** The universe sizes of the standard grid. */
export const GRID_ASSETS: readonly number[] = [10, 50, 100, 500];

const LARGE_SHAPE: MarketShape = { ...MINUTE_2024, name: 'year' };

/** Every cell of a grid size, in run order (smallest data first within a shape). */
export function gridCells(size: BenchSize = 'standard'): BenchCell[] {
  const cells: BenchCell[] = [];
  const shapes = size === 'large' ? [LARGE_SHAPE] : GRID_SHAPES;
  const counts = size === 'large' ? [500] : GRID_ASSETS;
  for (const shape of shapes) {
    for (const strategy of ['simple', 'complex'] as const) {
      for (const assets of counts) {
        cells.push({ name: `${shape.name}-${strategy}-${assets}`, shape, strategy, assets });
      }
    }
  }
  return cells;
}

/** A cell by name, in either size. */
export function cellByName(name: string): BenchCell | undefined {
  return [...gridCells('standard'), ...gridCells('large')].find((cell) => cell.name === name);
}

function globPattern(text: string): RegExp {
  const escaped = text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^,]*');
  return new RegExp(`^${escaped}$`);
}

/**
 * The cells a selection names: comma-separated names, `*` matching any part
 * (`minute-*-100`, `*-complex-*`); all cells of the size when none is given.
 *
 * @throws ConfigError for an unknown size or a name that matches no cell, listing the valid ones.
 */
export function selectCells(selection: string | undefined, size: string = 'standard'): BenchCell[] {
  if (!BENCH_SIZES.includes(size as BenchSize)) {
    throw new ConfigError(
      `Unknown benchmark size ${JSON.stringify(size)}; use one of: ${BENCH_SIZES.join(', ')}.`,
    );
  }
  const all = gridCells(size as BenchSize);
  if (selection === undefined || selection.trim() === '') return all;
  const chosen = new Set<BenchCell>();
  for (const part of selection.split(',').map((s) => s.trim())) {
    const pattern = globPattern(part);
    const matches = all.filter((cell) => pattern.test(cell.name));
    if (matches.length === 0) {
      throw new ConfigError(
        `Unknown benchmark cell ${JSON.stringify(part)} for size ${size}; valid cells: ${all.map((c) => c.name).join(', ')}` +
          `${
            size === 'standard'
              ? ' (and with --size large: ' +
                gridCells('large')
                  .map((c) => c.name)
                  .join(', ') +
                ')'
              : ''
          }.`,
      );
    }
    for (const cell of matches) chosen.add(cell);
  }
  return all.filter((cell) => chosen.has(cell));
}

/**
 * The modes a selection names (comma-separated); all modes when none is given.
 *
 * @throws ConfigError for an unknown mode, listing the valid ones.
 */
export function selectModes(selection: string | undefined): BenchMode[] {
  if (selection === undefined || selection.trim() === '') return [...BENCH_MODES];
  const wanted = selection.split(',').map((s) => s.trim());
  for (const mode of wanted) {
    if (!BENCH_MODES.includes(mode as BenchMode)) {
      throw new ConfigError(
        `Unknown benchmark mode ${JSON.stringify(mode)}; use one or more of: ${BENCH_MODES.join(', ')}.`,
      );
    }
  }
  return BENCH_MODES.filter((mode) => wanted.includes(mode));
}

/** The numeric mode and engine core of a mode. */
export function modeSettings(mode: BenchMode): {
  numeric: 'decimal' | 'float';
  backend: 'rust' | 'ts';
} {
  const [numeric, backend] = mode.split('-') as ['decimal' | 'float', 'rust' | 'ts'];
  return { numeric, backend };
}
