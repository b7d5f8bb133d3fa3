import {
  FAST_ZERO,
  fastAbsolute,
  fastAdd,
  fastExact,
  fastMultiply,
  fastNegate,
  fastSame,
  fastSign,
  fastSubtract,
  fastToNumber,
  fastToText,
  type FastDecimal,
} from '../../numeric/fast-decimal.js';
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
  entered: FastDecimal;
  entryNotional: FastDecimal;
  exited: FastDecimal;
  exitNotional: FastDecimal;
  cash: FastDecimal;
  commission: FastDecimal;
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
  const heldSession = columnValues(positionsOverTime, 'session', 'string');
  const heldSymbol = columnValues(positionsOverTime, 'symbol', 'string');
  const heldAmount = columnValues(positionsOverTime, 'amount', 'string');
  /** Per symbol, the ledger's amount text last compared; symbols filled since. */
  const compared = new Map<string, string>();
  const filled = new Set<string>();
  let row = 0;

  const quantity = new Map<string, FastDecimal>();
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
        amount: fastExact(amount[fill]),
        price: fastExact(price[fill]),
        commission: fastExact(commission[fill]),
      };
      filled.add(f.symbol);
      const before = quantity.get(f.symbol) ?? FAST_ZERO;
      const after = fastAdd(before, f.amount);
      quantity.set(f.symbol, after);
      let trip = open.get(f.symbol);
      if (trip === undefined) {
        trip = openTrip(f.symbol, f.time, s, fastSign(f.amount) as 1 | -1);
        open.set(f.symbol, trip);
      }
      trip.fills++;
      trip.commission = fastAdd(trip.commission, f.commission);
      const flips =
        fastSign(after) !== 0 && fastSign(after) !== fastSign(before) && fastSign(before) !== 0;
      const part = flips ? fastNegate(before) : f.amount;
      book(trip, part, f.price);
      if (fastSign(after) === 0 || flips) {
        closed.push(closeTrip(trip, f.time, s, sessions));
        open.delete(f.symbol);
      }
      if (flips) {
        const next = openTrip(f.symbol, f.time, s, fastSign(after) as 1 | -1);
        next.fills = 1;
        book(next, after, f.price);
        open.set(f.symbol, next);
      }
    }
    // A split changes the position without a fill: follow the ledger's amount. The
    // rows are in session order; an amount unchanged since it was last compared,
    // with no fill since, compares as it did then.
    while (row < heldSession.length && heldSession[row] < session) row++;
    for (; row < heldSession.length && heldSession[row] === session; row++) {
      const name = heldSymbol[row];
      if (!open.has(name)) continue;
      const text = heldAmount[row];
      if (compared.get(name) === text && !filled.has(name)) continue;
      compared.set(name, text);
      const ledgerAmount = fastExact(text);
      const ours = quantity.get(name) ?? FAST_ZERO;
      if (fastSign(ledgerAmount) === fastSign(ours) && !fastSame(ledgerAmount, ours)) {
        quantity.set(name, ledgerAmount);
      }
    }
    filled.clear();
  }
  return closed;
}

function openTrip(symbol: string, time: string, session: number, side: 1 | -1): OpenTrip {
  return {
    symbol,
    side,
    entryTime: time,
    entrySession: session,
    entered: FAST_ZERO,
    entryNotional: FAST_ZERO,
    exited: FAST_ZERO,
    exitNotional: FAST_ZERO,
    cash: FAST_ZERO,
    commission: FAST_ZERO,
    fills: 0,
  };
}

/** Books `part` (signed) at `price` into the trip as an entry or an exit. */
function book(trip: OpenTrip, part: FastDecimal, price: FastDecimal): void {
  const notional = fastMultiply(part, price);
  trip.cash = fastSubtract(trip.cash, notional);
  if (fastSign(part) === trip.side) {
    trip.entered = fastAdd(trip.entered, fastAbsolute(part));
    trip.entryNotional = fastAdd(trip.entryNotional, fastAbsolute(notional));
  } else {
    trip.exited = fastAdd(trip.exited, fastAbsolute(part));
    trip.exitNotional = fastAdd(trip.exitNotional, fastAbsolute(notional));
  }
}

function closeTrip(
  trip: OpenTrip,
  time: string,
  session: number,
  sessions: readonly string[],
): RoundTrip {
  const pnl = fastSubtract(trip.cash, trip.commission);
  const entryNotional = fastToNumber(trip.entryNotional);
  return {
    symbol: trip.symbol,
    side: trip.side === 1 ? 'long' : 'short',
    entryTime: trip.entryTime,
    exitTime: time,
    entrySession: sessions[trip.entrySession],
    exitSession: sessions[session],
    quantity: fastToText(trip.entered),
    averageEntryPrice: entryNotional / fastToNumber(trip.entered),
    averageExitPrice: fastToNumber(trip.exitNotional) / fastToNumber(trip.exited),
    pnl: fastToText(pnl, 2),
    return: entryNotional === 0 ? NaN : fastToNumber(pnl) / entryNotional,
    sessionsHeld: session - trip.entrySession,
    durationSeconds: Math.round((Date.parse(time) - Date.parse(trip.entryTime)) / 1000),
    commission: fastToText(trip.commission, 2),
    fills: trip.fills,
  };
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
