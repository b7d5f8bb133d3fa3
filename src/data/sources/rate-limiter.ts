import { ConfigError } from '../../errors/index.js';
import { systemClock, type Clock } from './clock.js';

/**
 * A token bucket: holds at most `capacity` tokens, refilled continuously at
 * `requests` per `perMs`. Each request takes one token and waits when none is
 * left. Waiters are served in arrival order.
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  readonly #clock: Clock;
  #tokens: number;
  #updatedAt: number;
  #queue: Promise<void> = Promise.resolve();

  /**
   * @param requests - tokens added per `perMs`
   * @param perMs - the refill period in ms
   * @param capacity - burst size; `requests` by default
   * @param clock - time source (a fake one in tests)
   * @throws ConfigError when a parameter is not positive
   */
  constructor(requests: number, perMs: number, capacity = requests, clock: Clock = systemClock) {
    if (!(requests > 0) || !(perMs > 0) || !(capacity >= 1)) {
      throw new ConfigError(
        `A rate limit needs positive requests and period and a capacity >= 1, got ${requests} per ${perMs} ms, capacity ${capacity}.`,
      );
    }
    this.#capacity = capacity;
    this.#refillPerMs = requests / perMs;
    this.#clock = clock;
    this.#tokens = capacity;
    this.#updatedAt = clock.now();
  }

  /** Waits until a token is available and takes it. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#takeNow(signal));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** Tokens available now (fractional), for reports and tests. */
  available(): number {
    this.#refill();
    return this.#tokens;
  }

  async #takeNow(signal?: AbortSignal): Promise<void> {
    this.#refill();
    while (this.#tokens < 1) {
      const waitMs = Math.ceil((1 - this.#tokens) / this.#refillPerMs);
      await this.#clock.sleep(waitMs, signal);
      this.#refill();
    }
    this.#tokens -= 1;
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#tokens = Math.min(this.#capacity, this.#tokens + elapsed * this.#refillPerMs);
    this.#updatedAt = now;
  }
}
