// Parameters as a strategy sees them, parameter spaces, grids from the command line, random draws.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { runAlgorithm } from '../../src/engine/algorithm/run-algorithm.js';
import { checkParams } from '../../src/engine/algorithm/strategy-params.js';
import { parseGrid } from '../../src/optimize/grid-spec.js';
import { checkSpace, gridOf, range, spaceSize } from '../../src/optimize/parameter-space.js';
import { randomCombinations } from '../../src/optimize/random-search.js';
import { realDailyFrame } from '../helpers/real-bars.js';

describe('ctx.params', () => {
  it('shows the run options params to the strategy, frozen', async () => {
    const seen: unknown[] = [];
    await runAlgorithm({
      frames: [realDailyFrame('GOOG.csv', 'GOOG', 2)],
      start: '2012-01-03',
      end: '2012-01-10',
      capitalBase: 1000,
      params: { slow: 30, fast: 10, mode: 'ema', short: false },
      strategy: {
        initialize(ctx) {
          seen.push(ctx.params, Object.isFrozen(ctx.params));
          assert.throws(() => {
            (ctx.params as Record<string, unknown>).fast = 1;
          }, TypeError);
        },
        handleData() {},
      },
    });
    assert.deepEqual(seen, [{ fast: 10, mode: 'ema', short: false, slow: 30 }, true]);
  });

  it('refuses a value that is not a finite number, string or boolean, naming the parameter', () => {
    for (const bad of [NaN, Infinity, null, [1], { a: 1 }]) {
      assert.throws(() => checkParams({ fast: 10, slow: bad }), {
        name: 'ParameterError',
        code: 'ERR_PARAMETER',
        parameter: 'slow',
        message: /^Parameter slow must be a finite number, a string or a boolean/,
      });
    }
    assert.throws(() => checkParams({ '2fast': 1 }), {
      name: 'ParameterError',
      parameter: '2fast',
    });
    assert.throws(() => checkParams([1, 2]), {
      name: 'ParameterError',
      message: /must be an object/,
    });
  });
});

describe('parameter spaces', () => {
  it('ranges include the stop and keep decimal steps decimal', () => {
    assert.deepEqual(range(5, 50, 5), [5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    assert.deepEqual(range(0.1, 0.5, 0.1), [0.1, 0.2, 0.3, 0.4, 0.5]);
    assert.deepEqual(range(1, 10, 4), [1, 5, 9]);
    assert.throws(() => range(5, 1, 1), {
      name: 'ParameterError',
      message: /stop is before start/,
    });
    assert.throws(() => range(1, 5, 0), {
      name: 'ParameterError',
      message: /step must be positive/,
    });
  });

  it('walks the grid with the last parameter fastest and applies the constraint', () => {
    const space = checkSpace({ fast: [5, 10, 20], slow: [10, 20] }, 'test');
    assert.deepEqual(
      gridOf(space, (p) => (p.fast as number) < (p.slow as number)),
      [
        { fast: 5, slow: 10 },
        { fast: 5, slow: 20 },
        { fast: 10, slow: 20 },
      ],
    );
    assert.throws(() => gridOf(space, () => false), {
      name: 'ParameterError',
      message: /No combination/,
    });
    assert.throws(() => checkSpace({ fast: [] }, 'x.ts'), {
      name: 'ParameterError',
      parameter: 'fast',
    });
    assert.throws(() => checkSpace({ fast: [1, 1] }, 'x.ts'), { message: /lists 1 twice/ });
  });

  it('parses command-line grids: ranges, lists, fixed values, typed', () => {
    assert.deepEqual(parseGrid('fast=5:15:5, slow=20:40:10,mode=sma|ema,short=true'), {
      fast: [5, 10, 15],
      slow: [20, 30, 40],
      mode: ['sma', 'ema'],
      short: [true],
    });
    assert.throws(() => parseGrid('fast'), {
      name: 'ParameterError',
      message: /is not name=start:stop:step/,
    });
    assert.throws(() => parseGrid('fast=5:x'), { name: 'ParameterError', parameter: 'fast' });
    assert.throws(() => parseGrid('fast=50:5:5'), {
      name: 'ParameterError',
      message: /Parameter fast: .*stop is before start/,
    });
    assert.throws(() => parseGrid('fast=1,fast=2'), { message: /appears twice/ });
  });

  it('draws the same distinct allowed combinations for the same seed, in grid order', () => {
    const space = checkSpace({ a: range(1, 30), b: range(1, 30) }, 'test');
    const lower = (p: Record<string, unknown>) => (p.a as number) < (p.b as number);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer(), (count, seed) => {
        const drawn = randomCombinations(space, count, seed, lower);
        assert.deepEqual(randomCombinations(space, count, seed, lower), drawn);
        const keys = drawn.map((p) => `${p.a},${p.b}`);
        assert.equal(new Set(keys).size, drawn.length);
        assert.equal(drawn.length, Math.min(count, 435));
        assert.ok(drawn.every(lower));
        const order = drawn.map((p) => ((p.a as number) - 1) * 30 + (p.b as number));
        assert.deepEqual(
          order,
          [...order].sort((x, y) => x - y),
        );
      }),
      { numRuns: 40 },
    );
    assert.equal(spaceSize(space), 900);
    assert.notDeepEqual(randomCombinations(space, 5, 1), randomCombinations(space, 5, 2));
  });
});
