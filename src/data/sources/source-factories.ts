import { AlpacaSource, type AlpacaSourceOptions } from './alpaca-source.js';
import { AlphaVantageSource, type AlphaVantageSourceOptions } from './alphavantage-source.js';
import { CcxtSource, type CcxtSourceOptions } from './ccxt-source.js';
import { CsvSource, type CsvSourceOptions } from './csv-source.js';
import { PolygonSource, type PolygonSourceOptions } from './polygon-source.js';
import { SyntheticSource, type SyntheticOptions } from './synthetic-source.js';
import { YahooSource, type YahooSourceOptions } from './yahoo-source.js';

// Short constructors, so a data source reads as it does in a sentence:
// `runAlgorithm({ dataSource: cached(yfinance()), ... })`.

/** Yahoo Finance daily and intraday bars with splits and dividends (`new YahooSource(options)`). */
export function yfinance(options: YahooSourceOptions = {}): YahooSource {
  return new YahooSource(options);
}

/** Any ccxt exchange's OHLCV (`new CcxtSource(options)`; Binance by default). */
export function ccxt(options: CcxtSourceOptions = {}): CcxtSource {
  return new CcxtSource(options);
}

/** A directory of CSV files, one per symbol (`new CsvSource(options)`). */
export function csv(options: CsvSourceOptions): CsvSource {
  return new CsvSource(options);
}

/** Seeded synthetic bars (`new SyntheticSource(options)`). */
export function synthetic(options: SyntheticOptions = {}): SyntheticSource {
  return new SyntheticSource(options);
}

/** Polygon.io aggregates (`new PolygonSource(options)`; key from `POLYGON_API_KEY`). */
export function polygon(options: PolygonSourceOptions = {}): PolygonSource {
  return new PolygonSource(options);
}

/** Alpaca market data (`new AlpacaSource(options)`; keys from the environment). */
export function alpaca(options: AlpacaSourceOptions = {}): AlpacaSource {
  return new AlpacaSource(options);
}

/** Alpha Vantage time series (`new AlphaVantageSource(options)`; key from the environment). */
export function alphavantage(options: AlphaVantageSourceOptions = {}): AlphaVantageSource {
  return new AlphaVantageSource(options);
}
