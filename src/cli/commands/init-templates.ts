// The files `rustybt init` writes into a new strategy project.

/** The sample data copied into the project's data/ (from the package's examples/data). */
export const SAMPLE_SYMBOLS = ['GOOG', 'NVDA', 'ORCL'] as const;

/** package.json: rustybt as a dependency on the installation `init` ran from. */
export function packageJsonTemplate(name: string, rustybtSpec: string): string {
  const manifest = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      backtest: 'rustybt run --config backtest.yaml',
    },
    dependencies: { rustybt: rustybtSpec },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** tsconfig.json for editors and `tsc --noEmit`; rustybt compiles the strategy itself. */
export const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'preserve',
      moduleResolution: 'bundler',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
    include: ['*.ts', 'src/**/*.ts'],
  },
  null,
  2,
)}\n`;

/** The example strategy: a dual moving average crossover on declared indicators. */
export const STRATEGY = `/**
 * A dual moving average crossover: hold GOOG while its 20-session average close
 * is above its 50-session average, stay in cash otherwise.
 *
 * Run it:  npx rustybt run --config backtest.yaml
 *
 * A strategy is a module exporting initialize(ctx) and handleData(ctx, data)
 * (beforeTradingStart and analyze are optional). Orders placed on a bar fill on
 * the next one; data.history never reaches past the simulation clock.
 */
import type { AlgorithmContext, BarData } from 'rustybt';
import { sma } from 'rustybt/indicators';

const FAST = 20;
const SLOW = 50;

export function initialize(ctx: AlgorithmContext): void {
  const goog = ctx.symbol('GOOG');
  // Declared indicators are updated by the engine on every bar, before handleData.
  // Exact for exact prices: the window sums are kept in integer units.
  ctx.indicator('fast', sma(FAST), [goog]);
  ctx.indicator('slow', sma(SLOW), [goog]);
}

export function handleData(ctx: AlgorithmContext, data: BarData): void {
  const goog = ctx.symbol('GOOG');
  if (!data.canTrade(goog)) return;
  // crossover: fast moved above slow on this bar; crossunder: below.
  if (ctx.indicators.crossover('fast', 'slow', goog.sid)) ctx.orderTargetPercent(goog, 0.95);
  if (ctx.indicators.crossunder('fast', 'slow', goog.sid)) ctx.orderTarget(goog, 0);
  // Recorded values become columns of the results (see -o results.json).
  ctx.record({
    fast: ctx.indicators.current('fast', goog.sid),
    slow: ctx.indicators.current('slow', goog.sid),
  });
}
`;

/** The run config: every setting of the backtest in one file. */
export const BACKTEST_YAML = `# rustybt run --config backtest.yaml runs this backtest; flags given on the
# command line override what is here (e.g. --end 2011-12-30 -o h1.json).
# Paths are relative to this file.
strategy: strategy.ts
data:
  csv: data            # one SYMBOL.csv per symbol (real daily bars, 2010-01-04 .. 2013-03-01)
  symbols: [GOOG]
  frequency: daily
  # For your own files: dateFormat, columns, delimiter, timezone, scale, missing
  # e.g. columns: { date: Datum, close: Schluss }
  # Or another origin: bundle: NAME (rustybt ingest), or source: yfinance
start: 2011-01-03
end: 2012-12-31
warmup: 50             # the slow average is full from the first session
capitalBase: 100000
calendar: XNYS         # or 24/7, or data (the sessions in the data), or calendarFile: sessions.txt
numeric: decimal       # exact accounting; float for the JS-number baseline
commission: per-share:0.005,min=1
slippage: fixed-bps:5
# benchmark: ORCL      # prints the benchmark's return, alpha and beta
output: results.json   # .json, .csv or .parquet
`;

/** The project's README: the commands, and where to go next. */
export function readmeTemplate(name: string): string {
  return `# ${name}

A backtesting project made by \`rustybt init\`.

| file            | what it is                                                        |
| --------------- | ----------------------------------------------------------------- |
| \`strategy.ts\`   | the strategy: \`initialize(ctx)\` and \`handleData(ctx, data)\`       |
| \`backtest.yaml\` | the run: data, range, capital, costs, outputs                     |
| \`data/\`         | sample daily bars (GOOG, NVDA, ORCL, 2010-01-04 .. 2013-03-01)    |
| \`tsconfig.json\` | editor and type-check settings (rustybt compiles the strategy)    |

## Run it

\`\`\`sh
npx rustybt run --config backtest.yaml                      # prints the summary, writes results.json
npx rustybt run --config backtest.yaml --end 2011-12-30      # flags override the file
npm run backtest                                            # the same, as an npm script
\`\`\`

Everything runs offline on the sample data. To type-check: \`npm install -D typescript\`, then
\`npx tsc\`.

## Your own data

Put one CSV file per symbol in \`data/\` (\`AAPL.csv\`, ...) and list the symbols in
\`backtest.yaml\`. Headers such as Date, Open, High, Low, Close, Volume are found by name; other
layouts are described with \`columns\`, \`dateFormat\`, \`delimiter\`, \`timezone\` and \`scale\`
under \`data\` (or the flags \`--columns\`, \`--date-format\`, ...; see \`npx rustybt run --help\`).
Data from Yahoo or an exchange: \`source: yfinance\` or \`source: ccxt\` under \`data\`, read through
rustybt's cache.
`;
}
