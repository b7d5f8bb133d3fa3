/**
 * Stable machine-readable error codes. A code never changes meaning once
 * released; messages may be reworded.
 */
export type ErrorCode =
  | 'ERR_CONFIG'
  | 'ERR_DATA'
  | 'ERR_ORDER'
  | 'ERR_NATIVE_UNAVAILABLE'
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_STRATEGY'
  | 'ERR_CALENDAR'
  | 'ERR_NUMERIC_OVERFLOW'
  | 'ERR_TRADING_CONTROL'
  | 'ERR_PROFILE'
  | 'ERR_CATALOG'
  | 'ERR_CACHE'
  | 'ERR_OUTPUT'
  | 'ERR_RESULTS_FILE'
  | 'ERR_REPORT'
  | 'ERR_JOURNAL'
  | 'ERR_PARAMETER'
  | 'ERR_SWEEP'
  | 'ERR_EXCHANGE'
  | 'ERR_BENCH_HISTORY'
  | 'ERR_BENCH_REGRESSION';

/**
 * Base class of every error rustybt raises on purpose. The message says what
 * was wrong and what to do; `code` is stable for programs to branch on.
 */
export class RustybtError extends Error {
  /** Stable code identifying the kind of failure. */
  readonly code: ErrorCode;

  /**
   * @param code - stable code of the failure
   * @param message - what was wrong and what to do about it
   * @param options - standard `ErrorOptions`, e.g. the underlying `cause`
   */
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A configuration value (file, option or environment variable) is invalid. */
export class ConfigError extends RustybtError {
  /** @param message - what was wrong and what to do about it */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_CONFIG', message, options);
  }
}

/** Market data is missing, malformed or inconsistent. */
export class DataError extends RustybtError {
  /** @param message - what was wrong and what to do about it */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_DATA', message, options);
  }
}

/** An order cannot be accepted as given. */
export class OrderError extends RustybtError {
  /** @param message - what was wrong and what to do about it */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_ORDER', message, options);
  }
}

/** The Rust backend was required (`RUSTYBT_BACKEND=rust`) but cannot be loaded. */
export class NativeBackendError extends RustybtError {
  /** @param message - why the addon is unavailable and how to build it */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_NATIVE_UNAVAILABLE', message, options);
  }
}

/**
 * A strategy module cannot be used: the file is missing, it fails to load, it
 * lacks a hook, or one of its hooks threw. `strategyStack` keeps the stack of
 * the strategy's own error, which the CLI prints even without `--debug`.
 */
export class StrategyError extends RustybtError {
  /** Stack trace of the error raised by the strategy's code, when there was one. */
  readonly strategyStack: string | undefined;

  /**
   * @param message - what was wrong and what to do about it
   * @param options - `cause`: the strategy's own error, if any
   */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_STRATEGY', message, options);
    const cause = options?.cause;
    this.strategyStack = cause instanceof Error ? cause.stack : undefined;
  }
}

/**
 * A trading calendar was asked about a date it cannot answer for: outside its
 * supported range, or not one of its sessions where a session is required.
 */
export class CalendarError extends RustybtError {
  /** @param message - what was wrong and what to do about it */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_CALENDAR', message, options);
  }
}

/** An exact decimal amount does not fit the engine's integer range at its configured scale. */
export class NumericOverflowError extends RustybtError {
  /** @param message - which amount overflowed and what to do about it */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_NUMERIC_OVERFLOW', message, options);
  }
}

/** An order breaks a trading control (max leverage, long only, ...) configured to raise. */
export class TradingControlError extends RustybtError {
  /** Name of the control that was violated, e.g. `maxOrderSize`. */
  readonly control: string;

  /**
   * @param control - name of the violated control
   * @param message - what was violated and how to change it
   */
  constructor(control: string, message: string, options?: ErrorOptions) {
    super('ERR_TRADING_CONTROL', message, options);
    this.control = control;
  }
}

