import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import {
  compileStrategy,
  strategyCacheDirectory,
} from '../../../src/engine/algorithm/strategy-compiler.js';
import { loadStrategy } from '../../../src/engine/algorithm/strategy-loader.js';
import { StrategyError } from '../../../src/errors/index.js';
import { RustybtError } from '../../../src/index.js';
import { sma } from '../../../src/indicators/index.js';

const root = mkdtempSync(join(tmpdir(), 'rustybt-compiler-'));
const home = join(root, 'home');
after(() => rmSync(root, { recursive: true, force: true }));

let projects = 0;
/** A user project: its files (relative path → text), in a fresh folder. */
function project(files: Record<string, string>): string {
  const dir = join(root, `project-${projects++}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const HOOKS = `export function handleData(): void {}\n`;

describe('compileStrategy', () => {
  it('compiles once; an unchanged strategy comes from the cache, a changed one is rebuilt', async () => {
    const dir = project({ 's.ts': `export function initialize(): number { return 1; }\n${HOOKS}` });
    const entry = join(dir, 's.ts');
    const first = await compileStrategy(entry, home);
    const again = await compileStrategy(entry, home);
    assert.equal(first.cached, false);
    assert.equal(again.cached, true);
    assert.equal(again.file, first.file);

    writeFileSync(entry, `export function initialize(): number { return 2; }\n${HOOKS}`);
    const changed = await compileStrategy(entry, home);
    assert.equal(changed.cached, false);
    assert.notEqual(changed.file, first.file);
    assert.match(readFileSync(changed.file, 'utf8'), /return 2/);
    // The entry of the old version is gone: one compiled module per strategy file.
    const stem = changed.file.slice(changed.file.lastIndexOf('/') + 1, -'.mjs'.length);
    const siblings = readdirSync(strategyCacheDirectory(home)).filter((name) =>
      name.startsWith(stem.slice(0, 17)),
    );
    assert.deepEqual(siblings.sort(), [`${stem}.json`, `${stem}.mjs`]);
  });

  it('rebuilds when a local TypeScript file the strategy imports changes', async () => {
    const dir = project({
      'params.ts': `export const FAST: number = 10;\n`,
      'main.ts': `import { FAST } from './params.js';\nexport function initialize(ctx: { fast?: number }): void { ctx.fast = FAST; }\n${HOOKS}`,
    });
    const entry = join(dir, 'main.ts');
    assert.equal((await compileStrategy(entry, home)).cached, false);
    assert.equal((await compileStrategy(entry, home)).cached, true);
    writeFileSync(join(dir, 'params.ts'), `export const FAST: number = 12;\n`);
    const rebuilt = await compileStrategy(entry, home);
    assert.equal(rebuilt.cached, false);
    const strategy = await loadStrategy(entry, { home });
    const ctx: { fast?: number } = {};
    await strategy.initialize(ctx);
    assert.equal(ctx.fast, 12);
  });

  it('rebuilds when a tsconfig.json appears beside the strategy', async () => {
    const dir = project({ 's.ts': `export function initialize(): void {}\n${HOOKS}` });
    const entry = join(dir, 's.ts');
    await compileStrategy(entry, home);
    writeFileSync(join(dir, 'tsconfig.json'), '{"compilerOptions":{"strict":true}}');
    assert.equal((await compileStrategy(entry, home)).cached, false);
    assert.equal((await compileStrategy(entry, home)).cached, true);
  });

  it('writes nothing to the cache for a strategy that does not compile', async () => {
    const cacheHome = join(root, 'home-broken');
    const dir = project({ 'broken.ts': `export function initialize( {\n` });
    await assert.rejects(compileStrategy(join(dir, 'broken.ts'), cacheHome), StrategyError);
    assert.deepEqual(readdirSync(strategyCacheDirectory(cacheHome)), []);
  });
});

describe('loadStrategy: what a TypeScript strategy imports', () => {
  it('gets the running rustybt for `rustybt` and `rustybt/indicators`, even beside another copy', async () => {
    const dir = project({
      // The project holds a different "rustybt": the strategy must not get it.
      'node_modules/rustybt/package.json': JSON.stringify({
        name: 'rustybt',
        type: 'module',
        exports: { '.': './other.js', './indicators': './other.js' },
      }),
      'node_modules/rustybt/other.js': `export const RustybtError = 'another copy'; export const sma = 'another copy';`,
      's.ts': `import { RustybtError } from 'rustybt';
import { sma } from 'rustybt/indicators';
export function initialize(ctx: Record<string, unknown>): void { ctx.errorClass = RustybtError; ctx.sma = sma; }
${HOOKS}`,
    });
    const strategy = await loadStrategy(join(dir, 's.ts'), { home });
    const ctx: Record<string, unknown> = {};
    await strategy.initialize(ctx);
    assert.equal(ctx.errorClass, RustybtError);
    assert.equal(ctx.sma, sma);
  });

  it('loads an ESM strategy in a project without "type": "module"', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'plain-project', version: '1.0.0' }),
      's.ts': `import { sma } from 'rustybt/indicators';\nexport function initialize(ctx: { window?: string }): void { ctx.window = sma(5).name; }\n${HOOKS}`,
    });
    const strategy = await loadStrategy(join(dir, 's.ts'), { home });
    const ctx: { window?: string } = {};
    await strategy.initialize(ctx);
    assert.equal(ctx.window, 'sma(5)');
  });

  it('gives require("rustybt") in a CommonJS .cts strategy the running instance', async () => {
    const dir = project({
      's.cts': `const { RustybtError } = require('rustybt');
module.exports = { initialize(ctx: Record<string, unknown>) { ctx.errorClass = RustybtError; }, handleData() {} };`,
    });
    const strategy = await loadStrategy(join(dir, 's.cts'), { home });
    const ctx: Record<string, unknown> = {};
    await strategy.initialize(ctx);
    assert.equal(ctx.errorClass, RustybtError);
  });

  it('resolves the project’s own packages, JSON files and builtins from the strategy’s folder', async () => {
    const dir = project({
      'node_modules/signal-lib/package.json': JSON.stringify({
        name: 'signal-lib',
        type: 'module',
        exports: { '.': { import: './esm.js', require: './cjs.cjs' } },
      }),
      'node_modules/signal-lib/esm.js': `export const flavour = 'esm';`,
      'node_modules/signal-lib/cjs.cjs': `exports.flavour = 'cjs';`,
      'config/params.json': JSON.stringify({ fast: 7 }),
      'lib/where.ts': `export const here: string = import.meta.url;\nexport const folder: string = import.meta.dirname;`,
      's.ts': `import { basename } from 'node:path';
import { flavour } from 'signal-lib';
import params from './config/params.json' with { type: 'json' };
import { here, folder } from './lib/where.ts';
export function initialize(ctx: Record<string, unknown>): void {
  ctx.flavour = flavour; ctx.fast = params.fast; ctx.here = here; ctx.folder = folder;
  ctx.self = import.meta.url; ctx.name = basename(import.meta.filename);
}
${HOOKS}`,
    });
    const strategy = await loadStrategy(join(dir, 's.ts'), { home });
    const ctx: Record<string, unknown> = {};
    await strategy.initialize(ctx);
    assert.deepEqual(ctx, {
      flavour: 'esm',
      fast: 7,
      here: pathToFileURL(join(dir, 'lib/where.ts')).href,
      folder: join(dir, 'lib'),
      self: pathToFileURL(join(dir, 's.ts')).href,
      name: 's.ts',
    });
  });

  it('names the package it cannot find, with the importing line', async () => {
    const dir = project({
      's.ts': `export function initialize(): void { void x; }\nimport { x } from 'no-such-package';\n${HOOKS}`,
    });
    await assert.rejects(loadStrategy(join(dir, 's.ts'), { home }), (error: unknown) => {
      assert.ok(error instanceof StrategyError);
      assert.match(error.message, /s\.ts:2:\d+: Could not resolve "no-such-package"/);
      return true;
    });
  });

  it('refuses a rustybt subpath the package does not export, listing those it does', async () => {
    const dir = project({
      's.ts': `import { x } from 'rustybt/internals/ledger';\nexport function initialize(): void { void x; }\n${HOOKS}`,
    });
    await assert.rejects(
      loadStrategy(join(dir, 's.ts'), { home }),
      /Strategies can import rustybt, rustybt\/indicators.*"rustybt\/internals\/ledger" is not one of them/s,
    );
  });

  it('maps a hook’s runtime error to the strategy’s own line', async () => {
    const dir = project({
      's.ts': `type Ctx = { n: number };\nexport function initialize(ctx: Ctx): void {\n  ctx.n = 1;\n  throw new Error('bad universe');\n}\n${HOOKS}`,
    });
    const strategy = await loadStrategy(join(dir, 's.ts'), { home });
    assert.throws(
      () => strategy.initialize({ n: 0 }),
      (error: unknown) => {
        assert.match((error as Error).stack ?? '', /s\.ts:4:\d+/);
        return true;
      },
    );
  });

  it('rebuilds a cached module that was damaged on disk', async () => {
    const dir = project({
      's.ts': `export function initialize(ctx: { ok?: boolean }): void { ctx.ok = true; }\n${HOOKS}`,
    });
    const entry = join(dir, 's.ts');
    const { file } = await compileStrategy(entry, home);
    writeFileSync(file, 'export function initialize( {');
    const strategy = await loadStrategy(entry, { home });
    const ctx: { ok?: boolean } = {};
    await strategy.initialize(ctx);
    assert.equal(ctx.ok, true);
  });
});
