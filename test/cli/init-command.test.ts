// `rustybt init`: what it writes, and what it refuses (with nothing written).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { initProject, installationRoot } from '../../src/cli/commands/init-action.js';
import { loadRunConfig } from '../../src/cli/commands/run-config.js';
import { ConfigError } from '../../src/errors/index.js';

let work = '';
before(() => {
  work = mkdtempSync(join(tmpdir(), 'rustybt-init-test-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

const listing = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

describe('rustybt init', () => {
  it('writes the project files, the sample data and a file: dependency on this installation', () => {
    const dir = join(work, 'My Strategy');
    const printed = initProject(dir, { install: false });
    assert.deepEqual(listing(dir), [
      'README.md',
      'backtest.yaml',
      'data',
      'data/GOOG.csv',
      'data/NVDA.csv',
      'data/ORCL.csv',
      'package.json',
      'strategy.ts',
      'tsconfig.json',
    ]);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      type: string;
      dependencies: Record<string, string>;
    };
    assert.equal(manifest.name, 'my-strategy');
    assert.equal(manifest.type, 'module');
    assert.equal(manifest.dependencies.rustybt, `file:${installationRoot().replace(/\/$/, '')}`);
    assert.equal(
      readFileSync(join(dir, 'data/GOOG.csv'), 'utf8'),
      readFileSync(join(installationRoot(), 'examples/data/GOOG.csv'), 'utf8'),
    );
    // The config is valid and points at the files init wrote.
    const settings = loadRunConfig(join(dir, 'backtest.yaml'));
    assert.equal(settings.file, join(dir, 'strategy.ts'));
    assert.equal(settings.csvDir, join(dir, 'data'));
    assert.ok(parseYaml(readFileSync(join(dir, 'backtest.yaml'), 'utf8')));
    assert.match(
      readFileSync(join(dir, 'strategy.ts'), 'utf8'),
      /ctx\.indicator\('fast', sma\(FAST\)/,
    );
    assert.match(printed, /npx rustybt run --config backtest\.yaml/);
  });

  it('refuses a folder with files in it and writes nothing', () => {
    const dir = join(work, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    assert.throws(
      () => initProject(dir, { install: false }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /busy is not empty \(notes\.txt\); choose a new folder, or add --force/.test(error.message),
    );
    assert.deepEqual(listing(dir), ['notes.txt']);
    assert.deepEqual(
      readdirSync(work).filter((entry) => entry.includes('rustybt-init-')),
      [],
      'no staging folder left behind',
    );
  });

  it('with --force writes its files over the folder and keeps the others', () => {
    const dir = join(work, 'forced');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'strategy.ts'), 'old');
    initProject(dir, { install: false, force: true });
    assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
    assert.match(readFileSync(join(dir, 'strategy.ts'), 'utf8'), /export function initialize/);
    assert.ok(listing(dir).includes('data/ORCL.csv'));
  });

  it('accepts an empty folder or one holding only .git, and refuses a file', () => {
    const dir = join(work, 'repo');
    mkdirSync(join(dir, '.git'), { recursive: true });
    initProject(dir, { install: false });
    assert.ok(listing(dir).includes('backtest.yaml'));
    writeFileSync(join(work, 'plain-file'), '');
    assert.throws(() => initProject(join(work, 'plain-file'), { install: false }), /is a file/);
  });
});
