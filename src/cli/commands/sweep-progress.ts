import { SingleBar } from 'cli-progress';

/**
 * The progress of a sweep on stderr: a bar with runs done, failures and the
 * ETA on a TTY; elsewhere (a pipe, a log file) a line every `lineEveryMs`.
 */
export class SweepProgress {
  readonly #stream: NodeJS.WritableStream & { isTTY?: boolean };
  readonly #label: string;
  readonly #lineEveryMs: number;
  #bar: SingleBar | undefined;
  #failed = 0;
  #lastLine = Date.now();
  readonly #started = Date.now();

  /**
   * @param stream - where to draw (stderr)
   * @param label - `optimize`, `walkforward window 2/5`, …
   */
  constructor(
    stream: NodeJS.WritableStream & { isTTY?: boolean },
    label: string,
    lineEveryMs = 10_000,
  ) {
    this.#stream = stream;
    this.#label = label;
    this.#lineEveryMs = lineEveryMs;
  }

  /** Record listener: one run done (`failed` when it threw). */
  readonly onRun = (failed: boolean, done: number, total: number): void => {
    if (failed) this.#failed++;
    if (this.#stream.isTTY === true) {
      if (this.#bar === undefined) {
        this.#bar = new SingleBar({
          format: `${this.#label} [{bar}] {percentage}% | {value}/{total} runs | {failed} failed | eta {eta_formatted}`,
          stream: this.#stream,
          hideCursor: true,
          etaBuffer: 50,
        });
        this.#bar.start(total, 0, { failed: 0 });
      }
      this.#bar.update(done, { failed: this.#failed });
      return;
    }
    const now = Date.now();
    if (now - this.#lastLine >= this.#lineEveryMs || done === total) {
      this.#lastLine = now;
      const elapsed = (now - this.#started) / 1000;
      const eta = done === 0 ? 0 : (elapsed / done) * (total - done);
      this.#stream.write(
        `${this.#label}: ${done}/${total} runs, ${this.#failed} failed, ${elapsed.toFixed(0)} s elapsed, eta ${eta.toFixed(0)} s\n`,
      );
    }
  };

  /** Removes the bar. */
  stop(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }
}
