/**
 * Personal data of every entity of spec §5 in the forms people actually type, each valid by the rule
 * the redactor checks (IBAN mod-97, card Luhn, BSN 11-check, SSN ranges), and hard negatives: things
 * that look like numbers of interest but that §5 says must be left alone (dates, times, amounts,
 * versions, order numbers, numbers failing their check). Negatives are built so that no part of them
 * matches any §5 rule either (no group starting with a trunk `0`, no four-part versions, ...).
 */
import type { Rng } from './prng.js';

/** How many of each entity (and of hard negatives) the generator put into texts. */
export interface PiiCounts {
  EMAIL: number;
  IBAN: number;
  CARD: number;
  ID: number;
  IP: number;
  PHONE: number;
  negatives: number;
}

export function emptyCounts(): PiiCounts {
  return { EMAIL: 0, IBAN: 0, CARD: 0, ID: 0, IP: 0, PHONE: 0, negatives: 0 };
}

// ---------------------------------------------------------------------------------------------- emails

const FREEMAIL: Record<string, readonly string[]> = {
  nl: ['gmail.com', 'hotmail.nl', 'outlook.com', 'ziggo.nl', 'kpnmail.nl', 'xs4all.nl', 'live.nl'],
  de: ['gmx.de', 'web.de', 't-online.de', 'gmail.com', 'posteo.de', 'gmx.net'],
  fr: ['orange.fr', 'free.fr', 'laposte.net', 'gmail.com', 'wanadoo.fr', 'sfr.fr'],
  es: ['gmail.com', 'hotmail.es', 'yahoo.es', 'telefonica.net', 'outlook.es'],
  en: ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'hotmail.co.uk', 'me.com', 'fastmail.com'],
};

export function freemailDomain(rng: Rng, lang: string): string {
  return rng.pick(FREEMAIL[lang] ?? (FREEMAIL.en as readonly string[]));
}

/** An address built from ASCII name parts, as people choose them. */
export function emailFor(rng: Rng, given: string, family: string, domain: string): string {
  const g = given || 'info';
  const f = family || 'mail';
  let local: string;
  const r = rng.float();
  if (r < 0.35) local = `${g}.${f}`;
  else if (r < 0.5) local = `${g}${f}`;
  else if (r < 0.62) local = `${g[0]}.${f}`;
  else if (r < 0.72) local = `${g}_${f}`;
  else if (r < 0.8) local = `${g}.${f}+${rng.pick(['jobs', 'linkedin', 'news', 'cv'])}`;
  else if (r < 0.88) local = `${f}.${g}`;
  else if (r < 0.95) local = `${g}${rng.range(70, 99)}`;
  else local = `${g[0]}${f}${rng.range(1, 9)}`;
  // A few people type their address capitalised; the redactor matches case-insensitively.
  if (rng.chance(0.03)) local = local[0]?.toUpperCase() + local.slice(1);
  return `${local}@${domain}`;
}

// ----------------------------------------------------------------------------------------------- IBANs

/** BBAN layouts: `A` an upper-case letter, `9` a digit, `X` a digit (alphanumeric in reality, digits here). */
interface IbanLayout { bank?: readonly string[]; rest: string }
const IBAN_LAYOUT: Record<string, IbanLayout> = {
  NL: { bank: ['ABNA', 'INGB', 'RABO', 'TRIO', 'KNAB', 'SNSB', 'ASNB', 'BUNQ'], rest: '9999999999' },
  DE: { rest: '999999999999999999' },
  FR: { rest: '99999999999999999999999' },
  GB: { bank: ['NWBK', 'BARC', 'LOYD', 'HBUK', 'MIDL', 'MONZ'], rest: '99999999999999' },
  ES: { rest: '99999999999999999999' },
  BE: { rest: '999999999999' },
  IE: { bank: ['AIBK', 'BOFI', 'IPBS'], rest: '99999999999999' },
  IT: { bank: ['X'], rest: '9999999999999999999999' },
  CH: { rest: '99999999999999999' },
  NO: { rest: '99999999999' },
  PT: { rest: '999999999999999999999' },
  AT: { rest: '9999999999999999' },
};
export const IBAN_COUNTRIES = Object.keys(IBAN_LAYOUT);

function mod97(text: string): number {
  let r = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) r = (r * 10 + (c - 48)) % 97;
    else r = (r * 100 + (c - 55)) % 97; // A = 10 … Z = 35
  }
  return r;
}

/** ISO 13616 check digits for a country and BBAN. */
export function ibanCheck(country: string, bban: string): string {
  const r = mod97(`${bban}${country}00`);
  return String(98 - r).padStart(2, '0');
}

