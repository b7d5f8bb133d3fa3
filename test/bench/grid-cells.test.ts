import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors/index.js';
import { gridCells, selectCells, selectModes } from '../../src/bench/grid-cells.js';

describe('benchmark grid cells', () => {
  it('has daily/hourly/minute × simple/complex × 10/50/100/500 in the standard size', () => {
    const names = gridCells('standard').map((c) => c.name);
    assert.equal(names.length, 24);
    assert.ok(names.includes('minute-simple-100'));
    assert.ok(names.includes('daily-complex-500'));
    assert.deepEqual(
      gridCells('large').map((c) => [
        c.name,
        c.assets,
        c.shape.start,
        c.shape.end,
        c.shape.calendar,
      ]),
      [
        ['year-simple-500', 500, '2024-01-02', '2024-12-31', 'XNYS'],
        ['year-complex-500', 500, '2024-01-02', '2024-12-31', 'XNYS'],
      ],
    );
  });

  it('selects by name and by wildcard, in grid order, without duplicates', () => {
    assert.deepEqual(
      selectCells('minute-*-100,minute-simple-100').map((c) => c.name),
      ['minute-simple-100', 'minute-complex-100'],
    );
    assert.deepEqual(
      selectCells('*-complex-10, daily-simple-10').map((c) => c.name),
      ['daily-simple-10', 'daily-complex-10', 'hourly-complex-10', 'minute-complex-10'],
    );
  });

  it('refuses an unknown cell with a ConfigError listing the valid ones', () => {
    assert.throws(
      () => selectCells('minute-simple-1000'),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.code === 'ERR_CONFIG' &&
        /"minute-simple-1000"/.test(error.message) &&
        /daily-simple-10, /.test(error.message) &&
        /year-simple-500/.test(error.message),
    );
    assert.throws(() => selectCells('minute-simple-100', 'large'), /valid cells: year-simple-500/);
  });

  it('refuses unknown sizes and modes, listing the valid ones', () => {
    assert.throws(() => selectCells(undefined, 'huge'), /size "huge".*standard, large/);
    assert.throws(
      () => selectModes('decimal-rust,float-ts'),
      (error: unknown) =>
        error instanceof ConfigError &&
        /"float-ts".*decimal-rust, float-rust, decimal-ts/.test(error.message),
    );
    assert.deepEqual(selectModes('decimal-ts,decimal-rust'), ['decimal-rust', 'decimal-ts']);
  });
});
