import { checkBarFrame, FREQUENCIES, type BarFrame, type Frequency } from '../bar-frame.js';
import { DataError } from '../../errors/index.js';
import type { Adjustment, BundleContents } from './bundle-types.js';

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * Canonical text of an adjustment value: no leading zeros, no trailing
 * fraction zeros, so `"4.0"` and `"4"` store and checksum alike.
 *
 * @throws DataError when the text is not a plain decimal that fits DECIMAL(38, 18).
 */
export function canonicalDecimal(text: string, what: string): string {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (match === null) {
    throw new DataError(`${what}: ${JSON.stringify(text)} is not a plain decimal number.`);
  }
  const [, sign, wholeDigits, fractionDigits = ''] = match;
  const whole = wholeDigits.replace(/^0+(?=\d)/, '');
  const fraction = fractionDigits.replace(/0+$/, '');
  if (fraction.length > 18 || whole.length > 20) {
    throw new DataError(
      `${what}: ${text} does not fit DECIMAL(38, 18) (at most 20 integer and 18 fraction digits).`,
    );
  }
  const negative = sign === '-' && /[1-9]/.test(whole + fraction);
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/**
 * Checks what an ingest is about to store: each frame's structure, one frame
 * per symbol and frequency, the same scales for a symbol at every frequency,
 * adjustments for known symbols with valid values.
 *
 * @throws DataError naming the first problem.
 */
export function checkBundleContents(contents: BundleContents): void {
  const scales = new Map<string, string>();
  const seen = new Set<string>();
  for (const frame of contents.frames) {
    if (!FREQUENCIES.includes(frame.frequency)) {
      throw new DataError(
        `${frame.symbol}: frequency ${String(frame.frequency)} is not one of ${FREQUENCIES.join(', ')}.`,
      );
    }
    checkBarFrame(frame);
    const key = `${frame.symbol}\u0000${frame.frequency}`;
    if (seen.has(key)) {
      throw new DataError(
        `${frame.symbol} ${frame.frequency}: two frames for the same symbol and frequency; merge them before writing.`,
      );
    }
    seen.add(key);
    const scale = `${frame.priceScale}/${frame.volumeScale}`;
    const previous = scales.get(frame.symbol);
    if (previous !== undefined && previous !== scale) {
      throw new DataError(
        `${frame.symbol}: price/volume scales differ between frequencies (${previous} vs ${scale}); use one scale per symbol in a bundle.`,
      );
    }
    scales.set(frame.symbol, scale);
  }
  checkAdjustments(contents.adjustments ?? [], [
    ...contents.frames.map((frame) => frame.symbol),
    ...(contents.assets ?? []).map((asset) => asset.symbol),
  ]);
}

/**
 * Checks adjustments: each for one of `symbols`, on a session label, with valid terms.
 *
 * @throws DataError naming the first problem.
 */
export function checkAdjustments(
  adjustments: readonly Adjustment[],
  symbols: readonly string[],
): void {
  const known = new Set(symbols);
  for (const adjustment of adjustments) checkAdjustment(adjustment, known);
}

function checkAdjustment(adjustment: Adjustment, symbols: ReadonlySet<string>): void {
  const what = `${adjustment.symbol} ${String(adjustment.kind)} on ${describeDate(adjustment.exDate)}`;
  if (!symbols.has(adjustment.symbol)) {
    throw new DataError(`${what}: the symbol has no bars or asset entry in this bundle.`);
  }
  if (!isSessionLabel(adjustment.exDate)) {
    throw new DataError(`${what}: exDate must be a session label (a date at 00:00 UTC, in ms).`);
  }
  if (adjustment.kind === 'split') {
    for (const part of [adjustment.numerator, adjustment.denominator]) {
      const value = canonicalDecimal(part, what);
      if (value.startsWith('-') || !/[1-9]/.test(value)) {
        throw new DataError(`${what}: split terms must be positive, got ${part}.`);
      }
    }
  } else if (adjustment.kind === 'dividend') {
    if (canonicalDecimal(adjustment.amount, what).startsWith('-')) {
      throw new DataError(
        `${what}: the dividend amount must not be negative, got ${adjustment.amount}.`,
      );
    }
    if (adjustment.payDate !== null && !isSessionLabel(adjustment.payDate)) {
      throw new DataError(`${what}: payDate must be a session label or null.`);
    }
  } else {
    throw new DataError(`${what}: kind must be 'split' or 'dividend'.`);
  }
}

function isSessionLabel(ms: number): boolean {
  return Number.isInteger(ms) && ms % 86_400_000 === 0;
}

/** The adjustment with its decimal fields in canonical form. */
export function canonicalAdjustment(adjustment: Adjustment): Adjustment {
  const what = `${adjustment.symbol} ${adjustment.kind}`;
  return adjustment.kind === 'split'
    ? {
        ...adjustment,
        numerator: canonicalDecimal(adjustment.numerator, what),
        denominator: canonicalDecimal(adjustment.denominator, what),
      }
    : { ...adjustment, amount: canonicalDecimal(adjustment.amount, what) };
}

function describeDate(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : String(ms);
}

/** Frames sorted by symbol within each frequency, frequencies in `FREQUENCIES` order. */
export function framesByFrequency(frames: readonly BarFrame[]): Map<Frequency, BarFrame[]> {
  const grouped = new Map<Frequency, BarFrame[]>();
  for (const frequency of FREQUENCIES) {
    const group = frames
      .filter((frame) => frame.frequency === frequency)
      .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    if (group.length > 0) grouped.set(frequency, group);
  }
  return grouped;
}
