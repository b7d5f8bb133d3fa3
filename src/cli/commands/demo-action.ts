// What `rustybt demo` does: loaded only when the command runs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rustybtHome } from '../../data/bundles/bundle-home.js';
import { listVersions } from '../../data/bundles/bundle-layout.js';
import { ingestIntoBundle } from '../../data/bundles/ingest-bridge.js';
import { CsvSource } from '../../data/sources/csv-source.js';
import { checkResultsPath } from '../../analytics/results-export.js';
import { ConfigError, type OutputError, type ReportError } from '../../errors/index.js';
import { runFromFlags } from './run-action.js';
import { DEMO_BUNDLE } from './demo-command.js';

const DEMO_SYMBOLS = ['GOOG', 'ORCL', 'NVDA'];
const DEMO_START = '2010-01-04';
const DEMO_END = '2013-03-01';

/** `examples/` of the package (same depth below the root from `src/` and `dist/`). */
function examplesDirectory(): string {
  return fileURLToPath(new URL('../../../examples/', import.meta.url));
}

/**
 * Prepares the demo bundle (from the CSV files the project carries, through
 * the CSV source and the ingest bridge, into `RUSTYBT_HOME`) and runs the
 * dual moving average example on it. Returns the text to print, and the
 * error writing `-o` met after the run, if any.
 *
 * @throws ConfigError when the examples are not there (an installed package
 *   without them) or the output path cannot be written (before anything runs).
 */
export async function runDemo(
  options: { reingest?: boolean; output?: string; report?: string } = {},
): Promise<{ text: string; outputError?: OutputError | ReportError }> {
  if (options.output !== undefined) checkResultsPath(options.output);
  const examples = examplesDirectory();
  const strategy = `${examples}dual-moving-average.ts`;
  const dataDir = `${examples}data`;
  if (!existsSync(strategy) || !existsSync(dataDir)) {
    throw new ConfigError(
      `The demo needs the examples of a rustybt clone (${examples}); run it from a clone of the repository.`,
    );
  }
  const home = rustybtHome();
  const lines: string[] = [];
  if (options.reingest === true || listVersions(home, DEMO_BUNDLE).length === 0) {
    const summary = await ingestIntoBundle(
      new CsvSource({ directory: dataDir }),
      DEMO_BUNDLE,
      {
        symbols: DEMO_SYMBOLS,
        start: new Date(`${DEMO_START}T00:00:00Z`),
        end: new Date(`${DEMO_END}T23:59:59.999Z`),
        frequency: '1d',
      },
      { home, assetClass: 'equity' },
    );
    lines.push(
      `Ingested ${summary.symbols} symbols (${summary.rowsWritten} daily bars, ${DEMO_SYMBOLS.join(', ')}) from ${dataDir} into bundle ${DEMO_BUNDLE} at ${summary.path}`,
    );
  } else {
    lines.push(`Using bundle ${DEMO_BUNDLE} in ${home} (rustybt demo --reingest rebuilds it)`);
  }
  lines.push(`Running ${strategy}`, '');
  const outcome = await runFromFlags({
    file: strategy,
    bundle: DEMO_BUNDLE,
    start: DEMO_START,
    end: DEMO_END,
    symbols: 'GOOG',
    // The crossover against simply holding GOOG.
    benchmark: 'GOOG',
    capitalBase: '100000',
    dataFrequency: 'daily',
    numeric: 'decimal',
    output: options.output,
    report: options.report,
  });
  return { text: `${lines.join('\n')}\n${outcome.summary}`, outputError: outcome.outputError };
}
