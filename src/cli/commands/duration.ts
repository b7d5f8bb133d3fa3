import { ConfigError } from '../../errors/index.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * Milliseconds of a duration written as a whole number and a unit: `30m`,
 * `12h`, `7d`, `2w` (minutes, hours, days, weeks).
 *
 * @param flag - the option it came from, named in the error
 * @throws ConfigError when the text is not of that form or the number is 0.
 */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+)([mhdw])$/.exec(text.trim());
  const count = match === null ? NaN : Number(match[1]);
  if (match === null || !(Number.isSafeInteger(count) && count > 0)) {
    throw new ConfigError(
      `${flag} ${JSON.stringify(text)} is not a duration: write a positive whole number followed by m (minutes), h (hours), d (days) or w (weeks), e.g. 30m, 12h, 7d, 2w.`,
    );
  }
  return count * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
