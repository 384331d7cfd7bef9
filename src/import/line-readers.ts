/**
 * Reads one parsed JSON Lines object into an entity (spec §2, §6), or returns the issue that makes
 * the line bad. `null` means absent. Unknown keys are ignored in members, groups and content and are
 * bad in consent, notices and objections (they would be hashed). Hand-written rather than a schema
 * library: import reads millions of lines, and each error must name field, expected and received.
 */
import { CHANNELS, CHOICES, CONTENT_KINDS, DENY_ONLY_METHODS, METHODS, VISIBILITIES, type Channel, type Choice, type ConsentEvent, type ContentItem, type ContentKind, type Group, type Member, type Method, type NoticeServed, type Objection, type Visibility } from '../domain/entities.js';
import { isCountry } from '../domain/countries.js';
import { isId } from '../domain/ids.js';
import { isWellFormed } from '../domain/unicode.js';
import { describe, type Issue } from '../domain/issues.js';
import { isPurpose, PURPOSES, type Purpose } from '../domain/purpose.js';
import { parseTime, type Millis } from '../domain/time.js';

export type Read<T> = T | Issue;
/** No entity has a `message` field, so it tells an issue from a value. */
export const isIssue = (v: object): v is Issue => 'message' in v;

class Bad {
  constructor(readonly issue: Issue) {}
}
const bad = (field: string, expected: string, received: unknown, message?: string): never => {
  throw new Bad({ field, message: message ?? `${field} is not ${expected}`, expected, received: describe(received) });
};

type Obj = Record<string, unknown>;
const present = (o: Obj, k: string): boolean => o[k] !== undefined && o[k] !== null;

function id(o: Obj, k: string): string {
  const v = o[k];
  if (!present(o, k)) bad(k, 'an id', v, `${k} is required`);
  if (!isId(v)) bad(k, 'an id (1-128 characters of A-Za-z0-9._:-)', v);
  return v as string;
}
function optId(o: Obj, k: string): string | undefined {
  return present(o, k) ? id(o, k) : undefined;
}
function str(o: Obj, k: string, nonEmpty = false): string {
  const v = o[k];
  if (!present(o, k)) bad(k, 'a string', v, `${k} is required`);
  if (typeof v !== 'string' || (nonEmpty && v.length === 0)) bad(k, nonEmpty ? 'a non-empty string' : 'a string', v);
  if (!isWellFormed(v as string)) bad(k, 'valid Unicode text', v, `${k} holds a lone surrogate (\\uD800-\\uDFFF), which is not text`);
  return v as string;
}
function optStr(o: Obj, k: string, nonEmpty = false): string | undefined {
  return present(o, k) ? str(o, k, nonEmpty) : undefined;
}
function time(o: Obj, k: string): Millis {
  const v = o[k];
  if (!present(o, k)) bad(k, 'an RFC 3339 time', v, `${k} is required`);
  const t = typeof v === 'string' ? parseTime(v) : undefined;
  if (t === undefined) bad(k, 'an RFC 3339 time such as 2025-11-03T00:00:00Z', v);
  return t as Millis;
}
function optTime(o: Obj, k: string): Millis | undefined {
  return present(o, k) ? time(o, k) : undefined;
}
function oneOf<T extends string>(o: Obj, k: string, values: readonly T[]): T {
  const v = o[k];
  if (!present(o, k)) bad(k, `one of ${values.join(', ')}`, v, `${k} is required`);
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) bad(k, `one of ${values.join(', ')}`, v);
  return v as T;
}
function optBool(o: Obj, k: string): boolean | undefined {
  if (!present(o, k)) return undefined;
  if (typeof o[k] !== 'boolean') bad(k, 'true or false', o[k]);
  return o[k] as boolean;
}
function optStrings(o: Obj, k: string, check?: (s: string) => boolean, item = 'a non-empty string', items = 'a list of strings'): string[] | undefined {
  if (!present(o, k)) return undefined;
  const v = o[k];
  if (!Array.isArray(v)) bad(k, items, v);
  (v as unknown[]).forEach((s, i) => {
    if (typeof s !== 'string' || s.length === 0 || !isWellFormed(s) || (check && !check(s))) bad(`${k}[${i}]`, item, s);
  });
  return v as string[];
}
function noUnknownKeys(o: Obj, known: ReadonlySet<string>): void {
  for (const k of Object.keys(o)) if (!known.has(k)) bad(k, `no such field (known: ${[...known].join(', ')})`, o[k], `unknown field ${k}`);
}

function guard<T>(fn: () => T): Read<T> {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Bad) return e.issue;
    throw e;
  }
}

