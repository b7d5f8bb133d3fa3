import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BenchHistoryError } from '../../src/errors/index.js';
import {
  compareRuns,
  compareVersions,
  findBaseline,
  regressionMessage,
} from '../../src/bench/compare.js';
import { checkOverhead, decimalOverheads } from '../../src/bench/overhead.js';
import { fakeRun } from './bench-fixtures.js';

const cell = 'hourly-simple-50';
const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;

describe('regression check against a baseline', () => {
  it('flags a cell more than 5 % slower beyond the measured spread, and names its figures', () => {
    const baseline = fakeRun('0.1.0', at(1), [
      { cell, mode: 'decimal-rust', cpuMs: [100, 100, 100] },
      { cell, mode: 'float-rust', cpuMs: [100, 98, 102] },
    ]);
    const current = fakeRun('0.2.0', at(2), [
      // 7 % slower with no spread: a regression.
      { cell, mode: 'decimal-rust', cpuMs: [107, 107, 107] },
      // 7 % slower, but the runs spread 4 and 10 ms: allowed 5 % + (4 + 10) / 2 %.
      { cell, mode: 'float-rust', cpuMs: [102, 107, 112] },
    ]);
    const comparison = compareRuns(current, baseline);
    assert.deepEqual(
      comparison.cells.map((c) => [
        c.mode,
        Number(c.change.toFixed(4)),
        Number(c.allowed.toFixed(4)),
        c.regression,
      ]),
      [
        ['decimal-rust', 0.07, 0.05, true],
        ['float-rust', 0.07, 0.12, false],
      ],
    );
    assert.equal(
      regressionMessage(comparison),
      '1 cell(s) slower than 0.1.0 beyond 5 % plus the measured spread: hourly-simple-50 decimal-rust 100 → 107 ms CPU (+7.0 %, allowed +5.0 %).',
    );
  });

  it('does not flag a cell exactly 5 % slower, nor a faster one', () => {
    const baseline = fakeRun('0.1.0', at(1), [{ cell, mode: 'decimal-rust', cpuMs: [200] }]);
    assert.equal(
      compareRuns(fakeRun('0.2.0', at(2), [{ cell, mode: 'decimal-rust', cpuMs: [210] }]), baseline)
        .regressions.length,
      0,
    );
    assert.equal(
      compareRuns(fakeRun('0.2.0', at(2), [{ cell, mode: 'decimal-rust', cpuMs: [150] }]), baseline)
        .regressions.length,
      0,
    );
  });

  it('takes the newest run of the previous release on the same machine as the default baseline', () => {
    const figures = [{ cell, mode: 'decimal-rust' as const, cpuMs: [100] }];
    const current = fakeRun('0.3.0', at(9), figures);
    const history = [
      fakeRun('0.1.0', at(1), figures),
      fakeRun('0.2.0', at(2), figures),
      fakeRun('0.2.0', at(3), figures),
      fakeRun('0.2.0', at(4), figures, 'another-machine'),
      fakeRun('0.3.0', at(5), figures),
      current,
    ];
    assert.equal(findBaseline(current, history).date, at(3));
    assert.equal(findBaseline(current, history, 'last').date, at(5));
    assert.equal(findBaseline(current, history, '0.1.0').date, at(1));
    assert.throws(
      () => findBaseline(current, history, '0.0.1'),
      (e: unknown) =>
        e instanceof BenchHistoryError &&
        /versions measured here: 0\.1\.0, 0\.2\.0, 0\.3\.0/.test(e.message),
    );
    assert.throws(
      () => findBaseline(fakeRun('0.1.0', at(9), figures), history),
      /No run of a release before 0\.1\.0/,
    );
  });

  it('orders versions numerically', () => {
    assert.ok(compareVersions('0.10.0', '0.9.3') > 0);
    assert.ok(compareVersions('1.0.0', '1.0.0') === 0);
    assert.ok(compareVersions('0.1.0', '0.1.1') < 0);
  });
});

describe('the decimal overhead gate', () => {
  const run = fakeRun('0.1.0', at(1), [
    { cell, mode: 'decimal-rust', cpuMs: [130, 90, 120, 140, 100] },
    { cell, mode: 'float-rust', cpuMs: [100, 100, 100, 100, 100] },
    { cell: 'daily-simple-10', mode: 'decimal-rust', cpuMs: [50, 50, 50, 50, 50] },
    { cell: 'daily-simple-10', mode: 'float-rust', cpuMs: [40, 40, 40, 40, 40] },
  ]);

  it('pairs the two modes round by round and takes the median ratio', () => {
    assert.deepEqual(
      decimalOverheads(run).map((o) => [
        o.cell,
        o.ratio.median,
        o.ratio.min,
        o.ratio.max,
        o.rounds,
      ]),
      [
        [cell, 1.2, 0.9, 1.4, 5],
        ['daily-simple-10', 1.25, 1.25, 1.25, 5],
      ],
    );
  });

  it('passes under the limit and fails over it, naming the cells', () => {
    assert.match(checkOverhead(run, 1.3), /ok {4}hourly-simple-50: decimal\+Rust ÷ float 1\.200/);
    assert.throws(
      () => checkOverhead(run, 1.22),
      (e: unknown) =>
        e instanceof Error &&
        'code' in e &&
        e.code === 'ERR_BENCH_REGRESSION' &&
        /beyond the limit 1\.22 in daily-simple-10 \(1\.250\)/.test(e.message),
    );
  });
});
