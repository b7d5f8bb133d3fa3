/** Which price of the next bar a marketable order fills at. */
export type FillReference = 'open' | 'close';

/**
 * The price an order of `type` would execute at on a bar, before slippage,
 * or NaN when it does not execute on this bar. `side` is 1 for a buy, −1 for
 * a sell; `reference` is the bar's open or close (see FillReference).
 *
 * - market: the reference price.
 * - limit L: the reference when it is at or better than L (a gap through the
 *   limit fills at the better open); else L when the bar's range reached L;
 *   else no fill.
 * - stop S (and a trailing stop at its current level): triggered when the
 *   range reaches S; filling at the open, the open when it is already through
 *   S, else S itself; filling at the close, the close.
 */
export function executionPrice(
  type: 'market' | 'limit' | 'stop',
  side: 1 | -1,
  level: number,
  reference: number,
  high: number,
  low: number,
  fillAt: FillReference,
): number {
  if (type === 'market') return reference;
  if (type === 'limit') {
    if (side > 0) return reference <= level ? reference : low <= level ? level : Number.NaN;
    return reference >= level ? reference : high >= level ? level : Number.NaN;
  }
  if (side > 0) {
    if (!(high >= level)) return Number.NaN;
    return fillAt === 'close' || reference >= level ? reference : level;
  }
  if (!(low <= level)) return Number.NaN;
  return fillAt === 'close' || reference <= level ? reference : level;
}
