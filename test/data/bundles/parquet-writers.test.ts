import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BarFrame } from '../../../src/data/bar-frame.js';
import { BundleBuilder } from '../../../src/data/bundles/bundle-builder.js';
import type { BundleContents } from '../../../src/data/bundles/bundle-types.js';
import { withDuckDB } from '../../../src/data/bundles/duckdb-session.js';
import { listVersions, loadBundle, writeBundle } from '../../../src/data/bundles/index.js';
import {
  barParquetEncoder,
  writeParquetWithDuckDB,
} from '../../../src/data/bundles/parquet-bars-native.js';
import { DataError } from '../../../src/errors/index.js';
import { plain, sampleFrame, temporaryHome } from './sample-frames.js';

let home: string;
let dispose: () => void;
before(() => ({ home, dispose } = temporaryHome()));
after(() => {
  writeParquetWithDuckDB(false);
  dispose();
});

const native = barParquetEncoder() !== undefined;

/** Frames over a year boundary, two frequencies, mixed scales, negative and large units. */
function contents(): BundleContents {
  const minute = sampleFrame('BTC/USDT', '1m', 3_000, {
    start: Date.UTC(2023, 11, 31, 23, 0),
    priceScale: 4,
    volumeScale: 6,
    base: 4_210_012_345,
  });
  minute.volume[7] = 9_007_199_254; // scaled to the common volume scale 6: still < 2^53
  const spread = sampleFrame('SPREAD', '1d', 400, { start: Date.UTC(2022, 0, 3), base: -500 });
  const frames: BarFrame[] = [
    sampleFrame('MSFT', '1d', 600, { start: Date.UTC(2022, 5, 1) }),
    spread,
    sampleFrame('AAPL', '1d', 300, { start: Date.UTC(2023, 2, 1), priceScale: 0, base: 180 }),
    sampleFrame('EMPTY', '1d', 0),
    minute,
    sampleFrame('ETH/USDT', '1m', 500, { start: Date.UTC(2024, 0, 2), volumeScale: 3 }),
  ];
  return {
    frames,
    assets: [
      { symbol: 'AAPL', exchange: 'XNAS', assetClass: 'equity' },
      { symbol: 'ZZZ', exchange: 'XNYS', assetClass: 'equity' },
      { symbol: 'BTC/USDT', exchange: 'binance', assetClass: null },
    ],
    adjustments: [
      {
        kind: 'split',
        symbol: 'AAPL',
        exDate: Date.UTC(2023, 5, 1),
        numerator: '4',
        denominator: '1.0',
      },
      {
        kind: 'dividend',
        symbol: 'MSFT',
        exDate: Date.UTC(2022, 7, 17),
        amount: '0.62',
        payDate: Date.UTC(2022, 8, 8),
        currency: 'USD',
      },
      {
        kind: 'dividend',
        symbol: 'ZZZ',
        exDate: Date.UTC(2023, 0, 3),
        amount: '12345678901234567890.123456789012345678',
        payDate: null,
        currency: null,
      },
      {
        kind: 'split',
        symbol: 'AAPL',
        exDate: Date.UTC(2022, 0, 3),
        numerator: '1',
        denominator: '10',
      },
    ],
  };
}

async function rows(sql: string): Promise<{ types: string[]; rows: string[][] }> {
  return withDuckDB('test query', async (connection) => {
    const reader = await connection.runAndReadAll(sql);
    return {
      types: reader.columnTypes().map((type) => type.toString()),
      rows: reader.getRows().map((row) => row.map((value) => String(value))),
    };
  });
}

/** Every table of a version as DuckDB reads it back: types and rows. */
async function tables(dir: string): Promise<Record<string, unknown>> {
  const read = (file: string, order: string): Promise<unknown> =>
    rows(
      `SELECT * FROM read_parquet('${join(dir, file)}', hive_partitioning = false) ORDER BY ${order}`,
    );
  const bars: Record<string, unknown> = {};
  for (const frequency of readdirSync(join(dir, 'bars')).sort()) {
    for (const year of readdirSync(join(dir, 'bars', frequency)).sort()) {
      bars[`${frequency}/${year}`] = await read(
        `bars/${frequency}/${year}/data_0.parquet`,
        'sid, ts',
      );
    }
  }
  return {
    bars,
    assets: await read('assets.parquet', 'sid'),
    adjustments: await read('adjustments.parquet', 'sid, ex_date, kind'),
  };
}

