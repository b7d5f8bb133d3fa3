import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadStrategy } from '../../../src/engine/algorithm/strategy-loader.js';
import { StrategyError } from '../../../src/errors/index.js';

const dir = mkdtempSync(join(tmpdir(), 'rustybt-strategy-'));
// Compiled strategies go to this test's own home, not the user's.
process.env.RUSTYBT_HOME = join(dir, 'home');
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

describe('loadStrategy', () => {
  it('loads a TypeScript module exporting the hooks as functions', async () => {
    const path = write(
      'named.ts',
      `interface Ctx { calls: string[] }
       export function initialize(ctx: Ctx): void { ctx.calls.push('init'); }
       export function handleData(ctx: Ctx, _data: unknown): void { ctx.calls.push('bar'); }`,
    );
    const strategy = await loadStrategy(path);
    const ctx = { calls: [] as string[] };
    await strategy.initialize(ctx);
    strategy.handleData(ctx, {});
    assert.deepEqual(ctx.calls, ['init', 'bar']);
    assert.equal(strategy.analyze, undefined);
  });

  it('instantiates a default-exported class and keeps `this` bound in its hooks', async () => {
    const path = write(
      'class.ts',
      `export default class Momentum {
         private bars = 0;
         initialize(): void { this.bars = 0; }
         handleData(ctx: { seen: number }): void { this.bars += 1; ctx.seen = this.bars; }
         analyze(ctx: { seen: number }): void { ctx.seen *= 10; }
       }`,
    );
    const { initialize, handleData, analyze } = await loadStrategy(path);
    const ctx = { seen: 0 };
    await initialize(ctx);
    handleData(ctx, {});
    handleData(ctx, {});
    await analyze?.(ctx, {});
    assert.equal(ctx.seen, 20);
  });

  it('loads a plain JavaScript module with a default-exported object', async () => {
    const path = write(
      'object.mjs',
      `export default { initialize(ctx) { ctx.ok = true; }, handleData() {}, beforeTradingStart() {} };`,
    );
    const strategy = await loadStrategy(path);
    const ctx: { ok?: boolean } = {};
    await strategy.initialize(ctx);
    assert.equal(ctx.ok, true);
    assert.equal(typeof strategy.beforeTradingStart, 'function');
  });

  it('says which file is missing', async () => {
    await assert.rejects(loadStrategy(join(dir, 'nope.ts')), (error: unknown) => {
      assert.ok(error instanceof StrategyError);
      assert.equal(error.code, 'ERR_STRATEGY');
      assert.match(error.message, /Strategy file not found: .*nope\.ts/);
      return true;
    });
  });

  it('names the missing hooks and what the module does export', async () => {
    const path = write(
      'partial.ts',
      `export function initialize(): void {}\nexport const fast = 10;`,
    );
    await assert.rejects(
      loadStrategy(path),
      /handleData is missing\. Export initialize\(ctx\) and handleData\(ctx, data\).*It exports: fast, initialize\./,
    );
  });

  it('rejects an optional hook that is not a function', async () => {
    const path = write(
      'bad-optional.mjs',
      `export function initialize() {}\nexport function handleData() {}\nexport const analyze = 3;`,
    );
    await assert.rejects(loadStrategy(path), /analyze is not a function/);
  });

  it('keeps the strategy’s own stack when its module throws while loading', async () => {
    const path = write(
      'throws.ts',
      `function boom(): never { throw new Error('bad universe'); }\nboom();\nexport function initialize(): void {}\nexport function handleData(): void {}`,
    );
    await assert.rejects(loadStrategy(path), (error: unknown) => {
      assert.ok(error instanceof StrategyError);
      assert.match(error.message, /throws\.ts failed to load: bad universe/);
      assert.match(error.strategyStack ?? '', /boom/);
      assert.match(error.strategyStack ?? '', /throws\.ts/);
      return true;
    });
  });

  it('points a syntax error at the user’s file, line and column', async () => {
    const path = write(
      'syntax.ts',
      `export function initialize(): void {}\nexport function handleData(): void {\n  const x = ;\n}`,
    );
    await assert.rejects(loadStrategy(path), (error: unknown) => {
      assert.ok(error instanceof StrategyError);
      assert.match(error.message, /syntax\.ts failed to compile/);
      assert.match(error.message, /syntax\.ts:3:13: Unexpected ";"/);
      assert.match(error.message, /const x = ;\n\s+\^/);
      return true;
    });
  });

  it('reports a constructor that throws', async () => {
    const path = write(
      'ctor.mjs',
      `export default class S { constructor() { throw new Error('no config'); } initialize() {} handleData() {} }`,
    );
    await assert.rejects(loadStrategy(path), /its constructor threw: no config/);
  });
});
