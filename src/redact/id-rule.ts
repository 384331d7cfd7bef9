/**
 * ID (spec §5): national identifiers.
 * - US SSN `ddd-dd-dddd`: area not 000, 666 or 900–999; group not 00; serial not 0000.
 * - Dutch BSN: 9 digits passing the 11-check (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11).
 * - UK NINO: two letters, six digits, a letter A–D; optionally a single space exactly where
 *   `AB 12 34 56 C` has one (each of the four spaces on its own). The prefix letters are not
 *   validated. Capitals, as NINOs are issued; a fully lower-case compact form (`ab123456c`) is
 *   accepted too, but not a spaced lower-case one, which reads as prose ("at 12 34 56 a").
 */
import type { RedactionRule, Tally } from './rule.js';

const SSN = String.raw`(?<!\p{N}[.,\-])(?<ssn>[0-9]{3}-[0-9]{2}-[0-9]{4})(?![.,\-]\p{N})`;
// A BSN is not the subscriber part of a phone number: not after `+cc…` ("+49 30 612345678") nor
// after a short trunk group ("06 123456789").
const BSN = String.raw`(?<![+)])(?<!\p{N}[.,\-])(?<!\+[0-9][0-9 .()\-]{0,12})(?<!(?:^|[^0-9])0[0-9]{0,4}[ .\-])(?<bsn>[0-9]{9})(?![.,\-]\p{N})`;
const NINO = String.raw`(?<nino>[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]|[a-z]{2}[0-9]{6}[a-d])`;

const CANDIDATE = new RegExp(String.raw`(?<![\p{L}\p{N}_])(?:${SSN}|${BSN}|${NINO})(?![\p{L}\p{N}_])`, 'gu');

export function ssnValid(ssn: string): boolean {
  const area = ssn.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (ssn.slice(4, 6) === '00') return false;
  return ssn.slice(7, 11) !== '0000';
}

/** The Dutch 11-check ("elfproef") for a BSN of 9 ASCII digits. */
export function bsnValid(bsn: string): boolean {
  if (bsn.length !== 9) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (bsn.charCodeAt(i) - 48);
  sum -= bsn.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

interface IdGroups {
  ssn?: string;
  bsn?: string;
  nino?: string;
}

export const idRule: RedactionRule = {
  entity: 'ID',
  placeholder: '[ID]',
  apply(text: string, tally: Tally): string {
    CANDIDATE.lastIndex = 0;
    return text.replace(CANDIDATE, (...args: unknown[]) => {
      const m = args[0] as string;
      const g = args[args.length - 1] as IdGroups;
      const ok = g.ssn !== undefined ? ssnValid(g.ssn) : g.bsn !== undefined ? bsnValid(g.bsn) : true;
      if (!ok) return m;
      tally.n++;
      return '[ID]';
    });
  },
};