describe(
  'the Rust Parquet writer against the DuckDB writer',
  { skip: !native && 'the Rust core is not loaded' },
  () => {
    it('writes a bundle that reads back the same: bars, scales, types, assets, adjustments, checksum', async () => {
      writeParquetWithDuckDB(true);
      const reference = await writeBundle('reference', contents(), { home });
      writeParquetWithDuckDB(false);
      const rust = await writeBundle('rust', contents(), { home });

      assert.equal(rust.manifest.checksum, reference.manifest.checksum);
      assert.deepEqual(rust.manifest.frequencies, reference.manifest.frequencies);
      assert.deepEqual(rust.manifest.assets, reference.manifest.assets);
      assert.deepEqual(rust.manifest.adjustments, reference.manifest.adjustments);
      const paths = (files: { path: string }[]): string[] => files.map((f) => f.path);
      assert.deepEqual(paths(rust.manifest.files), paths(reference.manifest.files));
      const rustTables = await tables(rust.path);
      const referenceTables = await tables(reference.path);
      assert.deepEqual(rustTables, referenceTables);
      // The common scales are applied when the year files are written: 4 and 6 for the minute bars.
      const minute = (rustTables.bars as Record<string, { types: string[] }>)[
        'frequency=1m/year=2024'
      ];
      assert.deepEqual(minute.types.slice(2), [
        'DECIMAL(18,4)',
        'DECIMAL(18,4)',
        'DECIMAL(18,4)',
        'DECIMAL(18,4)',
        'DECIMAL(18,6)',
      ]);

      for (const form of ['fast', 'parquet'] as const) {
        const a = await loadBundle('rust', { home, form });
        const b = await loadBundle('reference', { home, form });
        assert.deepEqual(a.frames.map(plain), b.frames.map(plain), form);
        assert.deepEqual(a.assets, b.assets, form);
        assert.deepEqual(a.adjustments, b.adjustments, form);
      }
      const input = new Map(contents().frames.map((frame) => [frame.symbol, plain(frame)]));
      for (const frame of (await loadBundle('rust', { home, form: 'parquet' })).frames) {
        assert.deepEqual(plain(frame), input.get(frame.symbol));
      }
    });

    it('filters by sid and time through the column statistics as DuckDB does for its own files', async () => {
      const [version] = listVersions(home, 'rust');
      // One frequency: files of different scales would be read at the first file's types.
      const glob = join(home, 'bundles', 'rust', version, 'bars', 'frequency=1m', '*', '*.parquet');
      const count = async (where: string): Promise<string> =>
        (await rows(`SELECT count(*) FROM read_parquet('${glob}') WHERE ${where}`)).rows[0][0];
      assert.equal(await count(`sid = 1 AND ts >= TIMESTAMP '2024-01-01'`), '2940');
      assert.equal(await count(`open < 2000`), '500');
      assert.equal(await count(`volume = 9007.199254`), '1');
    });

    it('stages frames as they come, in any order, and stores what writeBundle stores', async () => {
      const frames = [...contents().frames].reverse();
      const builder = BundleBuilder.open('streamed', { home });
      for (const frame of frames) builder.addFrame(frame);
      const streamed = await builder.commit({
        assets: contents().assets,
        adjustments: contents().adjustments,
      });
      const [reference] = listVersions(home, 'reference');
      const written = await loadBundle(`reference@${reference}`, { home });
      assert.equal(streamed.manifest.checksum, written.manifest.checksum);
      assert.deepEqual(streamed.manifest.frequencies, written.manifest.frequencies);
      assert.deepEqual(
        await tables(streamed.path),
        await tables(join(home, 'bundles', 'reference', reference)),
      );
    });

    it('refuses a value that leaves ±2^53 at the common scale with the same error, writing nothing', async () => {
      const failing = (): BundleContents => {
        const big = sampleFrame('BIG', '1d', 3, { priceScale: 0, base: 9_000_000_000_000 });
        return { frames: [big, sampleFrame('FINE', '1d', 3, { priceScale: 4 })] };
      };
      const errors: string[] = [];
      for (const duckdb of [true, false]) {
        writeParquetWithDuckDB(duckdb);
        await assert.rejects(writeBundle('too-big', failing(), { home }), (error: unknown) => {
          assert.ok(error instanceof DataError);
          errors.push(error.message);
          return true;
        });
      }
      writeParquetWithDuckDB(false);
      assert.equal(errors[0], errors[1]);
      assert.match(
        errors[0],
        /BIG 1d: value 8999999999950 at scale 0 does not fit ±2\^53 at the bundle's common scale 4/,
      );
      assert.deepEqual(listVersions(home, 'too-big'), []);
    });
  },
);
