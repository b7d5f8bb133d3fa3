import type { CsvSettings } from './csv-flags.js';

/**
 * Every setting of `rustybt run`, as the flags or a run config file give
 * them (text, or the plain values a config file holds). Defaults are applied
 * after flags and file are merged (see `withDefaults`).
 */
export interface RunSettings extends CsvSettings {
  /** `-f, --file`: the strategy module. */
  file?: string;
  bundle?: string;
  csvDir?: string;
  source?: string;
  exchange?: string;
  /** False with `--no-cache`. */
  cache?: boolean;
  start?: string;
  end?: string;
  capitalBase?: string | number;
  dataFrequency?: string;
  numeric?: string;
  /** `XNYS`, `24/7` or `data` (the sessions present in the data). */
  calendar?: string;
  /** A file of sessions, one `YYYY-MM-DD` per line. */
  calendarFile?: string;
  benchmark?: string;
  fillPrice?: string;
  /** Comma-separated text, or a list. */
  symbols?: string | readonly string[];
  warmup?: string | number;
  output?: string;
  /** False with `--no-verify`: skip the bundle's load-time checksums. */
  verify?: boolean;
  /** `--strict`: with `--csv-dir`, fail on the first bad row. */
  strict?: boolean;
  /** HTML report to write after the run. */
  report?: string;
  /** True with `--quiet`: nothing but errors is printed. */
  quiet?: boolean;
  /** `name[:value][,key=value...]`, or one per asset class. */
  commission?: string | Readonly<Record<string, string>>;
  slippage?: string | Readonly<Record<string, string>>;
}

/** The defaults of the settings that have one. */
export const RUN_DEFAULTS = {
  capitalBase: '100000',
  dataFrequency: 'daily',
  numeric: 'decimal',
} as const satisfies RunSettings;

/** `settings` with the defaults filled in where nothing was given. */
export function withDefaults(settings: RunSettings): RunSettings {
  const merged: RunSettings = { ...settings };
  for (const [key, value] of Object.entries(RUN_DEFAULTS)) {
    const name = key as keyof typeof RUN_DEFAULTS;
    if (merged[name] === undefined) merged[name] = value;
  }
  return merged;
}
