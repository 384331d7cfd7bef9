/**
 * The synthetic platform's world: its time span, the dates of the LinkedIn-style rollout the default
 * policy encodes (spec §3), the regions with their notice versions, and where members live.
 * Kept here, not read from the policy file, because the generator models what the platform did; a test
 * checks that it agrees with `policies/genai-2025.yaml`.
 */
import { Weighted } from './prng.js';

const d = (iso: string): number => Date.parse(iso);

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** Content is created from here on (the platform's export window) ... */
export const WORLD_START = d('2023-01-01T00:00:00Z');
/** ... up to here (the export moment); everything the generator writes happens before it. */
export const WORLD_END = d('2026-06-30T23:59:59.999Z');
/** Oldest account. */
export const FIRST_JOIN = d('2008-01-01T00:00:00Z');

/** LinkedIn's non-EU default-on setting became public (and the rest-of-world region's effectiveFrom). */
export const ROW_EFFECTIVE = d('2024-09-18T00:00:00Z');
/** The notice of the November 2025 change was announced ... */
export const ANNOUNCED = d('2025-09-18T00:00:00Z');
/** ... the Dutch regulator urged members to opt out ... */
export const DUTCH_AP_WARNING = d('2025-09-24T08:00:00Z');
/** ... and training started. */
export const EFFECTIVE = d('2025-11-03T00:00:00Z');
/** A notice must be served 30 days before `EFFECTIVE` to count on that day (spec §3 `noticeDays`). */
export const NOTICE_DEADLINE = EFFECTIVE - 30 * DAY;

export type RegionKey = 'eu' | 'uk' | 'cahk' | 'cn' | 'row';
export const REGION_KEYS: readonly RegionKey[] = ['eu', 'uk', 'cahk', 'cn', 'row'];

/** The notice version each region of the default policy names; none for regions that need none. */
export const NOTICE_VERSION: Record<RegionKey, string | undefined> = {
  eu: 'eu-2025-11',
  uk: 'uk-2025-11',
  cahk: 'intl-2025-11',
  cn: undefined,
  row: undefined,
};

/** The default policy's `designated-countries`: EU, EEA and Switzerland. */
export const DESIGNATED = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL',
  'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO', 'CH',
]);

export function regionOfCountry(country: string): RegionKey {
  if (DESIGNATED.has(country)) return 'eu';
  if (country === 'GB') return 'uk';
  if (country === 'CA' || country === 'HK') return 'cahk';
  if (country === 'CN') return 'cn';
  return 'row';
}

/** Name locales: how people in a country write their names (see `names.ts`). */
export type NameLocale =
  | 'en' | 'ie' | 'in' | 'nl' | 'de' | 'fr' | 'es' | 'pt' | 'it' | 'pl' | 'nordic' | 'ja' | 'zh' | 'hk' | 'ng' | 'tr';

/** Languages the texts are written in (see `texts.ts`). */
export type Lang = 'en' | 'nl' | 'de' | 'fr' | 'es';
export const LANGS: readonly Lang[] = ['en', 'nl', 'de', 'fr', 'es'];

export interface CountryInfo {
  code: string;
  /** Share of members, in percent. */
  weight: number;
  names: NameLocale;
  /** Languages members there post in, with weights. */
  langs: Weighted<Lang>;
  /** BCP 47 tag their browsers send (consent evidence). */
  browserLang: string;
}

const L = (entries: [Lang, number][]): Weighted<Lang> => new Weighted(entries);
const EN = L([['en', 1]]);

