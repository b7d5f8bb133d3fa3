import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it, test } from 'node:test';
import fc from 'fast-check';
import { formatUnits } from '../../src/numeric/decimal-text.js';
import { DataError } from '../../src/errors/index.js';
import {
  divideRounded,
  formatDecimal,
  parseDecimal,
  parseRoundingMode,
  ROUNDING_MODES,
  unitsFromNumber,
  type RoundingMode,
} from '../../src/numeric/index.js';

const golden = JSON.parse(
  readFileSync(new URL('../fixtures/numeric/rounding-golden.json', import.meta.url), 'utf8'),
) as { cases: [string, number, RoundingMode, string][] };

describe('parseDecimal', () => {
  it(`matches Python's decimal quantize on ${golden.cases.length} golden cases in all eight modes`, () => {
    for (const [text, scale, mode, units] of golden.cases) {
      assert.equal(parseDecimal(text, scale, mode), BigInt(units), `${text} @${scale} ${mode}`);
    }
  });

  it('rounds half to even by default', () => {
    assert.equal(parseDecimal('2.5', 0), 2n);
    assert.equal(parseDecimal('3.5', 0), 4n);
    assert.equal(parseDecimal('1.005', 2), 100n);
  });

  it('rejects text that is not a finite decimal', () => {
    for (const bad of ['', '.', 'abc', '1.2.3', 'NaN', 'Infinity', '1e', '--1', '1,5']) {
      assert.throws(() => parseDecimal(bad, 2), DataError, bad);
    }
  });
});

describe('formatDecimal', () => {
  it('prints exactly scale fraction digits', () => {
    assert.equal(formatDecimal(-5n, 2), '-0.05');
    assert.equal(formatDecimal(123456n, 4), '12.3456');
    assert.equal(formatDecimal(7n, 0), '7');
    assert.equal(formatDecimal(0n, 3), '0.000');
  });

  it('round-trips through parseDecimal for any units and scale', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 18 }),
        (units, scale) => parseDecimal(formatDecimal(units, scale), scale) === units,
      ),
    );
  });
});

describe('unitsFromNumber', () => {
  it('reads a float through its shortest decimal text, not its binary expansion', () => {
    assert.equal(unitsFromNumber(0.1, 18), 10n ** 17n);
    assert.equal(unitsFromNumber(75.0875015258789, 4), 750875n);
    assert.equal(unitsFromNumber(1e-7, 8), 10n);
  });

  it('rejects NaN and infinities', () => {
    assert.throws(() => unitsFromNumber(NaN, 2), DataError);
    assert.throws(() => unitsFromNumber(-Infinity, 2), DataError);
  });
});

describe('divideRounded', () => {
  it('returns one of the two integers around the exact quotient, for any sign', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.constantFrom(...ROUNDING_MODES),
        (n, d, mode) => {
          const q = divideRounded(n, d, mode);
          // The result is one of the two integers around n/d.
          const lower = n >= 0n ? n / d : (n - d + 1n) / d;
          return q === lower || q === lower + 1n;
        },
      ),
    );
  });

  it('rejects a non-positive denominator', () => {
    assert.throws(() => divideRounded(1n, 0n, 'HALF_EVEN'), RangeError);
  });
});

describe('parseRoundingMode', () => {
  it('accepts the eight modes and rejects anything else with the list of valid ones', () => {
    for (const mode of ROUNDING_MODES) assert.equal(parseRoundingMode(mode), mode);
    assert.throws(
      () => parseRoundingMode('HALF_ODD'),
      /Unknown rounding mode "HALF_ODD"; use one of UP, DOWN/,
    );
  });
});

test('formatUnits writes the same text as formatDecimal for every unit count, safe or not', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.maxSafeInteger(),
        fc.maxSafeNat().map((n) => -n),
        fc.double({ min: -1e20, max: 1e20, noNaN: true }).map(Math.trunc),
      ),
      fc.integer({ min: 0, max: 18 }),
      (units, scale) => {
        assert.equal(formatUnits(units, scale), formatDecimal(BigInt(units), scale));
      },
    ),
  );
  assert.equal(formatUnits(-5, 2), '-0.05');
  assert.equal(formatUnits(-0, 2), '0.00');
  assert.equal(formatUnits(2 ** 60, 0), '1152921504606846976');
});
