/**
 * A member's side of the ledger: the notices served to them and the choices they made. Each member
 * gets a small story: notified by email on the announcement day (or late, or never), opted out a few
 * hours later with the settings page open, opted back in months later; or objected with the form;
 * or had a browser that sends GPC. Rates differ by region and peak in the 2025 notice window.
 */
import type { Channel, Method } from '../domain/entities.js';
import type { Purpose } from '../domain/purpose.js';
import { countryAt, type MemberFacts } from './members.js';
import { Rng, STREAM, Weighted } from './prng.js';
import {
  ANNOUNCED, DAY, DUTCH_AP_WARNING, EFFECTIVE, HOUR, MINUTE, NOTICE_DEADLINE, NOTICE_VERSION, ROW_EFFECTIVE, WORLD_END,
  WORLD_START, countryInfo, regionOfCountry, type RegionKey,
} from './world.js';

export const PLATFORM_URL = 'https://www.linkup.example';

export interface LedgerStats {
  events: number;
  notices: number;
  byMethod: Record<string, number>;
  byPurpose: Record<string, number>;
  byChoice: Record<string, number>;
  noticesByVersion: Record<string, number>;
  noticesByChannel: Record<string, number>;
  /** Members with at least one deny on train-ai or train-genai, by region at the time. */
  optOutsByRegion: Record<string, number>;
  /** Members of notice regions never served a notice. */
  neverNotified: number;
  /** Members whose first notice came too late for 3 November 2025. */
  notifiedLate: number;
  /** Pairs of events of one member at the very same instant. */
  sameInstant: number;
}

export function emptyLedgerStats(): LedgerStats {
  return {
    events: 0, notices: 0, byMethod: {}, byPurpose: {}, byChoice: {}, noticesByVersion: {}, noticesByChannel: {},
    optOutsByRegion: {}, neverNotified: 0, notifiedLate: 0, sameInstant: 0,
  };
}

function bump(rec: Record<string, number>, key: string): void {
  rec[key] = (rec[key] ?? 0) + 1;
}

export interface LedgerSink {
  event(at: number, line: string): void;
  notice(at: number, line: string): void;
}

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 LinkUp/9.1.410',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0',
];
/** Browsers that send `Sec-GPC: 1`. */
const GPC_AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Brave/129',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Gecko/20100101 Firefox/131.0 DuckDuckGo/7',
];

const SETTINGS_URL = `${PLATFORM_URL}/mypreferences/d/settings/data-for-ai-improvement`;
const FORM_URL = `${PLATFORM_URL}/help/ai-training-objection`;

/** IP addresses are kept truncated: the last octet of IPv4, all but the /48 of IPv6. */
function truncatedIp(rng: Rng): string {
  if (rng.chance(0.7)) return `${rng.range(24, 223)}.${rng.int(256)}.${rng.int(256)}.0`;
  return `2a02:${rng.int(65536).toString(16)}:${rng.int(65536).toString(16)}::`;
}

function evidenceJson(rng: Rng, agents: readonly string[], url: string, language: string): string {
  return `{"userAgent":${JSON.stringify(rng.pick(agents))},"ip":"${truncatedIp(rng)}","url":"${url}","language":"${language}"}`;
}

/** Opt-out rates by region, with the countries whose regulators urged members to object. */
function optOutRate(country: string, region: RegionKey): number {
  if (country === 'NL') return 0.36;
  if (country === 'DE' || country === 'IT') return 0.3;
  switch (region) {
    case 'eu': return 0.26;
    case 'uk': return 0.2;
    case 'cahk': return 0.13;
    case 'cn': return 0.03;
    case 'row': return 0.08;
  }
}

const CHANNELS = new Weighted<Channel>([['email', 45], ['in-app', 40], ['banner', 15]]);

interface Served { at: number; version: string }

