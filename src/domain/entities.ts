/**
 * The entities of spec §2 as plain data. Times are epoch milliseconds (see `time.ts`); absent
 * optional fields are absent, never `undefined`-valued (`exactOptionalPropertyTypes`).
 */
import type { Millis } from './time.js';
import type { Purpose } from './purpose.js';

export const CONTENT_KINDS = [
  'profile', 'post', 'article', 'comment', 'poll-response', 'group-post', 'group-message', 'ai-prompt',
  'ai-feedback', 'saved-resume', 'private-message', 'inmail', 'job-application', 'salary', 'payment',
  'credential',
] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** Account data has no visibility rule (spec §2): the platform uses it although it is private. */
export const ACCOUNT_DATA_KINDS: ReadonlySet<ContentKind> = new Set(['profile', 'saved-resume', 'ai-prompt', 'ai-feedback']);

export const VISIBILITIES = ['public', 'connections', 'group', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const CHOICES = ['allow', 'deny'] as const;
export type Choice = (typeof CHOICES)[number];

export const METHODS = ['setting', 'objection-form', 'gpc', 'intent', 'import', 'api', 'admin'] as const;
export type Method = (typeof METHODS)[number];
/** Methods that can only ever say `deny`. */
export const DENY_ONLY_METHODS: ReadonlySet<Method> = new Set(['objection-form', 'gpc']);

export const CHANNELS = ['in-app', 'email', 'banner'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Member {
  id: string;
  name: string;
  country: string;
  birthDate?: Millis;
  joinedAt: Millis;
  closedAt?: Millis;
  inSecondarySchool?: boolean;
  validFrom?: Millis;
}

export interface Group {
  id: string;
  name: string;
  category?: string;
  validFrom?: Millis;
}

export interface ContentItem {
  id: string;
  memberId: string;
  kind: ContentKind;
  visibility: Visibility;
  groupId?: string;
  createdAt: Millis;
  deletedAt?: Millis;
  text: string;
  validFrom?: Millis;
}

/** Evidence of a choice: personal data, kept outside the hash chain (spec §2). */
export type Evidence = Record<string, unknown>;

export interface ConsentEvent {
  subject: string;
  at: Millis;
  purpose: Purpose;
  choice: Choice;
  method: Method;
  noticeVersion?: string;
  evidence?: Evidence;
}

export interface NoticeServed {
  subject: string;
  at: Millis;
  noticeVersion: string;
  channel: Channel;
}

/** The identifiers an objection names: personal data, erasable, a suppression list while it stands. */
export interface ObjectionIdentifiers {
  name?: string;
  emails?: string[];
  handles?: string[];
  urls?: string[];
}

export interface Objection extends ObjectionIdentifiers {
  id: string;
  at: Millis;
  purpose: Purpose;
}
