/**
 * Members: who they are, where they live, when they joined, moved and left. Everything about member
 * i is a pure function of (seed, i), so another member's mention can name them without a table of
 * every member in memory.
 */
import { personName, type PersonName } from './names.js';
import { emailFor, freemailDomain } from './pii.js';
import { Rng, STREAM } from './prng.js';
import {
  COUNTRIES, DAY, EFFECTIVE, FIRST_JOIN, NOTABLE_MOVES, WORLD_END, WORLD_START, countryInfo,
  type CountryInfo, type Lang,
} from './world.js';

export interface MemberChange {
  at: number;
  country?: string;
  inSecondarySchool?: boolean;
  closed?: true;
}

export interface MemberFacts {
  index: number;
  id: string;
  name: PersonName;
  /** Country at joining; `changes` may move the member later. */
  country: string;
  info: CountryInfo;
  lang: Lang;
  email: string;
  birthDate?: number;
  /** In the first row. */
  inSecondarySchool?: boolean;
  joinedAt: number;
  closedAt?: number;
  /** The account was exported closed: `closedAt` in the first row rather than in a later one. */
  closedInFirstRow: boolean;
  /** Later rows, in time order: moves, a school flag set or cleared, the closing. */
  changes: MemberChange[];
  /** What kind of birth date the member got (for the summary). */
  ageGroup: 'none' | 'adult' | 'minor' | 'turning-18';
}

export function memberId(index: number): string {
  return `m-${String(index + 1).padStart(8, '0')}`;
}

const YEAR = 365.2425 * DAY;

function dayOf(t: number): number {
  return Math.floor(t / DAY) * DAY;
}

function between(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng.float() * Math.max(1, hi - lo));
}

/** Birth dates that make minors, members who turn 18 around the policy dates, and adults. */
function birth(rng: Rng): { birthDate?: number; ageGroup: MemberFacts['ageGroup'] } {
  const r = rng.float();
  if (r < 0.22) return { ageGroup: 'none' };
  const s = rng.float();
  if (s < 0.05) {
    // 14 to 17 on the effective date.
    return { birthDate: dayOf(between(rng, Date.UTC(2007, 10, 4), Date.UTC(2011, 10, 4))), ageGroup: 'minor' };
  }
  if (s < 0.08) {
    // Turning 18 within six months either side of 3 November 2025, with the boundary cases spelled out.
    const t = rng.float();
    if (t < 0.1) return { birthDate: Date.UTC(2007, 10, 3), ageGroup: 'turning-18' }; // 18 exactly on the day
    if (t < 0.15) return { birthDate: Date.UTC(2008, 1, 29), ageGroup: 'turning-18' }; // 18 on 1 March 2026
    if (t < 0.2) return { birthDate: Date.UTC(2007, 10, 4), ageGroup: 'turning-18' }; // one day short
    return { birthDate: dayOf(between(rng, Date.UTC(2007, 4, 3), Date.UTC(2008, 4, 3))), ageGroup: 'turning-18' };
  }
  // Adults, 19 to 69, most in their late twenties and thirties.
  const age = 19 + 50 * Math.min(rng.float(), rng.float());
  return { birthDate: dayOf(EFFECTIVE - age * YEAR - rng.float() * DAY), ageGroup: 'adult' };
}

interface MemberCore {
  rng: Rng;
  info: CountryInfo;
  moves: boolean;
  notable: readonly [string, string] | undefined;
  name: PersonName;
}

/** The first draws of a member's stream: where they come from and their name. */
function memberCore(seed: readonly [number, number, number, number], index: number): MemberCore {
  const rng = Rng.of(seed, STREAM.member, index);
  let info = COUNTRIES.pick(rng);
  // Moves are drawn early so a notable move can choose the country of origin.
  const moves = rng.chance(0.035);
  const notable = moves && rng.chance(0.45) ? rng.pick(NOTABLE_MOVES) : undefined;
  if (notable) info = countryInfo(notable[0]);
  const name = personName(rng, info.names, true);
  return { rng, info, moves, notable, name };
}

/** Member `index`'s name, as `memberFacts` has it, at a fraction of the cost (for mentions). */
export function memberName(seed: readonly [number, number, number, number], index: number): PersonName {
  return memberCore(seed, index).name;
}

