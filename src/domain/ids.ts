/** Identifiers are opaque strings of 1 to 128 characters of `A-Za-z0-9._:-` (spec §2). */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** ISO 3166-1 alpha-2 shape (and `XK`); the assigned list is checked in `countries.ts`. */
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
