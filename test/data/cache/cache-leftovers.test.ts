import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ORPHAN_MIN_AGE_MS, sweepCacheLeftovers } from '../../../src/data/cache/cache-leftovers.js';
import { temporaryHome } from './cache-helpers.js';

let root: string;
let dispose: () => void;
before(() => ({ home: root, dispose } = temporaryHome()));
after(() => dispose());

const nobodyDies = (): boolean => true;

describe('sweepCacheLeftovers', () => {
  it('leaves an unrecorded entry directory alone for 10 minutes after its last change, then sweeps it', () => {
    const cacheHome = join(root, 'age', 'cache');
    const dir = join(cacheHome, 'bundles', 'key', '2024-01-01T00-00-00-000Z');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'bars.parquet'), Buffer.alloc(300));
    const changed = statSync(dir).mtimeMs;
    const sweep = (now: number, dryRun: boolean) =>
      sweepCacheLeftovers(cacheHome, { recorded: new Set(), now, dryRun, isAlive: nobodyDies });
    assert.deepEqual(sweep(changed + ORPHAN_MIN_AGE_MS, false), []);
    assert.deepEqual(sweep(changed + ORPHAN_MIN_AGE_MS + 1, true), [
      { kind: 'orphan', path: dir, bytes: 300 },
    ]);
    assert.equal(existsSync(dir), true, 'a dry run removes nothing');
    assert.equal(sweep(changed + ORPHAN_MIN_AGE_MS + 1, false).length, 1);
    assert.equal(existsSync(join(cacheHome, 'bundles', 'key')), false);
  });

  it('never touches a directory the catalog records, however old', () => {
    const cacheHome = join(root, 'recorded', 'cache');
    const dir = join(cacheHome, 'bundles', 'key', '2024-01-01T00-00-00-000Z');
    mkdirSync(dir, { recursive: true });
    const found = sweepCacheLeftovers(cacheHome, {
      recorded: new Set([dir]),
      now: Date.now() + 365 * 86_400_000,
      dryRun: false,
      isAlive: nobodyDies,
    });
    assert.deepEqual(found, []);
    assert.equal(existsSync(dir), true);
  });

  it('recognizes a recorded directory by its key and version when the catalog holds a relative path', () => {
    const cacheHome = join(root, 'relative', 'cache');
    const dir = join(cacheHome, 'bundles', 'key', '2024-01-01T00-00-00-000Z');
    const other = join(cacheHome, 'bundles', 'key', '2024-01-02T00-00-00-000Z');
    mkdirSync(dir, { recursive: true });
    mkdirSync(other, { recursive: true });
    const found = sweepCacheLeftovers(cacheHome, {
      recorded: new Set(['home/cache/bundles/key/2024-01-01T00-00-00-000Z']),
      now: Date.now() + ORPHAN_MIN_AGE_MS + 1000,
      dryRun: false,
      isAlive: nobodyDies,
    });
    assert.deepEqual(
      found.map((leftover) => leftover.path),
      [other],
    );
    assert.equal(existsSync(dir), true);
  });

  it('sweeps unfinished writes and locks only of processes reported dead', () => {
    const cacheHome = join(root, 'pids', 'cache');
    const keyDir = join(cacheHome, 'bundles', 'key');
    mkdirSync(join(keyDir, '.incoming-101-aaaaaaaaaaaa'), { recursive: true });
    mkdirSync(join(keyDir, '.incoming-202-bbbbbbbbbbbb'), { recursive: true });
    mkdirSync(join(cacheHome, 'locks'));
    writeFileSync(join(cacheHome, 'locks', 's1.lock'), '101');
    writeFileSync(join(cacheHome, 'locks', 's2.lock'), '202');
    writeFileSync(join(cacheHome, 'locks', 's3.lock.101.cccccccccccc'), '101');
    writeFileSync(join(cacheHome, 'locks', 'notes.txt'), '101');
    const found = sweepCacheLeftovers(cacheHome, {
      recorded: new Set(),
      now: Date.now(),
      dryRun: false,
      isAlive: (pid) => pid === 202,
    });
    assert.deepEqual(
      found.map((leftover) => [leftover.kind, leftover.path.slice(cacheHome.length), leftover.pid]),
      [
        ['incoming', '/bundles/key/.incoming-101-aaaaaaaaaaaa', 101],
        ['lock', '/locks/s1.lock', 101],
        ['lock', '/locks/s3.lock.101.cccccccccccc', 101],
      ],
    );
    assert.equal(existsSync(join(keyDir, '.incoming-202-bbbbbbbbbbbb')), true);
    assert.equal(existsSync(join(cacheHome, 'locks', 's2.lock')), true);
    assert.equal(existsSync(join(cacheHome, 'locks', 'notes.txt')), true);
  });
});
