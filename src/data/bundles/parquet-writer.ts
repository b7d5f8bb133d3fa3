import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  DOUBLE,
  DuckDBDataChunk,
  type DuckDBAppender,
  type DuckDBConnection,
} from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import type { BarFrame, Frequency } from '../bar-frame.js';
import { DataError } from '../../errors/index.js';
import { sqlText, unitLiteral } from './duckdb-session.js';
import type { Adjustment, BundleAssetRecord } from './bundle-types.js';

const CHUNK_ROWS = 2048;
const BAR_COLUMNS = 7;

/** A frame with its bundle sid, as the Parquet writer takes it. */
export interface SidFrame {
  sid: number;
  frame: BarFrame;
}

/**
 * Writes one frequency's bars to `<versionDir>/bars/frequency=<f>/year=<y>/data_0.parquet`
 * (one file per UTC year) with prices as DECIMAL(18, priceScale) and volume as
 * DECIMAL(18, volumeScale). Frames at a smaller scale are rescaled exactly to
 * the common one (units times a power of ten, refused if the result leaves
 * ±2^53). The decimals are built in DuckDB from integer units
 * (BIGINT → DECIMAL(18,0) × 10^-scale), never from a binary fraction. Each
 * year is staged and written on its own, rows sid by sid in time order.
 */
export async function writeBarsParquet(
  connection: DuckDBConnection,
  versionDir: string,
  frequency: Frequency,
  frames: readonly SidFrame[],
  priceScale: number,
  volumeScale: number,
): Promise<void> {
  const price = (column: string): string =>
    `CAST(CAST(CAST(${column} AS BIGINT) AS DECIMAL(18, 0)) * ${unitLiteral(priceScale)} AS DECIMAL(18, ${priceScale}))`;
  for (const year of yearsOf(frames)) {
    const from = Date.UTC(year, 0, 1);
    const to = Date.UTC(year + 1, 0, 1);
    const table = `staging_${frequency}_${year}`;
    await connection.run(
      `CREATE TABLE ${table} (sid DOUBLE, ts DOUBLE, o DOUBLE, h DOUBLE, l DOUBLE, c DOUBLE, v DOUBLE)`,
    );
    const appender = await connection.createAppender(table);
    const staging = new StagingChunk();
    for (const { sid, frame } of frames) {
      const first = lowerBound(frame.timestamps, from);
      const end = lowerBound(frame.timestamps, to);
      staging.append(appender, sid, frame, first, end, priceScale, volumeScale);
    }
    appender.flushSync();
    appender.closeSync();
    const target = join(versionDir, 'bars', `frequency=${frequency}`, `year=${year}`);
    mkdirSync(target, { recursive: true });
    await connection.run(
      `COPY (
         SELECT CAST(sid AS INTEGER) AS sid,
                epoch_ms(CAST(ts AS BIGINT)) AS ts,
                ${price('o')} AS open, ${price('h')} AS high, ${price('l')} AS low, ${price('c')} AS close,
                CAST(CAST(CAST(v AS BIGINT) AS DECIMAL(18, 0)) * ${unitLiteral(volumeScale)} AS DECIMAL(18, ${volumeScale})) AS volume
         FROM ${table}
       ) TO ${sqlText(join(target, 'data_0.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
    );
    await connection.run(`DROP TABLE ${table}`);
  }
}

/** UTC years holding at least one bar, ascending. */
function yearsOf(frames: readonly SidFrame[]): number[] {
  const years = new Set<number>();
  for (const { frame } of frames) {
    const n = frame.timestamps.length;
    let i = 0;
    while (i < n) {
      const year = new Date(frame.timestamps[i]).getUTCFullYear();
      years.add(year);
      i = lowerBound(frame.timestamps, Date.UTC(year + 1, 0, 1));
    }
  }
  return [...years].sort((a, b) => a - b);
}

/** First index whose timestamp is >= `time` (timestamps ascend). */
function lowerBound(timestamps: Float64Array, time: number): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestamps[mid] < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A reusable DuckDB chunk of DOUBLE columns filled by copying whole column slices. */
class StagingChunk {
  private readonly chunk = DuckDBDataChunk.create(
    Array.from({ length: BAR_COLUMNS }, () => DOUBLE),
  );
  private readonly vectors = Array.from({ length: BAR_COLUMNS }, (_, k) =>
    duckdb.data_chunk_get_vector(this.chunk.chunk, k),
  );
  private readonly sids = new Float64Array(CHUNK_ROWS);
  private readonly scaled = new Float64Array(CHUNK_ROWS);

  /** Appends bars `[first, end)` of `frame` under `sid`, rescaled to the common scales. */
  append(
    appender: DuckDBAppender,
    sid: number,
    frame: BarFrame,
    first: number,
    end: number,
    priceScale: number,
    volumeScale: number,
  ): void {
    this.sids.fill(sid);
    const priceFactor = 10 ** (priceScale - frame.priceScale);
    const volumeFactor = 10 ** (volumeScale - frame.volumeScale);
    const columns = [
      frame.timestamps,
      frame.open,
      frame.high,
      frame.low,
      frame.close,
      frame.volume,
    ];
    const factors = [1, priceFactor, priceFactor, priceFactor, priceFactor, volumeFactor];
    for (let offset = first; offset < end; offset += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, end - offset);
      copyInto(this.vectors[0], this.sids, 0, rows);
      for (let k = 0; k < columns.length; k++) {
        const values = columns[k];
        const factor = factors[k];
        if (factor === 1) {
          copyInto(this.vectors[k + 1], values, offset, rows);
          continue;
        }
        for (let i = 0; i < rows; i++) {
          const value = values[offset + i] * factor;
          if (!Number.isSafeInteger(value)) {
            const volume = k === 5;
            throw new DataError(
              `${frame.symbol} ${frame.frequency}: value ${values[offset + i]} at scale ${volume ? frame.volumeScale : frame.priceScale} does not fit ±2^53 at the bundle's common scale ${volume ? volumeScale : priceScale}; store this symbol in a separate bundle or lower its scale.`,
            );
          }
          this.scaled[i] = value;
        }
        copyInto(this.vectors[k + 1], this.scaled, 0, rows);
      }
      this.chunk.rowCount = rows;
      appender.appendDataChunk(this.chunk);
    }
  }
}

