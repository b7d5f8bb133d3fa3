import type { CalendarChoice } from '../../data/sources/calendar-choice.js';
import type { DataSource } from '../../data/sources/data-source.js';
import { defaultSourceRegistry } from '../../data/sources/builtin-sources.js';

/** What the CLI passes to the sources it builds. */
export interface SourceSettings {
  /** `--exchange`: ccxt exchange id. */
  exchange?: string;
  /** `--csv-dir`: directory of CSV files. */
  csvDir?: string;
  /** Calendar or its name (`--calendar`, `--calendar-file`, or the profiling bundle's). */
  calendar?: CalendarChoice;
  /** Synthetic: seed and scales (set by the profiling bundles). */
  seed?: number;
  priceScale?: number;
  volumeScale?: number;
}

/**
 * Builds the source `name` from the built-in registry with the options the
 * command line gives it: the exchange for ccxt, the directory and calendar for
 * csv, the calendar, seed and scales for synthetic.
 *
 * @throws ConfigError for an unknown name or a missing required option.
 */
export function cliSource(name: string, settings: SourceSettings = {}): DataSource {
  return defaultSourceRegistry().get(name, sourceOptions(name.trim().toLowerCase(), settings));
}

/** Names of the sources the CLI can use, sorted. */
export function cliSourceNames(): string[] {
  return defaultSourceRegistry().names();
}

function sourceOptions(name: string, settings: SourceSettings): Record<string, unknown> {
  const options: Record<string, unknown> =
    name === 'synthetic'
      ? {
          calendar: settings.calendar,
          seed: settings.seed,
          priceScale: settings.priceScale,
          volumeScale: settings.volumeScale,
        }
      : name === 'csv'
        ? { directory: settings.csvDir, calendar: settings.calendar }
        : name === 'ccxt'
          ? { exchange: settings.exchange }
          : {};
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
