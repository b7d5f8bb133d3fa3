import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocateBarFrame, checkBarFrame, priceAsNumber } from '../../src/data/bar-frame.js';
import { DataError } from '../../src/errors/index.js';

function frame() {
  const f = allocateBarFrame('AAPL', '1d', 2, 4, 0);
  f.timestamps.set([Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3)]);
  f.open.set([750875, 751000]);
  f.high.set([752000, 753000]);
  f.low.set([749000, 750000]);
  f.close.set([751500, 752500]);
  f.volume.set([135480400, 146322800]);
  return f;
}

describe('BarFrame', () => {
  it('accepts a well-formed frame and reads prices as numbers', () => {
    const f = frame();
    checkBarFrame(f);
    assert.equal(priceAsNumber(f, f.open[0]), 75.0875);
  });

  it('rejects non-integer units, naming the column and index', () => {
    const f = frame();
    f.close[1] = 752500.5;
    assert.throws(() => checkBarFrame(f), { name: 'DataError', message: /close\[1\] = 752500.5/ });
  });

  it('rejects units beyond 2^53 and columns of the wrong length', () => {
    const f = frame();
    f.volume[0] = 2 ** 54;
    assert.throws(() => checkBarFrame(f), DataError);
    const g = frame();
    g.high = new Float64Array(1);
    assert.throws(() => checkBarFrame(g), /column high has 1 values but there are 2 timestamps/);
  });

  it('rejects timestamps that do not strictly increase, and bad scales', () => {
    const f = frame();
    f.timestamps[1] = f.timestamps[0]!;
    assert.throws(() => checkBarFrame(f), /must strictly increase; index 1/);
    const g = frame();
    g.timestamps[1] = NaN;
    assert.throws(() => checkBarFrame(g), /index 1 \(NaN\)/);
    const h = frame();
    h.priceScale = 19;
    assert.throws(() => checkBarFrame(h), /priceScale must be an integer from 0 to 18/);
  });
});