/** Writes `assets.parquet`: one row per symbol with its sid, venue, class, scales and bar range. */
export async function writeAssetsParquet(
  connection: DuckDBConnection,
  versionDir: string,
  assets: readonly BundleAssetRecord[],
): Promise<void> {
  await connection.run(
    `CREATE TABLE staging_assets (sid INTEGER, symbol VARCHAR, exchange VARCHAR, asset_class VARCHAR,
       price_scale TINYINT, volume_scale TINYINT, first_bar DOUBLE, last_bar DOUBLE)`,
  );
  const appender = await connection.createAppender('staging_assets');
  for (const asset of assets) {
    appender.appendInteger(asset.sid);
    appender.appendVarchar(asset.symbol);
    appendText(appender, asset.exchange);
    appendText(appender, asset.assetClass);
    appender.appendTinyInt(asset.priceScale);
    appender.appendTinyInt(asset.volumeScale);
    appendNumber(appender, asset.firstBar);
    appendNumber(appender, asset.lastBar);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  await connection.run(
    `COPY (
       SELECT sid, symbol, exchange, asset_class, price_scale, volume_scale,
              epoch_ms(CAST(first_bar AS BIGINT)) AS first_bar,
              epoch_ms(CAST(last_bar AS BIGINT)) AS last_bar
       FROM staging_assets ORDER BY sid
     ) TO ${sqlText(join(versionDir, 'assets.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
  );
}

/**
 * Writes `adjustments.parquet`: splits (numerator, denominator) and dividends
 * (amount, pay date, currency), decimals as exact DECIMAL(38, 18) parsed from text.
 */
export async function writeAdjustmentsParquet(
  connection: DuckDBConnection,
  versionDir: string,
  adjustments: readonly (Adjustment & { sid: number })[],
): Promise<void> {
  await connection.run(
    `CREATE TABLE staging_adjustments (sid INTEGER, symbol VARCHAR, kind VARCHAR, ex_date DOUBLE,
       numerator VARCHAR, denominator VARCHAR, amount VARCHAR, pay_date DOUBLE, currency VARCHAR)`,
  );
  const appender = await connection.createAppender('staging_adjustments');
  for (const adjustment of adjustments) {
    appender.appendInteger(adjustment.sid);
    appender.appendVarchar(adjustment.symbol);
    appender.appendVarchar(adjustment.kind);
    appender.appendDouble(adjustment.exDate);
    const split = adjustment.kind === 'split' ? adjustment : undefined;
    const dividend = adjustment.kind === 'dividend' ? adjustment : undefined;
    appendText(appender, split?.numerator ?? null);
    appendText(appender, split?.denominator ?? null);
    appendText(appender, dividend?.amount ?? null);
    appendNumber(appender, dividend?.payDate ?? null);
    appendText(appender, dividend?.currency ?? null);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  const date = (column: string): string => `CAST(epoch_ms(CAST(${column} AS BIGINT)) AS DATE)`;
  await connection.run(
    `COPY (
       SELECT sid, symbol, kind, ${date('ex_date')} AS ex_date,
              CAST(numerator AS DECIMAL(38, 18)) AS numerator,
              CAST(denominator AS DECIMAL(38, 18)) AS denominator,
              CAST(amount AS DECIMAL(38, 18)) AS amount,
              ${date('pay_date')} AS pay_date, currency
       FROM staging_adjustments ORDER BY sid, ex_date, kind
     ) TO ${sqlText(join(versionDir, 'adjustments.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
  );
}

/** Copies `rows` doubles from `values[offset]` straight into a DuckDB vector's memory. */
function copyInto(vector: duckdb.Vector, values: Float64Array, offset: number, rows: number): void {
  duckdb.copy_data_to_vector(
    vector,
    0,
    values.buffer as ArrayBuffer,
    values.byteOffset + offset * Float64Array.BYTES_PER_ELEMENT,
    rows * Float64Array.BYTES_PER_ELEMENT,
  );
}

interface RowAppender {
  appendVarchar(value: string): void;
  appendDouble(value: number): void;
  appendNull(): void;
}

function appendText(appender: RowAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function appendNumber(appender: RowAppender, value: number | null): void {
  if (value !== null) appender.appendDouble(value);
  else appender.appendNull();
}
