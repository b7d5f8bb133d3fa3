import assert from 'node:assert/strict';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import fc from 'fast-check';

import { loadBundle } from '../../../src/data/bundles/bundle-loader.js';
import type { BundleManifest } from '../../../src/data/bundles/bundle-types.js';
import { writeBundle } from '../../../src/data/bundles/bundle-writer.js';
import { FAST_COLUMNS } from '../../../src/data/bundles/fast-columns.js';
import { plain, sampleFrame, temporaryHome } from './sample-frames.js';

const { home, dispose } = temporaryHome();
after(dispose);

function manifestOf(path: string): BundleManifest {
  return JSON.parse(readFileSync(join(path, 'manifest.json'), 'utf8')) as BundleManifest;
}

describe('fast-load columns at the width the data needs', () => {
  it('stores integer units that fit as int32: 28 bytes a bar instead of 48', async () => {
    const written = await writeBundle(
      'narrow',
      { frames: [sampleFrame('A', '1d', 100)] },
      { home },
    );
    const entry = manifestOf(written.path).frequencies['1d']!.frames[0];
    assert.deepEqual(entry.widths, ['f64', 'i32', 'i32', 'i32', 'i32', 'i32']);
    assert.equal(statSync(join(written.path, entry.file)).size, 100 * 28);
    assert.equal(manifestOf(written.path).formatVersion, 2);
  });

  it('keeps float64 for a column with a value outside int32, and reads every value back exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 4 }),
        async (values, wideColumn) => {
          const frame = sampleFrame('W', '1d', values.length);
          const column = FAST_COLUMNS[wideColumn + 1];
          frame[column].set(values);
          const name = `wide-${values.length}-${wideColumn}`;
          await writeBundle(name, { frames: [frame] }, { home });
          const loaded = await loadBundle(name, { home, verify: true });
          assert.deepEqual(plain(loaded.frames[0]), plain(frame));
          const fits = values.every((v) => v >= -(2 ** 31) && v < 2 ** 31);
          const entry = (await loadBundle(name, { home })).manifest.frequencies['1d']!.frames[0];
          assert.equal(entry.widths?.[wideColumn + 1], fits ? 'i32' : 'f64');
        },
      ),
      { numRuns: 25 },
    );
  });

  it('still reads a format-version-1 bundle (every column float64, no widths)', async () => {
    const frame = sampleFrame('OLD', '1d', 12);
    const written = await writeBundle('version-one', { frames: [frame] }, { home });
    const manifest = manifestOf(written.path);
    const entry = manifest.frequencies['1d']!.frames[0];
    // Rewrite the bundle as version 1 wrote it: six float64 columns in `<sid>.f64`.
    const wide = Buffer.concat(
      FAST_COLUMNS.map((column) => Buffer.from(Float64Array.from(frame[column]).buffer)),
    );
    const file = entry.file.replace(/\.cols$/, '.f64');
    writeFileSync(join(written.path, file), wide);
    entry.file = file;
    entry.sha256 = createHash('sha256').update(wide).digest('hex');
    delete entry.widths;
    delete entry.crc32; // written before load-time checksums
    manifest.formatVersion = 1;
    writeFileSync(join(written.path, 'manifest.json.tmp'), JSON.stringify(manifest));
    renameSync(join(written.path, 'manifest.json.tmp'), join(written.path, 'manifest.json'));
    const loaded = await loadBundle('version-one', { home, verify: true });
    assert.deepEqual(plain(loaded.frames[0]), plain(frame));
  });
});
