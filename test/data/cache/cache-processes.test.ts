import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CacheIndex, cached } from '../../../src/data/cache/index.js';
import { catalogPath } from '../../../src/data/bundles/index.js';
import { openCatalogDatabase } from '../../../src/data/catalog/index.js';
import { CsvSource } from '../../../src/data/sources/csv-source.js';
import { plain } from '../bundles/sample-frames.js';
import { CSV_DIRECTORY, RecordingSource, day, temporaryHome } from './cache-helpers.js';

let root: string;
let dispose: () => void;
before(() => ({ home: root, dispose } = temporaryHome()));
after(() => dispose());

const childScript = fileURLToPath(new URL('./cache-fetch.child.ts', import.meta.url));

interface ChildRun {
  pid: number;
  stdout: string;
  code: number | null;
}

function runChild(args: string[]): {
  done: Promise<ChildRun>;
  firstLine: Promise<string>;
  kill: () => void;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let announce: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => (announce = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('\n')) announce(stdout.split('\n')[0]);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<ChildRun>((resolve, reject) =>
    child.on('exit', (code, signal) =>
      code === 0 || signal === 'SIGKILL'
        ? resolve({ pid: child.pid!, stdout, code })
        : reject(new Error(`child exited with ${code}: ${stderr}`)),
    ),
  );
  return { done, firstLine, kill: () => child.kill('SIGKILL') };
}

function catalogState(home: string): { entries: number; integrity: string } {
  const db = openCatalogDatabase(catalogPath(home));
  try {
    return {
      entries: new CacheIndex(db).entries().length,
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

describe('the cache shared by several processes', () => {
  it('lets two processes asking for the same bars at once fetch them once and read the same answer', async () => {
    const home = join(root, 'same');
    const log = join(root, 'same.log');
    const args = [home, 'GOOG,NVDA,ORCL', '2010-01-01', '2012-12-31', log, '400', '0'];
    const [a, b] = await Promise.all([runChild(args).done, runChild(args).done]);
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(calls.length, 1, `one fetch reached the source: ${calls.join(' | ')}`);
    const digest = (run: ChildRun) => /digest (\w+)/.exec(run.stdout)?.[1];
    assert.ok(digest(a) !== undefined && digest(a) === digest(b));
    assert.deepEqual(catalogState(home), { entries: 1, integrity: 'ok' });
  });

  it('keeps both entries whole when two processes write different series at once', async () => {
    const home = join(root, 'different');
    const log = join(root, 'different.log');
    await Promise.all([
      runChild([home, 'GOOG', '2010-01-01', '2012-12-31', log, '100', '0']).done,
      runChild([home, 'NVDA', '2011-01-01', '2011-12-31', log, '100', '0']).done,
    ]);
    assert.equal(readFileSync(log, 'utf8').trim().split('\n').length, 2);
    assert.deepEqual(catalogState(home), { entries: 2, integrity: 'ok' });
    const source = new RecordingSource();
    const cache = cached(source, { home });
    const goog = await cache.fetch(['GOOG'], day('2010-01-01'), day('2012-12-31'), '1d');
    const nvda = await cache.fetch(['NVDA'], day('2011-01-01'), day('2011-12-31'), '1d');
    assert.equal(source.calls.length, 0, 'both are served from the cache');
    const direct = new CsvSource({ directory: CSV_DIRECTORY });
    assert.deepEqual(
      [...goog.frames, ...nvda.frames].map(plain),
      [
        ...(await direct.fetch(['GOOG'], day('2010-01-01'), day('2012-12-31'), '1d')).frames,
        ...(await direct.fetch(['NVDA'], day('2011-01-01'), day('2011-12-31'), '1d')).frames,
      ].map(plain),
    );
    cache.close();
  });

  it('leaves no entry behind a process killed while writing one, and the next process recovers', async () => {
    const home = join(root, 'killed');
    const log = join(root, 'killed.log');
    const child = runChild([home, 'GOOG,ORCL', '2010-01-01', '2012-12-31', log, '0', '3']);
    assert.match(await child.firstLine, /^paused after /);
    child.kill();
    const { pid } = await child.done;
    assert.equal(catalogState(home).entries, 0, 'no catalog row for the half-written entry');
    const locks = readdirSync(join(home, 'cache', 'locks'));
    assert.equal(locks.length, 1, 'the dead process still owns its lock file');
    const [keyDir] = readdirSync(join(home, 'cache', 'bundles'));
    assert.ok(
      readdirSync(join(home, 'cache', 'bundles', keyDir)).some((d) =>
        d.startsWith(`.incoming-${pid}-`),
      ),
      'its temporary directory is left',
    );

    const source = new RecordingSource();
    const cache = cached(source, { home });
    const result = await cache.fetch(['GOOG', 'ORCL'], day('2010-01-01'), day('2012-12-31'), '1d');
    assert.equal(source.calls.length, 1, 'the dead lock was taken over and the bars fetched');
    const expected = await new CsvSource({ directory: CSV_DIRECTORY }).fetch(
      ['GOOG', 'ORCL'],
      day('2010-01-01'),
      day('2012-12-31'),
      '1d',
    );
    assert.deepEqual(result.frames.map(plain), expected.frames.map(plain));
    assert.deepEqual(
      readdirSync(join(home, 'cache', 'bundles', keyDir)).filter((d) => d.startsWith('.incoming-')),
      [],
      'the leftover was swept by the next write of the key',
    );
    assert.deepEqual(readdirSync(join(home, 'cache', 'locks')), []);
    assert.deepEqual(catalogState(home), { entries: 1, integrity: 'ok' });
    cache.close();
  });

  it('records nothing and releases its lock when writing an entry fails', async () => {
    const home = join(root, 'failing');
    let files = 0;
    const failing = cached(new RecordingSource(), {
      home,
      onFileWritten: () => {
        if (++files === 2) throw new Error('disk full (injected)');
      },
    });
    await assert.rejects(
      failing.fetch(['GOOG'], day('2012-01-01'), day('2012-12-31'), '1d'),
      /disk full/,
    );
    assert.equal(catalogState(home).entries, 0);
    assert.deepEqual(readdirSync(join(home, 'cache', 'locks')), []);
    const [keyDir] = readdirSync(join(home, 'cache', 'bundles'));
    assert.deepEqual(readdirSync(join(home, 'cache', 'bundles', keyDir)), []);
    const source = new RecordingSource();
    const cache = cached(source, { home });
    await cache.fetch(['GOOG'], day('2012-01-01'), day('2012-12-31'), '1d');
    assert.equal(source.calls.length, 1);
    assert.ok(existsSync(catalogPath(home)));
    failing.close();
    cache.close();
  });
});
