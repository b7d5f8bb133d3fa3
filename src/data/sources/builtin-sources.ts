import { ConfigError } from '../../errors/index.js';
import { DataSourceRegistry, type SourceOptions } from '../source-registry.js';
import { AlpacaSource } from './alpaca-source.js';
import { AlphaVantageSource } from './alphavantage-source.js';
import { CcxtSource } from './ccxt-source.js';
import { CsvSource, type CsvSourceOptions } from './csv-source.js';
import { PolygonSource } from './polygon-source.js';
import { SyntheticSource } from './synthetic-source.js';
import { YahooSource } from './yahoo-source.js';

/** Names of the sources rustybt ships. */
export const BUILTIN_SOURCE_NAMES = [
  'alpaca',
  'alphavantage',
  'ccxt',
  'csv',
  'polygon',
  'synthetic',
  'yfinance',
] as const;

/**
 * A registry holding every built-in source: `synthetic` (the offline
 * default), `csv` (needs `{ directory }`), `yfinance`, `ccxt` (`{ exchange }`),
 * `polygon`, `alpaca` and `alphavantage`. Each call returns a new registry,
 * so registering a third-party source never leaks between callers.
 */
export function defaultSourceRegistry(): DataSourceRegistry {
  return new DataSourceRegistry()
    .register('synthetic', (o) => new SyntheticSource(o))
    .register('csv', (o) => {
      if (typeof o.directory !== 'string') {
        throw new ConfigError(
          'The csv source needs a directory of files: pass { directory } (--csv-dir on the CLI).',
        );
      }
      return new CsvSource(o as unknown as CsvSourceOptions);
    })
    .register('yfinance', (o) => new YahooSource(o))
    .register('ccxt', (o) => new CcxtSource(o))
    .register('polygon', (o) => new PolygonSource(o))
    .register('alpaca', (o) => new AlpacaSource(o))
    .register('alphavantage', (o) => new AlphaVantageSource(o));
}

/** The source to use when none is named: the offline, seeded synthetic source. */
export const DEFAULT_SOURCE_NAME = 'synthetic';

export type { SourceOptions };