export function memberFacts(seed: readonly [number, number, number, number], index: number): MemberFacts {
  const { rng, info, moves, notable, name } = memberCore(seed, index);
  const lang = info.langs.pick(rng);
  const email = emailFor(rng, name.givenAscii, name.familyAscii, freemailDomain(rng, lang));
  const { birthDate, ageGroup } = birth(rng);

  // Joined: over half before the export window, the rest during it; nobody before their 13th birthday.
  let joinedAt = rng.chance(0.55) ? between(rng, FIRST_JOIN, WORLD_START) : between(rng, WORLD_START, WORLD_END - 30 * DAY);
  if (birthDate !== undefined) {
    const thirteen = birthDate + 13 * YEAR;
    if (joinedAt < thirteen) joinedAt = between(rng, thirteen, Math.max(thirteen + DAY, WORLD_END - 30 * DAY));
  }

  // School: most minors say so, some without a birth date say so (the only signal), a few adults too.
  const schoolP = ageGroup === 'minor' ? 0.55 : ageGroup === 'turning-18' ? 0.4 : ageGroup === 'none' ? 0.03 : 0.003;
  const school = rng.chance(schoolP);
  const schoolLater = school && rng.chance(0.3);
  const changes: MemberChange[] = [];
  if (schoolLater) changes.push({ at: between(rng, joinedAt, WORLD_END), inSecondarySchool: true });
  // Some who turn 18 leave school: the flag is cleared in a later row.
  if (school && ageGroup === 'turning-18' && rng.chance(0.5)) {
    changes.push({ at: Math.max(joinedAt + DAY, Date.UTC(2026, 5, 20) + rng.int(7 * DAY)), inSecondarySchool: false });
  }

  if (moves) {
    // Many moves fall around the notice window, where they change which rules apply.
    const at = rng.chance(0.4)
      ? between(rng, Math.max(joinedAt, Date.UTC(2025, 7, 1)), Date.UTC(2025, 11, 31))
      : between(rng, joinedAt + 30 * DAY, WORLD_END);
    let to = notable ? notable[1] : COUNTRIES.pick(rng).code;
    if (to === info.code) to = info.code === 'US' ? 'CA' : 'US';
    changes.push({ at: Math.min(at, WORLD_END - DAY), country: to });
    if (rng.chance(0.1)) changes.push({ at: between(rng, at + 60 * DAY, at + 400 * DAY), country: info.code });
  }

  let closedAt: number | undefined;
  let closedInFirstRow = false;
  if (rng.chance(0.04)) {
    closedAt = between(rng, joinedAt + 7 * DAY, WORLD_END);
    closedInFirstRow = rng.chance(0.15);
    if (!closedInFirstRow) changes.push({ at: closedAt, closed: true });
  }
  // Nothing changes after the account is closed or after the export.
  const end = Math.min(closedAt ?? WORLD_END, WORLD_END);
  const kept = changes.filter((c) => c.closed === true || (c.at > joinedAt && c.at < end)).sort((a, b) => a.at - b.at);

  const facts: MemberFacts = {
    index, id: memberId(index), name, country: info.code, info, lang, email, joinedAt, closedInFirstRow, changes: kept, ageGroup,
  };
  if (birthDate !== undefined) facts.birthDate = birthDate;
  if (school && !schoolLater) facts.inSecondarySchool = true;
  if (closedAt !== undefined) facts.closedAt = closedAt;
  return facts;
}

/** The member's country at time t. */
export function countryAt(m: MemberFacts, t: number): string {
  let c = m.country;
  for (const ch of m.changes) {
    if (ch.at > t) break;
    if (ch.country !== undefined) c = ch.country;
  }
  return c;
}

/** The member's rows (spec §2 versioned rows), as JSON Lines. */
export function memberRows(m: MemberFacts, fmt: (t: number) => string): string {
  const nameJson = JSON.stringify(m.name.display);
  const birthJson = m.birthDate === undefined ? '' : `,"birthDate":"${fmt(m.birthDate).slice(0, 10)}"`;
  const joined = fmt(m.joinedAt);
  let country = m.country;
  let school = m.inSecondarySchool;
  const row = (validFrom: number | undefined, closed: boolean): string =>
    `{"id":"${m.id}","name":${nameJson},"country":"${country}"${birthJson},"joinedAt":"${joined}"` +
    (closed && m.closedAt !== undefined ? `,"closedAt":"${fmt(m.closedAt)}"` : '') +
    (school === undefined ? '' : `,"inSecondarySchool":${school}`) +
    (validFrom === undefined ? '' : `,"validFrom":"${fmt(validFrom)}"`) +
    '}\n';
  let out = row(undefined, m.closedInFirstRow);
  let closed = m.closedInFirstRow;
  for (const ch of m.changes) {
    if (ch.country !== undefined) country = ch.country;
    if (ch.inSecondarySchool !== undefined) school = ch.inSecondarySchool;
    if (ch.closed) closed = true;
    out += row(ch.at, closed);
  }
  return out;
}
