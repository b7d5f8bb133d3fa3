import type { SingleBar } from 'cli-progress';
import type { BenchProgress } from '../../bench/run-grid.js';
import { singleBar } from './progress-bar.js';

/**
 * The progress of `rustybt bench` on stderr: a bar with the child processes
 * done, the cell and mode just measured and the ETA, drawn only on a TTY;
 * a failed cell is announced on its own line either way.
 */
export class BenchProgressBar {
  readonly #stream: NodeJS.WritableStream & { isTTY?: boolean };
  #bar: SingleBar | undefined;

  /** @param stream - where to draw (stderr) */
  constructor(stream: NodeJS.WritableStream & { isTTY?: boolean }) {
    this.#stream = stream;
  }

  /** Progress listener of `runBenchmarkGrid`. */
  readonly update = (progress: BenchProgress): void => {
    if (progress.error !== undefined) {
      this.#bar?.stop();
      this.#bar = undefined;
      this.#stream.write(`${progress.cell} ${progress.mode} failed: ${progress.error}\n`);
    }
    if (this.#stream.isTTY !== true) return;
    const step = `${progress.cell} ${progress.mode} ${progress.round === 'profile' ? 'profiled' : `round ${progress.round}`}`;
    if (this.#bar === undefined) {
      this.#bar = singleBar({
        format: 'bench [{bar}] {value}/{total} runs | {step} | eta {eta_formatted}',
        stream: this.#stream,
        hideCursor: true,
        etaBuffer: 20,
      });
      this.#bar.start(progress.total, progress.done, { step });
      return;
    }
    this.#bar.update(progress.done, { step });
  };

  /** Removes the bar. */
  stop(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }
}
