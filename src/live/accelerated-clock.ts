import { ConfigError } from '../errors/index.js';
import { systemClock, type Clock } from '../data/sources/clock.js';

/**
 * A clock that runs `speed` times faster than the wall clock from `origin`:
 * `now()` is `origin + (wall time elapsed) × speed`, and `sleep(ms)` waits
 * `ms / speed` of wall time. With speed 60 a minute bar closes every second:
 * demos and tests of the live path without waiting for the market.
 */
export class AcceleratedClock implements Clock {
  private readonly origin: number;
  private readonly speed: number;
  private readonly wall: Clock;
  private readonly wallStart: number;

  /**
   * @param origin - the instant the clock starts at (epoch ms)
   * @param speed - how many times faster than real time (>= 1)
   * @param wall - the real clock underneath (the system clock by default)
   * @throws ConfigError when `speed` is not a finite number >= 1.
   */
  constructor(origin: number, speed: number, wall: Clock = systemClock) {
    if (!(Number.isFinite(speed) && speed >= 1)) {
      throw new ConfigError(`--speed must be a number >= 1 (1 is real time), got ${speed}.`);
    }
    this.origin = origin;
    this.speed = speed;
    this.wall = wall;
    this.wallStart = wall.now();
  }

  now(): number {
    return this.origin + (this.wall.now() - this.wallStart) * this.speed;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.wall.sleep(ms / this.speed, signal);
  }
}