export function ibanValid(compact: string): boolean {
  return compact.length > 4 && mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

function bban(rng: Rng, country: string, noZeroGroups: boolean): string {
  const layout: IbanLayout = IBAN_LAYOUT[country] ?? (IBAN_LAYOUT.NL as IbanLayout);
  let s = '';
  if (layout.bank) {
    const bank = rng.pick(layout.bank);
    s = bank === 'X' ? String.fromCharCode(65 + rng.int(26)) : bank;
  }
  for (let i = 0; i < layout.rest.length; i++) {
    // The printed groups start at offsets 0, 4, 8 … of the IBAN, i.e. BBAN offsets 0, 4, … shifted by 4.
    const groupStart = (s.length + 4) % 4 === 0;
    s += String(noZeroGroups && groupStart ? rng.range(1, 9) : rng.int(10));
  }
  return s;
}

function printIban(compact: string, grouped: boolean): string {
  return grouped ? compact.replace(/(.{4})(?=.)/g, '$1 ') : compact;
}

export function iban(rng: Rng, country?: string): string {
  const cc = country && IBAN_LAYOUT[country] ? country : rng.pick(IBAN_COUNTRIES);
  const b = bban(rng, cc, false);
  return printIban(`${cc}${ibanCheck(cc, b)}${b}`, rng.chance(0.65));
}

// ----------------------------------------------------------------------------------------------- cards

function luhnDigit(partial: string): number {
  // The check digit makes the Luhn sum of partial + digit a multiple of 10.
  let sum = 0;
  let double = true;
  for (let i = partial.length - 1; i >= 0; i--) {
    let v = partial.charCodeAt(i) - 48;
    if (double) { v *= 2; if (v > 9) v -= 9; }
    sum += v;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let v = digits.charCodeAt(i) - 48;
    if (double) { v *= 2; if (v > 9) v -= 9; }
    sum += v;
    double = !double;
  }
  return sum % 10 === 0;
}

const CARD_BRANDS: readonly (readonly [string, number])[] = [
  ['4', 16], ['4', 16], ['4', 16], ['51', 16], ['53', 16], ['55', 16], ['2221', 16], ['2720', 16],
  ['34', 15], ['37', 15], ['6011', 16], ['35', 16], ['6759', 19], ['4', 13],
];

function cardDigits(rng: Rng, valid: boolean): string {
  const [prefix, length] = rng.pick(CARD_BRANDS);
  let s = prefix;
  while (s.length < length - 1) s += String(rng.int(10));
  const check = luhnDigit(s);
  return s + String(valid ? check : (check + 1 + rng.int(9)) % 10);
}

function printCard(rng: Rng, digits: string): string {
  const r = rng.float();
  if (r < 0.35) return digits;
  const sep = r < 0.85 ? ' ' : '-';
  if (digits.length === 15) return `${digits.slice(0, 4)}${sep}${digits.slice(4, 10)}${sep}${digits.slice(10)}`;
  return digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
}

export function card(rng: Rng): string {
  return printCard(rng, cardDigits(rng, true));
}

// ------------------------------------------------------------------------------------- national ids

export function ssn(rng: Rng): string {
  let area = rng.range(1, 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(rng.range(1, 99)).padStart(2, '0')}-${String(rng.range(1, 9999)).padStart(4, '0')}`;
}

function bsnSum(d: string): number {
  let s = 0;
  for (let i = 0; i < 8; i++) s += (9 - i) * (d.charCodeAt(i) - 48);
  return s;
}

export function bsnValid(d: string): boolean {
  return /^\d{9}$/.test(d) && (bsnSum(d) - (d.charCodeAt(8) - 48)) % 11 === 0;
}

export function bsn(rng: Rng): string {
  for (;;) {
    const head = String(rng.range(1, 6)) + rng.digits(7);
    const check = bsnSum(head) % 11;
    if (check <= 9) return head + String(check);
  }
}

const NINO_FIRST = 'ABCEGHJKLMNOPRSTWXYZ';
const NINO_SECOND = 'ABCEGHJKLMNPRSTWXYZ';

export function nino(rng: Rng): string {
  const a = NINO_FIRST[rng.int(NINO_FIRST.length)] as string;
  const b = NINO_SECOND[rng.int(NINO_SECOND.length)] as string;
  const n = rng.digits(6);
  const s = 'ABCD'[rng.int(4)] as string;
  return rng.chance(0.5) ? `${a}${b} ${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(4)} ${s}` : `${a}${b}${n}${s}`;
}

/** One national id, as the writer's country would have it. */
export function nationalId(rng: Rng, country: string): string {
  if (country === 'NL' || (country !== 'US' && country !== 'GB' && rng.chance(0.34))) return bsn(rng);
  if (country === 'GB' || (country !== 'US' && rng.chance(0.5))) return nino(rng);
  return ssn(rng);
}

// ----------------------------------------------------------------------------------------------- IPs

const V4_FIRST = [24, 31, 62, 66, 73, 77, 81, 82, 84, 85, 86, 94, 98, 145, 178, 185, 193, 212, 213, 217];

export function ipv4(rng: Rng): string {
  const r = rng.float();
  if (r < 0.2) return `192.168.${rng.int(3)}.${rng.range(2, 254)}`;
  if (r < 0.3) return `10.${rng.int(256)}.${rng.int(256)}.${rng.range(1, 254)}`;
  return `${rng.pick(V4_FIRST)}.${rng.int(256)}.${rng.int(256)}.${rng.range(1, 254)}`;
}

function hex16(rng: Rng): string {
  return rng.int(65536).toString(16);
}

function hex8(rng: Rng): string {
  return rng.int(256).toString(16).padStart(2, '0');
}

export function ipv6(rng: Rng): string {
  const r = rng.float();
  if (r < 0.35) return `2001:db8:${hex16(rng)}::${hex16(rng)}:${hex16(rng)}`;
  if (r < 0.6) {
    const g: string[] = [];
    for (let i = 0; i < 8; i++) g.push(hex16(rng));
    g[0] = rng.pick(['2a02', '2a01', '2001', '2600', '2a00', '2804']);
    return g.join(':');
  }
  if (r < 0.85) return `fe80::${hex16(rng)}:${hex8(rng)}ff:fe${hex8(rng)}:${hex16(rng)}`;
  if (r < 0.95) return `${rng.pick(['2a02', '2a01', '2600'])}:${hex16(rng)}:${hex16(rng)}::${hex16(rng)}`;
  return '::1';
}

export function ip(rng: Rng): string {
  return rng.chance(0.7) ? ipv4(rng) : ipv6(rng);
}

// -------------------------------------------------------------------------------------------- phones

/** Trunk-0 national numbers need 7–11 digits in all; international numbers 6–14 after the code. */
function nonZero(rng: Rng): string {
  return String(rng.range(1, 9));
}

function northAmerican(rng: Rng, area?: number): string {
  const a = area ?? rng.pick([212, 415, 312, 646, 617, 206, 512, 303, 416, 604, 514, 305, 404, 713]);
  const ex = `${rng.range(2, 9)}${rng.digits(2)}`;
  const line = rng.digits(4);
  const r = rng.float();
  if (r < 0.35) return `(${a}) ${ex}-${line}`;
  if (r < 0.65) return `${a}-${ex}-${line}`;
  if (r < 0.82) return `${a}.${ex}.${line}`;
  return `${a} ${ex} ${line}`;
}

/** A phone number in one of the forms of its country: international, national with trunk 0, or NANP. */
export function phone(rng: Rng, country: string): string {
  const intl = rng.chance(0.45);
  const d = (n: number): string => rng.digits(n);
  switch (country) {
    case 'NL': {
      const mobile = rng.chance(0.7);
      if (intl) return mobile ? `+31 6 ${nonZero(rng)}${d(7)}` : `+31 20 ${nonZero(rng)}${d(2)} ${d(4)}`;
      if (mobile) return rng.chance(0.5) ? `06-${nonZero(rng)}${d(7)}` : `06 ${nonZero(rng)}${d(3)} ${d(4)}`;
      return `020-${nonZero(rng)}${d(6)}`;
    }
    case 'DE': case 'AT': case 'CH': case 'LI': {
      if (intl) {
        const r = rng.float();
        if (r < 0.3) return `+49 (0)30 ${nonZero(rng)}${d(6)}`;
        if (r < 0.65) return `+49 151 ${nonZero(rng)}${d(7)}`;
        return `+41 79 ${nonZero(rng)}${d(2)} ${d(2)} ${d(2)}`;
      }
      return rng.chance(0.5) ? `030 ${nonZero(rng)}${d(6)}` : `0151 ${nonZero(rng)}${d(6)}`;
    }
    case 'FR': case 'BE': case 'LU': {
      const p = (): string => `${d(2)} ${d(2)} ${d(2)} ${d(2)}`;
      if (intl) return rng.chance(0.6) ? `+33 6 ${p()}` : `+32 470 ${d(2)} ${d(2)} ${d(2)}`;
      return rng.chance(0.6) ? `06 ${p()}` : `0470 ${d(2)} ${d(2)} ${d(2)}`;
    }
    case 'GB': {
      if (intl) return rng.chance(0.5) ? `+44 20 7946 ${d(4)}` : `+44 7700 ${nonZero(rng)}${d(5)}`;
      return rng.chance(0.5) ? `020 7946 ${d(4)}` : `07700 ${nonZero(rng)}${d(5)}`;
    }
    case 'IE':
      return intl ? `+353 87 ${nonZero(rng)}${d(2)} ${d(4)}` : `087 ${nonZero(rng)}${d(2)} ${d(4)}`;
    case 'ES': case 'MX': case 'AR': case 'CO':
      // No trunk prefix in Spain: always international or nine bare digits (not a phone by §5 alone).
      return country === 'ES' ? `+34 6${d(2)} ${d(3)} ${d(3)}` : `+52 55 ${nonZero(rng)}${d(3)} ${d(4)}`;
    case 'IN': case 'AE':
      return intl ? `+91 ${rng.range(7, 9)}${d(4)} ${d(5)}` : `0${rng.range(7, 9)}${d(4)} ${d(5)}`;
    case 'BR': case 'PT':
      return `+55 11 9${d(4)}-${d(4)}`;
    case 'AU':
      return intl ? `+61 4${d(2)} ${d(3)} ${d(3)}` : `04${d(2)} ${d(3)} ${d(3)}`;
    case 'JP':
      return intl ? `+81 90-${d(4)}-${d(4)}` : `090-${d(4)}-${d(4)}`;
    case 'CN':
      return `+86 13${d(1)} ${d(4)} ${d(4)}`;
    case 'HK':
      return `+852 ${rng.pick(['5', '6', '9'])}${d(3)} ${d(4)}`;
    case 'NO': case 'SE': case 'DK': case 'FI': case 'IS':
      return intl ? `+47 ${rng.range(4, 9)}${d(2)} ${d(2)} ${d(3)}` : `+46 70 ${d(3)} ${d(2)} ${d(2)}`;
    case 'CA':
      return intl ? `+1 ${rng.pick([416, 604, 514, 613])} ${rng.range(2, 9)}${d(2)} ${d(4)}` : northAmerican(rng, rng.pick([416, 604, 514, 613]));
    case 'US':
      return intl ? `+1 ${rng.range(201, 989)} ${rng.range(2, 9)}${d(2)} ${d(4)}` : northAmerican(rng);
    default:
      return rng.chance(0.5) ? `+${rng.pick(['27', '234', '254', '65', '90', '383', '30', '40'])} ${nonZero(rng)}${d(2)} ${d(3)} ${d(3)}` : northAmerican(rng);
  }
}

// ------------------------------------------------------------------------------------ hard negatives

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A date in a form people write (never a phone, by §5's explicit rule). */
export function dateText(rng: Rng): string {
  const y = rng.range(2019, 2026);
  const m = rng.range(1, 12);
  const dd = rng.range(1, 28);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const r = rng.float();
  if (r < 0.25) return `${p2(dd)}-${p2(m)}-${y}`;
  if (r < 0.5) return `${p2(dd)}.${p2(m)}.${y}`;
  if (r < 0.7) return `${y}-${p2(m)}-${p2(dd)}`;
  if (r < 0.85) return `${p2(dd)}/${p2(m)}/${y}`;
  return `${dd} ${MONTHS_EN[m - 1]} ${y}`;
}

export function timeText(rng: Rng): string {
  const r = rng.float();
  const mm = String(rng.pick([0, 15, 30, 45, 5, 10])).padStart(2, '0');
  if (r < 0.7) return `${String(rng.range(7, 21)).padStart(2, '0')}:${mm}`;
  return `${rng.range(1, 12)}:${mm} ${rng.pick(['am', 'pm'])}`;
}

export function amountText(rng: Rng): string {
  const r = rng.float();
  const big = rng.range(1, 999);
  const cents = String(rng.int(100)).padStart(2, '0');
  if (r < 0.2) return `€${big}.${String(rng.int(1000)).padStart(3, '0')},${cents}`;
  if (r < 0.4) return `$${big},${String(rng.int(1000)).padStart(3, '0')}.${cents}`;
  if (r < 0.55) return `£${rng.range(20, 120)},000`;
  if (r < 0.7) return `EUR ${rng.range(30, 150)}.${rng.pick(['000', '500', '250'])}`;
  if (r < 0.8) return `${big},${cents} €`;
  if (r < 0.9) return `CHF ${rng.range(60, 200)}'000`;
  return `€${rng.range(1, 99)}.${cents}`;
}

export function versionText(rng: Rng): string {
  const r = rng.float();
  // Three parts at most: four parts of 0–255 would be an IPv4 address.
  if (r < 0.4) return `v${rng.range(1, 9)}.${rng.range(0, 30)}.${rng.range(0, 20)}`;
  if (r < 0.7) return `${rng.pick(['Node', 'Python', 'iOS', 'Android', 'Chrome', 'PostgreSQL'])} ${rng.range(3, 20)}.${rng.range(0, 12)}`;
  return `version ${rng.range(1, 5)}.${rng.range(0, 9)}.${rng.range(0, 9)}`;
}

export function orderText(rng: Rng): string {
  const r = rng.float();
  // No leading zeros and never nine bare digits: neither a trunk-0 phone nor a BSN candidate.
  if (r < 0.3) return `#${nonZero(rng)}${rng.digits(7)}`;
  if (r < 0.55) return `ORD-${rng.range(2023, 2026)}-${nonZero(rng)}${rng.digits(5)}`;
  if (r < 0.75) return `INC${nonZero(rng)}${rng.digits(6)}`;
  return `${nonZero(rng)}${rng.digits(9)}`;
}

/**
 * An IBAN whose check digits are wrong, printed in groups of four, and such that no shorter prefix
 * passes mod-97 either (a redactor may try them), no group is a trunk-0 phone and no digit run a Luhn
 * number: a clean negative.
 */
export function invalidIban(rng: Rng): string {
  for (;;) {
    const cc = rng.pick(IBAN_COUNTRIES);
    const b = bban(rng, cc, true);
    const good = Number(ibanCheck(cc, b));
    const bad = String(((good - 2 + 1 + rng.range(1, 90)) % 97) + 2).padStart(2, '0');
    const compact = `${cc}${bad}${b}`;
    if (anyPrefixValid(compact) || !cleanDigitGroups(printIban(compact, true).slice(5).split(' '))) continue;
    return printIban(compact, true);
  }
}

/** Whether some prefix of 8 or more characters passes mod-97, in one pass over the BBAN. */
function anyPrefixValid(compact: string): boolean {
  // A prefix of length L is valid when mod97(bban[0, L-4) + first four) = 1. Keep the BBAN's running
  // remainder and finish it with the first four characters for each L.
  const head = compact.slice(0, 4);
  let r = 0;
  for (let i = 4; i < compact.length; i++) {
    const c = compact.charCodeAt(i);
    r = c >= 48 && c <= 57 ? (r * 10 + (c - 48)) % 97 : (r * 100 + (c - 55)) % 97;
    if (i + 1 >= 8 && mod97From(r, head) === 1) return true;
  }
  return false;
}

function mod97From(start: number, text: string): number {
  let r = start;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    r = c >= 48 && c <= 57 ? (r * 10 + (c - 48)) % 97 : (r * 100 + (c - 55)) % 97;
  }
  return r;
}