/** Generates one member's notices and consent events into `sink`. */
export function memberLedger(
  seed: readonly [number, number, number, number],
  m: MemberFacts,
  fmt: (t: number) => string,
  sink: LedgerSink,
  stats: LedgerStats,
): void {
  const rng = Rng.of(seed, STREAM.consent, m.index);
  const end = Math.min(m.closedAt ?? WORLD_END, WORLD_END);
  const alive = (t: number): boolean => t >= m.joinedAt && t < end && t >= WORLD_START;
  const served: Served[] = [];
  const language = countryInfo(m.country).browserLang;

  // ---- notices
  const noticeStart = Math.max(ANNOUNCED, m.joinedAt);
  const region0 = regionOfCountry(countryAt(m, noticeStart));
  const version0 = NOTICE_VERSION[region0];
  const serve = (at: number, version: string, channel: Channel): void => {
    if (!alive(at)) return;
    served.push({ at, version });
    sink.notice(at, `{"subject":"${m.id}","at":"${fmt(at)}","noticeVersion":"${version}","channel":"${channel}"}\n`);
    stats.notices++;
    bump(stats.noticesByVersion, version);
    bump(stats.noticesByChannel, channel);
  };
  if (version0 !== undefined && noticeStart < end) {
    if (rng.chance(0.08)) {
      stats.neverNotified++;
    } else {
      let first: number;
      let channel: Channel = CHANNELS.pick(rng);
      if (m.joinedAt > ANNOUNCED) {
        // Shown in the sign-up flow.
        first = m.joinedAt + rng.range(5_000, 20 * MINUTE);
        channel = 'in-app';
      } else {
        const r = rng.float();
        if (r < 0.003) first = NOTICE_DEADLINE; // exactly on the 30-day boundary
        else if (r < 0.45) first = ANNOUNCED + rng.int(3 * DAY); // the email batch
        else if (r < 0.78) first = ANNOUNCED + Math.floor(rng.float() ** 2 * (NOTICE_DEADLINE - ANNOUNCED)); // next login
        else if (r < 0.93) first = NOTICE_DEADLINE + 1 + rng.int(27 * DAY); // too late for 3 November
        else if (r < 0.97) first = Date.UTC(2025, 10, 1) + rng.int(30 * DAY);
        else first = Date.UTC(2025, 11, 1) + rng.int(120 * DAY);
      }
      if (first > NOTICE_DEADLINE && first < EFFECTIVE) stats.notifiedLate++;
      serve(first, version0, channel);
      if (rng.chance(0.45)) {
        const second = first + rng.range(HOUR, 20 * DAY);
        serve(second, version0, channel === 'email' ? 'in-app' : rng.chance(0.5) ? 'email' : 'banner');
        if (rng.chance(0.3)) serve(second + rng.range(HOUR, 10 * DAY), version0, 'banner');
      }
    }
  }
  // A member who moves into a notice region later may or may not be shown its notice.
  for (const ch of m.changes) {
    if (ch.country === undefined || ch.at <= noticeStart) continue;
    const v = NOTICE_VERSION[regionOfCountry(ch.country)];
    if (v !== undefined && v !== version0 && rng.chance(0.65)) serve(ch.at + rng.range(HOUR, 14 * DAY), v, 'in-app');
  }
  served.sort((a, b) => a.at - b.at);
  const noticeBefore = (t: number): string | undefined => {
    let v: string | undefined;
    for (const s of served) if (s.at <= t) v = s.version;
    return v;
  };

  // ---- consent events
  let last = -Infinity;
  const event = (at: number, purpose: Purpose, choice: 'allow' | 'deny', method: Method, evidence: string | undefined, withNotice: boolean): boolean => {
    if (!alive(at)) return false;
    const nv = withNotice ? noticeBefore(at) : undefined;
    sink.event(at, `{"subject":"${m.id}","at":"${fmt(at)}","purpose":"${purpose}","choice":"${choice}","method":"${method}"` +
      (nv === undefined ? '' : `,"noticeVersion":"${nv}"`) + (evidence === undefined ? '' : `,"evidence":${evidence}`) + '}\n');
    stats.events++;
    bump(stats.byMethod, method);
    bump(stats.byPurpose, purpose);
    bump(stats.byChoice, choice);
    if (at === last) stats.sameInstant++;
    last = at;
    return true;
  };
  const webEvidence = (url: string): string => evidenceJson(rng, USER_AGENTS, url, language);

  // The main choice about AI training.
  const mid = Math.max(Math.min(Date.UTC(2025, 9, 1), end - 1), m.joinedAt);
  const country = countryAt(m, mid);
  const region = regionOfCountry(country);
  if (rng.chance(optOutRate(country, region))) {
    let at: number;
    const r = rng.float();
    const firstNotice = served[0]?.at;
    if (region === 'row' || region === 'cn') {
      if (r < 0.35) at = ROW_EFFECTIVE + Math.floor(rng.float() ** 2 * 21 * DAY); // the 2024 news
      else if (r < 0.55) at = ANNOUNCED + rng.int(EFFECTIVE + 10 * DAY - ANNOUNCED);
      else at = ROW_EFFECTIVE + rng.int(WORLD_END - ROW_EFFECTIVE);
    } else if (r < 0.12) {
      at = ROW_EFFECTIVE + rng.int(ANNOUNCED - ROW_EFFECTIVE);
    } else if (r < 0.82) {
      const s = rng.float();
      if (firstNotice !== undefined && s < 0.5) at = firstNotice + Math.floor(rng.float() ** 3 * 20 * DAY) + rng.range(MINUTE, 2 * HOUR);
      else if (country === 'NL' && s < 0.7) at = DUTCH_AP_WARNING + rng.int(3 * DAY);
      else if (s < 0.8) at = ANNOUNCED + rng.int(3 * DAY);
      else if (s < 0.9) at = EFFECTIVE - 7 * DAY + rng.int(7 * DAY); // the deadline rush
      else at = ANNOUNCED + rng.int(EFFECTIVE - ANNOUNCED);
    } else {
      at = EFFECTIVE + Math.floor(rng.float() ** 2 * 240 * DAY);
    }
    if (at < m.joinedAt) at = m.joinedAt + rng.range(HOUR, 30 * DAY);
    const methodR = rng.float();
    const formAllowed = region === 'eu' || region === 'uk';
    // The objection form is offered in the EU/EEA/CH and the UK; elsewhere those members use the setting.
    const method: Method = methodR < 0.07 ? (formAllowed ? 'objection-form' : 'setting')
      : methodR < 0.08 ? 'intent' // a Bluesky-style user intent imported from the member's own signal
        : methodR < 0.085 ? 'admin' // a support ticket
          : methodR < 0.15 ? 'api' : 'setting';
    let ok: boolean;
    if (method === 'objection-form') {
      ok = event(at, 'train-ai', 'deny', method, evidenceJson(rng, USER_AGENTS, FORM_URL, language), true);
    } else if (method === 'intent') {
      ok = event(at, 'train-genai', 'deny', method, undefined, false);
    } else if (method === 'admin') {
      ok = event(at, 'train-ai', 'deny', method, undefined, false);
    } else {
      const purpose: Purpose = rng.chance(0.88) ? 'train-genai' : 'train-ai';
      // A double toggle: two events at the very same instant; the one written later wins (spec §4).
      const toggle = rng.float();
      if (toggle < 0.01) event(at, 'train-genai', 'allow', method, webEvidence(SETTINGS_URL), true);
      ok = event(at, purpose, 'deny', method, webEvidence(SETTINGS_URL), true);
      if (ok && toggle >= 0.01 && toggle < 0.02) event(at, 'train-genai', 'allow', method, webEvidence(SETTINGS_URL), true);
    }
    if (ok) bump(stats.optOutsByRegion, regionOfCountry(countryAt(m, at)));
    // Some change their minds; an allow on train-ai does not undo a deny on train-genai (spec §4).
    if (ok && rng.chance(0.12)) {
      const back = at + HOUR + Math.floor(rng.float() ** 2 * 200 * DAY);
      const backPurpose: Purpose = rng.chance(0.8) ? 'train-genai' : 'train-ai';
      if (event(back, backPurpose, 'allow', 'setting', webEvidence(SETTINGS_URL), true) && rng.chance(0.2)) {
        event(back + rng.range(DAY, 60 * DAY), 'train-genai', 'deny', 'setting', webEvidence(SETTINGS_URL), true);
      }
    }
  } else if (rng.chance(0.015)) {
    // An explicit opt-in by someone who wants to help.
    event(ROW_EFFECTIVE + rng.int(WORLD_END - ROW_EFFECTIVE), 'train-genai', 'allow', 'setting', webEvidence(SETTINGS_URL), true);
  }

  // Other purposes: ranking models and advertising.
  if (rng.chance(0.04)) event(WORLD_START + rng.int(WORLD_END - WORLD_START), 'train-personalization', 'deny', 'setting', webEvidence(`${PLATFORM_URL}/mypreferences/d/settings/personalization`), false);
  if (rng.chance(0.05)) event(WORLD_START + rng.int(WORLD_END - WORLD_START), 'share-affiliates-ads', 'deny', 'setting', webEvidence(`${PLATFORM_URL}/mypreferences/d/settings/ads`), false);
  else if (rng.chance(0.01)) event(WORLD_START + rng.int(WORLD_END - WORLD_START), 'share-affiliates-ads', 'allow', 'api', undefined, false);
  // Choices carried over from the old settings store, all stamped with the migration's instant.
  if (m.joinedAt < Date.UTC(2024, 0, 1) && rng.chance(0.01)) {
    event(Date.UTC(2024, 0, 15, 2, 0, 0), rng.chance(0.5) ? 'share-affiliates-ads' : 'train-personalization', 'deny', 'import', undefined, false);
  }

  // Global Privacy Control: a browser that sends Sec-GPC: 1 records two denies at one instant.
  const gpcRate = m.country === 'US' ? 0.06 : m.country === 'CA' ? 0.04 : 0.015;
  if (rng.chance(gpcRate)) {
    const at = Date.UTC(2024, 0, 1) + rng.int(WORLD_END - Date.UTC(2024, 0, 1));
    const ev = evidenceJson(rng, GPC_AGENTS, `${PLATFORM_URL}/feed/`, language);
    if (event(at, 'share-affiliates-ads', 'deny', 'gpc', ev, false)) event(at, 'train-ai', 'deny', 'gpc', ev, false);
  }
}

/** A consent event for a non-member (an objection withdrawn through the API). */
export function withdrawalLine(subject: string, at: number, fmt: (t: number) => string): string {
  return `{"subject":"${subject}","at":"${fmt(at)}","purpose":"train-ai","choice":"allow","method":"api"}\n`;
}
