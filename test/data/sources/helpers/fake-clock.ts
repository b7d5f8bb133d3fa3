import type { Clock } from '../../../../src/data/sources/clock.js';

/** A clock whose `sleep` advances time at once and records each wait. */
export class FakeClock implements Clock {
  time: number;
  readonly sleeps: number[] = [];

  constructor(start = 1_600_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  }
}
