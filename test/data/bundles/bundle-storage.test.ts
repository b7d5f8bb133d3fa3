import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { allocateBarFrame, type Frequency } from '../../../src/data/bar-frame.js';
import {
  listVersions,
  loadBundle,
  pruneVersions,
  rustybtHome,
  writeBundle,
} from '../../../src/data/bundles/index.js';
import { withDuckDB } from '../../../src/data/bundles/duckdb-session.js';
import { ConfigError, DataError } from '../../../src/errors/index.js';
import { plain, sampleFrame, temporaryHome } from './sample-frames.js';

let home: string;
let dispose: () => void;
before(() => ({ home, dispose } = temporaryHome()));
after(() => dispose());

async function query(sql: string): Promise<string[][]> {
  return withDuckDB('test query', async (connection) => {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRows().map((row) => row.map((value) => String(value)));
  });
}

describe('writing a bundle as Parquet through DuckDB', () => {
  it('stores prices as DECIMAL(18, priceScale) with the exact decimal of the units', async () => {
    const frame = allocateBarFrame('EXACT', '1d', 2, 4, 8);
    frame.timestamps.set([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
    frame.open.set([1_234_567, 9_007_199_254_740_991]);
    frame.high.set([1_234_570, 9_007_199_254_740_991]);
    frame.low.set([1, 9_007_199_254_740_990]);
    frame.close.set([10, 9_007_199_254_740_991]);
    frame.volume.set([150_000_000, 3]);
    const written = await writeBundle('exact', { frames: [frame] }, { home });
    const glob = join(written.path, 'bars', 'frequency=1d', '*', '*.parquet');
    const rows = await query(
      `SELECT typeof(open), CAST(open AS VARCHAR), CAST(low AS VARCHAR), CAST(close AS VARCHAR),
              typeof(volume), CAST(volume AS VARCHAR), CAST(ts AS VARCHAR)
       FROM read_parquet('${glob}') ORDER BY ts`,
    );
    assert.deepEqual(rows, [
      [
        'DECIMAL(18,4)',
        '123.4567',
        '0.0001',
        '0.0010',
        'DECIMAL(18,8)',
        '1.50000000',
        '2024-01-02 00:00:00',
      ],
      [
        'DECIMAL(18,4)',
        '900719925474.0991',
        '900719925474.0990',
        '900719925474.0991',
        'DECIMAL(18,8)',
        '0.00000003',
        '2024-01-03 00:00:00',
      ],
    ]);
  });

  it('partitions bars by frequency and by the UTC year of the bar', async () => {
    const daily = sampleFrame('SPY', '1d', 4, { start: Date.UTC(2023, 11, 30) });
    const hourly = sampleFrame('SPY', '1h', 3, { start: Date.UTC(2024, 5, 1) });
    const written = await writeBundle('partitioned', { frames: [daily, hourly] }, { home });
    const bars = join(written.path, 'bars');
    assert.deepEqual(readdirSync(bars).sort(), ['frequency=1d', 'frequency=1h']);
    assert.deepEqual(readdirSync(join(bars, 'frequency=1d')).sort(), ['year=2023', 'year=2024']);
    assert.deepEqual(readdirSync(join(bars, 'frequency=1h')), ['year=2024']);
    const counts = await query(
      `SELECT year, count(*) FROM read_parquet('${bars}/frequency=1d/*/*.parquet', hive_partitioning = true) GROUP BY year ORDER BY year`,
    );
    assert.deepEqual(counts, [
      ['2023', '2'],
      ['2024', '2'],
    ]);
  });

  it('writes an assets table and an adjustments table with exact split ratios and dividends', async () => {
    const written = await writeBundle(
      'corporate-actions',
      {
        frames: [sampleFrame('AAPL', '1d', 5), sampleFrame('MSFT', '1d', 5)],
        assets: [
          { symbol: 'AAPL', exchange: 'NASDAQ', assetClass: 'equity' },
          { symbol: 'ZZZ', exchange: null, assetClass: 'equity' },
        ],
        adjustments: [
          {
            symbol: 'AAPL',
            kind: 'split',
            exDate: Date.UTC(2020, 7, 31),
            numerator: '4.0',
            denominator: '1',
          },
          {
            symbol: 'AAPL',
            kind: 'dividend',
            exDate: Date.UTC(2024, 1, 9),
            amount: '0.24',
            payDate: Date.UTC(2024, 1, 15),
            currency: 'USD',
          },
        ],
      },
      { home },
    );
    const adjustments = await query(
      `SELECT sid, symbol, kind, CAST(ex_date AS VARCHAR), typeof(numerator), CAST(numerator AS VARCHAR),
              CAST(denominator AS VARCHAR), typeof(amount), CAST(amount AS VARCHAR), CAST(pay_date AS VARCHAR), currency
       FROM read_parquet('${join(written.path, 'adjustments.parquet')}') ORDER BY ex_date`,
    );
    assert.deepEqual(adjustments, [
      [
        '0',
        'AAPL',
        'split',
        '2020-08-31',
        'DECIMAL(38,18)',
        '4.000000000000000000',
        '1.000000000000000000',
        'DECIMAL(38,18)',
        'null',
        'null',
        'null',
      ],
      [
        '0',
        'AAPL',
        'dividend',
        '2024-02-09',
        'DECIMAL(38,18)',
        'null',
        'null',
        'DECIMAL(38,18)',
        '0.240000000000000000',
        '2024-02-15',
        'USD',
      ],
    ]);
    const loaded = await loadBundle('corporate-actions', { home });
    const viaParquet = await loadBundle('corporate-actions', { home, form: 'parquet' });
    assert.deepEqual(viaParquet.assets, loaded.assets);
    assert.deepEqual(viaParquet.adjustments, loaded.adjustments);
    assert.deepEqual(
      loaded.assets.map((a) => [a.sid, a.symbol, a.exchange, a.assetClass, a.firstBar, a.lastBar]),
      [
        [0, 'AAPL', 'NASDAQ', 'equity', Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 6)],
        [1, 'MSFT', null, null, Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 6)],
        [2, 'ZZZ', null, 'equity', null, null],
      ],
    );
    assert.deepEqual(loaded.adjustments, [
      {
        kind: 'split',
        symbol: 'AAPL',
        exDate: Date.UTC(2020, 7, 31),
        numerator: '4',
        denominator: '1',
      },
      {
        kind: 'dividend',
        symbol: 'AAPL',
        exDate: Date.UTC(2024, 1, 9),
        amount: '0.24',
        payDate: Date.UTC(2024, 1, 15),
        currency: 'USD',
      },
    ]);
  });

  it('refuses invalid input with typed errors and writes nothing', async () => {
    await assert.rejects(writeBundle('../escape', { frames: [] }, { home }), ConfigError);
    const frame = sampleFrame('DUP', '1d', 3);
    await assert.rejects(writeBundle('dup', { frames: [frame, frame] }, { home }), DataError);
    const broken = sampleFrame('BAD', '1d', 3);
    broken.open[1] = 1.5;
    await assert.rejects(writeBundle('bad', { frames: [broken] }, { home }), /open\[1\]/);
    await assert.rejects(
      writeBundle(
        'bad',
        {
          frames: [sampleFrame('A', '1d', 1)],
          adjustments: [
            {
              symbol: 'B',
              kind: 'split',
              exDate: Date.UTC(2024, 0, 2),
              numerator: '2',
              denominator: '1',
            },
          ],
        },
        { home },
      ),
      DataError,
    );
    assert.equal(existsSync(join(home, 'bundles', 'dup')), false);
    assert.equal(listVersions(home, 'bad').length, 0);
  });
});

