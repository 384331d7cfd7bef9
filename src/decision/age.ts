import type { Millis } from '../domain/time.js';

/**
 * When a person born on `birthDate` reaches `years`: 00:00:00Z on that anniversary (spec §4). For a
 * birth date of 29 February, `Date.UTC` rolls day 29 of a short February over to 1 March, as the spec wants.
 */
export function ageReachedAt(birthDate: Millis, years: number): Millis {
  const d = new Date(birthDate);
  return Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate());
}
