import type { SingleBar } from 'cli-progress';
import { singleBar } from './progress-bar.js';

/** Where the bar is drawn and how time is read (injectable for tests). */
export interface RunProgressOptions {
  /** The stream to draw on; nothing is drawn unless it is a TTY. */
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** Milliseconds to wait before showing the bar, so short runs stay quiet (default 2000). */
  delayMs?: number;
  /** Clock, `Date.now` by default. */
  now?: () => number;
}

/**
 * A progress bar for a backtest that appears only on a TTY and only once the
 * run has lasted longer than `delayMs`. Pass `onProgress` to `runAlgorithm`
 * and call `stop()` when the run ends (whatever the outcome).
 */
export class RunProgress {
  readonly #stream: RunProgressOptions['stream'];
  readonly #delayMs: number;
  readonly #now: () => number;
  readonly #started: number;
  #bar: SingleBar | undefined;

  /** @param options - stream, delay and clock */
  constructor(options: RunProgressOptions) {
    this.#stream = options.stream;
    this.#delayMs = options.delayMs ?? 2000;
    this.#now = options.now ?? Date.now;
    this.#started = this.#now();
  }

  /** Whether the bar has been shown. */
  get shown(): boolean {
    return this.#bar !== undefined;
  }

  /** Progress callback: bars processed so far of the total. */
  readonly onProgress = (barsDone: number, barsTotal: number): void => {
    if (this.#bar === undefined) {
      if (this.#stream.isTTY !== true || this.#now() - this.#started < this.#delayMs) return;
      this.#bar = singleBar({
        format: 'backtest [{bar}] {percentage}% | {value}/{total} bars | eta {eta_formatted}',
        stream: this.#stream,
        hideCursor: true,
        noTTYOutput: false,
      });
      this.#bar.start(barsTotal, barsDone);
      return;
    }
    this.#bar.update(barsDone);
  };

  /** Removes the bar (if shown). */
  stop(): void {
    this.#bar?.stop();
  }
}
