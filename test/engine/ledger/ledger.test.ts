import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ConfigError, DataError, OrderError } from '../../../src/errors/index.js';
import { AssetFinder } from '../../../src/assets/index.js';
import { Ledger } from '../../../src/engine/ledger/index.js';
import { decimalConfig, decimalNumeric, type NumericMode } from '../../../src/numeric/index.js';
import { day, usdLedger, world } from '../world.js';

const MODES: NumericMode[] = ['decimal', 'float'];

describe('Ledger golden scenarios (decimal, computed by hand)', () => {
  it('gives a position snapshot whose average cost stays that of the snapshot, in JSON too', () => {
    const w = world();
    const ledger = usdLedger(w, 'decimal', '10000.00');
    const sid = w.aapl.sid;
    // 3 @ 100.00 (the $1.00 commission is not cost): average 100.00; then 3 @ 200.00: 150.00.
    ledger.applyFill(sid, 3, 10000, 100);
    const view = ledger.position(sid);
    assert.equal(view.averageCost, ledger.averageCost(sid));
    assert.equal(view.averageCost, 10000);
    // Later fills change the ledger, not the snapshot taken before them.
    ledger.applyFill(sid, 3, 20000, 0);
    assert.equal(view.averageCost, 10000);
    assert.equal(ledger.position(sid).averageCost, ledger.averageCost(sid));
    const json = JSON.parse(JSON.stringify(view)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), [
      'asset',
      'quantity',
      'costBasis',
      'averageCost',
      'lastPrice',
      'marketValue',
      'realized',
      'unrealized',
    ]);
    assert.equal(json.averageCost, 10000);
    assert.equal(ledger.averageCost(sid), 15000);
    assert.equal(ledger.positions()[0].averageCost, ledger.averageCost(sid));
  });

  it('buys, marks, sells part and realizes against the average cost', () => {
    const w = world();
    const ledger = usdLedger(w, 'decimal', '10000.00');
    const sid = w.aapl.sid;
    // Buy 10 @ 100.00 with $1.00 commission, buy 10 @ 110.00 with $1.00: cost 2100.00, average 105.00.
    ledger.applyFill(sid, 10, 10000, 100);
    ledger.applyFill(sid, 10, 11000, 100);
    assert.equal(ledger.cash, 10000_00 - 1000_00 - 1100_00 - 200);
    assert.equal(ledger.costBasis[sid], 2100_00);
    assert.equal(ledger.averageCost(sid), 10500);
    // Mark at 120.00: market value 2400.00, unrealized 300.00.
    ledger.markToMarket(new Float64Array([12000, Number.NaN, Number.NaN]));
    assert.equal(ledger.marketValue[sid], 2400_00);
    assert.equal(ledger.unrealized(), 300_00);
    // Sell 5 @ 130.00: proceeds 650.00, cost removed 525.00, realized 125.00.
    const realized = ledger.applyFill(sid, -5, 13000, 0);
    assert.equal(realized, 125_00);
    assert.equal(ledger.quantity[sid], 15);
    assert.equal(ledger.costBasis[sid], 1575_00);
    assert.equal(ledger.cash, 7898_00 + 650_00);
    // The fill is the latest trade: 15 × 130.00 = 1950.00; unrealized 1950.00 - 1575.00.
    assert.equal(ledger.marketValue[sid], 1950_00);
    assert.equal(ledger.unrealized(), 375_00);
    const { assets, sources } = ledger.identity();
    assert.equal(assets, sources);
    assert.equal(ledger.netLiquidation(), 8548_00 + 1950_00);
  });

  it('flips a long into a short in one fill, realizing on the closing part only', () => {
    const w = world();
    const ledger = usdLedger(w, 'decimal', '1000');
    const sid = w.aapl.sid;
    ledger.applyFill(sid, 3, 1000, 0); // 3 @ 10.00
    const realized = ledger.applyFill(sid, -5, 1200, 0); // sell 5 @ 12.00
    assert.equal(realized, 600); // 3 × 2.00
    assert.equal(ledger.quantity[sid], -2);
    assert.equal(ledger.costBasis[sid], -2400); // short 2 @ 12.00
    assert.equal(ledger.cash, 100000 - 3000 + 6000);
    // Cover at 11.00: realized 2 × 1.00.
    assert.equal(ledger.applyFill(sid, 2, 1100, 0), 200);
    assert.equal(ledger.quantity[sid], 0);
    assert.equal(ledger.costBasis[sid], 0);
    assert.equal(ledger.cash, 100000 + 800);
    assert.equal(ledger.realized, 800);
  });

  it('rounds a partial close of an odd cost basis half-even and keeps the identity exact', () => {
    const w = world();
    const ledger = usdLedger(w, 'decimal', '1000');
    const sid = w.aapl.sid;
    ledger.applyFill(sid, 3, 3333, 0); // cost 99.99
    ledger.applyFill(sid, -1, 4000, 0); // removes 99.99/3 = 33.33
    assert.equal(ledger.costBasis[sid], 6666);
    assert.equal(ledger.realized, 4000 - 3333);
    ledger.applyFill(sid, -1, 4000, 0); // removes 66.66/2 = 33.33
    assert.equal(ledger.costBasis[sid], 3333);
    const { assets, sources } = ledger.identity();
    assert.equal(assets, sources);
  });

  it('reports exposure and leverage for a long and a short', () => {
    const w = world();
    const ledger = usdLedger(w, 'decimal', '1000');
    ledger.applyFill(w.aapl.sid, 10, 10000, 0); // long 1000.00
    ledger.applyFill(w.msft.sid, -5, 10000, 0); // short 500.00
    // cash 1000 - 1000 + 500 = 500; positions +1000 - 500; NAV 1000.
    assert.equal(ledger.netLiquidation(), 1000_00);
    assert.equal(ledger.grossExposure(), 1500_00);
    assert.equal(ledger.netExposure(), 500_00);
    assert.equal(ledger.grossLeverage(), 1.5);
    assert.equal(ledger.netLeverage(), 0.5);
  });

  it('measures per-session P&L from the session start', () => {
    const w = world();
    const ledger = usdLedger(w, 'decimal', '1000');
    ledger.applyFill(w.aapl.sid, 10, 1000, 0);
    ledger.startSession();
    ledger.markToMarket(new Float64Array([1050, Number.NaN, Number.NaN]));
    assert.equal(ledger.sessionPnl(), 500);
  });

  it('accrues a dividend on the ex-date and pays it on the pay date', () => {
    const w = world();
    const ledger = usdLedger(w, 'decimal', '1000');
    const sid = w.aapl.sid;
    ledger.applyFill(sid, 7, 1000, 0);
    // 7 × 0.125 = 0.875 → 0.88 (HALF_EVEN at the cent: 87.5 → 88).
    assert.equal(ledger.accrueDividend(sid, '0.125', day('2021-02-10')), 88);
    assert.equal(ledger.dividendsReceivable, 88);
    assert.equal(ledger.payDividends(day('2021-02-09')), 0);
    assert.equal(ledger.payDividends(day('2021-02-10')), 88);
    assert.equal(ledger.cash, 100000 - 7000 + 88);
    assert.equal(ledger.dividends, 88);
    assert.equal(ledger.dividendsReceivable, 0);
    const { assets, sources } = ledger.identity();
    assert.equal(assets, sources);
  });

  it('charges the dividend to a short position', () => {
    const w = world();
    const ledger = usdLedger(w, 'decimal', '1000');
    ledger.applyFill(w.aapl.sid, -4, 1000, 0);
    assert.equal(ledger.accrueDividend(w.aapl.sid, '0.50', day('2021-01-05')), -200);
    ledger.payDividends(day('2021-01-05'));
    assert.equal(ledger.dividends, -200);
  });

  it('splits 3-for-2 with a cash payment for the fractional share', () => {
    const w = world();
    const ledger = usdLedger(w, 'decimal', '1000');
    const sid = w.aapl.sid;
    ledger.applyFill(sid, 5, 3000, 0); // 5 @ 30.00, cost 150.00
    ledger.markToMarket(new Float64Array([3300, Number.NaN, Number.NaN]));
    // 5 × 3/2 = 7.5 → keep 7, pay 0.5 share at 33.00 × 2/3 = 22.00 → 11.00.
    const paid = ledger.applySplit(sid, 3, 2);
    assert.equal(paid, 1100);
    assert.equal(ledger.quantity[sid], 7);
    assert.equal(ledger.lastPrice[sid], 2200);
    // Cost removed for 0.5 of 7.5 shares: 150.00 / 15 = 10.00; 140.00 remains, 20.00 per share.
    assert.equal(ledger.costBasis[sid], 14000);
    assert.equal(ledger.averageCost(sid), 2000);
    assert.equal(ledger.realized, 100);
    assert.equal(ledger.cash, 100000 - 15000 + 1100);
    const { assets, sources } = ledger.identity();
    assert.equal(assets, sources);
  });

  it('splits 2-for-1 without a remainder and 1-for-10 reverse with one', () => {
    const w = world();
    const ledger = usdLedger(w, 'decimal', '10000');
    const sid = w.aapl.sid;
    ledger.applyFill(sid, 15, 1000, 0);
    assert.equal(ledger.applySplit(sid, 2, 1), 0);
    assert.equal(ledger.quantity[sid], 30);
    assert.equal(ledger.lastPrice[sid], 500);
    // Reverse 1-for-10: 30 → 3 shares exactly; 35 → 3 and 0.5 × 50.00 paid.
    ledger.applyFill(sid, 5, 500, 0);
    assert.equal(ledger.applySplit(sid, 1, 10), 2500);
    assert.equal(ledger.quantity[sid], 3);
    assert.equal(ledger.lastPrice[sid], 5000);
    assert.throws(() => ledger.applySplit(sid, 0, 1), DataError);
  });
});

