import { DataError } from '../../errors/index.js';

/**
 * An upstream answered with an HTTP error status. `status` 429 and 5xx are
 * transient (retried); others are not. Code `ERR_DATA`.
 */
export class HttpStatusError extends DataError {
  /** HTTP status code. */
  readonly status: number;
  /** Delay the server asked for with `Retry-After`, in ms, when it sent one. */
  readonly retryAfterMs: number | undefined;

  /**
   * @param message - what failed and what to do
   * @param status - HTTP status code
   * @param retryAfterMs - the server's `Retry-After`, in ms
   */
  constructor(message: string, status: number, retryAfterMs?: number) {
    super(message);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The request never got an HTTP answer: connection refused or reset, DNS, or
 * a timeout. Always transient. Code `ERR_DATA`.
 */
export class NetworkError extends DataError {}

/** Whether an error is worth retrying: network failures, 429 and 5xx. */
export function isTransient(error: unknown): boolean {
  if (error instanceof HttpStatusError) return error.status === 429 || error.status >= 500;
  return error instanceof NetworkError;
}

/**
 * Parses a `Retry-After` header (delay-seconds or an HTTP date) into ms from
 * `now`; undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
