import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runScenario, scenario, scenarioStrategy } from '../../src/bench/scenarios/index.js';
import type { Table } from '../../src/analytics/table.js';

const home = mkdtempSync(join(tmpdir(), 'rustybt-scenarios-'));
after(() => rmSync(home, { recursive: true, force: true }));

function column(table: Table, name: string): (string | number)[] {
  return Array.from(
    table.columns.find((c) => c.name === name)!.values as ArrayLike<string | number>,
  );
}

describe('profiling scenarios, offline on their synthetic twins', () => {
  it('runs the daily scenario with the simple strategy in both modes, with matching trades', async () => {
    const exact = await runScenario({
      scenario: 'daily',
      strategy: 'simple',
      numeric: 'decimal',
      home,
      sessions: 120,
    });
    const float = await runScenario({
      scenario: 'daily',
      strategy: 'simple',
      numeric: 'float',
      home,
      sessions: 120,
    });
    assert.equal(exact.meta.assets, 50);
    assert.ok(column(exact.transactions, 'symbol').length > 20, 'the crossover trades');
    assert.deepEqual(column(float.transactions, 'symbol'), column(exact.transactions, 'symbol'));
    // Sizing from a float value can land one share lower than the exact quotient: at most one lot apart.
    const exactAmounts = column(exact.transactions, 'amount').map(Number);
    column(float.transactions, 'amount').forEach((amount, i) => {
      assert.ok(
        Math.abs(Number(amount) - exactAmounts[i]) <= 1,
        `fill ${i}: ${amount} vs ${exactAmounts[i]}`,
      );
    });
    const a = Number(column(exact.performance, 'portfolioValue').at(-1));
    const b = Number(column(float.performance, 'portfolioValue').at(-1));
    assert.ok(Math.abs(a - b) < 1e-4 * a, `${a} vs ${b}`);
  });

  it('runs the complex strategy with limit entries and ATR stops on the hourly crypto scenario', async () => {
    const results = await runScenario({
      scenario: 'hourly',
      strategy: 'complex',
      home,
      sessions: 40,
    });
    assert.equal(results.meta.assets, 20);
    assert.equal(results.meta.calendar, '24/7');
    const types = new Set(column(results.orders, 'type'));
    assert.ok(types.has('limit'), `order types: ${[...types].join(', ')}`);
    assert.ok(types.has('stop'), `order types: ${[...types].join(', ')}`);
    assert.ok(column(results.transactions, 'symbol').length > 0);
  });

  it('runs the minute scenario', async () => {
    const results = await runScenario({
      scenario: 'minute',
      strategy: 'simple',
      home,
      sessions: 1,
    });
    assert.equal(results.meta.assets, 10);
    assert.ok(results.meta.bars >= 1440);
  });

  it('names the valid scenarios and strategies on a typo', () => {
    assert.throws(() => scenario('weekly'), /use daily, hourly, minute/);
    assert.throws(() => scenarioStrategy('fancy'), /use simple or complex/);
  });
});
