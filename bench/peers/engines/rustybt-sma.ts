/**
 * The peer benchmark's strategy on rustybt, run by the CLI:
 *
 *   node dist/cli/main.js run -f bench/peers/engines/rustybt-sma.ts --csv-dir DIR/csv \
 *     --start … --end … --commission none --slippage none -q
 *
 * SMA(10) and SMA(30) of the close for every symbol; 10 shares bought when the fast mean
 * crosses above the slow one (fast > slow on this bar, fast <= slow on the previous one),
 * the position closed when it crosses below; orders fill at the next bar's open.
 * Prints one `PEERS_RESULT {json}` line on stderr: the engine's own time (from the moment the
 * run loads this module, after the CSV files are parsed, to `analyze`), fills, final value.
 */
import type { AlgorithmStrategy } from 'rustybt';
import { sma } from 'rustybt/indicators';

const loadedAt = performance.now();
const cpuAtLoad = process.cpuUsage();

const strategy: AlgorithmStrategy = {
  initialize(ctx) {
    const assets = ctx.allAssets();
    ctx.indicator('fast', sma(10), assets);
    ctx.indicator('slow', sma(30), assets);
  },
  handleData(ctx) {
    const up = ctx.indicators.crossovers('fast', 'slow');
    for (let i = 0; i < up.length; i++) ctx.order(ctx.sid(up.sids[i]), 10);
    const down = ctx.indicators.crossunders('fast', 'slow');
    for (let i = 0; i < down.length; i++) ctx.orderTarget(ctx.sid(down.sids[i]), 0);
  },
  analyze(_ctx, results) {
    const engineSeconds = (performance.now() - loadedAt) / 1000;
    const cpu = process.cpuUsage(cpuAtLoad);
    const engineCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const value = results.performance.columns.find((c) => c.name === 'portfolioValue')!.values;
    const fills = results.transactions.columns[0]?.values.length ?? 0;
    const report = {
      engineSeconds,
      engineCpuSeconds,
      fills,
      finalValue: Number(value[value.length - 1]),
      backend: results.meta.backend,
      numeric: results.meta.numeric,
    };
    process.stderr.write(`PEERS_RESULT ${JSON.stringify(report)}\n`);
  },
};

export default strategy;
