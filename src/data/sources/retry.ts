import { abortReason, systemClock, type Clock } from './clock.js';
import { HttpStatusError, isTransient } from './http-error.js';
import { SeededRandom } from './seeded-random.js';

/** How often and how patiently to retry transient failures. */
export interface RetryPolicy {
  /** Total tries including the first; 1 disables retries. */
  maxAttempts: number;
  /** Backoff before the second try, in ms; doubles on each later try. */
  baseDelayMs: number;
  /** Ceiling of one backoff, in ms. `Retry-After` may ask for longer, up to `maxRetryAfterMs`. */
  maxDelayMs: number;
  /** Longest `Retry-After` honoured; a longer request fails at once instead of hanging. */
  maxRetryAfterMs: number;
}

/** Five tries, 500 ms doubling to at most 30 s, honouring `Retry-After` up to 2 minutes. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** What `withRetry` needs besides the operation. */
export interface RetryOptions {
  policy?: RetryPolicy;
  clock?: Clock;
  /** Source of jitter; a seeded generator makes delays reproducible. */
  random?: SeededRandom;
  /** Which errors to retry; network errors, 429 and 5xx by default. */
  isRetryable?: (error: unknown) => boolean;
  /** Told before each wait, e.g. to log or count retries. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  signal?: AbortSignal;
}

/**
 * The wait before try `attempt + 1` after try `attempt` failed: exponential
 * backoff `base * 2^(attempt-1)` capped at `maxDelayMs`, with "equal jitter"
 * (half fixed, half uniform) so that clients do not retry in lockstep. A
 * server's `Retry-After` is a floor.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  uniform: number,
  retryAfterMs?: number,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + (uniform * exponential) / 2;
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

/**
 * Runs `operation` until it succeeds, retrying transient failures with
 * backoff and jitter. The last error is rethrown when tries run out, a
 * failure is not transient, or `Retry-After` exceeds `maxRetryAfterMs`.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? new SeededRandom(Date.now());
  const isRetryable = options.isRetryable ?? isTransient;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= policy.maxAttempts || !isRetryable(error)) throw error;
      const retryAfter = error instanceof HttpStatusError ? error.retryAfterMs : undefined;
      if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) throw error;
      const delayMs = backoffDelay(attempt, policy, random.next(), retryAfter);
      options.onRetry?.({ attempt, delayMs, error });
      await clock.sleep(delayMs, options.signal);
    }
  }
}
