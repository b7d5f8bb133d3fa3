import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getCalendar } from '../../src/calendar/index.js';
import type { Clock } from '../../src/data/sources/clock.js';
import { SyntheticSource } from '../../src/data/sources/synthetic-source.js';
import { formingBarStart, historyStartBefore } from '../../src/live/history-window.js';
import { LiveClock } from '../../src/live/live-clock.js';

const MINUTE = 60_000;
const past: Clock = { now: () => Infinity, sleep: () => Promise.resolve() };

/** A clock that only moves when something sleeps on it. */
function manualClock(start: number): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('synthetic live bars', () => {
  const calendar = getCalendar('24/7');
  const anchor = Date.UTC(2024, 0, 1, 22, 0);
  const liveStart = Date.UTC(2024, 0, 2, 0, 0);

  it('says it streams live bars', () => {
    const source = new SyntheticSource({ calendar: '24/7' });
    assert.equal(source.supportsLive(), true);
    assert.equal(source.getMetadata().live, true);
  });

  it('continues the start-up history without a gap or a duplicate, across a session boundary and the generation horizon', async () => {
    const source = new SyntheticSource({ calendar: '24/7', seed: 7 });
    const symbols = ['BTC/USDT', 'ETH/USDT'];
    const history = await source.fetch(symbols, new Date(anchor), new Date(liveStart - 1), '1m', {
      calendar,
    });
    const feed = source.liveBars(symbols, '1m', { calendar, anchor, clock: past });
    const clock = new LiveClock(calendar, '1m', liveStart, past);
    const liveCount = 5_000; // past the first generation horizon of 4,096 bars
    const times: number[] = [];
    const closes: number[][] = [[], []];
    for (let k = 0; k < liveCount; k++) {
      const time = await clock.next();
      const rows = await feed.closedBars(time.barStart, time.barClose);
      times.push(time.barStart);
      rows.forEach((row, i) => closes[i].push(row!.close));
    }
    const whole = await source.fetch(
      symbols,
      new Date(anchor),
      new Date(liveStart + (liveCount - 1) * MINUTE),
      '1m',
      { calendar },
    );
    const historyBars = history.frames[0].timestamps.length;
    assert.equal(historyBars, 120);
    assert.deepEqual(times, Array.from(whole.frames[0].timestamps.subarray(historyBars)));
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(
        Array.from(history.frames[i].close),
        Array.from(whole.frames[i].close.subarray(0, historyBars)),
      );
      assert.deepEqual(closes[i], Array.from(whole.frames[i].close.subarray(historyBars)));
    }
    for (let k = 1; k < times.length; k++) assert.equal(times[k] - times[k - 1], MINUTE);
  });
});

describe('LiveClock', () => {
  it('hands a bar over only once it has closed', async () => {
    const calendar = getCalendar('24/7');
    const start = Date.UTC(2024, 0, 2, 10, 0, 30);
    const clock = manualClock(start);
    const live = new LiveClock(calendar, '1m', Date.UTC(2024, 0, 2, 10, 0), clock, 500);
    const first = await live.next();
    assert.equal(first.barStart, Date.UTC(2024, 0, 2, 10, 0));
    assert.ok(clock.now() >= first.barClose + 500, 'not before close + grace');
    const second = await live.next();
    assert.equal(second.barStart, Date.UTC(2024, 0, 2, 10, 1));
    assert.ok(clock.now() >= second.barClose + 500);
  });

  it('stops waiting when aborted', async () => {
    const calendar = getCalendar('24/7');
    const never: Clock = {
      now: () => 0,
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason as Error));
        }),
    };
    const live = new LiveClock(calendar, '1m', Date.UTC(2024, 0, 2), never);
    const controller = new AbortController();
    const waiting = live.next(controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
  });

  it('walks an exchange calendar: skips the weekend and starts each session at its open', async () => {
    const calendar = getCalendar('XNYS');
    // Friday 2024-01-05 15:58 New York = 20:58 UTC
    const live = new LiveClock(calendar, '1m', Date.UTC(2024, 0, 5, 20, 58), past);
    const a = await live.next();
    const b = await live.next();
    const c = await live.next();
    assert.equal(new Date(a.barStart).toISOString(), '2024-01-05T20:58:00.000Z');
    assert.equal(b.closesSession, true);
    assert.equal(new Date(c.barStart).toISOString(), '2024-01-08T14:30:00.000Z');
    assert.equal(c.opensSession, true);
  });
});

describe('history window', () => {
  it('starts live at the forming bar and the history the given number of bars before it', () => {
    const calendar = getCalendar('XNYS');
    const saturday = Date.UTC(2024, 0, 6, 12, 0);
    const live = formingBarStart(calendar, '1m', saturday);
    assert.equal(new Date(live).toISOString(), '2024-01-08T14:30:00.000Z');
    const start = historyStartBefore(calendar, '1m', live, 3);
    assert.equal(new Date(start).toISOString(), '2024-01-05T20:57:00.000Z');
    const crypto = getCalendar('24/7');
    assert.equal(
      formingBarStart(crypto, '1m', Date.UTC(2024, 0, 2, 10, 0, 30)),
      Date.UTC(2024, 0, 2, 10, 0),
    );
    assert.equal(
      historyStartBefore(crypto, '1m', Date.UTC(2024, 0, 2, 0, 1), 3),
      Date.UTC(2024, 0, 1, 23, 58),
    );
  });
});
