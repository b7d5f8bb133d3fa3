import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type * as DuckDBBindings from '@duckdb/node-bindings';
import type { DataChunk } from '@duckdb/node-bindings';
import { allocateBarFrame, checkBarFrame, type BarFrame, type Frequency } from '../bar-frame.js';
import { DataError } from '../../errors/index.js';
import { rustybtHome } from './bundle-home.js';
import { MANIFEST_FILE, resolveVersion, versionDirectory } from './bundle-layout.js';
import type {
  Adjustment,
  BundleAssetRecord,
  BundleManifest,
  ManifestFrame,
} from './bundle-types.js';
import { sqlText, withSharedDuckDB } from './duckdb-session.js';
import { FAST_FORM_NATIVE, readFastColumns } from './fast-columns.js';
import { getInt64 } from './int64-halves.js';

/** Options of {@link loadBundle}. */
export interface LoadBundleOptions {
  /** rustybt home directory; default {@link rustybtHome}(). */
  home?: string;
  /** Version id; default the newest. */
  version?: string;
  /** Only this frequency; default all. */
  frequency?: Frequency;
  /** Only these symbols; default all. */
  symbols?: readonly string[];
  /**
   * `fast` (default) reads the raw column files; `parquet` decodes the Parquet
   * files (the source of truth) through DuckDB, slower.
   */
  form?: 'fast' | 'parquet';
  /** Verify each fast file's SHA-256 before use (costs a hash pass). Default false. */
  verify?: boolean;
}

/** A bundle version in memory. */
export interface LoadedBundle {
  name: string;
  version: string;
  manifest: BundleManifest;
  /** Frames ordered by frequency (1d, 1h, 1m), then symbol. */
  frames: BarFrame[];
  assets: BundleAssetRecord[];
  adjustments: Adjustment[];
}

/** Reads and checks a version's manifest. */
export function readManifest(versionDir: string): BundleManifest {
  const path = join(versionDir, MANIFEST_FILE);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as BundleManifest;
  } catch (error) {
    throw new DataError(
      `Cannot read bundle manifest ${path}: ${String(error)}; re-ingest the bundle.`,
      {
        cause: error,
      },
    );
  }
  if (
    manifest.format !== 'rustybt-bundle' ||
    (manifest.formatVersion !== 1 && manifest.formatVersion !== 2)
  ) {
    throw new DataError(
      `${path} is not a rustybt bundle manifest of format version 1 or 2; upgrade rustybt or re-ingest.`,
    );
  }
  return manifest;
}

/**
 * Loads a bundle version: bars as `BarFrame`s at each symbol's own scales,
 * assets and adjustments. Bars come from the fast-load files unless
 * `form: 'parquet'` (or a big-endian host) asks for the Parquet files.
 * A fast-load frame reads its file when one of its columns is first used
 * (its `span` is known from the manifest), so a run can lay the bars into its
 * store a group of assets at a time and never hold them twice; `verify` reads
 * (and checks) every file here.
 *
 * @throws DataError when the bundle, version or a file is missing or damaged
 *   (for an unverified fast-load file: when its columns are first read).
 */
export async function loadBundle(
  name: string,
  options: LoadBundleOptions = {},
): Promise<LoadedBundle> {
  const home = options.home ?? rustybtHome();
  const version = resolveVersion(home, name, options.version);
  const dir = versionDirectory(home, name, version);
  const manifest = readManifest(dir);
  const wanted = options.symbols === undefined ? undefined : new Set(options.symbols);
  const selected = selectFrames(manifest, options.frequency, wanted);
  const useParquet = options.form === 'parquet' || !FAST_FORM_NATIVE;
  let frames: BarFrame[];
  let assets: BundleAssetRecord[];
  let adjustments: Adjustment[];
  if (useParquet) {
    ({ frames, assets, adjustments } = await withSharedDuckDB(
      `Loading bundle ${name}`,
      async (connection) => {
        const loaded: BarFrame[] = [];
        for (const [frequency, entries] of selected) {
          const scales = manifest.frequencies[frequency];
          if (scales === undefined) continue;
          loaded.push(
            ...(await loadParquetFrames(
              connection,
              dir,
              frequency,
              entries,
              scales.priceScale,
              scales.volumeScale,
            )),
          );
        }
        return {
          frames: loaded,
          assets: await readAssets(connection, dir),
          adjustments: await readAdjustments(connection, dir),
        };
      },
    ));
  } else {
    frames = loadFastFrames(dir, selected, options.verify);
    ({ assets, adjustments } = manifest);
  }
  return {
    name,
    version,
    manifest,
    frames,
    assets: wanted === undefined ? assets : assets.filter((a) => wanted.has(a.symbol)),
    adjustments:
      wanted === undefined ? adjustments : adjustments.filter((a) => wanted.has(a.symbol)),
  };
}