/** Where members live: every region of the default policy, more than 12 countries. */
export const COUNTRY_LIST: readonly CountryInfo[] = [
  { code: 'US', weight: 16, names: 'en', langs: L([['en', 95], ['es', 5]]), browserLang: 'en-US' },
  { code: 'IN', weight: 9, names: 'in', langs: EN, browserLang: 'en-IN' },
  { code: 'BR', weight: 4, names: 'pt', langs: L([['en', 70], ['es', 30]]), browserLang: 'pt-BR' },
  { code: 'GB', weight: 7, names: 'en', langs: EN, browserLang: 'en-GB' },
  { code: 'IE', weight: 1.5, names: 'ie', langs: EN, browserLang: 'en-IE' },
  { code: 'DE', weight: 7, names: 'de', langs: L([['de', 75], ['en', 25]]), browserLang: 'de-DE' },
  { code: 'AT', weight: 1, names: 'de', langs: L([['de', 80], ['en', 20]]), browserLang: 'de-AT' },
  { code: 'CH', weight: 1.5, names: 'de', langs: L([['de', 50], ['fr', 25], ['en', 25]]), browserLang: 'de-CH' },
  { code: 'FR', weight: 6, names: 'fr', langs: L([['fr', 80], ['en', 20]]), browserLang: 'fr-FR' },
  { code: 'BE', weight: 1.5, names: 'nl', langs: L([['nl', 45], ['fr', 35], ['en', 20]]), browserLang: 'nl-BE' },
  { code: 'LU', weight: 0.2, names: 'fr', langs: L([['fr', 50], ['de', 25], ['en', 25]]), browserLang: 'fr-LU' },
  { code: 'NL', weight: 5, names: 'nl', langs: L([['nl', 70], ['en', 30]]), browserLang: 'nl-NL' },
  { code: 'ES', weight: 4, names: 'es', langs: L([['es', 80], ['en', 20]]), browserLang: 'es-ES' },
  { code: 'PT', weight: 1, names: 'pt', langs: L([['en', 70], ['es', 30]]), browserLang: 'pt-PT' },
  { code: 'IT', weight: 3, names: 'it', langs: L([['en', 100]]), browserLang: 'it-IT' },
  { code: 'PL', weight: 2, names: 'pl', langs: EN, browserLang: 'pl-PL' },
  { code: 'NO', weight: 1.2, names: 'nordic', langs: EN, browserLang: 'nb-NO' },
  { code: 'SE', weight: 1.2, names: 'nordic', langs: EN, browserLang: 'sv-SE' },
  { code: 'DK', weight: 0.8, names: 'nordic', langs: EN, browserLang: 'da-DK' },
  { code: 'FI', weight: 0.6, names: 'nordic', langs: EN, browserLang: 'fi-FI' },
  { code: 'IS', weight: 0.1, names: 'nordic', langs: EN, browserLang: 'is-IS' },
  { code: 'LI', weight: 0.05, names: 'de', langs: L([['de', 90], ['en', 10]]), browserLang: 'de-LI' },
  { code: 'GR', weight: 0.5, names: 'en', langs: EN, browserLang: 'el-GR' },
  { code: 'RO', weight: 0.6, names: 'it', langs: EN, browserLang: 'ro-RO' },
  { code: 'CA', weight: 4, names: 'en', langs: L([['en', 78], ['fr', 22]]), browserLang: 'en-CA' },
  { code: 'HK', weight: 1, names: 'hk', langs: EN, browserLang: 'zh-HK' },
  { code: 'CN', weight: 2, names: 'zh', langs: EN, browserLang: 'zh-CN' },
  { code: 'AU', weight: 3, names: 'en', langs: EN, browserLang: 'en-AU' },
  { code: 'JP', weight: 2, names: 'ja', langs: EN, browserLang: 'ja-JP' },
  { code: 'MX', weight: 2, names: 'es', langs: L([['es', 85], ['en', 15]]), browserLang: 'es-MX' },
  { code: 'AR', weight: 0.8, names: 'es', langs: L([['es', 85], ['en', 15]]), browserLang: 'es-AR' },
  { code: 'CO', weight: 0.5, names: 'es', langs: L([['es', 85], ['en', 15]]), browserLang: 'es-CO' },
  { code: 'ZA', weight: 1, names: 'en', langs: EN, browserLang: 'en-ZA' },
  { code: 'NG', weight: 1, names: 'ng', langs: EN, browserLang: 'en-NG' },
  { code: 'KE', weight: 0.4, names: 'ng', langs: EN, browserLang: 'en-KE' },
  { code: 'SG', weight: 1, names: 'zh', langs: EN, browserLang: 'en-SG' },
  { code: 'AE', weight: 0.8, names: 'in', langs: EN, browserLang: 'en-AE' },
  { code: 'TR', weight: 0.8, names: 'tr', langs: EN, browserLang: 'tr-TR' },
  { code: 'XK', weight: 0.05, names: 'tr', langs: EN, browserLang: 'sq-XK' },
];

export const COUNTRY_INFO: ReadonlyMap<string, CountryInfo> = new Map(COUNTRY_LIST.map((c) => [c.code, c]));
export const COUNTRIES = new Weighted(COUNTRY_LIST.map((c) => [c, c.weight] as const));

export function countryInfo(code: string): CountryInfo {
  const info = COUNTRY_INFO.get(code);
  if (!info) throw new Error(`no country info for ${code}`);
  return info;
}

/**
 * Moves that matter to the policy: into or out of a notice region, across the China exemption.
 * Movers otherwise go to a country drawn like any member's.
 */
export const NOTABLE_MOVES: readonly (readonly [string, string])[] = [
  ['US', 'NL'], ['IN', 'DE'], ['GB', 'IE'], ['CN', 'HK'], ['FR', 'CA'], ['BR', 'PT'], ['NL', 'GB'], ['DE', 'US'],
  ['ES', 'MX'], ['HK', 'GB'], ['CA', 'US'], ['IE', 'AU'], ['NG', 'GB'], ['IT', 'CH'], ['PL', 'NO'], ['JP', 'US'],
];