describe('loading a bundle', () => {
  const arbitraryFrames = fc
    .uniqueArray(fc.constantFrom('A', 'B', 'C', 'BTC/USDT', 'ETH/USDT'), {
      minLength: 1,
      maxLength: 3,
    })
    .chain((symbols) =>
      fc.tuple(
        ...symbols.map((symbol) =>
          fc
            .record({
              frequency: fc.constantFrom<Frequency>('1d', '1h', '1m'),
              priceScale: fc.integer({ min: 0, max: 8 }),
              volumeScale: fc.integer({ min: 0, max: 8 }),
              start: fc.integer({
                min: Date.UTC(2015, 0, 1) / 60_000,
                max: Date.UTC(2030, 0, 1) / 60_000,
              }),
              bars: fc.array(
                fc.tuple(
                  fc.integer({ min: 1, max: 400 }),
                  fc.array(fc.maxSafeNat(), { minLength: 5, maxLength: 5 }),
                ),
                { maxLength: 40 },
              ),
            })
            .map(({ frequency, priceScale, volumeScale, start, bars }) => {
              const frame = allocateBarFrame(
                symbol,
                frequency,
                bars.length,
                priceScale,
                volumeScale,
              );
              let time = start * 60_000;
              bars.forEach(([gapMinutes, values], i) => {
                time += gapMinutes * 60_000;
                frame.timestamps[i] = time;
                // Bounded so every value also fits ±2^53 at the common scale (8 at most).
                const [o, h, l, c, v] = values;
                const price = (x: number): number => Math.floor(x / 10 ** (8 - priceScale));
                frame.open[i] = price(o);
                frame.high[i] = price(h);
                frame.low[i] = price(l);
                frame.close[i] = price(c);
                frame.volume[i] = Math.floor(v / 10 ** (8 - volumeScale));
              });
              return frame;
            }),
        ),
      ),
    );

  it('returns exactly the frames written, from the fast form and from Parquet alike', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(arbitraryFrames, async (frames) => {
        const name = `roundtrip-${run++}`;
        await writeBundle(name, { frames }, { home });
        const expected = frames
          .map(plain)
          .sort(
            (a, b) =>
              String(a.frequency).localeCompare(String(b.frequency)) ||
              (String(a.symbol) < String(b.symbol) ? -1 : 1),
          );
        const byKey = (x: Record<string, unknown>): string =>
          `${String(x.frequency)} ${String(x.symbol)}`;
        const fast = await loadBundle(name, { home, verify: true });
        const parquet = await loadBundle(name, { home, form: 'parquet' });
        assert.deepEqual(
          fast.frames.map(plain).sort((a, b) => byKey(a).localeCompare(byKey(b))),
          expected.sort((a, b) => byKey(a).localeCompare(byKey(b))),
        );
        assert.deepEqual(
          parquet.frames.map(plain).sort((a, b) => byKey(a).localeCompare(byKey(b))),
          expected,
        );
      }),
      { numRuns: 25, seed: 20261124 },
    );
  });

  it("restores each symbol's own scale when a frequency mixes scales", async () => {
    const cents = sampleFrame('CENTS', '1m', 3, { priceScale: 2 });
    const crypto = sampleFrame('SATS', '1m', 3, {
      priceScale: 8,
      volumeScale: 6,
      base: 4_200_000_000_000,
    });
    const written = await writeBundle('mixed', { frames: [cents, crypto] }, { home });
    assert.equal(written.manifest.frequencies['1m']?.priceScale, 8);
    for (const form of ['fast', 'parquet'] as const) {
      const loaded = await loadBundle('mixed', { home, form });
      assert.deepEqual(loaded.frames.map(plain), [plain(cents), plain(crypto)], form);
    }
  });

  it('keeps negative units and the extremes ±(2^53 - 1) exact through Parquet', async () => {
    const frame = allocateBarFrame('NEG', '1h', 4, 3, 2);
    frame.timestamps.set([0, 1, 2, 3].map((h) => Date.UTC(2020, 3, 20) + h * 3_600_000));
    frame.open.set([-37_630, -9_007_199_254_740_991, 9_007_199_254_740_991, -1]);
    frame.high.set([1, 0, -4_294_967_296, 4_294_967_296]);
    frame.low.set([-4_294_967_297, -4_294_967_295, 2 ** 32 + 1, -(2 ** 52)]);
    frame.close.set([0, 5, -6, 7]);
    frame.volume.set([0, 1, 2 ** 40, 9_007_199_254_740_991]);
    await writeBundle('negative', { frames: [frame] }, { home });
    const loaded = await loadBundle('negative', { home, form: 'parquet' });
    assert.deepEqual(loaded.frames.map(plain), [plain(frame)]);
  });

  it("refuses a value that would leave ±2^53 at the frequency's common scale", async () => {
    const big = sampleFrame('BIG', '1d', 1, { priceScale: 0, base: 2 ** 52 });
    const fine = sampleFrame('FINE', '1d', 1, { priceScale: 2 });
    await assert.rejects(
      writeBundle('too-big', { frames: [big, fine] }, { home }),
      /BIG 1d: value .* does not fit ±2\^53 at the bundle's common scale 2/,
    );
    assert.equal(listVersions(home, 'too-big').length, 0);
  });

  it('reassembles frames from Parquet spread over many row groups, years and scan threads', async () => {
    const frames = ['X', 'Y', 'Z'].map((symbol, i) =>
      sampleFrame(symbol, '1m', 150_000, { start: Date.UTC(2023, 11, 20), base: 10_000 * (i + 1) }),
    );
    await writeBundle('many-row-groups', { frames }, { home });
    const loaded = await loadBundle('many-row-groups', { home, form: 'parquet' });
    assert.equal(loaded.frames.length, 3);
    const bytes = (values: Float64Array): Buffer =>
      Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    loaded.frames.forEach((frame, i) => {
      assert.equal(frame.symbol, frames[i].symbol);
      for (const column of ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const) {
        assert.ok(
          bytes(frame[column]).equals(bytes(frames[i][column])),
          `${frame.symbol} ${column}`,
        );
      }
    });
  });

  it('filters by frequency and symbol', async () => {
    await writeBundle(
      'filtered',
      { frames: [sampleFrame('A', '1d', 3), sampleFrame('B', '1d', 4), sampleFrame('A', '1h', 5)] },
      { home },
    );
    for (const form of ['fast', 'parquet'] as const) {
      const loaded = await loadBundle('filtered', { home, form, frequency: '1d', symbols: ['B'] });
      assert.deepEqual(loaded.frames.map(plain), [plain(sampleFrame('B', '1d', 4))], form);
      assert.deepEqual(
        loaded.assets.map((a) => a.symbol),
        ['B'],
      );
    }
  });

  it('rejects a tampered fast-load file when asked to verify', async () => {
    const written = await writeBundle(
      'tampered',
      { frames: [sampleFrame('A', '1d', 10)] },
      { home },
    );
    const file = join(written.path, 'fast', '1d', '0.cols');
    const bytes = readFileSync(file);
    bytes[9] ^= 1;
    writeFileSync(file, bytes);
    await assert.rejects(loadBundle('tampered', { home, verify: true }), /fails its checksum/);
    writeFileSync(file, bytes.subarray(0, 40));
    await assert.rejects(loadBundle('tampered', { home, verify: true }), /wrong size/);
    // Without verify, a frame reads its file when a column is first used: the damage surfaces there.
    const lazy = await loadBundle('tampered', { home });
    assert.equal(lazy.frames[0].symbol, 'A');
    assert.throws(() => lazy.frames[0].close, /wrong size/);
  });

  it('names a missing bundle or version in a DataError', async () => {
    await assert.rejects(loadBundle('never-ingested', { home }), /does not exist.*rustybt ingest/);
    await writeBundle('one-version', { frames: [sampleFrame('A', '1d', 1)] }, { home });
    await assert.rejects(
      loadBundle('one-version', { home, version: '2001-01-01T00-00-00-000Z' }),
      DataError,
    );
  });
});

