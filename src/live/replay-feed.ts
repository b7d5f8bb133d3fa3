import type { BarFrame } from '../data/bar-frame.js';
import type { FeedConnection, LiveBarFeed, LiveBarRow } from '../data/sources/live-bars.js';
import { rowAt } from '../data/sources/synthetic-live-feed.js';

/**
 * A live feed that replays recorded frames: each bar is handed over when the
 * live clock asks for its time. Replaying a recorded day through the live path
 * is how the paper broker is checked against the backtest (parity).
 */
export class ReplayFeed implements LiveBarFeed {
  readonly symbols: readonly string[];
  private readonly frames: readonly BarFrame[];
  private closed = false;

  /** @param frames - one frame per symbol, in sid order */
  constructor(frames: readonly BarFrame[]) {
    this.frames = frames;
    this.symbols = frames.map((frame) => frame.symbol);
  }

  closedBars(barStart: number): Promise<(LiveBarRow | undefined)[]> {
    return Promise.resolve(this.frames.map((frame) => rowAt(frame, barStart)));
  }

  connection(): FeedConnection {
    return this.closed ? 'closed' : 'connected';
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
