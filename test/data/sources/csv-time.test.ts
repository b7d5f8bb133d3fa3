import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CsvTimeReader } from '../../../src/data/sources/csv-time.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

describe('CsvTimeReader: ISO dates read in place', () => {
  it('reads runs of date-times, day changes included, exactly as Date.parse does in UTC', () => {
    const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2030, 11, 31) });
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 40 }), (instants) => {
        const reader = new CsvTimeReader('iso', 'UTC', false);
        const sorted = instants.map((t) => Math.floor(t / 1000) * 1000).sort((a, b) => a - b);
        for (const t of sorted) {
          const d = new Date(t);
          const text = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
          const line = `x,${text},1.0`;
          assert.equal(reader.readPlainIsoAt(line, 2, 2 + text.length), t, text);
          assert.equal(reader.read(text, undefined), t, text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('applies the time zone per bar, across a daylight-saving change within one day label', () => {
    const reader = new CsvTimeReader('iso', 'America/New_York', false);
    // 2024-03-10: clocks go from 02:00 EST to 03:00 EDT.
    assert.equal(
      reader.readPlainIsoAt('2024-03-10 01:30:00', 0, 19),
      Date.parse('2024-03-10T06:30:00Z'),
    );
    assert.equal(
      reader.readPlainIsoAt('2024-03-10 03:30:00', 0, 19),
      Date.parse('2024-03-10T07:30:00Z'),
    );
  });

  it('hands other shapes and impossible dates back to the general reader', () => {
    const reader = new CsvTimeReader('iso', 'UTC', true);
    assert.equal(reader.readPlainIsoAt('2024-02-29', 0, 10), Date.UTC(2024, 1, 29));
    assert.equal(reader.readPlainIsoAt('2023-02-29', 0, 10), undefined);
    assert.equal(reader.readPlainIsoAt('2024/02/28', 0, 10), undefined);
    assert.equal(reader.readPlainIsoAt('2024-02-28T00:00:00Z', 0, 20), undefined);
    assert.ok(Number.isNaN(reader.read('2023-02-29', undefined)));
    assert.equal(
      new CsvTimeReader('dmy', 'UTC', true).readPlainIsoAt('2024-02-28', 0, 10),
      undefined,
    );
  });
});
