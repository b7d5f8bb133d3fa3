import { CalendarError } from '../errors/index.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (cause) {
      throw new CalendarError(
        `'${timeZone}' is not an IANA time zone this Node.js knows: use a name such as 'America/New_York' or 'UTC'.`,
        { cause },
      );
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Checks that `timeZone` is an IANA time zone name known to the runtime.
 *
 * @throws CalendarError naming the zone when it is unknown.
 */
export function checkTimeZone(timeZone: string): void {
  // UTC needs no time-zone database (and building a formatter costs milliseconds).
  if (timeZone === 'UTC') return;
  formatterFor(timeZone);
}

/** Offset of local time from UTC at `instant` in `timeZone`, in ms (New York in winter: -5 h). */
export function utcOffsetAt(timeZone: string, instant: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const localAsUtc = Date.UTC(
    fields.year,
    fields.month - 1,
    fields.day,
    fields.hour,
    fields.minute,
    fields.second,
  );
  return localAsUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The UTC instant of a wall-clock time in `timeZone`: `minutes` after local
 * midnight of the date whose session label is `label` (1440 means the next
 * local midnight). A wall time skipped by a DST jump moves forward by the jump
 * (02:30 on a spring-forward night in New York is 03:30 daylight time); a wall
 * time that occurs twice resolves to one of its two instants.
 *
 * @param offsetHint - an offset (ms) likely in force, e.g. the previous day's;
 *   used only when the zone confirms it at the resulting instant
 */
export function zonedTimeToUtc(
  timeZone: string,
  label: number,
  minutes: number,
  offsetHint?: number,
): number {
  const local = label + minutes * 60_000;
  // Offsets rarely change: the previous day's offset, when confirmed, saves a lookup.
  if (offsetHint !== undefined && utcOffsetAt(timeZone, local - offsetHint) === offsetHint) {
    return local - offsetHint;
  }
  const guessOffset = utcOffsetAt(timeZone, local);
  const first = local - guessOffset;
  const firstOffset = utcOffsetAt(timeZone, first);
  if (firstOffset === guessOffset) return first;
  const second = local - firstOffset;
  if (utcOffsetAt(timeZone, second) === firstOffset) return second;
  // No instant shows this wall time: take the offset from before the jump.
  return local - Math.min(guessOffset, firstOffset);
}