function selectFrames(
  manifest: BundleManifest,
  frequency: Frequency | undefined,
  wanted: ReadonlySet<string> | undefined,
): [Frequency, ManifestFrame[]][] {
  const selected: [Frequency, ManifestFrame[]][] = [];
  for (const [key, entry] of Object.entries(manifest.frequencies)) {
    const f = key as Frequency;
    if (frequency !== undefined && f !== frequency) continue;
    selected.push([
      f,
      entry.frames.filter((frame) => wanted === undefined || wanted.has(frame.symbol)),
    ]);
  }
  return selected;
}

function loadFastFrames(
  dir: string,
  selected: readonly [Frequency, ManifestFrame[]][],
  verify = false,
): BarFrame[] {
  const frames: BarFrame[] = [];
  for (const [frequency, entries] of selected) {
    for (const entry of entries) {
      const read = () =>
        readFastColumns(
          join(dir, entry.file),
          entry.rows,
          verify ? entry.sha256 : undefined,
          entry.widths,
        );
      frames.push(
        verify || entry.firstBar === null || entry.lastBar === null
          ? { symbol: entry.symbol, frequency, ...scalesOf(entry), ...read() }
          : new FastFileFrame(
              entry,
              frequency,
              { first: entry.firstBar, last: entry.lastBar },
              read,
            ),
      );
    }
  }
  return frames;
}

async function loadParquetFrames(
  connection: DuckDBConnection,
  dir: string,
  frequency: Frequency,
  entries: readonly ManifestFrame[],
  priceScale: number,
  volumeScale: number,
): Promise<BarFrame[]> {
  const frames = entries.map((e) =>
    allocateBarFrame(e.symbol, frequency, e.rows, e.priceScale, e.volumeScale),
  );
  const bySid = new Map(entries.map((e, i) => [e.sid, i]));
  const filled = new Int32Array(entries.length);
  if (entries.some((e) => e.rows > 0)) {
    const glob = join(dir, 'bars', `frequency=${frequency}`, '*', '*.parquet');
    // DECIMAL(18, s) is stored as an int64 of units and epoch_ms gives an int64:
    // both are read straight from the vectors' memory, exactly.
    // Loaded here: a bundle read from its fast-load files never loads DuckDB.
    const duckdb = (await import('@duckdb/node-bindings')).default;
    const result = await connection.stream(
      `SELECT sid, epoch_ms(ts), open, high, low, close, volume
       FROM read_parquet(${sqlText(glob)}, hive_partitioning = false)
       WHERE sid IN (${entries.map((e) => e.sid).join(', ')})`,
    );
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      placeChunk(
        duckdb,
        chunk.chunk,
        chunk.rowCount,
        frames,
        bySid,
        filled,
        priceScale,
        volumeScale,
      );
    }
  }
  frames.forEach((frame, i) => {
    if (filled[i] === entries[i].rows) sortByTime(frame);
  });
  frames.forEach((frame, i) => {
    if (filled[i] !== entries[i].rows) {
      throw new DataError(
        `${frame.symbol} ${frequency}: the Parquet files hold ${filled[i]} bars, the manifest says ${entries[i].rows}; the bundle is damaged: re-ingest it.`,
      );
    }
    checkBarFrame(frame);
  });
  return frames;
}

async function readAssets(connection: DuckDBConnection, dir: string): Promise<BundleAssetRecord[]> {
  const reader = await connection.runAndReadAll(
    `SELECT sid, symbol, exchange, asset_class, CAST(price_scale AS INTEGER), CAST(volume_scale AS INTEGER),
            CAST(epoch_ms(first_bar) AS DOUBLE), CAST(epoch_ms(last_bar) AS DOUBLE)
     FROM read_parquet(${sqlText(join(dir, 'assets.parquet'))}) ORDER BY sid`,
  );
  return reader.getRows().map((row) => ({
    sid: row[0] as number,
    symbol: row[1] as string,
    exchange: row[2] as string | null,
    assetClass: row[3] as string | null,
    priceScale: row[4] as number,
    volumeScale: row[5] as number,
    firstBar: row[6] as number | null,
    lastBar: row[7] as number | null,
  }));
}

async function readAdjustments(connection: DuckDBConnection, dir: string): Promise<Adjustment[]> {
  const ms = (column: string): string => `CAST(epoch_ms(CAST(${column} AS TIMESTAMP)) AS DOUBLE)`;
  const reader = await connection.runAndReadAll(
    `SELECT symbol, kind, ${ms('ex_date')}, CAST(numerator AS VARCHAR), CAST(denominator AS VARCHAR),
            CAST(amount AS VARCHAR), ${ms('pay_date')}, currency
     FROM read_parquet(${sqlText(join(dir, 'adjustments.parquet'))}) ORDER BY sid, ex_date, kind`,
  );
  return reader.getRows().map((row): Adjustment => {
    const symbol = row[0] as string;
    const exDate = row[2] as number;
    return row[1] === 'split'
      ? {
          kind: 'split',
          symbol,
          exDate,
          numerator: trimFraction(row[3] as string),
          denominator: trimFraction(row[4] as string),
        }
      : {
          kind: 'dividend',
          symbol,
          exDate,
          amount: trimFraction(row[5] as string),
          payDate: row[6] as number | null,
          currency: row[7] as string | null,
        };
  });
}

