import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kernels } from '../../native/backend.js';
import type { Adjustment, BundleAssetRecord } from './bundle-types.js';
import { parquetWriterIsDuckDB } from './parquet-bars-native.js';

/** A column of `encodeParquetTable` (`rust/crates/rustybt-node/src/parquet.rs`). */
interface TableColumn {
  name: string;
  kind: 'int32' | 'int8' | 'date' | 'timestamp' | 'utf8' | 'decimal38';
  numbers?: (number | null)[];
  texts?: (string | null)[];
}

type EncodeTable = (columns: TableColumn[]) => Buffer;

/** The Rust encoder of small Parquet tables when the active backend has it; else undefined. */
export function parquetTableEncoder(): EncodeTable | undefined {
  if (parquetWriterIsDuckDB()) return undefined;
  const active = kernels() as { encodeParquetTable?: EncodeTable };
  return typeof active.encodeParquetTable === 'function'
    ? active.encodeParquetTable.bind(active)
    : undefined;
}

/**
 * Writes `assets.parquet` with the Rust encoder: the same columns and SQL types as
 * DuckDB's `writeAssetsParquet` (INTEGER, VARCHAR, TINYINT, TIMESTAMP), rows by sid.
 */
export function writeAssetsParquetNative(
  encode: EncodeTable,
  versionDir: string,
  assets: readonly BundleAssetRecord[],
): void {
  const bytes = encode([
    { name: 'sid', kind: 'int32', numbers: assets.map((a) => a.sid) },
    { name: 'symbol', kind: 'utf8', texts: assets.map((a) => a.symbol) },
    { name: 'exchange', kind: 'utf8', texts: assets.map((a) => a.exchange) },
    { name: 'asset_class', kind: 'utf8', texts: assets.map((a) => a.assetClass) },
    { name: 'price_scale', kind: 'int8', numbers: assets.map((a) => a.priceScale) },
    { name: 'volume_scale', kind: 'int8', numbers: assets.map((a) => a.volumeScale) },
    { name: 'first_bar', kind: 'timestamp', numbers: assets.map((a) => a.firstBar) },
    { name: 'last_bar', kind: 'timestamp', numbers: assets.map((a) => a.lastBar) },
  ]);
  writeFileSync(join(versionDir, 'assets.parquet'), bytes, { flag: 'wx' });
}

/**
 * Writes `adjustments.parquet` with the Rust encoder: the same columns and SQL types as
 * DuckDB's `writeAdjustmentsParquet` (dates as DATE, decimals as exact DECIMAL(38, 18)),
 * rows already ordered by sid, ex-date and kind.
 */
export function writeAdjustmentsParquetNative(
  encode: EncodeTable,
  versionDir: string,
  adjustments: readonly (Adjustment & { sid: number })[],
): void {
  const split = (a: Adjustment): Extract<Adjustment, { kind: 'split' }> | undefined =>
    a.kind === 'split' ? a : undefined;
  const dividend = (a: Adjustment): Extract<Adjustment, { kind: 'dividend' }> | undefined =>
    a.kind === 'dividend' ? a : undefined;
  const bytes = encode([
    { name: 'sid', kind: 'int32', numbers: adjustments.map((a) => a.sid) },
    { name: 'symbol', kind: 'utf8', texts: adjustments.map((a) => a.symbol) },
    { name: 'kind', kind: 'utf8', texts: adjustments.map((a) => a.kind) },
    { name: 'ex_date', kind: 'date', numbers: adjustments.map((a) => a.exDate) },
    {
      name: 'numerator',
      kind: 'decimal38',
      texts: adjustments.map((a) => split(a)?.numerator ?? null),
    },
    {
      name: 'denominator',
      kind: 'decimal38',
      texts: adjustments.map((a) => split(a)?.denominator ?? null),
    },
    {
      name: 'amount',
      kind: 'decimal38',
      texts: adjustments.map((a) => dividend(a)?.amount ?? null),
    },
    {
      name: 'pay_date',
      kind: 'date',
      numbers: adjustments.map((a) => dividend(a)?.payDate ?? null),
    },
    {
      name: 'currency',
      kind: 'utf8',
      texts: adjustments.map((a) => dividend(a)?.currency ?? null),
    },
  ]);
  writeFileSync(join(versionDir, 'adjustments.parquet'), bytes, { flag: 'wx' });
}
