// The summary `rustybt run` prints: with a benchmark, its return, alpha and
// beta; money at the currency's scale whatever the price scale.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runFromFlags } from '../../src/cli/commands/run-action.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sampleData = join(root, 'examples', 'data');
let work = '';

before(() => {
  work = mkdtempSync(join(tmpdir(), 'rustybt-summary-'));
  writeFileSync(
    join(work, 'buy.mjs'),
    `export function initialize(ctx) { ctx.state.done = false; }
export function handleData(ctx) {
  if (!ctx.state.done) { ctx.order(ctx.symbol('ORCL'), 100); ctx.state.done = true; }
}
`,
  );
});
after(() => rmSync(work, { recursive: true, force: true }));

/** GOOG's close on `date`, from the sample file. */
function googClose(date: string): number {
  const row = readFileSync(join(sampleData, 'GOOG.csv'), 'utf8')
    .split('\n')
    .find((line) => line.startsWith(date));
  return Number(row!.split(',')[4]);
}

describe('the run summary', () => {
  it('shows the benchmark return, alpha and beta when a benchmark is set', async () => {
    const outcome = await runFromFlags({
      file: join(work, 'buy.mjs'),
      csvDir: sampleData,
      symbols: 'ORCL,GOOG',
      benchmark: 'GOOG',
      start: '2011-01-03',
      end: '2011-12-30',
    });
    // Holding GOOG from the first session's close to the last one's.
    const expected = googClose('2011-12-30') / googClose('2011-01-03') - 1;
    const line = /^ {2}Benchmark return +(-?\d+\.\d\d) % \(GOOG\)$/m.exec(outcome.summary);
    assert.ok(line, outcome.summary);
    assert.equal(line[1], (expected * 100).toFixed(2));
    const { alpha, beta } = outcome.results.risk;
    assert.ok(Number.isFinite(alpha) && Number.isFinite(beta));
    assert.match(outcome.summary, new RegExp(`^ {2}Alpha +${alpha.toFixed(3)}$`, 'm'));
    assert.match(outcome.summary, new RegExp(`^ {2}Beta +${beta.toFixed(3)}$`, 'm'));
  });

  it('leaves them out without a benchmark', async () => {
    const outcome = await runFromFlags({
      file: join(work, 'buy.mjs'),
      csvDir: sampleData,
      symbols: 'ORCL',
      start: '2011-01-03',
      end: '2011-12-30',
    });
    assert.doesNotMatch(outcome.summary, /Benchmark|Alpha|Beta/);
  });

  it('prints money at the currency scale (2 places for USD) when prices carry 4', async () => {
    const outcome = await runFromFlags({
      file: join(work, 'buy.mjs'),
      csvDir: sampleData,
      symbols: 'ORCL',
      scale: '4',
      start: '2011-01-03',
      end: '2011-12-30',
    });
    const values = outcome.results.performance.columns.find((c) => c.name === 'portfolioValue')!;
    const last = String(values.values[values.values.length - 1]);
    assert.match(last, /\.\d{4}$/);
    const printed = /Final value +(\S+) USD/.exec(outcome.summary)![1];
    assert.match(printed, /^\d+\.\d\d$/);
    assert.ok(Math.abs(Number(printed) - Number(last)) <= 0.005);
  });
});
