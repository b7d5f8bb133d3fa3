import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roundTrips } from '../../src/engine/metrics/round-trips.js';
import type { Table } from '../../src/analytics/table.js';

type Fill = [timestamp: string, symbol: string, amount: string, price: string, commission: string];

function transactions(fills: Fill[]): Table {
  const at = (k: number) => fills.map((f) => f[k]);
  return {
    name: 'transactions',
    columns: [
      { name: 'timestamp', kind: 'timestamp', values: at(0) },
      { name: 'symbol', kind: 'string', values: at(1) },
      { name: 'amount', kind: 'decimal', values: at(2) },
      { name: 'price', kind: 'decimal', values: at(3) },
      { name: 'commission', kind: 'decimal', values: at(4) },
    ],
  };
}

function held(rows: [session: string, symbol: string, amount: string][]): Table {
  return {
    name: 'positionsOverTime',
    columns: [
      { name: 'session', kind: 'date', values: rows.map((r) => r[0]) },
      { name: 'symbol', kind: 'string', values: rows.map((r) => r[1]) },
      { name: 'amount', kind: 'decimal', values: rows.map((r) => r[2]) },
      { name: 'value', kind: 'decimal', values: rows.map(() => '0') },
    ],
  };
}

const sessions = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];

describe('round trips from transactions', () => {
  it('closes a long built in two buys when the position returns to zero, with exact P&L', () => {
    const trips = roundTrips(
      transactions([
        ['2024-01-02T14:31:00.000Z', 'BTC', '0.1', '40000.10', '0.01'],
        ['2024-01-03T14:31:00.000Z', 'BTC', '0.2', '40000.20', '0.01'],
        ['2024-01-04T15:00:00.000Z', 'BTC', '-0.3', '41000.30', '0.02'],
      ]),
      held([]),
      sessions,
    );
    assert.equal(trips.length, 1);
    const [trip] = trips;
    // 0.3 × 41000.30 − 0.1 × 40000.10 − 0.2 × 40000.20 − 0.04 = 12300.09 − 4000.01 − 8000.04 − 0.04
    assert.equal(trip.pnl, '300.00');
    assert.equal(trip.quantity, '0.3');
    assert.equal(trip.commission, '0.04');
    assert.equal(trip.side, 'long');
    assert.equal(trip.entrySession, '2024-01-02');
    assert.equal(trip.exitSession, '2024-01-04');
    assert.equal(trip.sessionsHeld, 2);
    assert.equal(trip.fills, 3);
    assert.equal(trip.durationSeconds, 2 * 86400 + 29 * 60);
    assert.ok(Math.abs(trip.averageEntryPrice - 12000.05 / 0.3) < 1e-9);
    assert.ok(Math.abs(trip.averageExitPrice - 41000.3) < 1e-9);
    assert.ok(Math.abs(trip.return - 300 / 12000.05) < 1e-12);
  });

  it('splits a fill that flips the position: it closes the long and opens a short with the rest', () => {
    const trips = roundTrips(
      transactions([
        ['2024-01-02T00:00:00.000Z', 'X', '10', '5', '1'],
        ['2024-01-03T00:00:00.000Z', 'X', '-30', '6', '1'],
        ['2024-01-05T00:00:00.000Z', 'X', '20', '4', '1'],
      ]),
      held([]),
      sessions,
    );
    assert.deepEqual(
      trips.map((t) => [t.side, t.quantity, t.pnl, t.commission, t.fills]),
      [
        ['long', '10', '8.00', '2.00', 2],
        ['short', '20', '39.00', '1.00', 2],
      ],
    );
  });

  it('keeps symbols apart and leaves a trip still open at the end out', () => {
    const trips = roundTrips(
      transactions([
        ['2024-01-02T00:00:00.000Z', 'A', '1', '10', '0'],
        ['2024-01-02T00:00:00.000Z', 'B', '-2', '20', '0'],
        ['2024-01-03T00:00:00.000Z', 'A', '-1', '11', '0'],
      ]),
      held([['2024-01-02', 'B', '-2']]),
      sessions,
    );
    assert.deepEqual(
      trips.map((t) => [t.symbol, t.pnl]),
      [['A', '1.00']],
    );
  });

  it('follows a split through the recorded positions, so the trip still closes at zero', () => {
    // 100 bought at 200, a 2:1 split after the first session, 200 sold at 101.
    const trips = roundTrips(
      transactions([
        ['2024-01-02T00:00:00.000Z', 'S', '100', '200', '0'],
        ['2024-01-04T00:00:00.000Z', 'S', '-200', '101', '0'],
      ]),
      held([
        ['2024-01-02', 'S', '100'],
        ['2024-01-03', 'S', '200'],
      ]),
      sessions,
    );
    assert.equal(trips.length, 1);
    assert.equal(trips[0].pnl, '200.00');
  });

  it('reads float-mode text with exponents exactly', () => {
    const trips = roundTrips(
      transactions([
        ['2024-01-02T00:00:00.000Z', 'X', '1e-7', '100', '0'],
        ['2024-01-03T00:00:00.000Z', 'X', '-1e-7', '200', '0'],
      ]),
      held([]),
      sessions,
    );
    assert.equal(trips[0].pnl, '0.00001');
  });
});
