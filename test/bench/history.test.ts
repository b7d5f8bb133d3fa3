import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { BenchHistoryError } from '../../src/errors/index.js';
import { BenchHistoryStore } from '../../src/bench/history-store.js';
import { appendToHistoryFile, readHistoryFile } from '../../src/bench/history-file.js';
import { fakeRun } from './bench-fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'rustybt-bench-history-'));
after(() => rmSync(work, { recursive: true, force: true }));

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const runA = fakeRun('0.1.0', '2026-01-01T10:00:00.000Z', [
  { cell: 'minute-simple-100', mode: 'decimal-rust', cpuMs: [100, 110, 90] },
  { cell: 'minute-simple-100', mode: 'float-rust', cpuMs: [95, 100, 105] },
]);
const runB = fakeRun('0.2.0', '2026-02-01T10:00:00.000Z', [
  { cell: 'minute-simple-100', mode: 'decimal-rust', cpuMs: [80, 85, 82] },
]);

describe('the benchmark history database', () => {
  it('keeps every run with its version, commit, date and fingerprint, across reopening', () => {
    const path = join(work, 'deep', 'history.sqlite');
    const store = BenchHistoryStore.open(path);
    store.append(runA);
    store.append(runB);
    store.close();
    const again = BenchHistoryStore.open(path);
    assert.deepEqual(again.runs(), [runA, runB]);
    again.close();
    const db = new Database(path, { readonly: true });
    const rows = db
      .prepare(
        'SELECT r.version, r.commit_id, s.cell, s.mode, s.cpu_median_ms FROM runs r JOIN results s ON s.run_id = r.id ORDER BY r.id, s.mode',
      )
      .all();
    db.close();
    assert.deepEqual(rows, [
      {
        version: '0.1.0',
        commit_id: 'c010',
        cell: 'minute-simple-100',
        mode: 'decimal-rust',
        cpu_median_ms: 100,
      },
      {
        version: '0.1.0',
        commit_id: 'c010',
        cell: 'minute-simple-100',
        mode: 'float-rust',
        cpu_median_ms: 100,
      },
      {
        version: '0.2.0',
        commit_id: 'c020',
        cell: 'minute-simple-100',
        mode: 'decimal-rust',
        cpu_median_ms: 82,
      },
    ]);
  });

  it('refuses a file that is not SQLite and leaves it as it was', () => {
    const path = join(work, 'garbage.sqlite');
    writeFileSync(path, 'this is a text file, not a database\n'.repeat(200));
    const before = digest(path);
    assert.throws(
      () => BenchHistoryStore.open(path),
      (e: unknown) =>
        e instanceof BenchHistoryError &&
        e.code === 'ERR_BENCH_HISTORY' &&
        /not a SQLite database/.test(e.message),
    );
    assert.equal(digest(path), before);
  });

  it('refuses a directory given as the history file', () => {
    assert.throws(() => BenchHistoryStore.open(work), /Cannot read the benchmark history .*EISDIR/);
  });

  it('refuses a SQLite database of another tool and leaves it as it was', () => {
    const path = join(work, 'other.sqlite');
    const db = new Database(path);
    db.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')");
    db.close();
    const before = digest(path);
    assert.throws(() => BenchHistoryStore.open(path), /another tool/);
    assert.equal(digest(path), before);
  });

  it('refuses a history written by a newer rustybt', () => {
    const path = join(work, 'newer.sqlite');
    BenchHistoryStore.open(path).close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    assert.throws(() => BenchHistoryStore.open(path), /newer rustybt.*schema 99/);
  });

  it('refuses a SQLite file cut short', () => {
    const path = join(work, 'cut.sqlite');
    const store = BenchHistoryStore.open(path);
    store.append(runA);
    store.close();
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, 2000));
    const before = digest(path);
    assert.throws(() => BenchHistoryStore.open(path).runs(), BenchHistoryError);
    assert.equal(digest(path), before);
  });
});

describe('the exported JSON history', () => {
  it('appends runs atomically, once each, readable back', () => {
    const path = join(work, 'export', '0.1.0.json');
    appendToHistoryFile(path, [runA]);
    appendToHistoryFile(path, [runA, runB]);
    const file = readHistoryFile(path);
    assert.equal(file.format, 'rustybt-bench-history');
    assert.deepEqual(file.runs, [runA, runB]);
    assert.deepEqual(readdirSync(join(work, 'export')), ['0.1.0.json']);
  });

  it('refuses a file that is not JSON, or JSON of something else, and never overwrites it', () => {
    for (const [name, text, message] of [
      ['cut.json', '{"format": "rustybt-bench-history", "runs": [', /not JSON/],
      ['other.json', '{"name": "package"}', /not a rustybt benchmark history/],
      [
        'newer.json',
        '{"format": "rustybt-bench-history", "formatVersion": 7, "runs": []}',
        /newer rustybt/,
      ],
      [
        'bad-runs.json',
        '{"format": "rustybt-bench-history", "formatVersion": 1, "runs": [{"x": 1}]}',
        /malformed "runs"/,
      ],
    ] as const) {
      const path = join(work, name);
      writeFileSync(path, text);
      assert.throws(
        () => appendToHistoryFile(path, [runA]),
        (e: unknown) => e instanceof BenchHistoryError && message.test(e.message),
      );
      assert.equal(readFileSync(path, 'utf8'), text);
    }
    assert.throws(() => readHistoryFile(join(work, 'missing.json')), /ENOENT/);
    assert.equal(existsSync(join(work, 'missing.json')), false);
  });
});
