import { createHash } from 'node:crypto';
import { STORED_FIELDS } from '../data/portal/bar-field.js';
import type { PreparedMarket } from '../engine/algorithm/prepared-market.js';

/**
 * SHA-256 (hex) of what a prepared market's runs read: the calendar, the
 * bar times, every asset's symbol and scales, every bar's exact units, the
 * splits and dividends. Two markets with the same checksum give the same
 * backtests: the data version stored with a sweep's results and checked by
 * workers on other machines.
 */
export function marketChecksum(market: PreparedMarket): string {
  const hash = createHash('sha256');
  const columns = market.store.columns();
  hash.update(
    JSON.stringify({
      calendar: market.calendar.name,
      frequency: market.frequency,
      warmup: market.warmup,
      currency: market.currency,
      assets: market.assets.all(),
      splits: market.splits,
      dividends: market.dividends,
    }),
  );
  for (const array of [market.timeline.sessions, market.timeline.bars, columns.timeline]) {
    hash.update(bytes(array));
  }
  for (const field of STORED_FIELDS) hash.update(bytes(columns.units[field]));
  hash.update(bytes(columns.hasBar));
  return hash.digest('hex');
}

function bytes(array: Float64Array | Uint8Array | Int32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
