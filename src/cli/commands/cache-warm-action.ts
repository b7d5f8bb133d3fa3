import type { Frequency } from '../../data/bar-frame.js';
import { FREQUENCIES } from '../../data/bar-frame.js';
import { cached } from '../../data/cache/index.js';
import { ConfigError } from '../../errors/index.js';
import { parseTime } from './ingest-action.js';
import { cliSource } from './source-choice.js';

/** The flags of `rustybt cache warm`. */
export interface CacheWarmFlags {
  source: string;
  symbols: string;
  start: string;
  frequency: string;
  exchange?: string;
  csvDir?: string;
  calendar?: string;
  at: string;
  delay: string;
}

/**
 * Runs `rustybt cache warm`: fetches `[start, now]` of the symbols through the
 * cache now, or waits for the next close of the calendar (plus the delay) and
 * then fetches, so the next backtest finds the session that just closed.
 * Returns the text to print.
 *
 * @throws ConfigError for bad flags; the fetch's own errors.
 */
export async function runCacheWarm(home: string, flags: CacheWarmFlags): Promise<string> {
  const symbols = [
    ...new Set(
      flags.symbols
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
  if (symbols.length === 0) throw new ConfigError('cache warm needs --symbols, e.g. AAPL,MSFT.');
  if (!(FREQUENCIES as readonly string[]).includes(flags.frequency)) {
    throw new ConfigError(
      `--frequency ${flags.frequency} is not supported: use ${FREQUENCIES.join(', ')}.`,
    );
  }
  if (flags.at !== 'now' && flags.at !== 'next-close') {
    throw new ConfigError(`--at must be now or next-close, got ${JSON.stringify(flags.at)}.`);
  }
  const delayMinutes = Number(flags.delay);
  if (!(Number.isFinite(delayMinutes) && delayMinutes >= 0)) {
    throw new ConfigError(`--delay must be a number of minutes >= 0, got ${flags.delay}.`);
  }
  const source = cached(
    cliSource(flags.source, {
      exchange: flags.exchange,
      csvDir: flags.csvDir,
      calendar: flags.calendar,
    }),
    { home, ...(flags.calendar === undefined ? {} : { calendar: flags.calendar }) },
  );
  try {
    const warming = source.warm(
      {
        symbols,
        frequency: flags.frequency as Frequency,
        start: parseTime(flags.start, '--start', false),
      },
      { when: flags.at, delayMs: delayMinutes * 60_000, keepAlive: true },
    );
    const outcome = await warming.done;
    if (!outcome.ok) throw outcome.error;
    const stats = source.stats();
    return `Warmed ${source.name} ${flags.frequency} ${symbols.join(', ')} from ${flags.start} to ${new Date(warming.at).toISOString()}: ${outcome.bars} bars in the cache (${stats.entries} entries, ${stats.hits} hits, ${stats.partialHits} partial, ${stats.misses} misses so far).\n`;
  } finally {
    source.close();
  }
}
