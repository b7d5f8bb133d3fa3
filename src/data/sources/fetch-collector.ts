import type { BarFrame } from '../bar-frame.js';
import { IssueLog, validateBars, type BarRows } from '../validation/index.js';
import type {
  CorporateActions,
  FetchOptions,
  FetchResult,
  MissingSessions,
} from './data-source.js';

/**
 * Gathers a fetch's result symbol by symbol: validates each symbol's raw rows
 * over the requested range and calendar (lenient or strict per the options),
 * keeps the frame and its gaps, and reports progress. Every source's `fetch`
 * ends the same way; this is that one way.
 */
export class FetchCollector {
  /** Where row problems are logged (and, in strict mode, raised). */
  readonly log: IssueLog;
  private readonly frames: BarFrame[] = [];
  private readonly gaps: MissingSessions[] = [];
  private readonly symbolsTotal: number;
  private readonly range: { start: number; end: number };
  private readonly options: FetchOptions;

  /**
   * @param symbolsTotal - how many symbols the fetch covers (for progress)
   * @param start - first instant requested
   * @param end - last instant requested
   * @param options - the fetch options (strict mode, calendar, progress callback)
   */
  constructor(symbolsTotal: number, start: Date, end: Date, options: FetchOptions) {
    this.log = new IssueLog(options.strict ?? false);
    this.symbolsTotal = symbolsTotal;
    this.range = { start: start.getTime(), end: end.getTime() };
    this.options = options;
  }

  /** Validates one symbol's rows, keeps the result and reports progress; returns the frame. */
  add(raw: BarRows): BarFrame {
    const validated = validateBars(raw, {
      log: this.log,
      calendar: this.options.calendar,
      range: this.range,
    });
    this.frames.push(validated.frame);
    if (validated.gaps !== undefined) this.gaps.push(validated.gaps);
    this.options.onProgress?.({
      symbol: validated.frame.symbol,
      symbolsDone: this.frames.length,
      symbolsTotal: this.symbolsTotal,
      rows: validated.frame.timestamps.length,
    });
    return validated.frame;
  }

  /** The fetch result: every frame, the corporate actions and the report. */
  result(corporateActions: CorporateActions = { splits: [], dividends: [] }): FetchResult {
    return {
      frames: this.frames,
      corporateActions,
      report: { issues: this.log.issues, gaps: this.gaps },
    };
  }
}
