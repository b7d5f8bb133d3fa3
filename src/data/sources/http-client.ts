import { DataError } from '../../errors/index.js';
import { systemClock, type Clock } from './clock.js';
import { HttpStatusError, NetworkError, parseRetryAfter } from './http-error.js';
import type { TokenBucket } from './rate-limiter.js';
import { redact, secretsOf } from './redaction.js';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './retry.js';
import { SeededRandom } from './seeded-random.js';

/** How a source's HTTP client behaves. */
export interface HttpClientOptions {
  /** Base URL every relative path is resolved against, e.g. `https://api.polygon.io`. */
  baseUrl: string;
  /** Name of the source, for error messages. */
  sourceName: string;
  /** Headers sent with every request (API keys travel here or in the query). */
  headers?: Record<string, string>;
  /** Per-try timeout in ms; 30 s by default. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Shared by every request of this source. */
  rateLimiter?: TokenBucket;
  clock?: Clock;
  /** Seed of the retry jitter. */
  jitterSeed?: number;
  /** Query parameters sent with every request (e.g. an API key the provider wants in the query). */
  defaultQuery?: Record<string, string>;
  /** Query parameter names whose values are hidden in error messages (API keys). */
  secretParams?: readonly string[];
  /**
   * Looks at each parsed body and may throw, e.g. an `HttpStatusError` with
   * status 429 for a provider that reports rate limits inside a 200 answer;
   * thrown transient errors are retried like real ones.
   */
  inspect?: (body: unknown) => void;
}

/** A JSON response: the parsed body and the status. */
export interface JsonResponse {
  status: number;
  body: unknown;
}

/**
 * A small JSON-over-HTTP client shared by the HTTP sources: rate limited,
 * retried with backoff on network errors, 429 and 5xx (honouring
 * `Retry-After`), with a per-try timeout. Uses the platform `fetch`.
 */
export class HttpClient {
  readonly #options: HttpClientOptions;
  readonly #clock: Clock;
  readonly #random: SeededRandom;
  readonly #secrets: string[];

  /** @param options - base URL, headers, timeout, retry policy, rate limiter */
  constructor(options: HttpClientOptions) {
    this.#options = options;
    this.#secrets = secretsOf(options.headers, options.defaultQuery, options.secretParams);
    this.#clock = options.clock ?? systemClock;
    this.#random = new SeededRandom(options.jitterSeed ?? 0x5eed);
  }

  /**
   * GETs `path` (relative to the base URL) with `query`, and parses the JSON
   * body. Statuses >= 400 become `HttpStatusError` carrying the provider's
   * message; retried when transient.
   *
   * @throws DataError when the body is not JSON (not retried: the upstream is broken, not busy).
   */
  async getJson(
    path: string,
    query: Record<string, string | number | undefined> = {},
    signal?: AbortSignal,
  ): Promise<JsonResponse> {
    const url = new URL(
      path,
      this.#options.baseUrl.endsWith('/') ? this.#options.baseUrl : `${this.#options.baseUrl}/`,
    );
    for (const [key, value] of Object.entries({ ...this.#options.defaultQuery, ...query })) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return withRetry(() => this.#once(url, signal), {
      policy: this.#options.retry ?? DEFAULT_RETRY_POLICY,
      clock: this.#clock,
      random: this.#random,
      signal,
    });
  }

  /**
   * One try. Every error message it raises (its own, and those the `inspect`
   * hook builds from a body) goes through one redaction step that removes the
   * configured keys and secrets by value and anything shaped like a credential.
   */
  async #once(url: URL, signal: AbortSignal | undefined): Promise<JsonResponse> {
    try {
      return await this.#tryOnce(url, signal);
    } catch (error) {
      if (error instanceof Error) {
        error.message = redact(error.message, this.#secrets);
        if (error.stack !== undefined) error.stack = redact(error.stack, this.#secrets);
      }
      throw error;
    }
  }

  async #tryOnce(url: URL, signal: AbortSignal | undefined): Promise<JsonResponse> {
    await this.#options.rateLimiter?.take(signal);
    const timeoutMs = this.#options.timeoutMs ?? 30_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    const shown = this.#redact(url);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { headers: this.#options.headers, signal: combined });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      const why = timeout.aborted
        ? `no answer within ${timeoutMs} ms`
        : error instanceof Error
          ? describeCause(error)
          : String(error);
      throw new NetworkError(
        `${this.#options.sourceName}: request to ${shown} failed: ${why}. Check the network or try again later.`,
        { cause: error },
      );
    }
    if (response.status >= 400) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), this.#clock.now());
      throw new HttpStatusError(
        `${this.#options.sourceName}: ${shown} answered HTTP ${response.status}: ${excerpt(redact(text, this.#secrets))}`,
        response.status,
        retryAfter,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch (error) {
      throw new DataError(
        `${this.#options.sourceName}: ${shown} answered with a body that is not JSON (${excerpt(redact(text, this.#secrets))}); the upstream may be down or changed its format.`,
        { cause: error },
      );
    }
    this.#options.inspect?.(body);
    return { status: response.status, body };
  }

  #redact(url: URL): string {
    const copy = new URL(url);
    for (const name of this.#options.secretParams ?? []) {
      if (copy.searchParams.has(name)) copy.searchParams.set(name, '***');
    }
    return copy.toString();
  }
}

function describeCause(error: Error): string {
  const cause: unknown = error.cause;
  if (cause instanceof Error) return `${error.message} (${cause.message})`;
  return error.message;
}

/** The start of a body for a message; callers redact first, so no secret is cut in half. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}...` : flat || '(empty body)';
}
