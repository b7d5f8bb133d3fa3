import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BarFrame, Frequency } from '../../../src/data/bar-frame.js';
import { BundleBuilder } from '../../../src/data/bundles/bundle-builder.js';
import { listVersions } from '../../../src/data/bundles/index.js';
import {
  barParquetEncoder,
  lowerBound,
  writeParquetWithDuckDB,
} from '../../../src/data/bundles/parquet-bars-native.js';
import { DataError } from '../../../src/errors/index.js';
import { sampleFrame, temporaryHome } from './sample-frames.js';

let home: string;
let dispose: () => void;
before(() => ({ home, dispose } = temporaryHome()));
after(() => {
  writeParquetWithDuckDB(false);
  dispose();
});

const Encoder = barParquetEncoder();

/**
 * Frames whose year slices span several data pages and row groups, columns stored as
 * int32 and as float64, scales rescaled at the common scale, an empty frame.
 */
function frames(): BarFrame[] {
  // 2023-10-01 to 2024-04-27: 132,480 bars in 2023, the rest in 2024; prices need float64.
  const minute = sampleFrame('BTC/USDT', '1m', 300_000, {
    start: Date.UTC(2023, 9, 1),
    priceScale: 4,
    base: 4_210_012_345,
  });
  const wide = sampleFrame('WIDE', '1m', 40_000, { start: Date.UTC(2024, 1, 1), volumeScale: 2 });
  for (let i = 0; i < wide.volume.length; i++) wide.volume[i] = 3_000_000_000 + i;
  return [
    sampleFrame('AAPL', '1d', 2_000, { start: Date.UTC(2016, 0, 4), priceScale: 0, base: 180 }),
    minute,
    sampleFrame('EMPTY', '1d', 0),
    sampleFrame('ETH/USDT', '1m', 5, { start: Date.UTC(2024, 0, 2), priceScale: 2 }),
    wide,
  ];
}

/** The year files of `frequency` as the encoder writes them from the frames' columns in memory. */
function fromColumns(
  frequency: Frequency,
  staged: readonly { sid: number; frame: BarFrame }[],
): Map<string, Buffer> {
  assert.ok(Encoder !== undefined);
  const ours = staged.filter(({ frame }) => frame.frequency === frequency);
  const priceScale = Math.max(...ours.map(({ frame }) => frame.priceScale));
  const volumeScale = Math.max(...ours.map(({ frame }) => frame.volumeScale));
  const years = new Map<number, { encoder: InstanceType<typeof Encoder>; parts: Buffer[] }>();
  for (const { sid, frame } of [...ours].sort((a, b) => a.sid - b.sid)) {
    const t = frame.timestamps;
    for (let first = 0; first < t.length;) {
      const year = new Date(t[first]).getUTCFullYear();
      const end = lowerBound(t, Date.UTC(year + 1, 0, 1));
      let file = years.get(year);
      if (file === undefined) {
        file = { encoder: new Encoder(priceScale, volumeScale), parts: [] };
        years.set(year, file);
      }
      const slice = (column: Float64Array): Float64Array => column.subarray(first, end);
      const fault = file.encoder.addBars(
        sid,
        slice(frame.timestamps),
        slice(frame.open),
        slice(frame.high),
        slice(frame.low),
        slice(frame.close),
        slice(frame.volume),
        10 ** (priceScale - frame.priceScale),
        10 ** (volumeScale - frame.volumeScale),
      );
      assert.equal(fault, null);
      file.parts.push(file.encoder.takeOutput());
      first = end;
    }
  }
  const files = new Map<string, Buffer>();
  for (const [year, file] of years) {
    files.set(
      `bars/frequency=${frequency}/year=${year}/data_0.parquet`,
      Buffer.concat([...file.parts, file.encoder.finish()]),
    );
  }
  return files;
}

describe(
  'the Rust encoder reading the fast-load files in place',
  { skip: Encoder === undefined && 'the Rust core is not loaded' },
  () => {
    it('writes byte for byte the Parquet files it writes from the columns in memory', async () => {
      const builder = BundleBuilder.open('in-place', { home });
      for (const frame of frames()) builder.addFrame(frame);
      const written = await builder.commit();
      const sids = new Map(written.manifest.assets.map((asset) => [asset.symbol, asset.sid]));
      const staged = frames().map((frame) => ({ sid: sids.get(frame.symbol) ?? -1, frame }));
      const expected = new Map([...fromColumns('1d', staged), ...fromColumns('1m', staged)]);
      const stored = written.manifest.files
        .map((file) => file.path)
        .filter((path) => path.startsWith('bars/'));
      assert.deepEqual(stored, [...expected.keys()].sort());
      assert.equal(stored.length, 8); // 1d: 2016–2021; 1m: 2023, 2024
      for (const [path, bytes] of expected) {
        assert.ok(readFileSync(join(written.path, path)).equals(bytes), path);
      }
    });

    it('names a value out of range at its row within the frame, as the DuckDB writer does', async () => {
      const messages: string[] = [];
      for (const duckdb of [true, false]) {
        writeParquetWithDuckDB(duckdb);
        // 44,640 bars in 2023: the bad one is in the second page of the 2024 slice.
        const big = sampleFrame('BIG', '1m', 100_000, {
          start: Date.UTC(2023, 11, 1),
          priceScale: 0,
        });
        big.low[80_000] = 9_000_000_000_000;
        const builder = BundleBuilder.open('out-of-range', { home });
        builder.addFrame(big);
        builder.addFrame(sampleFrame('FINE', '1m', 3, { priceScale: 4 }));
        await assert.rejects(builder.commit(), (error: unknown) => {
          assert.ok(error instanceof DataError);
          messages.push(error.message);
          return true;
        });
      }
      writeParquetWithDuckDB(false);
      assert.equal(messages[0], messages[1]);
      assert.match(messages[1], /^BIG 1m: value 9000000000000 at scale 0 does not fit ±2\^53/);
      assert.deepEqual(listVersions(home, 'out-of-range'), []);
    });

    it('refuses a fast-load file changed under the ingest, naming it, and stores nothing', async () => {
      const builder = BundleBuilder.open('damaged', { home });
      builder.addFrame(sampleFrame('AAPL', '1d', 300));
      const bundle = join(home, 'bundles', 'damaged');
      const [incoming] = readdirSync(bundle);
      truncateSync(join(bundle, incoming, 'fast', '1d', '0.cols'), 1000);
      await assert.rejects(builder.commit(), (error: unknown) => {
        assert.ok(error instanceof DataError);
        assert.match(
          error.message,
          /^Cannot read back \S+fast\/1d\/0\.cols, a fast-load file this ingest wrote moments ago \(has 1000 bytes where 300 bars take \d+\)/,
        );
        return true;
      });
      assert.deepEqual(readdirSync(bundle), []);

      const again = BundleBuilder.open('damaged', { home });
      again.addFrame(sampleFrame('AAPL', '1d', 300));
      const [staging] = readdirSync(bundle);
      rmSync(join(bundle, staging, 'fast', '1d', '0.cols'));
      await assert.rejects(again.commit(), (error: unknown) => {
        assert.ok(error instanceof DataError);
        assert.match(error.message, /^Cannot read back \S+fast\/1d\/0\.cols, .*No such file/);
        return true;
      });
      assert.deepEqual(readdirSync(bundle), []);
    });
  },
);
