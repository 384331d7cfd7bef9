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
  return text.length === 24 ? (parseUtcMillis(text) ?? parseByPattern(text)) : parseByPattern(text);
}

const digit = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
};
const two = (text: string, i: number): number => digit(text, i) * 10 + digit(text, i + 1);

/** The start of the day of the last `YYYY-MM-DD` prefix seen (imports hold many times of a day). */
let lastDate = '';
let lastDay: Millis | undefined;

/**
 * The common form, `YYYY-MM-DDTHH:MM:SS.sssZ`, without the regular expression and with the date
 * part's day cached: the same value `parseByPattern` gives (Date.UTC adds the time of day to the
 * day's start the same way); `undefined` for anything else, which then takes the pattern.
 */
function parseUtcMillis(text: string): Millis | undefined {
  if (text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46 || text.charCodeAt(23) !== 90) return undefined;
  const hour = two(text, 11), minute = two(text, 14), second = two(text, 17);
  const ms = digit(text, 20) * 100 + two(text, 21);
  // NaN (a non-digit) fails every comparison below and goes to the pattern.
  if (!(hour <= 23 && minute <= 59 && second <= 60 && ms >= 0)) return undefined;
  const date = text.slice(0, 10);
  if (date !== lastDate) {
    lastDay = parseByPattern(date);
    lastDate = date;
  }
  if (lastDay === undefined) return undefined;
  const t = lastDay + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
  return Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? t : undefined;
}

/** The RFC 3339 reading by pattern through `Date.UTC`: the reference the fast path is held to. */
export function parseByPattern(text: string): Millis | undefined {
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
  if (!Number.isInteger(t) || t < MIN_TIME || t >= MAX_TIME) return new Date(t).toISOString();
  // The date part is cached per day: ledgers and imports hold many times of a day in a row.
  const day = Math.floor(t / DAY_MS);
  if (day !== formatDay) {
    formatDay = day;
    formatPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let r = t - day * DAY_MS;
  const h = Math.floor(r / 3_600_000);
  r -= h * 3_600_000;
  const m = Math.floor(r / 60_000);
  r -= m * 60_000;
  const s = Math.floor(r / 1000);
  r -= s * 1000;
  return `${formatPrefix}${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}.${r < 10 ? '00' : r < 100 ? '0' : ''}${r}Z`;
}

let formatDay = Number.NaN;
let formatPrefix = '';
/** 0000-01-01 and 10000-01-01: the years `toISOString` writes with four digits. */
const MIN_TIME = -62_167_219_200_000;
const MAX_TIME = 253_402_300_800_000;

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