describe('Ledger bad input', () => {
  it('refuses negative or malformed starting cash', () => {
    const w = world();
    assert.throws(() => usdLedger(w, 'decimal', '-1'), ConfigError);
    assert.throws(() => usdLedger(w, 'decimal', 'lots'), ConfigError);
    assert.throws(() => usdLedger(w, 'decimal', '1.001'), ConfigError);
    assert.throws(() => usdLedger(w, 'float', Number.NaN), ConfigError);
  });

  it('refuses to hold an asset quoted in another currency', () => {
    const w = world();
    assert.throws(() => usdLedger(w, 'decimal').checkTradable(w.btc), OrderError);
  });

  it('refuses a negative dividend', () => {
    const w = world();
    assert.throws(() => usdLedger(w, 'decimal').accrueDividend(w.aapl.sid, '-1', 0), DataError);
  });
});

interface Step {
  kind: 'fill' | 'mark' | 'dividend' | 'split';
  sid: number;
  quantity: number;
  price: number;
  commission: number;
}

const stepArb = fc.record({
  kind: fc.constantFrom<Step['kind'][]>(
    'fill',
    'fill',
    'fill',
    'mark',
    'mark',
    'dividend',
    'split',
  ),
  sid: fc.integer({ min: 0, max: 1 }),
  quantity: fc.integer({ min: -500, max: 500 }).filter((q) => q !== 0),
  price: fc.integer({ min: 1, max: 5_000_00 }),
  commission: fc.integer({ min: 0, max: 500 }),
});

