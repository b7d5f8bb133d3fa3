import { DataError } from '../../errors/index.js';

/**
 * Time as the network machinery sees it: retries, rate limiters and timeouts
 * read `now` and wait with `sleep`, so tests can drive them with a fake clock.
 */
export interface Clock {
  /** Current time, epoch ms. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the abort reason when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `Date.now` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** The reason an aborted signal carries, as an Error. */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DataError('The fetch was aborted.');
}
