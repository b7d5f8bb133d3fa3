import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import {
  CsvFields,
  decimalShape,
  plainDecimalUnits,
} from '../../../src/data/sources/csv-fields.js';
import { parseDecimal } from '../../../src/numeric/index.js';

describe('CsvFields', () => {
  it('finds every field, empty ones included', () => {
    const fields = new CsvFields(';', 8);
    const line = 'a;;bc;d';
    assert.equal(fields.scan(line), 4);
    const texts = Array.from({ length: 4 }, (_, k) => line.slice(fields.start[k], fields.end[k]));
    assert.deepEqual(texts, ['a', '', 'bc', 'd']);
  });
});

describe('plainDecimalUnits', () => {
  it('agrees with parseDecimal whenever it answers, and answers for plain text that fits', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 16n }), fc.integer({ min: 0, max: 8 }))
      .map(([negative, digits, point]) => {
        const s = digits.toString().padStart(point + 1, '0');
        return `${negative ? '-' : ''}${s.slice(0, s.length - point)}${point > 0 ? '.' : ''}${s.slice(s.length - point)}`;
      });
    fc.assert(
      fc.property(decimal, fc.integer({ min: 0, max: 8 }), (text, scale) => {
        const line = `x,${text},y`;
        const units = plainDecimalUnits(line, 2, 2 + text.length, scale);
        const [fraction] = [text.includes('.') ? text.length - text.indexOf('.') - 1 : 0];
        const digitCount = text.replace(/[-.]/g, '').length;
        const exact = parseDecimal(text, scale);
        const fits =
          exact <= BigInt(Number.MAX_SAFE_INTEGER) && exact >= -BigInt(Number.MAX_SAFE_INTEGER);
        if (fraction <= scale && digitCount <= 15 && fits) {
          return units !== undefined && BigInt(units) === exact;
        }
        return units === undefined;
      }),
    );
  });

  it('leaves text it cannot read exactly to the slow path', () => {
    assert.equal(plainDecimalUnits('1e5', 0, 3, 2), undefined);
    assert.equal(plainDecimalUnits('NaN', 0, 3, 2), undefined);
    assert.equal(plainDecimalUnits('', 0, 0, 2), undefined);
  });
});

describe('decimalShape', () => {
  it('packs fraction and whole digits', () => {
    const shape = (text: string): [number, number] => {
      const packed = decimalShape(text, 0, text.length);
      return [packed >> 10, packed & 1023];
    };
    assert.deepEqual(shape('965802.16510373'), [8, 6]);
    assert.deepEqual(shape(' -1.50 '), [2, 1]);
    assert.deepEqual(shape('22351900'), [0, 8]);
    assert.deepEqual(shape('1.5e-3'), [1, 1]);
  });
});