function replay(mode: NumericMode, steps: Step[]) {
  const w = world();
  const ledger = usdLedger(w, mode, '1000000.00');
  const fills: number[] = [0, 0];
  const num = ledger.numeric;
  for (const step of steps) {
    const price = num.fromUnits(step.price, 2);
    const money = num.fromUnits(step.commission, 2);
    if (step.kind === 'fill') {
      ledger.applyFill(step.sid, step.quantity, price, money);
      fills[step.sid] += step.quantity;
    } else if (step.kind === 'mark') {
      const prices = new Float64Array(3).fill(Number.NaN);
      prices[step.sid] = price;
      ledger.markToMarket(prices);
    } else if (step.kind === 'dividend') {
      ledger.accrueDividend(step.sid, (step.price % 300) / 100, 0);
      ledger.payDividends(0);
    } else {
      ledger.applySplit(step.sid, 2, 1);
      fills[step.sid] *= 2;
    }
  }
  return { ledger, fills };
}

describe('Ledger invariants (property tests)', () => {
  it('keeps cash + Σ market value = start + realized + unrealized − commissions + dividends exactly in decimal', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 60 }), (steps) => {
        const { ledger } = replay('decimal', steps);
        const { assets, sources } = ledger.identity();
        assert.equal(assets, sources);
        assert.ok(Number.isSafeInteger(ledger.cash));
      }),
      { numRuns: 2000 },
    );
  });

  it('holds in each position exactly the sum of its fills (splits scale the sum), in both modes', () => {
    for (const mode of MODES) {
      fc.assert(
        fc.property(fc.array(stepArb, { minLength: 1, maxLength: 40 }), (steps) => {
          const { ledger, fills } = replay(mode, steps);
          assert.equal(ledger.quantity[0], fills[0]);
          assert.equal(ledger.quantity[1], fills[1]);
        }),
        { numRuns: 1000 },
      );
    }
  });

  it('agrees between decimal and float within float tolerance', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 40 }), (steps) => {
        const { ledger: exact, fills: held } = replay('decimal', steps);
        const approx = replay('float', steps).ledger;
        const cash = decimalNumeric.toNumber(exact.cash, 2);
        // Decimal rounds each notional and dividend to the cent and a split price to the cent:
        // at most half a cent per step plus half a cent per share held through a split.
        const shares = steps.reduce((sum, step) => sum + Math.abs(step.quantity), 0);
        const tolerance = 0.005 * (steps.length + 2 * shares) + 1e-6 * Math.abs(cash);
        assert.ok(Math.abs(cash - approx.cash) <= tolerance, `${cash} vs ${approx.cash}`);
        // A split halves the last price, rounded to the cent in decimal: after k splits (and no
        // mark since) the price is off by under a cent (half a cent, plus half the previous
        // error), on every share held at the end, which the splits have doubled k times.
        const nav = decimalNumeric.toNumber(exact.netLiquidation(), 2);
        const priceTolerance = 0.01 * (Math.abs(held[0]) + Math.abs(held[1]));
        assert.ok(
          Math.abs(nav - approx.netLiquidation()) <= 2 * tolerance + priceTolerance,
          `${nav} vs ${approx.netLiquidation()}`,
        );
      }),
      { numRuns: 1000 },
    );
  });
});

