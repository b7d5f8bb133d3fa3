import { basename, resolve } from 'node:path';
import { getCalendar } from '../../calendar/index.js';
import { cached } from '../../data/cache/index.js';
import type { Frequency } from '../../data/bar-frame.js';
import { systemClock, type Clock } from '../../data/sources/clock.js';
import { isLiveBarSource } from '../../data/sources/live-bars.js';
import { ConfigError } from '../../errors/index.js';
import { AcceleratedClock } from '../../live/accelerated-clock.js';
import { formingBarStart, historyStartBefore } from '../../live/history-window.js';
import { Journal } from '../../live/journal.js';
import { BAR_LENGTH_MS } from '../../live/live-clock.js';
import { runLive } from '../../live/run-live.js';
import type { SafetyLimits } from '../../live/safety-guard.js';
import { parseDuration } from './duration.js';
import type { LiveFlags } from './live-command.js';
import { cliSource } from './source-choice.js';
import { checkRealMoneyFlags, connectForLive } from './live-exchange.js';
import { LiveStatusLine } from './live-status-line.js';

const FREQUENCY_NAMES: Record<string, 'minute' | 'hourly' | 'daily'> = {
  '1m': 'minute',
  '1h': 'hourly',
  '1d': 'daily',
};

/**
 * `rustybt live`: checks the flags, opens (or resumes) the journal, fetches
 * the start-up history through the cache and runs the strategy on paper over
 * live bars until the duration passes, Ctrl-C, or a safety stop; prints what
 * happened to the open orders at exit.
 *
 * @throws ConfigError for bad or missing flags (and for `--live`, not available yet).
 */