describe('versions, idempotence and pruning', () => {
  it('gives the same checksum to the same data and a new timestamped version per ingest', async () => {
    const frames = [sampleFrame('A', '1d', 50), sampleFrame('B', '1h', 70)];
    const first = await writeBundle(
      'repeat',
      { frames },
      { home, now: () => new Date(Date.UTC(2026, 0, 1)) },
    );
    const second = await writeBundle(
      'repeat',
      { frames },
      { home, now: () => new Date(Date.UTC(2026, 0, 1)) },
    );
    const changed = sampleFrame('A', '1d', 50);
    changed.close[49] += 1;
    const third = await writeBundle('repeat', { frames: [changed, frames[1]] }, { home });
    assert.equal(first.manifest.checksum, second.manifest.checksum);
    assert.notEqual(third.manifest.checksum, first.manifest.checksum);
    assert.equal(first.version, '2026-01-01T00-00-00-000Z');
    assert.equal(second.version, '2026-01-01T00-00-00-001Z');
    assert.deepEqual(listVersions(home, 'repeat'), [first.version, second.version, third.version]);
    assert.equal((await loadBundle('repeat', { home })).version, third.version);
  });

  it('keeps the newest N versions with pruneVersions', async () => {
    const times = [1, 2, 3, 4].map((day) => new Date(Date.UTC(2026, 1, day)));
    for (const time of times) {
      await writeBundle(
        'pruned',
        { frames: [sampleFrame('A', '1d', 2)] },
        { home, now: () => time },
      );
    }
    const result = pruneVersions(home, 'pruned', 2);
    assert.deepEqual(result.removed, ['2026-02-01T00-00-00-000Z', '2026-02-02T00-00-00-000Z']);
    assert.deepEqual(listVersions(home, 'pruned'), [
      '2026-02-03T00-00-00-000Z',
      '2026-02-04T00-00-00-000Z',
    ]);
    assert.deepEqual(
      readdirSync(join(home, 'bundles', 'pruned')).sort(),
      listVersions(home, 'pruned'),
    );
    assert.throws(() => pruneVersions(home, 'pruned', -1), ConfigError);
  });

  it('reads its home from RUSTYBT_HOME, else ~/.rustybt', () => {
    assert.equal(rustybtHome({ RUSTYBT_HOME: '/data/rb' }), '/data/rb');
    assert.match(rustybtHome({}), /\.rustybt$/);
  });
});