export function readMember(o: Obj): Read<Member> {
  return guard(() => {
    const m: Member = { id: id(o, 'id'), name: str(o, 'name'), country: '', joinedAt: 0 };
    const country = o.country;
    if (!present(o, 'country')) bad('country', 'an ISO 3166-1 alpha-2 code', country, 'country is required');
    if (!isCountry(country)) bad('country', 'an assigned ISO 3166-1 alpha-2 code such as NL', country);
    m.country = country as string;
    const birthDate = optTime(o, 'birthDate');
    if (birthDate !== undefined) m.birthDate = birthDate;
    m.joinedAt = time(o, 'joinedAt');
    const closedAt = optTime(o, 'closedAt');
    if (closedAt !== undefined) m.closedAt = closedAt;
    const school = optBool(o, 'inSecondarySchool');
    if (school !== undefined) m.inSecondarySchool = school;
    const validFrom = optTime(o, 'validFrom');
    if (validFrom !== undefined) m.validFrom = validFrom;
    return m;
  });
}

export function readGroup(o: Obj): Read<Group> {
  return guard(() => {
    const g: Group = { id: id(o, 'id'), name: str(o, 'name') };
    const category = optStr(o, 'category', true);
    if (category !== undefined) g.category = category;
    const validFrom = optTime(o, 'validFrom');
    if (validFrom !== undefined) g.validFrom = validFrom;
    return g;
  });
}

export function readContent(o: Obj): Read<ContentItem> {
  return guard(() => {
    const c: ContentItem = {
      id: id(o, 'id'),
      memberId: id(o, 'memberId'),
      kind: oneOf<ContentKind>(o, 'kind', CONTENT_KINDS),
      visibility: oneOf<Visibility>(o, 'visibility', VISIBILITIES),
      createdAt: time(o, 'createdAt'),
      text: str(o, 'text'),
    };
    const groupId = optId(o, 'groupId');
    if (groupId !== undefined) c.groupId = groupId;
    const deletedAt = optTime(o, 'deletedAt');
    if (deletedAt !== undefined) c.deletedAt = deletedAt;
    const validFrom = optTime(o, 'validFrom');
    if (validFrom !== undefined) c.validFrom = validFrom;
    return c;
  });
}

const CONSENT_KEYS = new Set(['subject', 'at', 'purpose', 'choice', 'method', 'noticeVersion', 'evidence']);
export function readConsent(o: Obj): Read<ConsentEvent> {
  return guard(() => {
    noUnknownKeys(o, CONSENT_KEYS);
    const e: ConsentEvent = {
      subject: id(o, 'subject'),
      at: time(o, 'at'),
      purpose: oneOf<Purpose>(o, 'purpose', PURPOSES),
      choice: oneOf<Choice>(o, 'choice', CHOICES),
      method: oneOf<Method>(o, 'method', METHODS),
    };
    if (e.choice === 'allow' && DENY_ONLY_METHODS.has(e.method)) {
      bad('choice', `deny (an event of method ${e.method} is always a deny)`, e.choice, `an event of method ${e.method} cannot allow`);
    }
    const noticeVersion = optStr(o, 'noticeVersion', true);
    if (noticeVersion !== undefined) e.noticeVersion = noticeVersion;
    if (present(o, 'evidence')) {
      const ev = o.evidence;
      if (typeof ev !== 'object' || Array.isArray(ev)) bad('evidence', 'an object', ev);
      e.evidence = ev as Record<string, unknown>;
    }
    return e;
  });
}

const NOTICE_KEYS = new Set(['subject', 'at', 'noticeVersion', 'channel']);
export function readNotice(o: Obj): Read<NoticeServed> {
  return guard(() => {
    noUnknownKeys(o, NOTICE_KEYS);
    return {
      subject: id(o, 'subject'),
      at: time(o, 'at'),
      noticeVersion: str(o, 'noticeVersion', true),
      channel: oneOf<Channel>(o, 'channel', CHANNELS),
    };
  });
}

const OBJECTION_KEYS = new Set(['id', 'at', 'purpose', 'name', 'emails', 'handles', 'urls']);
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;
const HANDLE_SHAPE = /^[^\s@]+$/;
export function readObjection(o: Obj): Read<Objection> {
  return guard(() => {
    noUnknownKeys(o, OBJECTION_KEYS);
    const purpose = present(o, 'purpose') ? oneOf<Purpose>(o, 'purpose', PURPOSES) : 'train-ai';
    const obj: Objection = { id: id(o, 'id'), at: time(o, 'at'), purpose };
    const name = optStr(o, 'name', true);
    if (name !== undefined) obj.name = name;
    const emails = optStrings(o, 'emails', (s) => EMAIL_SHAPE.test(s), 'an email address', 'a list of email addresses');
    if (emails !== undefined) obj.emails = emails;
    const handles = optStrings(o, 'handles', (s) => HANDLE_SHAPE.test(s), 'a handle without the @', 'a list of handles without the @');
    if (handles !== undefined) obj.handles = handles;
    const urls = optStrings(o, 'urls');
    if (urls !== undefined) obj.urls = urls;
    return obj;
  });
}

export { isPurpose };
