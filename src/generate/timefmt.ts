/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ` (the spec's one time format, the same text as `formatTime`) without a
 * Date object per call: the date part comes from a per-day table filled on demand (a platform's
 * lifetime is a few thousand days), the rest is arithmetic. Several times are written per item, and
 * `toISOString` was a tenth of the generator's time.
 */
const DAY = 86_400_000;
/** Days from 1970 covered by the table: 1900 to 2100. */
const BASE = -25_567;
const SPAN = 73_049;

const prefixes: (string | undefined)[] = new Array<string | undefined>(SPAN);
const P2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const P3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

function prefix(day: number): string {
  const i = day - BASE;
  if (i < 0 || i >= SPAN) return new Date(day * DAY).toISOString().slice(0, 11);
  let p = prefixes[i];
  if (p === undefined) {
    p = new Date(day * DAY).toISOString().slice(0, 11);
    prefixes[i] = p;
  }
  return p;
}

export function fastFormatTime(t: number): string {
  const day = Math.floor(t / DAY);
  let ms = t - day * DAY;
  const h = Math.floor(ms / 3_600_000);
  ms -= h * 3_600_000;
  const m = Math.floor(ms / 60_000);
  ms -= m * 60_000;
  const s = Math.floor(ms / 1000);
  ms -= s * 1000;
  return `${prefix(day)}${P2[h]}:${P2[m]}:${P2[s]}.${P3[ms]}Z`;
}
