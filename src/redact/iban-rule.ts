/**
 * IBAN (spec §5): ISO 13616 IBANs that pass the mod-97 check, written compact
 * (`NL91ABNA0417164300`) or in groups of four separated by single spaces (`NL91 ABNA 0417 1643 00`).
 *
 * Only the mod-97 check is applied, as the spec says; the per-country length table is not, so an
 * IBAN of a country added later still counts. Letters may be lower case (people type them so).
 */
import { isWordAt } from './chars.js';
import type { RedactionRule, Tally } from './rule.js';

const IBAN_MIN = 15; // Norway
const IBAN_MAX = 34;

const CANDIDATE = /(?<![\p{L}\p{N}_])[A-Za-z]{2}[0-9]{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,3})?)(?![\p{L}\p{N}_])/gu;

/** ISO 13616 / ISO 7064 mod 97-10 on a compact IBAN (letters any case). */
export function ibanChecksumValid(compact: string): boolean {
  const n = compact.length;
  if (n < IBAN_MIN || n > IBAN_MAX) return false;
  let rem = 0;
  // Rotate the first four characters to the end, read letters as 10..35, reduce as we go.
  for (let k = 0; k < n; k++) {
    const c = compact.charCodeAt((k + 4) % n);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else {
      const u = c >= 97 ? c - 32 : c;
      if (u < 65 || u > 90) return false;
      rem = (rem * 100 + (u - 55)) % 97;
    }
  }
  return rem === 1;
}

export const ibanRule: RedactionRule = {
  entity: 'IBAN',
  placeholder: '[IBAN]',
  apply(text: string, tally: Tally): string {
    CANDIDATE.lastIndex = 0;
    return text.replace(CANDIDATE, (m: string) => {
      if (m.indexOf(' ') < 0) {
        if (!ibanChecksumValid(m)) return m;
        tally.n++;
        return '[IBAN]';
      }
      // Grouped: the pattern may have taken a following word of four characters as a group
      // ("BE68 5390 0754 7034 from"); drop trailing groups until the rest checks out.
      let end = m.length;
      while (end > 0) {
        const head = m.slice(0, end);
        const compact = head.replace(/ /g, '');
        if (compact.length < IBAN_MIN) break;
        if (ibanChecksumValid(compact) && !isWordAt(m, end)) {
          tally.n++;
          return '[IBAN]' + m.slice(end);
        }
        end = m.lastIndexOf(' ', end - 1);
      }
      return m;
    });
  },
};
