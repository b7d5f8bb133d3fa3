import { ConfigError } from '../errors/index.js';
import { parseDecimal } from '../numeric/decimal-text.js';
import { currencyScale, decimalConfig, type DecimalConfig } from '../numeric/decimal-config.js';
import { decimalPlaces } from '../numeric/decimal-numeric.js';
import type { Asset, AssetSpec } from './asset.js';
import { sessionFromDate } from './session-date.js';

const CLASSES = new Set(['equity', 'crypto', 'forex']);
const DEFAULT_LOT: Record<string, string> = { equity: '1', crypto: '0.00000001', forex: '1' };

/**
 * The registry of tradable assets (zipline's AssetFinder): assigns each asset
 * a dense `sid`, resolves its scales from the DecimalConfig and finds assets by
 * symbol or sid.
 */
export class AssetFinder {
  readonly config: DecimalConfig;
  private readonly bySid: Asset[] = [];
  private readonly bySymbol = new Map<string, Asset>();

  /** @param config - numeric configuration giving scales per asset class and currency */
  constructor(config: DecimalConfig = decimalConfig()) {
    this.config = config;
  }

  /** Number of assets; sids run from 0 to `count - 1`. */
  get count(): number {
    return this.bySid.length;
  }

  /** All assets in sid order. */
  all(): readonly Asset[] {
    return this.bySid;
  }

  /**
   * Registers an asset and returns it with its sid.
   *
   * @throws ConfigError when the spec is invalid or the symbol is already registered.
   */
  add(spec: AssetSpec): Asset {
    const where = `asset ${JSON.stringify(spec.symbol)}`;
    if (!CLASSES.has(spec.assetClass)) {
      throw new ConfigError(
        `${where}: assetClass must be equity, crypto or forex, got ${JSON.stringify(spec.assetClass)}.`,
      );
    }
    if (typeof spec.symbol !== 'string' || spec.symbol.trim() === '') {
      throw new ConfigError('An asset needs a non-empty symbol.');
    }
    if (this.bySymbol.has(spec.symbol)) {
      throw new ConfigError(
        `${where} is already registered (sid ${this.bySymbol.get(spec.symbol)?.sid}).`,
      );
    }
    const classScales = this.config.assetClasses[spec.assetClass];
    const priceScale = checkScale(spec.priceScale ?? classScales.price, `${where} priceScale`);
    const quantityScale = checkScale(
      spec.quantityScale ?? classScales.quantity,
      `${where} quantityScale`,
    );
    const tickSize = String(
      spec.tickSize ?? (priceScale === 0 ? '1' : `0.${'0'.repeat(priceScale - 1)}1`),
    );
    const lotSize = String(spec.lotSize ?? DEFAULT_LOT[spec.assetClass]);
    const tickUnits = sizeUnits(tickSize, priceScale, `${where} tickSize`);
    const lotUnits = sizeUnits(lotSize, quantityScale, `${where} lotSize`);
    const startDate = sessionFromDate(spec.startDate, `${where} startDate`);
    const endDate = sessionFromDate(spec.endDate, `${where} endDate`);
    const autoCloseDate = sessionFromDate(spec.autoCloseDate ?? endDate, `${where} autoCloseDate`);
    if (endDate < startDate) throw new ConfigError(`${where}: endDate is before startDate.`);
    if (autoCloseDate < endDate)
      throw new ConfigError(`${where}: autoCloseDate is before endDate.`);
    const asset: Asset = Object.freeze({
      sid: this.bySid.length,
      assetClass: spec.assetClass,
      symbol: spec.symbol,
      exchange: spec.exchange,
      quoteCurrency: spec.quoteCurrency,
      tickSize,
      lotSize,
      tickUnits,
      lotUnits,
      startDate,
      endDate,
      autoCloseDate,
      priceScale,
      quantityScale,
      moneyScale: currencyScale(this.config, spec.quoteCurrency),
    });
    this.bySid.push(asset);
    this.bySymbol.set(asset.symbol, asset);
    return asset;
  }

  /** The asset with `symbol`, or undefined. */
  lookup(symbol: string): Asset | undefined {
    return this.bySymbol.get(symbol);
  }

  /** The asset with `sid`, or undefined. */
  retrieve(sid: number): Asset | undefined {
    return this.bySid[sid];
  }
}

function checkScale(scale: number, what: string): number {
  if (!Number.isInteger(scale) || scale < 0 || scale > 12) {
    throw new ConfigError(`${what} must be an integer from 0 to 12, got ${scale}.`);
  }
  return scale;
}

function sizeUnits(size: string, scale: number, what: string): number {
  let units: bigint;
  try {
    units = parseDecimal(size, scale + 20);
  } catch {
    throw new ConfigError(`${what} ${JSON.stringify(size)} is not a decimal number.`);
  }
  if (units <= 0n) throw new ConfigError(`${what} must be positive, got ${size}.`);
  if (decimalPlaces(size) > scale) {
    throw new ConfigError(
      `${what} ${size} has more decimal places than the scale ${scale}; raise the scale or round the size.`,
    );
  }
  return Number(parseDecimal(size, scale));
}
