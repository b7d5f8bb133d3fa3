import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  checkCalendarDate,
  describeUnknownSymbols,
  nearSymbols,
  sessionFromDate,
} from '../../src/assets/index.js';
import { ConfigError } from '../../src/errors/index.js';

describe('sessionFromDate and checkCalendarDate', () => {
  it('refuses dates that name no day instead of rolling them into the next month', () => {
    assert.throws(() => sessionFromDate('2010-02-30', 'start'), {
      name: 'ConfigError',
      message: 'start 2010-02-30 is not a date: 2010-02 has days 01 to 28.',
    });
    assert.throws(() => sessionFromDate('2024-04-31', '--end'), /2024-04 has days 01 to 30/);
    assert.throws(() => sessionFromDate('2024-13-01'), /month 13 does not exist/);
    assert.throws(() => sessionFromDate('2024-00-10'), /month 00 does not exist/);
    assert.throws(() => sessionFromDate('2024-01-00'), /2024-01 has days 01 to 31/);
    assert.throws(() => checkCalendarDate('2023-02-29T10:00:00Z', '--start'), ConfigError);
    assert.equal(sessionFromDate('2024-02-29'), Date.UTC(2024, 1, 29));
  });

  it('accepts every real day and gives its UTC midnight (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }),
        (date) => {
          const text = date.toISOString().slice(0, 10);
          assert.equal(sessionFromDate(text), Date.parse(`${text}T00:00:00Z`));
        },
      ),
    );
  });
});

describe('near-match symbol suggestions', () => {
  it('suggests the same symbol in another case first, then close spellings', () => {
    assert.deepEqual(nearSymbols('goog', ['AAPL', 'GOOG', 'GOOGL', 'MSFT']), ['GOOG', 'GOOGL']);
    assert.deepEqual(nearSymbols('MSTF', ['AAPL', 'GOOG', 'MSFT']), ['MSFT']);
    assert.deepEqual(nearSymbols('XYZ', ['AAPL', 'GOOG', 'MSFT']), []);
    assert.equal(
      describeUnknownSymbols(['goog', 'XYZ'], ['GOOG', 'NVDA']),
      'goog (did you mean GOOG?), XYZ',
    );
  });

  it('always offers the mis-cased symbol itself (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[A-Z]{1,6}$/), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        (known, pick) => {
          const symbol = known[pick % known.length];
          assert.equal(nearSymbols(symbol.toLowerCase(), known)[0], symbol);
        },
      ),
    );
  });
});
