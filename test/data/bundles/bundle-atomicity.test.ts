import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { listVersions, loadBundle, writeBundle } from '../../../src/data/bundles/index.js';
import { plain, sampleFrame, temporaryHome } from './sample-frames.js';

let home: string;
let dispose: () => void;
before(() => ({ home, dispose } = temporaryHome()));
after(() => dispose());

const childScript = fileURLToPath(new URL('./crash-ingest.child.ts', import.meta.url));

/** Runs the crash child until it pauses mid-ingest, then kills it with SIGKILL. */
async function killMidIngest(name: string, pauseAfter: number): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', childScript, home, name, String(pauseAfter)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString()));
    child.on('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return line;
}

describe('an ingest that fails or crashes part-way', () => {
  it('leaves the previous version intact and adds none when a failure hits after some files', async () => {
    const original = [sampleFrame('A', '1d', 30), sampleFrame('B', '1d', 30)];
    const first = await writeBundle('failing', { frames: original }, { home });
    let files = 0;
    await assert.rejects(
      writeBundle(
        'failing',
        { frames: [sampleFrame('A', '1d', 60, { base: 1 }), sampleFrame('B', '1d', 60)] },
        {
          home,
          onFileWritten: () => {
            if (++files === 2) throw new Error('disk full (injected)');
          },
        },
      ),
      /disk full/,
    );
    assert.equal(files, 2);
    assert.deepEqual(listVersions(home, 'failing'), [first.version]);
    assert.deepEqual(readdirSync(join(home, 'bundles', 'failing')), [first.version]);
    const loaded = await loadBundle('failing', { home, verify: true });
    assert.equal(loaded.manifest.checksum, first.manifest.checksum);
    assert.deepEqual(loaded.frames.map(plain), original.map(plain));
  });

  it('survives SIGKILL in the middle of writing Parquet and column files', async () => {
    const original = [sampleFrame('KEEP', '1m', 100)];
    const first = await writeBundle('crashing', { frames: original }, { home });
    const line = await killMidIngest('crashing', 25);
    assert.match(line, /^paused after fast\/1m\/\d+\.cols/);
    const dir = join(home, 'bundles', 'crashing');
    const leftovers = readdirSync(dir).filter((entry) => entry.startsWith('.incoming-'));
    assert.equal(leftovers.length, 1, 'the killed ingest left its temporary directory');
    assert.ok(readdirSync(join(dir, leftovers[0], 'fast', '1m')).length >= 25);
    assert.deepEqual(listVersions(home, 'crashing'), [first.version]);
    const loaded = await loadBundle('crashing', { home, verify: true });
    assert.deepEqual(loaded.frames.map(plain), original.map(plain));

    const second = await writeBundle('crashing', { frames: original }, { home });
    assert.deepEqual(readdirSync(dir).sort(), [first.version, second.version]);
    assert.equal(second.manifest.checksum, first.manifest.checksum);
  });

  it('survives SIGKILL after the Parquet bars are written, before the manifest', async () => {
    const first = listVersions(home, 'crashing');
    // 40 column files, then the Parquet bars of 1m: the 41st notification.
    const line = await killMidIngest('crashing', 41);
    assert.match(line, /^paused after bars\/frequency=1m/);
    assert.deepEqual(listVersions(home, 'crashing'), first);
    await loadBundle('crashing', { home, verify: true });
  });
});
