import { rustybtHome } from '../../data/bundles/bundle-home.js';
import {
  validateBundle,
  validateBundles,
  type BundleValidationReport,
} from '../../data/catalog/bundle-validation.js';
import { formatBarTime } from './format.js';

/** Details printed per kind of problem before "... and N more". */
const SHOWN = 20;

/**
 * Runs `rustybt catalog validate [<bundle>] [--calendar <name>] [--json]`:
 * prints a report per bundle and sets exit code 1 when any problem was found.
 */
export async function runCatalogValidate(
  bundle: string | undefined,
  flags: { calendar?: string; json?: boolean },
): Promise<void> {
  const options = { home: rustybtHome(), calendar: flags.calendar };
  const reports =
    bundle === undefined ? await validateBundles(options) : [await validateBundle(bundle, options)];
  if (flags.json === true) {
    process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  } else if (reports.length === 0) {
    process.stdout.write(`No bundles under ${options.home}; nothing to validate.\n`);
  } else {
    process.stdout.write(reports.map(describeReport).join(''));
    const failed = reports.filter((r) => r.problems > 0).length;
    process.stdout.write(
      `${reports.length} bundle(s) checked: ${reports.length - failed} clean, ${failed} with problems.\n`,
    );
  }
  if (reports.some((r) => r.problems > 0)) process.exitCode = 1;
}

/** The text report of one bundle. */
export function describeReport(report: BundleValidationReport): string {
  const calendars = [...new Set(Object.values(report.calendars))].sort().join(', ') || '-';
  const head = `${report.bundle} ${report.version ?? '(no version on disk)'}: ${
    report.problems === 0 ? 'ok' : `${report.problems} problem(s)`
  }`;
  const lines = [head];
  for (const error of report.errors) lines.push(`  error: ${error}`);
  if (report.version !== null && report.digestsFrom !== null) {
    lines.push(
      `  files: ${report.filesChecked} checked against the ${report.digestsFrom}, ${report.fileMismatches.length} mismatch(es)`,
    );
    lines.push(
      ...limited(
        report.fileMismatches.map(
          (m) => `    ${m.path}: ${m.problem} (expected ${m.expected}, found ${m.actual})`,
        ),
      ),
    );
  }
  if (report.version === null) return `${lines.join('\n')}\n`;
  const missing = report.gaps.reduce((sum, gap) => sum + gap.missing.length, 0);
  lines.push(`  gaps: ${missing} bar(s) missing (calendar ${calendars})`);
  lines.push(
    ...limited(
      report.gaps.map((gap) => {
        const shown = gap.missing.slice(0, 5).map(formatBarTime).join(', ');
        const more = gap.missing.length > 5 ? ` and ${gap.missing.length - 5} more` : '';
        return `    ${gap.symbol} ${gap.frequency} (${gap.calendar}): ${shown}${more}`;
      }),
    ),
  );
  lines.push(`  ohlc: ${report.ohlc.length} bad bar(s)`);
  lines.push(
    ...limited(
      report.ohlc.map(
        (v) =>
          `    ${v.symbol} ${v.frequency} ${formatBarTime(v.timestamp)}: ${v.problems.join(', ')}`,
      ),
    ),
  );
  return `${lines.join('\n')}\n`;
}

function limited(lines: string[]): string[] {
  return lines.length <= SHOWN
    ? lines
    : [...lines.slice(0, SHOWN), `    ... and ${lines.length - SHOWN} more`];
}
