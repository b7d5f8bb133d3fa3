// Cost of building and querying the XNYS calendar, and of the risk metrics
// over a decade of daily and a year of minute returns.
// Run: npm run bench -- calendar-metrics
import { getCalendar, sessionLabel } from '../src/calendar/index.js';
import { buildXnysCalendar } from '../src/calendar/xnys.js';
import { summarizeRisk } from '../src/engine/metrics/index.js';
import { compare, machineLine, table } from './harness.js';

const xnys = getCalendar('XNYS');
const all = xnys.sessionsInRange(xnys.firstSession, xnys.lastSession);
const year = xnys.sessionsInRange(sessionLabel('2024-01-01'), sessionLabel('2024-12-31'));
const minuteStamps = Float64Array.from(
  Array.from(year).flatMap((label) => Array.from(xnys.barsForSession(label, '1m'))),
);

function seededReturns(n: number, scale: number): Float64Array {
  let seed = 7;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    out[i] = (seed / 2_147_483_648 - 0.499) * scale;
  }
  return out;
}
const daily = seededReturns(2520, 0.04);
const benchmark = seededReturns(2520, 0.03);
const minute = seededReturns(minuteStamps.length, 0.002);

process.stdout.write(`${machineLine()}\n\n`);
process.stdout.write(`## XNYS calendar, 1990-2030 (${all.length} sessions)\n\n`);
process.stdout.write(
  `${table(
    compare([{ name: 'build XNYS (fresh)', ops: 1, run: () => buildXnysCalendar().lastSession }], {
      rounds: 5,
      warmup: 1,
    }),
    { label: 'builds/s', perOp: 1 },
  )}\n\n`,
);
process.stdout.write(
  `${table(
    compare([
      {
        name: 'sessionOpen + sessionClose, every session',
        ops: all.length,
        run: () => {
          let acc = 0;
          for (const label of all) acc += xnys.sessionClose(label) - xnys.sessionOpen(label);
          return acc;
        },
      },
      {
        name: `sessionContaining, every minute of 2024 (${minuteStamps.length})`,
        ops: minuteStamps.length,
        run: () => {
          let acc = 0;
          for (const t of minuteStamps) acc += xnys.sessionContaining(t) ?? 0;
          return acc;
        },
      },
      {
        name: 'barsForSession 1m, every session of 2024 (per bar)',
        ops: minuteStamps.length,
        run: () => {
          let acc = 0;
          for (const label of year) acc += xnys.barsForSession(label, '1m').length;
          return acc;
        },
      },
    ]),
    { label: 'lookups/s', perOp: 1 },
  )}\n\n`,
);
process.stdout.write(`## summarizeRisk (all metrics, per return)\n\n`);
process.stdout.write(
  `${table(
    compare([
      {
        name: '10 years daily + benchmark (2520)',
        ops: daily.length,
        run: () => summarizeRisk(daily, { annualization: 252, benchmark }).sharpe,
      },
      {
        name: `1 year of minute returns (${minute.length})`,
        ops: minute.length,
        run: () => summarizeRisk(minute, { annualization: 252 * 390 }).sharpe,
      },
    ]),
    { label: 'returns/s', perOp: 1 },
  )}\n`,
);
