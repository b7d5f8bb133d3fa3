import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  DECIMAL,
  DuckDBDataChunk,
  INTEGER,
  TIMESTAMP,
  type DuckDBAppender,
  type DuckDBConnection,
} from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import type { BarFrame, Frequency } from '../bar-frame.js';
import { sqlText } from './duckdb-session.js';
import { putInt64 } from './int64-halves.js';
import type { Adjustment, BundleAssetRecord } from './bundle-types.js';
import { lowerBound, outOfRange, type StagedBars } from './parquet-bars-native.js';

const CHUNK_ROWS = 2048;
const BAR_COLUMNS = 7;

/**
 * Writes one frequency's bars to `<versionDir>/bars/frequency=<f>/year=<y>/data_0.parquet`
 * (one file per UTC year) with prices as DECIMAL(18, priceScale) and volume as
 * DECIMAL(18, volumeScale). Frames at a smaller scale are rescaled exactly to
 * the common one (units times a power of ten, refused if the result leaves
 * ±2^53). The integer units go straight into DECIMAL(18, scale) staging
 * vectors (see {@link StagingChunk}), never through a binary fraction. Each
 * year is staged and written on its own, rows sid by sid in time order, each
 * frame loaded (from its fast-load file) when its turn comes. This is the writer
 * of the TypeScript backend; with the Rust core, `writeBarsParquetNative` writes
 * the same rows without a database.
 */
export async function writeBarsParquet(
  connection: DuckDBConnection,
  versionDir: string,
  frequency: Frequency,
  frames: readonly StagedBars[],
  priceScale: number,
  volumeScale: number,
): Promise<void> {
  const price = `DECIMAL(18, ${priceScale})`;
  const years = [...new Set(frames.flatMap((staged) => staged.years))].sort((a, b) => a - b);
  for (const year of years) {
    const from = Date.UTC(year, 0, 1);
    const to = Date.UTC(year + 1, 0, 1);
    const table = `staging_${frequency}_${year}`;
    await connection.run(
      `CREATE TABLE ${table} (sid INTEGER, ts TIMESTAMP, open ${price}, high ${price},
         low ${price}, close ${price}, volume DECIMAL(18, ${volumeScale}))`,
    );
    const appender = await connection.createAppender(table);
    const staging = new StagingChunk(priceScale, volumeScale);
    for (const staged of frames) {
      if (!staged.years.includes(year)) continue;
      const frame = staged.load();
      const sid = staged.sid;
      const first = lowerBound(frame.timestamps, from);
      const end = lowerBound(frame.timestamps, to);
      staging.append(appender, sid, frame, first, end);
    }
    appender.flushSync();
    appender.closeSync();
    const target = join(versionDir, 'bars', `frequency=${frequency}`, `year=${year}`);
    mkdirSync(target, { recursive: true });
    await connection.run(
      `COPY ${table} TO ${sqlText(join(target, 'data_0.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
    );
    await connection.run(`DROP TABLE ${table}`);
  }
}

/**
 * A reusable DuckDB chunk of (sid INTEGER, ts TIMESTAMP, 4 × DECIMAL(18, P),
 * DECIMAL(18, V)). A DECIMAL(18, s) value is stored as the int64 of its units
 * at scale s, so the frame's integer units are written into the vectors' memory
 * as they are (rescaled by an exact power of ten when the frame's scale is
 * smaller): no float and no text ever stands for a price.
 */
class StagingChunk {
  private readonly chunk: DuckDBDataChunk;
  private readonly vectors: duckdb.Vector[];
  private readonly sids = new Int32Array(CHUNK_ROWS);
  private readonly words = new Int32Array(2 * CHUNK_ROWS);

  constructor(
    private readonly priceScale: number,
    private readonly volumeScale: number,
  ) {
    const price = DECIMAL(18, priceScale);
    this.chunk = DuckDBDataChunk.create([
      INTEGER,
      TIMESTAMP,
      price,
      price,
      price,
      price,
      DECIMAL(18, volumeScale),
    ]);
    this.vectors = Array.from({ length: BAR_COLUMNS }, (_, k) =>
      duckdb.data_chunk_get_vector(this.chunk.chunk, k),
    );
  }

  /** Appends bars `[first, end)` of `frame` under `sid`. */
  append(appender: DuckDBAppender, sid: number, frame: BarFrame, first: number, end: number): void {
    this.sids.fill(sid);
    const priceFactor = 10 ** (this.priceScale - frame.priceScale);
    const volumeFactor = 10 ** (this.volumeScale - frame.volumeScale);
    // TIMESTAMP is int64 microseconds.
    const columns = [
      frame.timestamps,
      frame.open,
      frame.high,
      frame.low,
      frame.close,
      frame.volume,
    ];
    const factors = [1000, priceFactor, priceFactor, priceFactor, priceFactor, volumeFactor];
    for (let offset = first; offset < end; offset += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, end - offset);
      copyInto(this.vectors[0], this.sids, rows * 4);
      for (let k = 0; k < columns.length; k++) {
        const values = columns[k];
        const factor = factors[k];
        for (let i = 0; i < rows; i++) {
          const value = values[offset + i] * factor;
          if (!Number.isSafeInteger(value)) {
            throw outOfRange(frame, k, offset + i, this.priceScale, this.volumeScale);
          }
          putInt64(this.words, i, value);
        }
        copyInto(this.vectors[k + 1], this.words, rows * 8);
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

/** Copies the first `bytes` of `words` straight into a DuckDB vector's memory. */
function copyInto(vector: duckdb.Vector, words: Int32Array, bytes: number): void {
  duckdb.copy_data_to_vector(vector, 0, words.buffer as ArrayBuffer, words.byteOffset, bytes);
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
