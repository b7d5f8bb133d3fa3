import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors/index.js';
import { validationMarkdown } from '../../src/bench/validation-doc.js';
import { fakeRun } from './bench-fixtures.js';

const date = '2026-03-01T12:00:00.000Z';

describe('the validation report', () => {
  const run = fakeRun('0.1.0', date, [
    // Paired ratios 1.10, 1.20, 1.40 → +20 %.
    {
      cell: 'minute-simple-100',
      mode: 'decimal-rust',
      cpuMs: [110, 120, 140],
      modules: { 'rust core': 60, metrics: 20, data: 10 },
    },
    {
      cell: 'minute-simple-100',
      mode: 'float-rust',
      cpuMs: [100, 100, 100],
      modules: { 'rust core': 50, metrics: 20, data: 20 },
    },
    // Paired ratios 0.90, 0.95, 1.00 → −5 %.
    { cell: 'daily-complex-50', mode: 'decimal-rust', cpuMs: [90, 95, 100] },
    { cell: 'daily-complex-50', mode: 'float-rust', cpuMs: [100, 100, 100] },
  ]);
  const text = validationMarkdown(run);

  it('gives each scenario its overhead, the median of the paired per-round ratios, with the range', () => {
    assert.match(
      text,
      /\| minute-simple-100 \| 100 crypto pairs × minute bars 2024-01-01 to 2024-01-31 \(24\/7\), SMA\(10\)\/SMA\(30\) crossover \| .* \| \*\*\+20\.0 %\*\* \(\+10\.0 % to \+40\.0 %\) \|/,
    );
    assert.match(
      text,
      /\| daily-complex-50 \| 50 equities × daily bars .* \| \*\*-5\.0 %\*\* \(-10\.0 % to \+0\.0 %\) \|/,
    );
  });

  it('splits the profiled time by module in both modes', () => {
    assert.match(
      text,
      /\| minute-simple-100 \| 50 → 60 ms \(\+20\.0 %\) \| 0 → 0 ms \| 20 → 20 ms \(\+0\.0 %\) \| 20 → 10 ms \(-50\.0 %\) \| 0 → 0 ms \|/,
    );
    assert.doesNotMatch(
      text,
      /\| daily-complex-50 \| \d+ → /,
      'no module row without a profiled run',
    );
  });

  it('gives the verdict against < 30 % and ≤ 0 %, naming the scenarios over', () => {
    assert.match(text, /Median overhead over the 2 scenarios: \*\*\+7\.5 %\*\*/);
    assert.match(text, /Plan target, overhead < 30 %: \*\*met\*\*: 2 of 2 scenarios under 30 %\./);
    assert.match(
      text,
      /Our target, overhead ≤ 0 % .*: \*\*not met\*\*: 1 of 2 scenarios at or under 0 %; over it: minute-simple-100 \(\+20\.0 %\)\./,
    );
    assert.match(text, new RegExp(`commit ${run.commit}, run of 2026-03-01 12:00 UTC`));
  });

  it('refuses a run without both decimal-rust and float-rust', () => {
    const tsOnly = fakeRun('0.1.0', date, [
      { cell: 'daily-simple-10', mode: 'decimal-ts', cpuMs: [1] },
    ]);
    assert.throws(() => validationMarkdown(tsOnly), ConfigError);
  });
});
