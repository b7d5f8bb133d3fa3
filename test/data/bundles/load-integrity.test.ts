import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadBundle, writeBundle, type WrittenBundle } from '../../../src/data/bundles/index.js';
import { DataError } from '../../../src/errors/index.js';
import { plain, sampleFrame, temporaryHome } from './sample-frames.js';

let home: string;
let dispose: () => void;
before(() => ({ home, dispose } = temporaryHome()));
after(() => dispose());

function flipBit(path: string, byte: number, bit = 0): void {
  const bytes = readFileSync(path);
  bytes[byte] ^= 1 << bit;
  writeFileSync(path, bytes);
}

async function written(name: string): Promise<WrittenBundle> {
  return writeBundle(
    name,
    { frames: [sampleFrame('A', '1d', 40), sampleFrame('B', '1d', 40)] },
    { home },
  );
}

describe('integrity checked at load, by default', () => {
  it('records a CRC-32 for every file and frame', async () => {
    const bundle = await written('recorded');
    for (const file of bundle.manifest.files) assert.ok(Number.isInteger(file.crc32), file.path);
    for (const frame of bundle.manifest.frequencies['1d']!.frames)
      assert.ok(Number.isInteger(frame.crc32));
  });

  it('refuses a fast-load file with one bit flipped, naming the file and the repair', async () => {
    const bundle = await written('flipped');
    const file = join(bundle.path, 'fast', '1d', '1.cols');
    // The low bit of the 8th close (int32 units after float64 timestamps and three int32
    // columns): the price changes by one unit, nothing else notices.
    const frame = bundle.manifest.frequencies['1d']!.frames[1];
    assert.deepEqual(frame.widths, ['f64', 'i32', 'i32', 'i32', 'i32', 'i32']);
    flipBit(file, 8 * 40 + 4 * (3 * 40 + 7));
    const refusal = (error: unknown): boolean => {
      assert.ok(error instanceof DataError);
      assert.match(
        error.message,
        new RegExp(
          `Bundle file ${file.replace(/[.]/g, '\\.')} fails its checksum \\(CRC-32 recorded \\d+, read \\d+\\)`,
        ),
      );
      assert.match(error.message, /rustybt catalog validate/);
      assert.match(error.message, /ingesting the bundle again/);
      return true;
    };
    // `verify: true` reads and checks every file at once.
    await assert.rejects(loadBundle('flipped', { home, verify: true }), refusal);
    // By default each file is checked when its bars are first read (as a run lays them out).
    const lazily = await loadBundle('flipped', { home });
    assert.equal(lazily.frames[0].close.length, 40, 'the intact file reads');
    assert.throws(() => lazily.frames[1].close, refusal);
    await assert.rejects(loadBundle('flipped', { home, verify: 'sha256' }), /SHA-256 recorded/);
    // Those who choose speed get what is on disk.
    const unchecked = await loadBundle('flipped', { home, verify: false });
    assert.notDeepEqual(plain(unchecked.frames[1]), plain(sampleFrame('B', '1d', 40)));
  });

  it('refuses a damaged Parquet file when loading the Parquet form', async () => {
    const bundle = await written('parquet-flipped');
    const bars = bundle.manifest.files.find((f) => f.path.startsWith('bars/'))!;
    const path = join(bundle.path, bars.path);
    flipBit(path, Math.floor(bars.bytes / 2));
    await assert.rejects(
      loadBundle('parquet-flipped', { home, form: 'parquet' }),
      /Bundle file .*data_0\.parquet fails its checksum/,
    );
    // The fast form does not read that file, so it still loads.
    assert.equal((await loadBundle('parquet-flipped', { home })).frames.length, 2);
  });

  it('checks bundles written before CRCs were recorded against their SHA-256', async () => {
    const bundle = await written('older');
    const manifestPath = join(bundle.path, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      files: { crc32?: number }[];
      frequencies: Record<string, { frames: { crc32?: number }[] }>;
    };
    for (const file of manifest.files) delete file.crc32;
    for (const frame of manifest.frequencies['1d'].frames) delete frame.crc32;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    assert.equal((await loadBundle('older', { home })).frames.length, 2);
    flipBit(join(bundle.path, 'fast', '1d', '0.cols'), 100);
    await assert.rejects(
      loadBundle('older', { home, verify: true }),
      /fails its checksum \(SHA-256 recorded/,
    );
    const lazily = await loadBundle('older', { home });
    assert.throws(() => lazily.frames[0].close, /fails its checksum \(SHA-256 recorded/);
  });
});
