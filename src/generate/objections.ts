/**
 * Objections (spec §2 "Non-member objection"): people of the pool who were written about object with
 * the identifiers members actually used for them, linking the posts as evidence; a few members object
 * with their own member id. Some objectors later withdraw through the API (a consent event).
 */
import type { PersonRefs } from './content.js';
import type { MemberFacts } from './members.js';
import { USED_EMAIL, USED_HANDLE, USED_NAME, type PersonPool } from './persons.js';
import { Rng, STREAM, hash01 } from './prng.js';
import { ANNOUNCED, DAY, EFFECTIVE, HOUR, WORLD_END } from './world.js';

export interface ObjectionOut {
  id: string;
  at: number;
  line: string;
  /** A withdrawal through the API, if the objector changed their mind. */
  withdrawnAt?: number;
}

export interface ObjectionStats {
  objections: number;
  byMembers: number;
  oneWordNames: number;
  withdrawn: number;
}

export function emptyObjectionStats(): ObjectionStats {
  return { objections: 0, byMembers: 0, oneWordNames: 0, withdrawn: 0 };
}

function objectionLine(
  id: string, at: number, fmt: (t: number) => string,
  o: { purpose?: string; name?: string; emails?: string[]; handles?: string[]; urls?: string[] },
): string {
  let s = `{"id":"${id}","at":"${fmt(at)}"`;
  if (o.purpose !== undefined) s += `,"purpose":"${o.purpose}"`;
  if (o.name !== undefined) s += `,"name":${JSON.stringify(o.name)}`;
  if (o.emails !== undefined) s += `,"emails":${JSON.stringify(o.emails)}`;
  if (o.handles !== undefined) s += `,"handles":${JSON.stringify(o.handles)}`;
  if (o.urls !== undefined) s += `,"urls":${JSON.stringify(o.urls)}`;
  return `${s}}\n`;
}

/** Mostly in the notice window, when the press told people how to object. */
function objectionTime(rng: Rng): number {
  return rng.chance(0.7) ? ANNOUNCED + rng.int(EFFECTIVE - ANNOUNCED) : Date.UTC(2024, 0, 1) + rng.int(WORLD_END - Date.UTC(2024, 0, 1));
}

export function poolObjections(
  seed: readonly [number, number, number, number],
  pool: PersonPool,
  refs: ReadonlyMap<number, PersonRefs>,
  fmt: (t: number) => string,
  stats: ObjectionStats,
): ObjectionOut[] {
  const out: ObjectionOut[] = [];
  const ks = [...refs.keys()].sort((a, b) => a - b);
  let n = 0;
  for (const k of ks) {
    const ref = refs.get(k) as PersonRefs;
    const p = pool.get(k);
    const rng = Rng.of(seed, STREAM.objection, k);
    const id = `obj-${String(++n).padStart(6, '0')}`;
    let at = Math.max(objectionTime(rng), ref.firstAt + HOUR + rng.int(14 * DAY));
    if (at > WORLD_END) at = ref.firstAt + Math.floor(rng.float() * (WORLD_END - ref.firstAt));
    const o: { purpose?: string; name?: string; emails?: string[]; handles?: string[]; urls?: string[] } = {};
    const pr = rng.float();
    if (pr < 0.2) o.purpose = 'train-ai';
    else if (pr < 0.3) o.purpose = 'train-genai';
    // One-word names go on the form (kept, though never used for redaction, spec §4).
    if (ref.use & USED_NAME || p.oneWord || rng.chance(0.5)) o.name = p.name;
    if (ref.use & USED_EMAIL || rng.chance(0.3)) {
      o.emails = [p.email];
      if (rng.chance(0.1)) o.emails.push(`${p.handle}@proton.me`);
    }
    if (ref.use & USED_HANDLE || rng.chance(0.3)) o.handles = [p.handle];
    if (o.name === undefined && o.emails === undefined && o.handles === undefined) o.name = p.name;
    if (rng.chance(0.8)) o.urls = ref.urls.slice();
    if (o.name !== undefined && p.oneWord) stats.oneWordNames++;
    const rec: ObjectionOut = { id, at, line: objectionLine(id, at, fmt, o) };
    if (rng.chance(0.04)) {
      const back = at + rng.range(DAY, 120 * DAY);
      if (back <= WORLD_END) {
        rec.withdrawnAt = back;
        stats.withdrawn++;
      }
    }
    out.push(rec);
    stats.objections++;
  }
  return out;
}

/** A member's own objection (its id is the member id), for a few members. */
export function memberObjection(
  seed: readonly [number, number, number, number],
  m: MemberFacts,
  members: number,
  fmt: (t: number) => string,
  stats: ObjectionStats,
): ObjectionOut | undefined {
  const rate = Math.min(0.5, Math.max(0.001, 3 / members));
  if (hash01(seed, STREAM.memberObjection, m.index) >= rate) return undefined;
  const rng = Rng.of(seed, STREAM.memberObjection, m.index);
  const end = Math.min(m.closedAt ?? WORLD_END, WORLD_END);
  let at = objectionTime(rng);
  if (at < m.joinedAt) at = m.joinedAt + rng.int(Math.max(1, end - m.joinedAt));
  if (at >= end) return undefined;
  const o: { name?: string; emails?: string[] } = { name: m.name.display, emails: [m.email] };
  stats.objections++;
  stats.byMembers++;
  return { id: m.id, at, line: objectionLine(m.id, at, fmt, o) };
}