/**
 * Copies one result chunk into the frames: runs of rows with the same sid go
 * to that frame's next free rows, each int64 rebuilt from its two 32-bit
 * halves (exact below 2^53) and brought back to the frame's own scale.
 */
function placeChunk(
  duckdb: Omit<typeof DuckDBBindings, 'default'>,
  chunk: DataChunk,
  rows: number,
  frames: readonly BarFrame[],
  bySid: ReadonlyMap<number, number>,
  filled: Int32Array,
  priceScale: number,
  volumeScale: number,
): void {
  const raw = (k: number, bytes: number): Int32Array => {
    const data = duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk, k), rows * bytes);
    return new Int32Array(data.buffer, data.byteOffset, (rows * bytes) / 4);
  };
  const sids = raw(0, 4);
  const columns = [1, 2, 3, 4, 5, 6].map((k) => raw(k, 8));
  let runStart = 0;
  while (runStart < rows) {
    let runEnd = runStart + 1;
    while (runEnd < rows && sids[runEnd] === sids[runStart]) runEnd++;
    const index = bySid.get(sids[runStart]);
    if (index !== undefined) {
      const frame = frames[index];
      const at = filled[index];
      if (at + runEnd - runStart > frame.timestamps.length) {
        throw new DataError(
          `${frame.symbol} ${frame.frequency}: the Parquet files hold more bars than the manifest's ${frame.timestamps.length}; the bundle is damaged: re-ingest it.`,
        );
      }
      const priceFactor = 10 ** (priceScale - frame.priceScale);
      const volumeFactor = 10 ** (volumeScale - frame.volumeScale);
      const targets = [
        frame.timestamps,
        frame.open,
        frame.high,
        frame.low,
        frame.close,
        frame.volume,
      ];
      const factors = [1, priceFactor, priceFactor, priceFactor, priceFactor, volumeFactor];
      for (let k = 0; k < targets.length; k++) {
        const halves = columns[k];
        const target = targets[k];
        const factor = factors[k];
        for (let i = runStart, j = at; i < runEnd; i++, j++) {
          target[j] = getInt64(halves, i) / factor;
        }
      }
      filled[index] = at + runEnd - runStart;
    }
    runStart = runEnd;
  }
}

/** Puts a frame's bars in time order if the parallel scan delivered them out of order. */
function sortByTime(frame: BarFrame): void {
  const times = frame.timestamps;
  let sorted = true;
  for (let i = 1; i < times.length && sorted; i++) sorted = times[i] > times[i - 1];
  if (sorted) return;
  const order = Uint32Array.from(times.keys()).sort((a, b) => times[a] - times[b]);
  for (const column of ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const) {
    const values = frame[column];
    const copy = values.slice();
    for (let i = 0; i < order.length; i++) values[i] = copy[order[i]];
  }
}

/** `"4.000000000000000000"` → `"4"`, `"0.240000"` → `"0.24"`. */
function trimFraction(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function scalesOf(entry: ManifestFrame): { priceScale: number; volumeScale: number } {
  return { priceScale: entry.priceScale, volumeScale: entry.volumeScale };
}

type FastColumnSet = ReturnType<typeof readFastColumns>;

/**
 * A frame of a bundle's fast-load form that reads its file when a column is
 * first used: a run lays the frames into its bar store a group at a time and
 * lets each group go, so the bars are never all in memory twice.
 */
class FastFileFrame implements BarFrame {
  readonly symbol: string;
  readonly frequency: Frequency;
  readonly priceScale: number;
  readonly volumeScale: number;
  readonly span: { readonly first: number; readonly last: number };
  private loaded: FastColumnSet | undefined;

  constructor(
    entry: ManifestFrame,
    frequency: Frequency,
    span: { first: number; last: number },
    private readonly read: () => FastColumnSet,
  ) {
    this.symbol = entry.symbol;
    this.frequency = frequency;
    this.priceScale = entry.priceScale;
    this.volumeScale = entry.volumeScale;
    this.span = span;
  }

  private get columns(): FastColumnSet {
    return (this.loaded ??= this.read());
  }
  get timestamps(): Float64Array {
    return this.columns.timestamps;
  }
  set timestamps(values: Float64Array) {
    this.columns.timestamps = values;
  }
  get open(): Float64Array {
    return this.columns.open;
  }
  set open(values: Float64Array) {
    this.columns.open = values;
  }
  get high(): Float64Array {
    return this.columns.high;
  }
  set high(values: Float64Array) {
    this.columns.high = values;
  }
  get low(): Float64Array {
    return this.columns.low;
  }
  set low(values: Float64Array) {
    this.columns.low = values;
  }
  get close(): Float64Array {
    return this.columns.close;
  }
  set close(values: Float64Array) {
    this.columns.close = values;
  }
  get volume(): Float64Array {
    return this.columns.volume;
  }
  set volume(values: Float64Array) {
    this.columns.volume = values;
  }
}
