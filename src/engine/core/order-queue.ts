import { QUEUED_ORDER_FIELDS } from './native-core.js';
import type { EngineStyle } from './order-prices.js';

/** What the queue records of an order: op 0 place, 1 place and link OCO with the order before, 2 bracket entry. */
export type QueueOp = 0 | 1 | 2;

/**
 * Orders placed between bars, as 12-value records (see
 * `QUEUED_ORDER_FIELDS`), handed to the native core with the next crossing.
 * Their ids are known when they are queued: the core numbers orders in
 * the order it receives them, after the `orderCount` it reports.
 */
export class OrderQueue {
  /** The records; the first `length × QUEUED_ORDER_FIELDS` values are queued orders. */
  buffer = new Float64Array(QUEUED_ORDER_FIELDS * 64);
  /** Number of queued orders. */
  length = 0;
  /** Id of the next order queued; 0 when the core must be asked. */
  private nextId = 0;

  /**
   * Queues an order and returns its id.
   *
   * @param orderCount - asks the core how many orders it holds (called when the next id is unknown)
   */
  push(
    orderCount: () => number,
    op: QueueOp,
    sid: number,
    quantity: number,
    s: EngineStyle,
    takeProfit = Number.NaN,
    stopLoss = Number.NaN,
  ): number {
    if (this.nextId === 0) this.nextId = orderCount() + 1;
    const at = this.length * QUEUED_ORDER_FIELDS;
    if (at + QUEUED_ORDER_FIELDS > this.buffer.length) {
      const grown = new Float64Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    const q = this.buffer;
    q[at] = op;
    q[at + 1] = sid;
    q[at + 2] = quantity;
    q[at + 3] = s.kind;
    q[at + 4] = s.limitPrice;
    q[at + 5] = s.stopPrice;
    q[at + 6] = s.trail;
    q[at + 7] = s.trailPercentValue;
    q[at + 8] = s.trailPercentScale;
    q[at + 9] = s.tif;
    q[at + 10] = takeProfit;
    q[at + 11] = stopLoss;
    this.length++;
    return this.nextId++;
  }

  /**
   * Resumes numbering after a crossing that reported the core's order count
   * (queue handed over, bracket legs placed): the next id is `count + 1`
   * without asking the core.
   */
  resume(count: number): void {
    if (this.length === 0) this.nextId = count + 1;
  }

  /** Whether an order for `sid` is queued. */
  has(sid: number): boolean {
    const q = this.buffer;
    for (let at = 1; at < this.length * QUEUED_ORDER_FIELDS; at += QUEUED_ORDER_FIELDS) {
      if (q[at] === sid) return true;
    }
    return false;
  }

  /**
   * Empties the queue for a crossing that hands it over; returns how many
   * orders it held. The next id is asked again afterwards (the core may
   * have placed orders of its own, such as bracket legs).
   */
  take(): number {
    const n = this.length;
    this.length = 0;
    this.nextId = 0;
    return n;
  }
}