/** A profiling run failed (its child process exited with an error). */
export class ProfileError extends RustybtError {
  /** @param message - which run failed and the child's last error lines */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_PROFILE', message, options);
  }
}

/**
 * The catalog database cannot be used as asked: a schema newer than this
 * rustybt, a failed or impossible migration, a missing backup to roll back to.
 */
export class CatalogError extends RustybtError {
  /** @param message - what was wrong with the catalog and what to do about it */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_CATALOG', message, options);
  }
}

/**
 * The smart cache could not serve or store a request: a bad cache option, a
 * lock held too long, an entry that stays invalid after a refetch.
 */
export class CacheError extends RustybtError {
  /** @param message - what went wrong in the cache and what to do about it */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_CACHE', message, options);
  }
}

/**
 * Results could not be written where asked: the path was fine before the run
 * but writing failed (a disk full, a folder removed or made read-only
 * meanwhile). Nothing partial is left at the path.
 */
export class OutputError extends RustybtError {
  /** @param message - which file could not be written, why, and what to do */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_OUTPUT', message, options);
  }
}

/**
 * A results file cannot be read as rustybt results: missing, not JSON, cut
 * short, written by another tool, or by a newer rustybt.
 */
export class ResultsFileError extends RustybtError {
  /** Path of the file that was read. */
  readonly path: string;

  /**
   * @param path - the results file
   * @param message - what was wrong with it and what to do about it
   */
  constructor(path: string, message: string, options?: ErrorOptions) {
    super('ERR_RESULTS_FILE', message, options);
    this.path = path;
  }
}

/** A report cannot be written: the output path is not writable or not an `.html` file. */
export class ReportError extends RustybtError {
  /** @param message - what was wrong with the output and what to do about it */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_REPORT', message, options);
  }
}

/**
 * A live or paper session's journal cannot be used: missing, written by a
 * newer rustybt, for another strategy or symbols, or disagreeing with a replay.
 */
export class JournalError extends RustybtError {
  /** @param message - what was wrong with the journal and what to do about it */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_JOURNAL', message, options);
  }
}

/**
 * An exchange refused a request or could not be reached while trading live:
 * the message names the exchange, the order's client id when there is one,
 * and whether the order's fate is known (API keys never appear in it).
 */
export class ExchangeError extends RustybtError {
  /** @param message - what the exchange said or failed to say, and what to do */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_EXCHANGE', message, options);
  }
}

/**
 * A strategy parameter is invalid: a value of the wrong type, a name the
 * strategy does not declare, a malformed range or grid.
 */
export class ParameterError extends RustybtError {
  /** The parameter concerned (undefined when the problem is not one parameter's). */
  readonly parameter: string | undefined;

  /**
   * @param message - what was wrong and what to do about it
   * @param parameter - the parameter's name
   */
  constructor(message: string, parameter?: string, options?: ErrorOptions) {
    super('ERR_PARAMETER', message, options);
    this.parameter = parameter;
  }
}

/**
 * A sweep or walk-forward cannot go on: a queue unreachable, a worker's
 * strategy or data not the sweep's, a run that never came back.
 */
export class SweepError extends RustybtError {
  /** @param message - what went wrong and what to do about it */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_SWEEP', message, options);
  }
}

/**
 * A benchmark history (the SQLite store or an exported JSON file) cannot be
 * used: not a database or JSON, written by another tool or a newer rustybt,
 * or without a run to compare with. Such a file is never overwritten.
 */
export class BenchHistoryError extends RustybtError {
  /** @param message - what was wrong with the history and what to do about it */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_BENCH_HISTORY', message, options);
  }
}

/**
 * `rustybt bench --compare` or `--max-overhead` found cells slower than the
 * baseline or the limit; the message names the cells and their figures.
 */
export class BenchRegressionError extends RustybtError {
  /** @param message - the cells and figures that failed the check */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_BENCH_REGRESSION', message, options);
  }
}
