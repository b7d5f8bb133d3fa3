import { AssetFinder } from '../assets/index.js';
import type { AssetSpec } from '../assets/asset.js';
import { getCalendar } from '../calendar/index.js';
import type { Frequency } from '../data/bar-frame.js';
import { STORED_FIELDS, type StoredField } from '../data/portal/bar-field.js';
import { BarStore, type BarStoreColumns } from '../data/portal/bar-store.js';
import type { PreparedMarket } from '../engine/algorithm/prepared-market.js';
import type { DataFrequency } from '../engine/algorithm/run-options.js';
import type { MarketDividend, MarketSplit } from '../engine/algorithm/market-data.js';
import type { RunTimeline } from '../engine/algorithm/timeline.js';
import { SweepError } from '../errors/index.js';
import type { DecimalConfig } from '../numeric/decimal-config.js';

/**
 * A prepared market in a form that crosses to worker threads: the bar store's
 * columns over `SharedArrayBuffer`s (posted, they are shared, never copied),
 * everything else small plain data.
 */
export interface SharedMarket {
  calendar: string;
  frequency: Frequency;
  dataFrequency: DataFrequency;
  timeline: RunTimeline;
  warmup: number;
  columns: BarStoreColumns;
  decimalConfig: DecimalConfig;
  assets: AssetSpec[];
  currency: string;
  splits: readonly MarketSplit[];
  dividends: readonly MarketDividend[];
  origin: string;
  originForMessages: string | undefined;
}

/**
 * Copies a prepared market's bar columns once into `SharedArrayBuffer`s and
 * returns what worker threads need to rebuild it (`marketFromShared`) over
 * the same memory.
 *
 * @throws SweepError when the market's calendar is not a registered one
 *   (a custom calendar object cannot cross to a thread).
 */
export function shareMarket(market: PreparedMarket): SharedMarket {
  const name = market.calendar.name;
  let registered = false;
  try {
    registered = getCalendar(name) === market.calendar || getCalendar(name).name === name;
  } catch {
    registered = false;
  }
  if (!registered) {
    throw new SweepError(
      `Calendar ${name} is not registered, so worker threads cannot rebuild it; run the sweep with the serial executor or register the calendar by name.`,
    );
  }
  const columns = market.store.columns();
  const units = {} as Record<StoredField, Float64Array>;
  for (const field of STORED_FIELDS) units[field] = shared(columns.units[field]);
  return {
    calendar: name,
    frequency: market.frequency,
    dataFrequency: market.dataFrequency,
    timeline: {
      sessions: shared(market.timeline.sessions),
      bars: shared(market.timeline.bars),
      sessionStart: shared(market.timeline.sessionStart),
    },
    warmup: market.warmup,
    columns: {
      timeline: shared(columns.timeline),
      frequency: columns.frequency,
      assets: columns.assets.map((asset) => ({ ...asset })),
      units,
      hasBar: shared(columns.hasBar),
      firstBar: shared(columns.firstBar),
    },
    decimalConfig: market.assets.config,
    assets: market.assets.all().map((asset) => ({
      assetClass: asset.assetClass,
      symbol: asset.symbol,
      exchange: asset.exchange,
      quoteCurrency: asset.quoteCurrency,
      tickSize: asset.tickSize,
      lotSize: asset.lotSize,
      startDate: asset.startDate,
      endDate: asset.endDate,
      autoCloseDate: asset.autoCloseDate,
      priceScale: asset.priceScale,
      quantityScale: asset.quantityScale,
    })),
    currency: market.currency,
    splits: market.splits,
    dividends: market.dividends,
    origin: market.origin,
    originForMessages: market.originForMessages,
  };
}

/** The prepared market a `SharedMarket` describes, its bars read in place from the shared buffers. */
export function marketFromShared(shared: SharedMarket): PreparedMarket {
  const store = BarStore.fromColumns(shared.columns);
  const assets = new AssetFinder(shared.decimalConfig);
  for (const spec of shared.assets) assets.add(spec);
  return {
    calendar: getCalendar(shared.calendar),
    frequency: shared.frequency,
    dataFrequency: shared.dataFrequency,
    timeline: shared.timeline,
    warmup: shared.warmup,
    store,
    assets,
    currency: shared.currency,
    splits: shared.splits,
    portalSplits: shared.splits.map((split) => ({
      sid: store.sid(split.symbol),
      exTime: split.exDate,
      ratio: split.numerator / split.denominator,
    })),
    dividends: shared.dividends,
    origin: shared.origin,
    originForMessages: shared.originForMessages,
  };
}

type Typed = Float64Array | Int32Array | Uint8Array;

/** The array's values in a new array over a `SharedArrayBuffer` (as is when it already is one). */
function shared<T extends Typed>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}
