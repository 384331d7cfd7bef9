#!/usr/bin/env node
/**
 * Writes `generated.jsonl`: labelled snippets for the redaction quality corpus, deterministic
 * (fixed seed). Run: `node src/redact/corpus/generate-corpus.mjs`.
 *
 * The expected output of each line is written by construction: a sentence template with slots,
 * each slot filled with a value whose entity we know because we built it (valid check digits
 * computed here: Luhn, ISO 7064 mod 97-10, the BSN 11-check, SSN area/group/serial rules). The
 * redactor is never run to produce an expectation. Hard negatives are listed by hand below; the
 * ones that must fail a check are asserted to fail it here, independently of the redactor.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// --- deterministic randomness ---------------------------------------------------------------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20251103);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const digits = (n) => Array.from({ length: n }, () => String(int(0, 9))).join('');
const nzDigits = (n) => String(int(1, 9)) + digits(n - 1);
const alnum = (n) => Array.from({ length: n }, () => pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')).join('');
const upper = (n) => Array.from({ length: n }, () => pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ')).join('');

// --- check digits (independent of src/redact) -----------------------------------------------
function luhnCheckDigit(partial) {
  let sum = 0;
  let dbl = true; // the check digit will be appended: the last partial digit is doubled
  for (let i = partial.length - 1; i >= 0; i--) {
    let d = Number(partial[i]);
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return String((10 - (sum % 10)) % 10);
}
export function luhnOk(s) {
  const ds = s.replace(/\D/g, '');
  return luhnCheckDigit(ds.slice(0, -1)) === ds.slice(-1);
}
function mod97(str) {
  let r = 0;
  for (const ch of str) {
    const v = /[0-9]/.test(ch) ? ch : String(ch.toUpperCase().charCodeAt(0) - 55);
    for (const d of v) r = (r * 10 + Number(d)) % 97;
  }
  return r;
}
function ibanFor(country, bban) {
  const check = 98 - mod97(bban + country + '00');
  return country + String(check).padStart(2, '0') + bban;
}
export function ibanOk(s) {
  const c = s.replace(/ /g, '');
  return mod97(c.slice(4) + c.slice(0, 4)) === 1;
}
function bsn() {
  for (;;) {
    const d = digits(8);
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += (9 - i) * Number(d[i]);
    const last = sum % 11;
    if (last < 10 && d[0] !== '0') return d + String(last);
  }
}
export function bsnOk(s) {
  if (!/^[0-9]{9}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(s[i]);
  return (sum - Number(s[8])) % 11 === 0;
}
function ssn() {
  let area;
  do area = int(1, 899); while (area === 666);
  return `${String(area).padStart(3, '0')}-${String(int(1, 99)).padStart(2, '0')}-${String(int(1, 9999)).padStart(4, '0')}`;
}
const group4 = (s) => s.replace(/(.{4})(?=.)/g, '$1 ');

// --- value generators: [value, entity] ------------------------------------------------------
const FIRST = ['jan', 'anna', 'pieter', 'sophie', 'lukas', 'marie', 'carlos', 'lucia', 'tom', 'emma', 'jürgen', 'josé', 'zoë', 'françois'];
const LAST = ['devries', 'jansen', 'mueller', 'schmidt', 'dubois', 'martin', 'garcia', 'lopez', 'smith', 'brown', 'bakker', 'peeters'];
const DOMAINS = ['example.com', 'example.nl', 'mail.example.de', 'example.fr', 'correo.example.es', 'example.co.uk', 'uni-example.org', 'example.io'];

function email() {
  const f = pick(FIRST);
  const l = pick(LAST);
  const forms = [
    () => `${f}.${l}@${pick(DOMAINS)}`,
    () => `${f}${int(1, 99)}@${pick(DOMAINS)}`,
    () => `${f[0]}.${l}+news@${pick(DOMAINS)}`,
    () => `${f}_${l}@${pick(DOMAINS)}`,
    () => `${f.toUpperCase()}.${l.toUpperCase()}@${pick(DOMAINS).toUpperCase()}`,
    () => `${l}-${f}@sub.${pick(DOMAINS)}`,
    () => `info@${l}-${int(1, 9)}.example.be`,
    () => `${f}@xn--bcher-kva.example`,
    () => `${f}.${l}@exämple.de`,
  ];
  return pick(forms)();
}

const IBAN_SPECS = {
  NL: () => upper(4) + digits(10),
  DE: () => digits(18),
  BE: () => digits(12),
  FR: () => digits(10) + alnum(11) + digits(2),
  ES: () => digits(20),
  GB: () => upper(4) + digits(14),
  IT: () => upper(1) + digits(10) + alnum(12),
  NO: () => digits(11),
  CH: () => digits(5) + alnum(12),
  AT: () => digits(16),
};
function iban(country) {
  const c = country ?? pick(Object.keys(IBAN_SPECS));
  const v = ibanFor(c, IBAN_SPECS[c]());
  const form = int(0, 3);
  if (form === 0) return v;
  if (form === 1 || form === 2) return group4(v);
  return v.toLowerCase();
}

function card() {
  const kinds = [
    () => { const p = '4' + digits(14); const n = p + luhnCheckDigit(p); return pick([group4(n), group4(n).replace(/ /g, '-'), n]); },
    () => { const p = '5' + int(1, 5) + digits(13); const n = p + luhnCheckDigit(p); return pick([group4(n), n]); },
    () => { const p = '2' + pick(['221', '300', '500', '720']) + digits(10); const n = p + luhnCheckDigit(p); return group4(n); },
    () => { const p = '3' + pick(['4', '7']) + digits(12); const n = p + luhnCheckDigit(p); return pick([`${n.slice(0, 4)} ${n.slice(4, 10)} ${n.slice(10)}`, n, `${n.slice(0, 4)}-${n.slice(4, 10)}-${n.slice(10)}`]); },
    () => { const p = '36' + digits(11); const n = p + luhnCheckDigit(p); return `${n.slice(0, 4)} ${n.slice(4, 10)} ${n.slice(10)}`; },
    () => { const p = '4' + digits(11); return p + luhnCheckDigit(p); }, // 13-digit Visa
    () => { const p = '6011' + digits(11); const n = p + luhnCheckDigit(p); return group4(n); },
    () => { const p = '62' + digits(16); const n = p + luhnCheckDigit(p); return pick([n, group4(n)]); }, // 19 digits
  ];
  return pick(kinds)();
}

function nino() {
  const core = `${upper(2)}${digits(6)}${pick(['A', 'B', 'C', 'D'])}`;
  const form = int(0, 2);
  if (form === 0) return core;
  if (form === 1) return `${core.slice(0, 2)} ${core.slice(2, 4)} ${core.slice(4, 6)} ${core.slice(6, 8)} ${core.slice(8)}`;
  return `${core.slice(0, 2)} ${core.slice(2, 8)} ${core.slice(8)}`;
}

const hex = (n) => Array.from({ length: n }, () => pick('0123456789abcdef')).join('');
function ipv4() {
  return pick([
    () => `192.168.${int(0, 255)}.${int(1, 254)}`,
    () => `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
    () => `${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(0, 255)}`,
    () => `172.${int(16, 31)}.${int(0, 255)}.${int(1, 254)}`,
    () => '255.255.255.0',
    () => '127.0.0.1',
  ])();
}
function ipv6() {
  return pick([
    () => `2001:db8:${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}`,
    () => `2001:db8::${hex(int(1, 4))}`,
    () => `fe80::${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}`,
    () => '::1',
    () => `::ffff:${ipv4()}`,
    () => `2a02:a46f:${hex(3)}::${hex(2)}`,
    () => `2001:DB8:0:0:${hex(4).toUpperCase()}::1`,
    () => `64:ff9b::${ipv4()}`,
    () => `fd00:${hex(4)}:${hex(4)}::`,
  ])();
}

function phone(lang) {
  const byLang = {
    nl: [
      () => `06-${digits(8)}`, () => `06 ${digits(8)}`, () => `06${digits(8)}`, () => `020-${nzDigits(7)}`,
      () => `020 ${nzDigits(3)} ${digits(4)}`, () => `(020) ${nzDigits(7)}`, () => `010 ${nzDigits(3)} ${digits(2)} ${digits(2)}`,
      () => `+31 6 ${digits(8)}`, () => `+316${digits(8)}`, () => `+31 (0)20 ${nzDigits(3)} ${digits(4)}`, () => `0031 20 ${nzDigits(3)} ${digits(4)}`,
      () => `06 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
    ],
    de: [
      () => `030 ${nzDigits(8)}`, () => `0171 ${nzDigits(7)}`, () => `089 ${nzDigits(3)} ${digits(4)}`, () => `(089) ${nzDigits(3)}-${digits(4)}`,
      () => `0171-${nzDigits(7)}`, () => `+49 30 ${nzDigits(8)}`, () => `+49 (0)171 ${nzDigits(7)}`, () => `+49-89-${nzDigits(7)}`,
      () => `0049 30 ${nzDigits(8)}`, () => `+49 151 ${nzDigits(8)}`,
    ],
    fr: [
      () => `01 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`, () => `06.${digits(2)}.${digits(2)}.${digits(2)}.${digits(2)}`,
      () => `07 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`, () => `0${int(1, 9)}${digits(8)}`,
      () => `+33 1 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`, () => `+33 6 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
      () => `+33.6.${digits(2)}.${digits(2)}.${digits(2)}.${digits(2)}`, () => `06-${digits(2)}-${digits(2)}-${digits(2)}-${digits(2)}`,
    ],
    es: [
      () => `+34 6${digits(2)} ${digits(3)} ${digits(3)}`, () => `+34 91 ${digits(3)} ${digits(2)} ${digits(2)}`, () => `+34-6${digits(8)}`,
      () => `+34 (91) ${digits(3)} ${digits(4)}`, () => `0034 6${digits(2)} ${digits(3)} ${digits(3)}`, () => `+34 6${digits(8)}`,
    ],
    en: [
      () => `(${nzDigits(3)}) ${nzDigits(3)}-${digits(4)}`, () => `${nzDigits(3)}-${nzDigits(3)}-${digits(4)}`, () => `${nzDigits(3)}.${nzDigits(3)}.${digits(4)}`,
      () => `${nzDigits(3)} ${nzDigits(3)} ${digits(4)}`, () => `1-800-${nzDigits(3)}-${digits(4)}`, () => `+1 (${nzDigits(3)}) ${nzDigits(3)}-${digits(4)}`,
      () => `+1-${nzDigits(3)}-${nzDigits(3)}-${digits(4)}`, () => `+44 20 ${nzDigits(4)} ${digits(4)}`, () => `+44 (0)20 ${nzDigits(4)} ${digits(4)}`,
      () => `07${nzDigits(3)} ${digits(6)}`, () => `020 ${nzDigits(4)} ${digits(4)}`, () => `0161 ${nzDigits(3)} ${digits(4)}`,
      () => `+44 7${digits(3)} ${digits(6)}`, () => `(555) 123-4567`, () => `+1 ${nzDigits(3)}.${nzDigits(3)}.${digits(4)}`,
    ],
  };
  return pick(byLang[lang])();
}

// --- templates ------------------------------------------------------------------------------
// `{E}` slots: EMAIL, IBAN, CARD, ID (filled per language: SSN in en, BSN in nl, NINO in en-gb),
// IP4, IP6, PHONE.
const TEMPLATES = {
  en: [
    'Contact me at {EMAIL} if you have questions.',
    'You can reach our support team via {EMAIL} or by phone on {PHONE}.',
    'My number is {PHONE}, text me after 6pm.',
    'Call {PHONE} to book, or write to {EMAIL}.',
    'Please send the deposit to {IBAN} before Friday.',
    'I paid with card {CARD} and never got the refund.',
    'Card number: {CARD}, expires next year.',
    'Our server at {IP4} keeps timing out since the update.',
    'The VPN hands out {IP6} to my laptop.',
    'My SSN is {SSN}, please keep it private.',
    'National Insurance number: {NINO}.',
    'Reach me on {PHONE} (mobile) or {PHONE} (office).',
    'Ping {IP4} and {IP6} from the jump host.',
    'For the invoice: {EMAIL}, account {IBAN}.',
    'New number! {PHONE}',
    'Hiring manager: {EMAIL}; phone {PHONE}; office IP {IP4}.',
  ],
  nl: [
    'Mail me gerust op {EMAIL}.',
    'Bel me op {PHONE} na vijven.',
    'Maak het bedrag over naar {IBAN} t.n.v. de vereniging.',
    'Mijn BSN is {BSN}, dat staat ook op mijn loonstrook.',
    'De router heeft adres {IP4}, de printer {IP6}.',
    'Betaald met creditcard {CARD}, maar nog geen bevestiging.',
    'Vragen? Bel {PHONE} of mail {EMAIL}.',
    'Rekeningnummer: {IBAN}',
    'Burgerservicenummer {BSN} is nodig voor de aanvraag.',
    'Mijn nieuwe nummer is {PHONE}!',
    'Ons kantoor: {PHONE}. Storing? {EMAIL}',
  ],
  de: [
    'Schreib mir an {EMAIL}.',
    'Ruf mich unter {PHONE} an.',
    'Bitte überweisen Sie den Betrag auf {IBAN}.',
    'Meine Kreditkarte {CARD} wurde doppelt belastet.',
    'Der Server {IP4} antwortet nicht, {IP6} schon.',
    'Kontakt: Tel. {PHONE}, E-Mail {EMAIL}',
    'IBAN: {IBAN}, Verwendungszweck Mitgliedsbeitrag.',
    'Erreichbar unter {PHONE} (Mo–Fr).',
    'Die Adresse {IP4} ist im Firmennetz.',
  ],
  fr: [
    'Écrivez-moi à {EMAIL}.',
    'Appelez-moi au {PHONE}.',
    'Virement sur le compte {IBAN}, merci.',
    'Ma carte bancaire {CARD} a été débitée deux fois.',
    "L'adresse IP du serveur est {IP4}.",
    'Contact : {EMAIL} ou {PHONE}.',
    'Mon IBAN : {IBAN}',
    "L'adresse IPv6 {IP6} ne répond plus.",
  ],
  es: [
    'Escríbeme a {EMAIL}.',
    'Llámame al {PHONE}.',
    'Haz la transferencia a la cuenta {IBAN}.',
    'Pagué con la tarjeta {CARD} y no llegó el pedido.',
    'La dirección IP es {IP4}.',
    'Contacto: {EMAIL}, teléfono {PHONE}.',
    'Mi IBAN es {IBAN}.',
    'El servidor {IP6} está caído.',
  ],
};

const IBAN_BY_LANG = { nl: ['NL', 'BE'], de: ['DE', 'AT', 'CH'], fr: ['FR', 'BE'], es: ['ES'], en: ['GB', 'NO', 'IT', 'DE'] };

function fill(template, lang) {
  const counts = {};
  const add = (e) => (counts[e] = (counts[e] ?? 0) + 1);
  let text = '';
  let expected = '';
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    text += template.slice(last, m.index);
    expected += template.slice(last, m.index);
    last = m.index + m[0].length;
    let value;
    let entity;
    switch (m[1]) {
      case 'EMAIL': value = email(); entity = 'EMAIL'; break;
      case 'IBAN': value = iban(pick(IBAN_BY_LANG[lang])); entity = 'IBAN'; break;
      case 'CARD': value = card(); entity = 'CARD'; break;
      case 'SSN': value = ssn(); entity = 'ID'; break;
      case 'BSN': value = bsn(); entity = 'ID'; break;
      case 'NINO': value = nino(); entity = 'ID'; break;
      case 'IP4': value = ipv4(); entity = 'IP'; break;
      case 'IP6': value = ipv6(); entity = 'IP'; break;
      case 'PHONE': value = phone(lang); entity = 'PHONE'; break;
      default: throw new Error(m[1]);
    }
    text += value;
    expected += `[${entity}]`;
    add(entity);
  }
  text += template.slice(last);
  expected += template.slice(last);
  return { text, expected, entities: counts };
}

const lines = [];
const PER_TEMPLATE = { en: 7, nl: 9, de: 9, fr: 9, es: 9 };
for (const [lang, templates] of Object.entries(TEMPLATES)) {
  for (const t of templates) {
    for (let k = 0; k < PER_TEMPLATE[lang]; k++) {
      lines.push({ ...fill(t, lang), lang, note: `template: ${t}` });
    }
  }
}

// --- hard negatives: text that merely looks like a number stays as it is ---------------------
const NEGATIVES = {
  en: [
    'The meeting is on 2025-11-03 at 10:30.',
    'Invoice total: $1,234.56 (tax included).',
    'Upgrade to v2.10.3 before the 15th.',
    'Order 48213377 shipped on 05-11-2025.',
    'Version 10.0.19045 fixed the crash.',
    'We were founded in 1998 and moved in 2004.',
    'Scores: 3-1, 2-2 and 0-4.',
    'Pi is roughly 3.14159265358979323846.',
    'Card 4111 1111 1111 1112 was declined (bad number).',
    'SSN 000-12-3456 is not a real number.',
    'SSN 666-45-6789 does not exist either.',
    'Test SSN 912-45-6789 has an area in the 900s.',
    'SSN 123-00-6789 has an empty group.',
    'SSN 123-45-0000 has an empty serial.',
    'The address 256.1.1.1 is invalid.',
    'Range 1.2.3 is not an IP.',
    'Release 1.2.3.4.5 is the last one.',
    'Timestamps 10:30:45 and 23:59:59.',
    'Call me at 5pm, room 4021.',
    'Tracking number 1Z999AA10123456784.',
    'Population: 8,336,817 people.',
    'ISBN 978-3-16-148410-0 is on the back cover.',
    'Pages 120-135 and 200-210.',
    'Coordinates 52.3676, 4.9041.',
    'Use user@localhost for the local test.',
    'Temperature was 21.5 degrees at 14:00.',
    'Reference 2024-000123 is closed.',
    'He ran 10 km in 00:45:12.',
    'Order #0012345 was split into 3 parcels.',
    'Account 1234567890 is a plain number.',
    'The ratio was 1:2:3 in the recipe.',
    'See section 4.2.1 for details.',
    'Build 20251103.1 passed.',
    'Price: 0.99 per unit, 1,000 units.',
    'My handle is @jan_smit on the forum.',
    'C++: use std::vector and std::map.',
    'Year range 1990-2024 and 2019/2020 season.',
    'Zip code 90210 and postcode SW1A 1AA.',
    'Vote count 12 345 678 is final.',
    'Dates 01/02/2024 and 12/31/2025.',
  ],
  nl: [
    'De vergadering is op 05-11-2025 om 10:30.',
    'Totaal: € 1.234,56 inclusief btw.',
    'Bestelnummer 48213377 is verzonden.',
    'BSN 123456789 klopt niet (elfproef faalt).',
    'Het rekeningnummer NL92ABNA0417164300 heeft een fout controlegetal.',
    'Postcode 1012 AB Amsterdam.',
    'Openingstijden 09.30-17.00 uur.',
    'Geboren op 01.02.1990 in Utrecht.',
    'We spreken af om 14.30 uur.',
    'Versie 3.2.1 is uit.',
    'Het kost €12,50 per maand.',
    'Ordernummer 2025-00042 is verwerkt.',
    'In 2023 verhuisden we, in 2024 weer terug.',
    'Kamer 0.12 op de eerste verdieping.',
    'De uitslag was 2-1 voor Ajax.',
    'Kenteken 12-ABC-3 staat op naam.',
    'Leeftijd 34, lengte 1.82 m.',
    'Factuur F-2025-0193 is betaald.',
    'Datum 2025-11-03, tijd 08:15.',
    'Huisnummer 12-14 en 3a.',
  ],
  de: [
    'Der Termin ist am 01.02.2024 um 10:30 Uhr.',
    'Betrag: 1.234,56 € brutto.',
    'Bestellnummer 4711-0815 wurde storniert.',
    'Version 2.10.3 ist stabil.',
    'Die IBAN DE88370400440532013000 hat eine falsche Prüfziffer.',
    'Sprechzeiten 08.00-12.30 Uhr.',
    'Postleitzahl 10115 Berlin.',
    'Gegründet 1998, Umzug 2004.',
    'Kartennummer 5500 0000 0000 0005 ist ungültig.',
    'Das Spiel endete 3:1.',
    'Rechnung RE-2024-00123 vom 03.11.2025.',
    'Aktenzeichen 12 O 345/24.',
    'Temperatur 21,5 °C um 14:00.',
    'Seite 12-15 lesen.',
    'Am 24.12.2025 ist geschlossen.',
  ],
  fr: [
    'Rendez-vous le 03/11/2025 à 10h30.',
    'Montant : 1 234,56 € TTC.',
    'Commande n° 48213377 expédiée.',
    'Version 2.10.3 disponible.',
    'Code postal 75001 Paris.',
    'Le score final est 2-0.',
    'Réunion de 09.30-11.45 salle B.',
    'Né le 05-11-1985 à Lyon.',
    "L'adresse 300.168.1.1 n'est pas valide.",
    'Facture 2025-000981 réglée.',
    'Il fait 21,5 degrés.',
    'Référence 12/2025 du dossier.',
    'Carte 4970 1000 0000 0001 refusée.',
    'Ouvert de 8h à 18h, le 14.07.2025 fermé.',
    'Prix 0,99 € le kilo.',
  ],
  es: [
    'La cita es el 03-11-2025 a las 10:30.',
    'Importe: 1.234,56 €.',
    'Pedido 48213377 enviado.',
    'Versión 2.10.3 publicada.',
    'Código postal 28013 Madrid.',
    'El partido terminó 2-1.',
    'Horario 09.00-14.00 h.',
    'Nació el 01.02.1990.',
    'La cuenta ES9221000418450200051333 tiene un dígito de control erróneo.',
    'Factura 2025/000123 pagada.',
    'Temperatura 21,5 grados.',
    'Referencia 2025-000981.',
    'Tarjeta 4000 0012 3456 7890 rechazada.',
    'Cuesta 0,99 € la unidad.',
    'Fundada en 1998.',
  ],
};
// The numbers that must fail their check do fail it (checked here, not by the redactor).
if (luhnOk('4111 1111 1111 1112') || luhnOk('5500 0000 0000 0005') || luhnOk('4970 1000 0000 0001') || luhnOk('4000 0012 3456 7890')) throw new Error('a Luhn negative passes');
if (ibanOk('NL92ABNA0417164300') || ibanOk('DE88370400440532013000') || ibanOk('ES9221000418450200051333')) throw new Error('an IBAN negative passes');
if (bsnOk('123456789') || bsnOk('048213377')) throw new Error('a BSN negative passes');
for (const [lang, texts] of Object.entries(NEGATIVES)) {
  for (const text of texts) lines.push({ text, expected: text, entities: {}, lang, note: 'hard negative' });
}

// Deterministic order, one JSON object per line.
const out = lines.map((l) => JSON.stringify({ text: l.text, expected: l.expected, entities: l.entities, lang: l.lang, note: l.note })).join('\n') + '\n';
writeFileSync(join(here, 'generated.jsonl'), out);
console.log(`wrote ${lines.length} lines to generated.jsonl`);
