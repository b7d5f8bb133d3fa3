import type { TradingCalendar } from '../../calendar/index.js';
import type { BarFrame, Frequency } from '../../data/bar-frame.js';
import { describeUnknownSymbols } from '../../assets/symbol-suggestions.js';
import { loadBundle } from '../../data/bundles/bundle-loader.js';
import type { BundleManifest } from '../../data/bundles/bundle-types.js';
import type { DataSource } from '../../data/sources/data-source.js';
import { DataError } from '../../errors/index.js';
import { formatDecimal } from '../../numeric/index.js';

/** A split as the algorithm applies it: `numerator` new shares per `denominator` old from `exDate` on. */
export interface MarketSplit {
  symbol: string;
  exDate: number;
  numerator: number;
  denominator: number;
}

/** A cash dividend per share, exact decimal text. */
export interface MarketDividend {
  symbol: string;
  exDate: number;
  payDate: number;
  amount: string;
}

/** Everything a backtest reads: bars per symbol, what each symbol is, corporate actions. */
export interface MarketData {
  frames: BarFrame[];
  /** Asset class and exchange per symbol, when the data knows them. */
  assetInfo: Map<string, { assetClass?: string; exchange?: string }>;
  splits: MarketSplit[];
  dividends: MarketDividend[];
  /** Where the data came from, for the results' metadata. */
  origin: string;
}

/** Where a backtest's bars come from: exactly one of these. */
export interface MarketDataRequest {
  /** Bars in memory (one frame per symbol). */
  frames?: readonly BarFrame[];
  /** Name of an ingested bundle. */
  bundle?: string;
  /** Directory holding bundles and the catalog (default: `RUSTYBT_HOME` or `~/.rustybt`). */
  home?: string;
  /** Check the bundle's files against their recorded checksums (default true). */
  verifyData?: boolean;
  /** A data source fetched for the run's range; needs `symbols`. */
  dataSource?: DataSource;
  /** Symbols to load; all of the bundle's when omitted. */
  symbols?: readonly string[];
}

/**
 * Loads the bars of a backtest from memory, a bundle or a data source.
 *
 * @throws DataError when none or several origins are given, or the data has no bars at `frequency`.
 */
export async function loadMarketData(
  request: MarketDataRequest,
  frequency: Frequency,
  range: { start: number; end: number },
  calendar: TradingCalendar,
): Promise<MarketData> {
  const given = (['frames', 'bundle', 'dataSource'] as const).filter(
    (key) => request[key] !== undefined,
  );
  if (given.length !== 1) {
    throw new DataError(
      `Give exactly one of frames, bundle or dataSource for the bars of a backtest; got ${given.length === 0 ? 'none' : given.join(' and ')}.`,
    );
  }
  if (request.frames !== undefined) {
    const frames = request.frames.filter((frame) => frame.frequency === frequency);
    requireBars(frames, frequency, 'the given frames');
    return { frames, assetInfo: new Map(), splits: [], dividends: [], origin: 'in-memory frames' };
  }
  if (request.bundle !== undefined) {
    const loaded = await loadBundle(request.bundle, {
      home: request.home,
      // Checked by default, each fast-load file when its bars are laid into the store.
      verify: request.verifyData === false ? false : undefined,
      frequency,
      symbols: request.symbols,
    });
    requireSymbols(request.symbols, loaded.manifest, `bundle ${request.bundle}`, frequency);
    requireBars(loaded.frames, frequency, `bundle ${request.bundle}`);
    const splits: MarketSplit[] = [];
    const dividends: MarketDividend[] = [];
    for (const adjustment of loaded.adjustments) {
      if (adjustment.kind === 'split') {
        splits.push({
          symbol: adjustment.symbol,
          exDate: adjustment.exDate,
          numerator: Number(adjustment.numerator),
          denominator: Number(adjustment.denominator),
        });
      } else {
        dividends.push({
          symbol: adjustment.symbol,
          exDate: adjustment.exDate,
          payDate: adjustment.payDate ?? adjustment.exDate,
          amount: adjustment.amount,
        });
      }
    }
    return {
      frames: loaded.frames,
      assetInfo: new Map(
        loaded.assets.map((asset) => [
          asset.symbol,
          { assetClass: asset.assetClass ?? undefined, exchange: asset.exchange ?? undefined },
        ]),
      ),
      splits,
      dividends,
      origin: `bundle ${loaded.name} (version ${loaded.version})`,
    };
  }
  const source = request.dataSource!;
  const symbols = request.symbols;
  if (symbols === undefined || symbols.length === 0) {
    throw new DataError('A backtest on a dataSource needs the symbols to fetch: pass symbols.');
  }
  const fetched = await source.fetch(
    symbols,
    new Date(range.start),
    new Date(range.end),
    frequency,
    {
      calendar,
    },
  );
  requireBars(fetched.frames, frequency, `data source ${source.getMetadata().name}`);
  return {
    frames: fetched.frames,
    assetInfo: new Map(),
    splits: fetched.corporateActions.splits.map((split) => ({ ...split })),
    dividends: fetched.corporateActions.dividends.map((dividend) => ({
      symbol: dividend.symbol,
      exDate: dividend.exDate,
      payDate: dividend.payDate ?? dividend.exDate,
      amount: formatDecimal(BigInt(dividend.amount), dividend.scale),
    })),
    origin: `data source ${source.getMetadata().name}`,
  };
}

function requireBars(frames: readonly BarFrame[], frequency: Frequency, origin: string): void {
  if (frames.length === 0) throw new DataError(`${origin} has no ${frequency} bars.`);
}

/** Checks the wanted symbols against every symbol of the bundle, before the frequency narrows them. */
function requireSymbols(
  wanted: readonly string[] | undefined,
  manifest: BundleManifest,
  origin: string,
  frequency: Frequency,
): void {
  if (wanted === undefined) return;
  const entry = manifest.frequencies[frequency];
  const present = new Set((entry?.frames ?? []).filter((f) => f.rows > 0).map((f) => f.symbol));
  const missing = wanted.filter((symbol) => !present.has(symbol));
  if (missing.length > 0) {
    const all = manifest.assets.map((asset) => asset.symbol);
    throw new DataError(
      `Unknown symbol${missing.length > 1 ? 's' : ''} ${describeUnknownSymbols(missing, all)} in ${origin}: it has no ${frequency} bars for ${missing.length > 1 ? 'them' : 'it'}; it holds ${[...present].sort().join(', ') || `no ${frequency} bars (it has ${Object.keys(manifest.frequencies).join(', ')})`}.`,
    );
  }
}
