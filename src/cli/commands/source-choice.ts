import { DataSourceRegistry } from '../../data/source-registry.js';
import { AlpacaSource } from '../../data/sources/alpaca-source.js';
import { AlphaVantageSource } from '../../data/sources/alphavantage-source.js';
import { CcxtSource } from '../../data/sources/ccxt-source.js';
import { CsvSource } from '../../data/sources/csv-source.js';
import { PolygonSource } from '../../data/sources/polygon-source.js';
import { SyntheticSource } from '../../data/sources/synthetic-source.js';
import { YahooSource } from '../../data/sources/yahoo-source.js';
import { ConfigError } from '../../errors/index.js';

/** What the CLI passes to the sources it builds. */
export interface SourceSettings {
  /** `--exchange`: ccxt exchange id. */
  exchange?: string;
  /** `--csv-dir`: directory of CSV files. */
  csvDir?: string;
  /** Synthetic: calendar name, seed and scales (set by the profiling bundles). */
  calendar?: string;
  seed?: number;
  priceScale?: number;
  volumeScale?: number;
}

/**
 * The sources `rustybt ingest` can use, built with the command line's settings.
 * Each source is constructed only when asked for.
 */
export function cliSourceRegistry(settings: SourceSettings = {}): DataSourceRegistry {
  return new DataSourceRegistry()
    .register(
      'synthetic',
      () =>
        new SyntheticSource({
          calendar: settings.calendar,
          seed: settings.seed,
          priceScale: settings.priceScale,
          volumeScale: settings.volumeScale,
        }),
    )
    .register('csv', () => {
      if (settings.csvDir === undefined) {
        throw new ConfigError('The csv source needs --csv-dir <directory> (one file per symbol).');
      }
      return new CsvSource({ directory: settings.csvDir, calendar: settings.calendar });
    })
    .register('yfinance', () => new YahooSource())
    .register('ccxt', () => new CcxtSource({ exchange: settings.exchange }))
    .register('polygon', () => new PolygonSource())
    .register('alpaca', () => new AlpacaSource())
    .register('alphavantage', () => new AlphaVantageSource());
}
