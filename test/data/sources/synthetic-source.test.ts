import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';

import { getCalendar } from '../../../src/calendar/index.js';
import { checkBarFrame, type BarFrame } from '../../../src/data/bar-frame.js';
import { SyntheticSource } from '../../../src/data/sources/synthetic-source.js';
import { BarRows, IssueLog, validateBars } from '../../../src/data/validation/index.js';

const START = new Date('2015-01-01T00:00:00Z');
const END = new Date('2024-12-31T23:59:59Z');

function digest(frames: BarFrame[]): string {
  const hash = createHash('sha256');
  for (const f of frames) {
    hash.update(f.symbol);
    for (const column of [f.timestamps, f.open, f.high, f.low, f.close, f.volume]) {
      hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
    }
  }
  return hash.digest('hex');
}

function logReturns(frame: BarFrame): number[] {
  const out: number[] = [];
  for (let i = 1; i < frame.close.length; i++)
    out.push(Math.log(frame.close[i] / frame.close[i - 1]));
  return out;
}

function autocorrelation(values: number[], lag: number): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < values.length; i++) {
    den += (values[i] - mean) ** 2;
    if (i >= lag) num += (values[i] - mean) * (values[i - lag] - mean);
  }
  return num / den;
}

describe('SyntheticSource', () => {
  it('gives byte-identical frames for the same seed and different ones for another seed', async () => {
    const run = async (seed: number): Promise<string> =>
      digest((await new SyntheticSource({ seed }).fetch(['AAA', 'BBB'], START, END, '1d')).frames);
    assert.equal(await run(7), await run(7));
    assert.notEqual(await run(7), await run(8));
  });

  it("makes a symbol's path independent of the other symbols requested", async () => {
    const source = new SyntheticSource({ seed: 1 });
    const alone = await source.fetch(['AAA'], START, END, '1d');
    const crowd = await source.fetch(['ZZZ', 'AAA', 'MMM'], START, END, '1d');
    assert.equal(digest(alone.frames), digest([crowd.frames[1]]));
  });

  it('puts daily bars exactly on the XNYS sessions and passes validation with no issue or gap', async () => {
    const calendar = getCalendar('XNYS');
    const { frames } = await new SyntheticSource().fetch(['AAA', 'BBB', 'CCC'], START, END, '1d');
    const sessions = calendar.sessionsInRange(START.getTime(), END.getTime());
    for (const frame of frames) {
      checkBarFrame(frame);
      assert.deepEqual(frame.timestamps, sessions);
      const raw = new BarRows(
        frame.symbol,
        '1d',
        frame.priceScale,
        frame.volumeScale,
        frame.timestamps.length,
      );
      for (let i = 0; i < frame.timestamps.length; i++) {
        raw.push(
          frame.timestamps[i],
          frame.open[i],
          frame.high[i],
          frame.low[i],
          frame.close[i],
          frame.volume[i],
          i,
        );
      }
      const log = new IssueLog(true);
      const { gaps } = validateBars(raw, { log, calendar, outlierThreshold: 12 });
      assert.equal(gaps, undefined);
      assert.deepEqual(log.issues, []);
    }
  });

  it('clusters volatility: squared returns are autocorrelated, raw returns nearly not', async () => {
    const { frames } = await new SyntheticSource({ seed: 3 }).fetch(['VOL'], START, END, '1d');
    const returns = logReturns(frames[0]);
    assert.ok(returns.length > 2000);
    const squared = returns.map((r) => r * r);
    assert.ok(autocorrelation(squared, 1) > 0.08, `acf(r^2) = ${autocorrelation(squared, 1)}`);
    assert.ok(
      Math.abs(autocorrelation(returns, 1)) < 0.06,
      `acf(r) = ${autocorrelation(returns, 1)}`,
    );
    const sd = Math.sqrt(returns.reduce((a, r) => a + r * r, 0) / returns.length);
    const annual = sd * Math.sqrt(252);
    assert.ok(annual > 0.2 && annual < 0.45, `annualized volatility ${annual}`);
  });

  it('trades more at the open and close of a session than at midday (U-shaped volume)', async () => {
    const { frames } = await new SyntheticSource().fetch(
      ['UUU'],
      new Date('2024-01-01T00:00:00Z'),
      new Date('2024-03-31T23:59:59Z'),
      '1m',
    );
    const frame = frames[0];
    // Full XNYS sessions have 390 minute bars; compare the first and last bar with bar 195.
    let edge = 0;
    let middle = 0;
    let sessions = 0;
    for (let i = 0; i + 389 < frame.timestamps.length;) {
      const fullSession = frame.timestamps[i + 389] - frame.timestamps[i] === 389 * 60_000;
      if (fullSession) {
        edge += frame.volume[i] + frame.volume[i + 389];
        middle += frame.volume[i + 195];
        sessions++;
        i += 390;
      } else {
        i += 210; // an early close (13:00): 210 bars
      }
    }
    assert.ok(sessions > 50, `sessions ${sessions}`);
    assert.ok(edge / 2 > 1.8 * middle, `edge ${edge} middle ${middle}`);
  });

  it('follows the 24/7 calendar at hourly frequency: 24 bars a day, weekends included', async () => {
    const { frames } = await new SyntheticSource({ calendar: '24/7' }).fetch(
      ['BTC/USDT'],
      new Date('2024-01-06T00:00:00Z'),
      new Date('2024-01-07T23:00:00Z'),
      '1h',
    );
    assert.equal(frames[0].timestamps.length, 48);
    assert.equal(frames[0].timestamps[47], Date.UTC(2024, 0, 7, 23));
  });

  it('reports progress after each symbol with the bars kept', async () => {
    const seen: string[] = [];
    await new SyntheticSource().fetch(
      ['A', 'B'],
      new Date('2024-01-02'),
      new Date('2024-01-05'),
      '1d',
      {
        onProgress: (p) => seen.push(`${p.symbol} ${p.symbolsDone}/${p.symbolsTotal} ${p.rows}`),
      },
    );
    assert.deepEqual(seen, ['A 1/2 4', 'B 2/2 4']);
  });

  it('limits bars to the requested range within a session', async () => {
    const { frames } = await new SyntheticSource().fetch(
      ['AAA'],
      new Date('2024-01-02T15:00:00Z'),
      new Date('2024-01-02T15:09:00Z'),
      '1m',
    );
    assert.equal(frames[0].timestamps.length, 10);
  });
});
