import {
  absolute,
  add,
  exact,
  multiply,
  negate,
  same,
  sign,
  subtract,
  toNumber,
  toText,
  ZERO,
  type ExactDecimal,
} from '../../numeric/exact-decimal.js';
import { columnValues } from './table-columns.js';
import type { Table } from '../../analytics/table.js';

/** One closed round trip: a position opened from flat and closed back to flat (or flipped). */
export interface RoundTrip {
  symbol: string;
  /** `long` or `short`. */
  side: 'long' | 'short';
  /** Timestamp (ISO) of the fill that opened the position. */
  entryTime: string;
  /** Timestamp (ISO) of the fill that closed it. */
  exitTime: string;
  /** Session (`YYYY-MM-DD`) of the opening fill. */
  entrySession: string;
  /** Session of the closing fill. */
  exitSession: string;
  /** Quantity entered over the trip (all buys of a long, all sells of a short), exact. */
  quantity: string;
  /** Mean entry price, weighted by quantity. */
  averageEntryPrice: number;
  /** Mean exit price, weighted by quantity. */
  averageExitPrice: number;
  /** Money received minus money paid over the trip, net of commissions, exact. */
  pnl: string;
  /** P&L over the money put in at entry (entry quantity × average entry price). */
  return: number;
  /** Sessions from entry to exit (0 when both fall in one session). */
  sessionsHeld: number;
  /** Seconds from the entry fill to the exit fill. */
  durationSeconds: number;
  /** Commissions of the trip's fills, exact (a fill that flips the position counts for the trip it closes). */
  commission: string;
  /** Number of fills in the trip. */
  fills: number;
}

interface OpenTrip {
  symbol: string;
  side: 1 | -1;
  entryTime: string;
  entrySession: number;
  entered: ExactDecimal;
  entryNotional: ExactDecimal;
  exited: ExactDecimal;
  exitNotional: ExactDecimal;
  cash: ExactDecimal;
  commission: ExactDecimal;
  fills: number;
}

/**
 * Derives the closed round trips of a run from its transactions: a trip
 * opens when a symbol's position leaves zero and closes when it returns to
 * zero; a fill that crosses zero closes one trip and opens the next with the
 * rest. P&L is exact: the cash of the trip's fills (−amount × price) minus
 * their commissions, so it holds whatever the cost method. Positions that
 * change without a fill (a split) are taken from `positionsOverTime` at each
 * session's end. Trips still open at the end are not included.
 *
 * @param transactions - the results' `transactions` table, in fill order
 * @param positionsOverTime - the results' `positionsOverTime` table
 * @param sessions - the run's sessions, `YYYY-MM-DD`, in order
 */
export function roundTrips(
  transactions: Table,
  positionsOverTime: Table,
  sessions: readonly string[],
): RoundTrip[] {
  const time = columnValues(transactions, 'timestamp', 'string');
  const symbol = columnValues(transactions, 'symbol', 'string');
  const amount = columnValues(transactions, 'amount', 'string');
  const price = columnValues(transactions, 'price', 'string');
  const commission = columnValues(transactions, 'commission', 'string');
  const held = heldBySession(positionsOverTime);

  const quantity = new Map<string, ExactDecimal>();
  const open = new Map<string, OpenTrip>();
  const closed: RoundTrip[] = [];
  let fill = 0;
  for (let s = 0; s < sessions.length; s++) {
    const session = sessions[s];
    for (; fill < time.length && time[fill].slice(0, 10) <= session; fill++) {
      const f = {
        time: time[fill],
        session: s,
        symbol: symbol[fill],
        amount: exact(amount[fill]),
        price: exact(price[fill]),
        commission: exact(commission[fill]),
      };
      const before = quantity.get(f.symbol) ?? ZERO;
      const after = add(before, f.amount);
      quantity.set(f.symbol, after);
      let trip = open.get(f.symbol);
      if (trip === undefined) {
        trip = openTrip(f.symbol, f.time, s, sign(f.amount) as 1 | -1);
        open.set(f.symbol, trip);
      }
      trip.fills++;
      trip.commission = add(trip.commission, f.commission);
      const flips = sign(after) !== 0 && sign(after) !== sign(before) && sign(before) !== 0;
      const part = flips ? negate(before) : f.amount;
      book(trip, part, f.price);
      if (sign(after) === 0 || flips) {
        closed.push(closeTrip(trip, f.time, s, sessions));
        open.delete(f.symbol);
      }
      if (flips) {
        const next = openTrip(f.symbol, f.time, s, sign(after) as 1 | -1);
        next.fills = 1;
        book(next, after, f.price);
        open.set(f.symbol, next);
      }
    }
    // A split changes the position without a fill: follow the ledger's amount.
    const recorded = held.get(session);
    for (const [name] of open) {
      const ledgerAmount = recorded?.get(name);
      const ours = quantity.get(name) ?? ZERO;
      if (
        ledgerAmount !== undefined &&
        sign(ledgerAmount) === sign(ours) &&
        !same(ledgerAmount, ours)
      ) {
        quantity.set(name, ledgerAmount);
      }
    }
  }
  return closed;
}

