// Walk-forward windows checked against dates worked out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSpan, walkForwardWindows } from '../../src/optimize/walk-forward-windows.js';

const w = (trainStart: string, trainEnd: string, testStart: string, testEnd: string) => ({
  trainStart,
  trainEnd,
  testStart,
  testEnd,
});

describe('walkForwardWindows', () => {
  // 2010-01-01..2013-03-01, train 2y, test 6m: tests start 2012-01-01, 2012-07-01, 2013-01-01 (cut at the end).
  it('rolls a two-year training window ahead of six-month test windows', () => {
    assert.deepEqual(
      walkForwardWindows(
        '2010-01-01',
        '2013-03-01',
        parseSpan('2y', '--train'),
        parseSpan('6m', '--test'),
      ),
      [
        w('2010-01-01', '2011-12-31', '2012-01-01', '2012-06-30'),
        w('2010-07-01', '2012-06-30', '2012-07-01', '2012-12-31'),
        w('2011-01-01', '2012-12-31', '2013-01-01', '2013-03-01'),
      ],
    );
  });

  it('anchors every training window at the start with --anchored', () => {
    assert.deepEqual(
      walkForwardWindows(
        '2010-01-01',
        '2013-03-01',
        { count: 2, unit: 'y' },
        { count: 6, unit: 'm' },
        true,
      ),
      [
        w('2010-01-01', '2011-12-31', '2012-01-01', '2012-06-30'),
        w('2010-01-01', '2012-06-30', '2012-07-01', '2012-12-31'),
        w('2010-01-01', '2012-12-31', '2013-01-01', '2013-03-01'),
      ],
    );
  });

  // Jan 31 + 1 month = Feb 28 (2011 is not a leap year); Feb 28 + 1 month = Mar 28.
  it('clamps month ends and never starts a training window before the range', () => {
    assert.deepEqual(
      walkForwardWindows(
        '2011-01-31',
        '2011-05-15',
        { count: 1, unit: 'm' },
        { count: 1, unit: 'm' },
      ),
      [
        w('2011-01-31', '2011-02-27', '2011-02-28', '2011-03-27'),
        w('2011-02-28', '2011-03-27', '2011-03-28', '2011-04-27'),
        w('2011-03-28', '2011-04-27', '2011-04-28', '2011-05-15'),
      ],
    );
  });

  it('counts weeks and days', () => {
    assert.deepEqual(
      walkForwardWindows(
        '2012-01-02',
        '2012-01-31',
        { count: 2, unit: 'w' },
        { count: 10, unit: 'd' },
      ),
      [
        w('2012-01-02', '2012-01-15', '2012-01-16', '2012-01-25'),
        w('2012-01-12', '2012-01-25', '2012-01-26', '2012-01-31'),
      ],
    );
  });

  it('refuses bad spans and a range shorter than one training window, with ConfigErrors', () => {
    assert.throws(() => parseSpan('2x', '--train'), {
      name: 'ConfigError',
      message: /--train must be .* like 90d, 4w, 6m or 2y; got "2x"/,
    });
    assert.throws(() => parseSpan('0m', '--test'), { name: 'ConfigError' });
    assert.throws(
      () =>
        walkForwardWindows(
          '2012-01-01',
          '2012-12-31',
          { count: 1, unit: 'y' },
          { count: 1, unit: 'm' },
        ),
      {
        name: 'ConfigError',
        message: /shorter than one training window/,
      },
    );
    assert.throws(
      () =>
        walkForwardWindows(
          '2012-13-01',
          '2013-12-31',
          { count: 1, unit: 'y' },
          { count: 1, unit: 'm' },
        ),
      {
        name: 'ConfigError',
      },
    );
  });
});