export async function liveFromFlags(flags: LiveFlags): Promise<void> {
  const live = flags.live === true;
  if (live) checkRealMoneyFlags(flags);
  if (flags.file === undefined) throw new ConfigError('rustybt live needs -f <strategy file>.');
  if (flags.symbols === undefined || flags.symbols.trim() === '') {
    throw new ConfigError('rustybt live needs --symbols, e.g. --symbols BTC/USDT.');
  }
  const symbols = flags.symbols
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const frequency = flags.frequency as Frequency;
  const dataFrequency = FREQUENCY_NAMES[frequency];
  if (dataFrequency === undefined) {
    throw new ConfigError(`--frequency must be 1m, 1h or 1d, got ${flags.frequency}.`);
  }
  const calendarName = flags.calendar ?? '24/7';
  const calendar = getCalendar(calendarName);
  const speed = Number(flags.speed);
  const sourceName = flags.source.trim().toLowerCase();
  if (speed !== 1 && sourceName !== 'synthetic') {
    throw new ConfigError(
      '--speed applies to --source synthetic only; exchange bars come in real time.',
    );
  }
  const seed = flags.seed === undefined ? undefined : Number(flags.seed);
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new ConfigError(`--seed must be a whole number, got ${flags.seed}.`);
  }
  const source = cliSource(sourceName, { exchange: flags.exchange, calendar: calendarName, seed });
  if (!source.supportsLive() || !isLiveBarSource(source)) {
    throw new ConfigError(
      `Source ${sourceName} has no live bars; use --source synthetic or --source ccxt.`,
    );
  }
  const duration = flags.duration === undefined ? undefined : durationOf(flags.duration);
  const safety = safetyOf(flags);
  const journalPath = resolve(flags.journal);
  const strategyPath = resolve(flags.file);

  const now = Date.now();
  const freshLiveStart = formingBarStart(calendar, frequency, now);
  const exchange = live ? await connectForLive(flags, symbols) : undefined;
  const journal = Journal.open(journalPath, {
    mode: live ? 'live' : 'paper',
    strategy: strategyPath,
    symbols,
    source:
      sourceName === 'ccxt' ? `ccxt:${flags.exchange ?? 'binance'}` : `${sourceName}:${seed ?? 42}`,
    frequency,
    calendar: calendarName,
    capitalBase: flags.capitalBase,
    historyStart: historyStartBefore(calendar, frequency, freshLiveStart, Number(flags.warmup)),
    liveStart: freshLiveStart,
  });
  const stored = journal.session();
  // A live session restarts now (it reconciles with the exchange); a paper one replays its bars.
  const session = live
    ? {
        ...stored,
        liveStart: freshLiveStart,
        historyStart: historyStartBefore(calendar, frequency, freshLiveStart, Number(flags.warmup)),
      }
    : stored;
  const processed = live ? [] : journal.processedBars();
  const resumedAt = processed.length > 0 ? processed[processed.length - 1] : undefined;
  let clock: Clock = systemClock;
  if (speed !== 1) {
    // An accelerated run resumes where it stopped (its clock was ahead of the wall clock).
    const origin =
      resumedAt === undefined ? now : Math.max(now, resumedAt + BAR_LENGTH_MS[frequency]);
    clock = new AcceleratedClock(resumedAt === undefined ? now : origin, speed);
  }
  const history = flags.cache === false ? source : cached(source);
  const feed = source.liveBars(symbols, frequency, {
    calendar,
    anchor: session.historyStart,
    clock,
  });

  const out = process.stdout;
  const err = process.stderr;
  err.write(
    `rustybt live: ${live ? `LIVE trading with real orders on ${flags.exchange}${flags.sandbox === true ? ' (sandbox)' : ''}:` : 'paper trading'} ${symbols.join(', ')} (${frequency}) from ${sourceName}${speed !== 1 ? ` at ${speed}x` : ''}; journal ${journalPath}` +
      (resumedAt === undefined ? '' : ` (resuming after ${new Date(resumedAt).toISOString()})`) +
      '\n',
  );
  const stop = new AbortController();
  const kill = new AbortController();
  let interrupts = 0;
  const onInterrupt = (name: string) => () => {
    interrupts++;
    if (interrupts > 1) {
      err.write(
        '\nrustybt live: second interrupt, exiting now (the journal is consistent up to the last bar)\n',
      );
      process.exit(130);
    }
    stop.abort(`interrupted (${name})`);
  };
  const onSigint = onInterrupt('Ctrl-C');
  const onSigterm = onInterrupt('SIGTERM');
  const onKill = () => kill.abort('SIGUSR2');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  process.on('SIGUSR2', onKill);
  const timer =
    duration === undefined
      ? undefined
      : setTimeout(() => stop.abort(`duration ${flags.duration} reached`), duration);
  const line = new LiveStatusLine(err, symbols);
  try {
    const results = await runLive({
      strategy: strategyPath,
      symbols,
      dataFrequency,
      calendar,
      capitalBase: flags.capitalBase,
      historyStart: session.historyStart,
      liveStart: session.liveStart,
      history: async (start, end) =>
        (await history.fetch(symbols, start, end, frequency, { calendar })).frames,
      feed,
      clock,
      graceMs: sourceName === 'synthetic' ? 0 : 2_000,
      journal,
      exchange,
      signal: stop.signal,
      kill: kill.signal,
      cancelOnStop: flags.cancelOnExit === true,
      safety,
      onBar: (status) => line.update(status),
      onDifference: (message) => err.write(`rustybt live: reconcile: ${message}\n`),
      onExchangeError: (error) => err.write(`rustybt live: ${error.message}\n`),
    });
    line.done();
    const fills = results.transactions.columns[0].values.length;
    const open = results.openOrdersAtStop;
    const left = open - results.cancelledAtStop;
    out.write(
      [
        `stopped: ${results.stopReason}`,
        `bars handled: ${results.bars}, fills: ${fills}`,
        `open orders at stop: ${open} (${results.cancelledAtStop} cancelled, ${left} left open${left > 0 ? (live ? ` at ${flags.exchange}; a restart with the same journal reconciles them` : '; they stay in the journal and fill on paper if the session resumes') : ''})`,
        `journal: ${journalPath} (rustybt live status --journal ${basename(journalPath) === journalPath ? journalPath : flags.journal})`,
        '',
      ].join('\n'),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    journal.setStatus('stopped', `failed: ${message.slice(0, 300)}`);
    throw error;
  } finally {
    line.done();
    if (timer !== undefined) clearTimeout(timer);
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    process.off('SIGUSR2', onKill);
    journal.close();
    await exchange?.close();
  }
}

function safetyOf(flags: LiveFlags): SafetyLimits | undefined {
  const limits: SafetyLimits = {};
  if (flags.maxOrderValue !== undefined) limits.maxOrderSize = { value: flags.maxOrderValue };
  if (flags.maxPositionValue !== undefined)
    limits.maxPositionSize = { value: flags.maxPositionValue };
  if (flags.maxLeverage !== undefined) {
    const leverage = Number(flags.maxLeverage);
    if (!(leverage > 0))
      throw new ConfigError(`--max-leverage must be a positive number, got ${flags.maxLeverage}.`);
    limits.maxLeverage = leverage;
  }
  if (flags.dailyLossLimit !== undefined) limits.dailyLossLimit = flags.dailyLossLimit;
  if (flags.killSwitchFile !== undefined) limits.killSwitchFile = resolve(flags.killSwitchFile);
  return Object.keys(limits).length === 0 ? undefined : limits;
}

/** A wall-clock duration: whole seconds (`30s`) or the usual m, h, d, w units. */
function durationOf(text: string): number {
  const seconds = /^(\d+)s$/.exec(text.trim());
  if (seconds !== null && Number(seconds[1]) > 0) return Number(seconds[1]) * 1_000;
  return parseDuration(text, '--duration');
}