describe('float drift vs exact decimal', () => {
  it('accumulates 0.1 commission a million times: float drifts, decimal stays exact', () => {
    const w = world({ currencies: { USD: 2 } });
    const exact = usdLedger(w, 'decimal', '0');
    const approx = usdLedger(w, 'float', 0);
    for (let i = 0; i < 1_000_000; i++) {
      exact.applyFill(w.aapl.sid, 1, 10, 10); // buy 1 @ 0.10, commission 0.10
      approx.applyFill(w.aapl.sid, 1, 0.1, 0.1);
    }
    assert.equal(exact.numeric.toText(exact.cash, 2), '-200000.00');
    assert.equal(exact.numeric.toText(exact.commissions, 2), '100000.00');
    assert.notEqual(approx.cash, -200000);
    assert.notEqual(approx.commissions, 100000);
  });
});

describe('Ledger accounting scale finer than the currency', () => {
  it('moves cash in whole cents but values positions exactly at price scale 4', () => {
    const assets = new AssetFinder(decimalConfig());
    const sid = assets.add({
      assetClass: 'equity',
      symbol: 'SUB',
      exchange: 'X',
      quoteCurrency: 'USD',
      startDate: '2020-01-01',
      endDate: '2030-01-01',
    }).sid;
    const ledger = new Ledger({
      numeric: decimalNumeric,
      assets,
      startingCash: '100.00',
      currency: 'USD',
    });
    assert.equal(ledger.currencyScale, 2);
    assert.equal(ledger.moneyScale, 4);
    assert.equal(ledger.cash, 100_0000);
    // Buy 3 @ 10.0001: the cash notional 30.0003 is rounded to 30.00; the position is worth 30.0003.
    ledger.applyFill(sid, 3, 10_0001, 0);
    assert.equal(ledger.cash, 70_0000);
    assert.equal(ledger.marketValue[sid], 30_0003);
    assert.equal(ledger.unrealized(), 3);
    // Mark at 10.0049: 30.0147, no rounding anywhere.
    const prices = new Float64Array(1);
    prices[0] = 10_0049;
    ledger.markToMarket(prices);
    assert.equal(ledger.marketValue[sid], 30_0147);
    // Sell 1 @ 10.0050: 10.005 → 10.00 (half-even); cost removed 30.00 / 3 = 10.00.
    assert.equal(ledger.applyFill(sid, -1, 10_0050, 0), 0);
    assert.equal(ledger.cash, 80_0000);
    assert.equal(ledger.numeric.toText(ledger.cash, ledger.moneyScale), '80.0000');
    const { assets: held, sources } = ledger.identity();
    assert.equal(held, sources);
  });

  it('keeps the identity exact over random fills at price scale 4', () => {
    const assets = new AssetFinder(decimalConfig());
    for (const symbol of ['A', 'B']) {
      assets.add({
        assetClass: 'equity',
        symbol,
        exchange: 'X',
        quoteCurrency: 'USD',
        startDate: '2020-01-01',
        endDate: '2030-01-01',
      });
    }
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 1 }),
            fc.integer({ min: -300, max: 300 }).filter((q) => q !== 0),
            fc.integer({ min: 1, max: 5_000_0000 }),
            fc.boolean(),
          ),
          { minLength: 1, maxLength: 50 },
        ),
        (steps) => {
          const ledger = new Ledger({
            numeric: decimalNumeric,
            assets,
            startingCash: '1000000',
            currency: 'USD',
          });
          for (const [sid, quantity, price, mark] of steps) {
            if (mark) {
              const prices = new Float64Array(2).fill(Number.NaN);
              prices[sid] = price;
              ledger.markToMarket(prices);
            } else {
              ledger.applyFill(sid, quantity, price, 0);
            }
            // Cash only ever moves in whole cents.
            assert.equal(Math.abs(ledger.cash % 100), 0);
          }
          const { assets: held, sources } = ledger.identity();
          assert.equal(held, sources);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
