import { createHash } from 'node:crypto';
import type { Frequency } from '../bar-frame.js';
import type { CacheParamValue } from '../sources/data-source.js';
import { CacheError } from '../../errors/index.js';

/** What identifies a cached series apart from symbols and range: the source, its parameters and the frequency. */
export interface SeriesIdentity {
  /** Registry name of the source. */
  source: string;
  /** Adapter version: a new adapter may return different bars, so its entries are not reused. */
  sourceVersion: string;
  /** Parameters that change the bars (exchange, adjustment mode, feed, seed...), canonically ordered. */
  params: Readonly<Record<string, CacheParamValue>>;
  frequency: Frequency;
}

/**
 * The symbol set as the cache keys it: each symbol trimmed, duplicates
 * removed, sorted by code unit. Case is kept (`BTC/USDT` and `btc/usdt` are
 * different symbols to some sources).
 *
 * @throws CacheError on an empty set or an empty symbol.
 */
export function normalizeSymbols(symbols: readonly string[]): string[] {
  const trimmed = symbols.map((symbol) => symbol.trim());
  if (trimmed.length === 0) throw new CacheError('Ask the cache for at least one symbol.');
  if (trimmed.some((symbol) => symbol === '')) {
    throw new CacheError(`An empty symbol was requested (${JSON.stringify(symbols)}); remove it.`);
  }
  return [...new Set(trimmed)].sort();
}

/** JSON with object keys sorted at every level, so equal parameters give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the series identity: entries with equal series keys can be combined. */
export function seriesKeyOf(series: SeriesIdentity): string {
  return sha256(canonicalJson({ ...series, kind: 'series' }));
}

/**
 * SHA-256 (hex) of a whole request: series, normalized symbols and the
 * inclusive range of bar starts in UTC epoch ms. Names one cache entry.
 */
export function cacheKeyOf(
  seriesKey: string,
  symbols: readonly string[],
  start: number,
  end: number,
): string {
  return sha256(canonicalJson({ series: seriesKey, symbols, start, end }));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
