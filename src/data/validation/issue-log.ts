import { DataError } from '../../errors/index.js';
import type { RowIssue } from '../sources/data-source.js';

/**
 * Collects the rows a source or the validator dropped, repaired or flagged.
 * In strict mode the first issue that fails strictness throws a `DataError`
 * naming the symbol, the row and the problem; in lenient mode every issue is
 * kept for the report and the ingest goes on.
 */
export class IssueLog {
  /** Whether issues that fail strictness throw. */
  readonly strict: boolean;
  /** Every issue recorded, in order. */
  readonly issues: RowIssue[] = [];

  /** @param strict - fail on the first dropped or reordered row */
  constructor(strict: boolean) {
    this.strict = strict;
  }

  /**
   * Records an issue. By default dropped rows fail strict mode and flagged or
   * repaired ones do not; pass `failsStrict` to override (an out-of-order row
   * that was re-sorted still fails strict mode).
   *
   * @throws DataError in strict mode when the issue fails strictness.
   */
  record(issue: RowIssue, failsStrict = issue.action === 'dropped'): void {
    if (this.strict && failsStrict) {
      const at = issue.timestamp === undefined ? '' : ` (${describeTime(issue.timestamp)})`;
      throw new DataError(
        `${issue.symbol}: row ${issue.row}${at}: ${issue.problem}: ${issue.detail}. ` +
          'Fix the data, or ingest without strict mode to drop and report such rows.',
      );
    }
    this.issues.push(issue);
  }
}

/** A timestamp as ISO text, or the raw value when it is not a valid time. */
export function describeTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
}
