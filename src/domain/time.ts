/**
 * Times are kept as UTC epoch milliseconds (numbers) inside the core: compact, fast to compare,
 * and exact at the millisecond precision the spec (§2) fixes. They are written back as
 * `YYYY-MM-DDTHH:MM:SS.sssZ` wherever they are hashed, compared as text or shown.
 */
export type Millis = number;

// RFC 3339 date-time (with `T` or a space, as RFC 3339 §5.6 allows) or a full-date.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2}))?$/;

/** Parses an RFC 3339 timestamp or a date-only value (that day at 00:00:00Z); `undefined` when malformed. */
export function parseTime(text: string): Millis | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (h === undefined) return Date.UTC(year, month - 1, day);
  const hour = Number(h), minute = Number(mi), second = Number(s);
  // A leap second (60) is accepted by RFC 3339 and read as the next second's start.
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000 + 1e-7) : 0;
  let offset = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const oh = Number(zone.slice(1, 3)), om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offset = sign * (oh * 60 + om) * 60_000;
  }
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
  return Number.isFinite(t) ? t : undefined;
}

/** Formats as `YYYY-MM-DDTHH:MM:SS.sssZ`, the one textual form the product hashes and compares. */
export function formatTime(t: Millis): string {
  return new Date(t).toISOString();
}

/** Parses or throws a plain error naming the bad text (for internal, already-validated values). */
export function mustParseTime(text: string): Millis {
  const t = parseTime(text);
  if (t === undefined) throw new Error(`not an RFC 3339 time or date: ${JSON.stringify(text)}`);
  return t;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export const DAY_MS = 86_400_000;