/**
 * True when digit groups hold nothing a §5 rule could take: no group after the first starts with a
 * trunk `0` (a national phone), and no run of whole groups of 13–19 digits passes Luhn (a card).
 */
function cleanDigitGroups(groups: readonly string[]): boolean {
  for (let i = 1; i < groups.length; i++) if ((groups[i] as string).startsWith('0')) return false;
  for (let i = 0; i < groups.length; i++) {
    let run = '';
    for (let j = i; j < groups.length; j++) {
      const g = groups[j] as string;
      if (!/^\d+$/.test(g)) break;
      run += g;
      if (run.length >= 13 && run.length <= 19 && luhnValid(run)) return false;
    }
  }
  return true;
}

/** A card-shaped number that fails Luhn, and whose groups hide no phone or shorter card. */
export function invalidCard(rng: Rng): string {
  for (;;) {
    const printed = printCard(rng, cardDigits(rng, false));
    const groups = printed.split(/[ -]/);
    if (groups.length > 1 ? cleanDigitGroups(groups) : !luhnValid(printed)) return printed;
  }
}

export function invalidBsn(rng: Rng): string {
  for (;;) {
    const s = `${rng.range(1, 9)}${rng.digits(8)}`;
    if (!bsnValid(s)) return s;
  }
}

export function invalidSsn(rng: Rng): string {
  const area = rng.chance(0.3) ? 666 : rng.range(900, 999);
  return `${area}-${String(rng.range(1, 99)).padStart(2, '0')}-${String(rng.range(1, 9999)).padStart(4, '0')}`;
}