function openTrip(symbol: string, time: string, session: number, side: 1 | -1): OpenTrip {
  return {
    symbol,
    side,
    entryTime: time,
    entrySession: session,
    entered: ZERO,
    entryNotional: ZERO,
    exited: ZERO,
    exitNotional: ZERO,
    cash: ZERO,
    commission: ZERO,
    fills: 0,
  };
}

/** Books `part` (signed) at `price` into the trip as an entry or an exit. */
function book(trip: OpenTrip, part: ExactDecimal, price: ExactDecimal): void {
  const notional = multiply(part, price);
  trip.cash = subtract(trip.cash, notional);
  if (sign(part) === trip.side) {
    trip.entered = add(trip.entered, absolute(part));
    trip.entryNotional = add(trip.entryNotional, absolute(notional));
  } else {
    trip.exited = add(trip.exited, absolute(part));
    trip.exitNotional = add(trip.exitNotional, absolute(notional));
  }
}

function closeTrip(
  trip: OpenTrip,
  time: string,
  session: number,
  sessions: readonly string[],
): RoundTrip {
  const pnl = subtract(trip.cash, trip.commission);
  const entryNotional = toNumber(trip.entryNotional);
  return {
    symbol: trip.symbol,
    side: trip.side === 1 ? 'long' : 'short',
    entryTime: trip.entryTime,
    exitTime: time,
    entrySession: sessions[trip.entrySession],
    exitSession: sessions[session],
    quantity: toText(trip.entered),
    averageEntryPrice: entryNotional / toNumber(trip.entered),
    averageExitPrice: toNumber(trip.exitNotional) / toNumber(trip.exited),
    pnl: toText(pnl, 2),
    return: entryNotional === 0 ? NaN : toNumber(pnl) / entryNotional,
    sessionsHeld: session - trip.entrySession,
    durationSeconds: Math.round((Date.parse(time) - Date.parse(trip.entryTime)) / 1000),
    commission: toText(trip.commission, 2),
    fills: trip.fills,
  };
}

/** `positionsOverTime` as session → symbol → amount. */
function heldBySession(table: Table): Map<string, Map<string, ExactDecimal>> {
  const session = columnValues(table, 'session', 'string');
  const symbol = columnValues(table, 'symbol', 'string');
  const amount = columnValues(table, 'amount', 'string');
  const out = new Map<string, Map<string, ExactDecimal>>();
  for (let i = 0; i < session.length; i++) {
    let bySymbol = out.get(session[i]);
    if (bySymbol === undefined) {
      bySymbol = new Map();
      out.set(session[i], bySymbol);
    }
    bySymbol.set(symbol[i], exact(amount[i]));
  }
  return out;
}

/** Round trips as the `roundTrips` results table. */
export function roundTripsTable(trips: readonly RoundTrip[]): Table {
  const pick = <K extends keyof RoundTrip>(key: K) => trips.map((t) => t[key]);
  return {
    name: 'roundTrips',
    columns: [
      { name: 'symbol', kind: 'string', values: pick('symbol') },
      { name: 'side', kind: 'string', values: pick('side') },
      { name: 'entryTime', kind: 'timestamp', values: pick('entryTime') },
      { name: 'exitTime', kind: 'timestamp', values: pick('exitTime') },
      { name: 'entrySession', kind: 'date', values: pick('entrySession') },
      { name: 'exitSession', kind: 'date', values: pick('exitSession') },
      { name: 'quantity', kind: 'decimal', values: pick('quantity') },
      { name: 'averageEntryPrice', kind: 'number', values: pick('averageEntryPrice') },
      { name: 'averageExitPrice', kind: 'number', values: pick('averageExitPrice') },
      { name: 'pnl', kind: 'decimal', values: pick('pnl') },
      { name: 'return', kind: 'number', values: pick('return') },
      { name: 'sessionsHeld', kind: 'integer', values: pick('sessionsHeld') },
      { name: 'durationSeconds', kind: 'integer', values: pick('durationSeconds') },
      { name: 'commission', kind: 'decimal', values: pick('commission') },
      { name: 'fills', kind: 'integer', values: pick('fills') },
    ],
  };
}
