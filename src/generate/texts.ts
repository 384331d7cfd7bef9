/**
 * Assembles an item's text from the sentence banks of `phrases.ts`, by kind: posts of a sentence or
 * three, long articles, short comments, messages that carry phone numbers and IBANs, résumés and
 * payslips full of personal data. Templates are compiled once into literal/slot arrays so filling
 * one costs a few string concatenations (this is the generator's hot path).
 */
import type { ContentKind } from '../domain/entities.js';
import { asciiFold, givenName, personName } from './names.js';
import type { Person, PersonPool } from './persons.js';
import { USED_EMAIL, USED_HANDLE, USED_NAME } from './persons.js';
import {
  BANKS, COMPANIES, ENGLISH, EVENTS, HASHTAGS, LANGUAGE_NAMES, POLL_OPTIONS, SKILLS,
  type Bank,
} from './phrases.js';
import * as pii from './pii.js';
import type { PiiCounts } from './pii.js';
import { Weighted, type Rng } from './prng.js';
import type { Lang, NameLocale } from './world.js';

const SLOTS = [
  'mention', 'first', 'person', 'phandle', 'pemail', 'email', 'phone', 'iban', 'card', 'id', 'ip', 'date', 'time',
  'amount', 'version', 'order', 'badiban', 'badcard', 'badbsn', 'badssn', 'company', 'city', 'topic', 'role', 'skill',
  'n', 'n4', 'pct', 'event', 'poll', 'name', 'year', 'language', 'cred',
] as const;
type Slot = (typeof SLOTS)[number];
const SLOT_ID = new Map<string, number>(SLOTS.map((s, i) => [s, i]));
const S = Object.fromEntries(SLOTS.map((s, i) => [s, i])) as Record<Slot, number>;

/**
 * A compiled template: literals at even positions of `parts`, slot ids at odd positions. `en` marks an
 * English template used for another language (it takes English roles, topics and cities).
 */
interface Template {
  parts: readonly (string | number)[];
  en: boolean;
}

/** The inside of a JSON string literal. */
function escapeJson(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * Templates are kept JSON-escaped: texts are built in their escaped form and written between quotes
 * as they are, without a JSON.stringify per item (which cost more than composing the text). Slot
 * values never hold a quote, a backslash or a control character (`assertPlain` checks the lists).
 */
function compile(text: string, en: boolean): Template {
  const out: (string | number)[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{([a-z0-9]+)\}/g)) {
    const id = SLOT_ID.get(m[1] as string);
    if (id === undefined) throw new Error(`unknown slot {${m[1]}} in template: ${text}`);
    out.push(escapeJson(text.slice(last, m.index)), id);
    last = (m.index as number) + m[0].length;
  }
  out.push(escapeJson(text.slice(last)));
  return { parts: out, en };
}

/** Fails at load time if a word list holds something that would need escaping in JSON. */
export function assertPlain(list: readonly string[], what: string): void {
  for (const v of list) if (escapeJson(v) !== v) throw new Error(`${what}: ${JSON.stringify(v)} needs JSON escaping`);
}

type TemplateKey =
  | 'post' | 'comment' | 'mention' | 'person' | 'piiEmail' | 'piiPhone' | 'piiIban' | 'piiCard' | 'piiId' | 'piiIp'
  | 'negative' | 'opener' | 'message' | 'profile' | 'articleTitle' | 'edit' | 'inmail' | 'resume' | 'application'
  | 'salary' | 'payment' | 'credential' | 'aiPrompt' | 'aiFeedback' | 'poll';

const KEYS: readonly TemplateKey[] = [
  'post', 'comment', 'mention', 'person', 'piiEmail', 'piiPhone', 'piiIban', 'piiCard', 'piiId', 'piiIp', 'negative',
  'opener', 'message', 'profile', 'articleTitle', 'edit', 'inmail', 'resume', 'application', 'salary', 'payment',
  'credential', 'aiPrompt', 'aiFeedback', 'poll',
];

interface CompiledBank {
  t: Record<TemplateKey, readonly Template[]>;
  group: ReadonlyMap<string, readonly Template[]>;
  roles: readonly string[];
  topics: readonly string[];
  cities: readonly string[];
}

function compileBank(bank: Bank): CompiledBank {
  const t = {} as Record<TemplateKey, readonly Template[]>;
  for (const key of KEYS) {
    const own = bank[key];
    t[key] = own !== undefined ? own.map((x) => compile(x, false)) : (ENGLISH[key] ?? []).map((x) => compile(x, bank !== ENGLISH));
  }
  const group = new Map<string, readonly Template[]>();
  for (const [cat, list] of Object.entries(ENGLISH.group ?? {})) group.set(cat, list.map((x) => compile(x, bank !== ENGLISH)));
  for (const [cat, list] of Object.entries(bank.group ?? {})) group.set(cat, list.map((x) => compile(x, false)));
  return { t, group, roles: bank.roles, topics: bank.topics, cities: bank.cities };
}

for (const bank of Object.values(BANKS)) {
  assertPlain(bank.roles, 'roles');
  assertPlain(bank.topics, 'topics');
  assertPlain(bank.cities, 'cities');
}
for (const [list, what] of [[COMPANIES, 'companies'], [SKILLS, 'skills'], [EVENTS, 'events'], [POLL_OPTIONS, 'poll options'], [HASHTAGS, 'hashtags'], [LANGUAGE_NAMES, 'languages']] as const) {
  assertPlain(list, what);
}

const COMPILED: Record<Lang, CompiledBank> = {
  en: compileBank(BANKS.en), nl: compileBank(BANKS.nl), de: compileBank(BANKS.de), fr: compileBank(BANKS.fr), es: compileBank(BANKS.es),
};

type PiiKey = 'piiEmail' | 'piiPhone' | 'piiIban' | 'piiCard' | 'piiId' | 'piiIp';
const PII_MIX = new Weighted<PiiKey>([['piiEmail', 30], ['piiPhone', 28], ['piiIban', 10], ['piiCard', 8], ['piiId', 8], ['piiIp', 16]]);
/** Private messages carry more money and identity data than posts do. */
const PRIVATE_PII_MIX = new Weighted<PiiKey>([['piiEmail', 22], ['piiPhone', 30], ['piiIban', 20], ['piiCard', 10], ['piiId', 12], ['piiIp', 6]]);

const TLDS = ['com', 'nl', 'de', 'fr', 'es', 'co.uk', 'io'];
const CRED_PREFIX = ['AWS-SAA', 'AZ-104', 'PMP', 'CISSP', 'GCP-PCA', 'CIPP-E', 'CKA', 'SCRUM-PSM'];
const CRED_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The author of the text being written. */
export interface Author {
  country: string;
  lang: Lang;
  locale: NameLocale;
  display: string;
  email: string;
}

/** Writes texts; one instance is reused for every item (its fields are reset per text). */
export class TextBuilder {
  counts: PiiCounts;
  /** The person of the pool the last text wrote about (-1: none), and which identifiers it showed. */
  personIndex = -1;
  personUse = 0;
  /** Mentions in the last text. */
  mentions = 0;

  private rng!: Rng;
  private author!: Author;
  private bank: CompiledBank = COMPILED.en;
  /** Where roles, topics and cities come from for the template being filled. */
  private words: CompiledBank = COMPILED.en;

  constructor(
    private readonly pool: PersonPool,
    /** `@[Display Name](member:ID)` for some member, chosen by the caller. */
    private readonly mention: (rng: Rng) => string,
    counts: PiiCounts,
  ) {
    this.counts = counts;
  }

  setAuthor(author: Author): void {
    this.author = author;
    this.bank = COMPILED[author.lang];
  }

  /**
   * The text of a new item of `kind` (posted in a group of `groupCategory`, if any), JSON-escaped:
   * write it between double quotes.
   */
  compose(rng: Rng, kind: ContentKind, groupCategory: string | undefined): string {
    this.rng = rng;
    this.personIndex = -1;
    this.personUse = 0;
    this.mentions = 0;
    const t = this.bank.t;
    switch (kind) {
      case 'profile': {
        let s = `${this.one(t.profile)}\\n\\n${this.one(t.post)}`;
        if (rng.chance(0.5)) s += ` ${this.one(t.post)}`;
        if (rng.chance(0.35)) s += `\\n${this.one(rng.chance(0.6) ? t.piiEmail : t.piiPhone)}`;
        return s;
      }
      case 'post': {
        let s = `${this.one(t.post)} ${this.one(t.post)}`;
        if (rng.chance(0.9)) s += ` ${this.one(t.post)}`;
        s += this.extras(0.2, 0.08, 0.1, 0.3);
        if (rng.chance(0.3)) s += `\\n\\n${this.hashtags()}`;
        return s;
      }
      case 'article': {
        let s = `${this.one(t.articleTitle)}\\n\\n`;
        const n = rng.range(8, 15);
        for (let i = 0; i < n; i++) s += (i > 0 ? (i % 3 === 0 ? '\\n\\n' : ' ') : '') + this.one(t.post);
        s += this.extras(0.2, 0.15, 0.05, 0.6);
        return s;
      }
      case 'comment': {
        let s = this.one(t.comment);
        if (rng.chance(0.7)) s += ` ${this.one(t.comment)}`;
        if (rng.chance(0.3)) s = `${this.one(t.mention)} ${s}`;
        s += this.extras(0, 0.05, 0.03, 0.08);
        return s;
      }
      case 'poll-response':
        return this.one(t.poll);
      case 'group-post': {
        const special = groupCategory === undefined ? undefined : this.bank.group.get(groupCategory);
        let s = special !== undefined && rng.chance(0.7) ? this.one(special) : this.one(t.post);
        s += ` ${this.one(t.post)}`;
        if (rng.chance(0.5)) s += ` ${this.one(t.post)}`;
        s += this.extras(0.15, 0.06, 0.06, 0.25);
        return s;
      }
      case 'group-message': {
        const special = groupCategory === undefined ? undefined : this.bank.group.get(groupCategory);
        let s = special !== undefined && rng.chance(0.5) ? this.one(special) : this.one(t.message);
        s += ` ${this.one(t.message)}`;
        if (rng.chance(0.4)) s += ` ${this.one(t.message)}`;
        if (rng.chance(0.25)) s += ` ${this.one(t[PRIVATE_PII_MIX.pick(rng)])}`;
        return s;
      }
      case 'private-message': {
        let s = `${this.one(t.opener)} ${this.one(t.message)} ${this.one(t.message)}`;
        if (rng.chance(0.4)) s += ` ${this.one(t.message)}`;
        if (rng.chance(0.45)) s += ` ${this.one(t[PRIVATE_PII_MIX.pick(rng)])}`;
        if (rng.chance(0.08)) s += ` ${this.one(t.person)}`;
        if (rng.chance(0.15)) s += ` ${this.one(t.negative)}`;
        return s;
      }
      case 'inmail':
        return `${this.one(t.opener)} ${this.one(t.inmail)}`;
      case 'ai-prompt': {
        let s = this.one(t.aiPrompt);
        if (rng.chance(0.15)) s += ` ${this.one(t[PII_MIX.pick(rng)])}`;
        return s;
      }
      case 'ai-feedback':
        return this.twice(t.aiFeedback, 0.4);
      case 'saved-resume':
        return this.one(t.resume);
      case 'job-application':
        return this.one(t.application);
      case 'salary':
        return this.twice(t.salary, 0.4);
      case 'payment':
        return this.twice(t.payment, 0.4);
      case 'credential':
        return this.twice(t.credential, 0.4);
    }
  }

  /** An edited version of a (JSON-escaped) text: an edit note, or a contact line added or taken out. */
  edit(rng: Rng, text: string): string {
    this.rng = rng;
    const r = rng.float();
    if (r < 0.5) return `${text}\\n\\n${this.one(this.bank.t.edit)}`;
    if (r < 0.75) return `${text} ${this.one(this.bank.t[PII_MIX.pick(rng)])}`;
    const cut = text.lastIndexOf('. ');
    return cut > 20 ? text.slice(0, cut + 1) : `${text} ${this.one(this.bank.t.edit)}`;
  }

  /** Optional sentences: a mention, a non-member, personal data, a hard negative. */
  private extras(pMention: number, pPerson: number, pPii: number, pNegative: number): string {
    const rng = this.rng;
    const t = this.bank.t;
    let s = '';
    if (rng.chance(pMention)) s += ` ${this.one(t.mention)}`;
    if (rng.chance(pPerson)) s += ` ${this.one(t.person)}`;
    if (rng.chance(pPii)) s += ` ${this.one(t[PII_MIX.pick(rng)])}`;
    if (rng.chance(pNegative)) s += ` ${this.one(t.negative)}`;
    return s;
  }

  /** One sentence of a bank, sometimes two. */
  private twice(list: readonly Template[], p: number): string {
    const s = this.one(list);
    return this.rng.chance(p) ? `${s} ${this.one(list)}` : s;
  }

  private hashtags(): string {
    const rng = this.rng;
    let s = rng.pick(HASHTAGS);
    const n = rng.int(3);
    for (let i = 0; i < n; i++) s += ` ${rng.pick(HASHTAGS)}`;
    return s;
  }

  private one(list: readonly Template[]): string {
    return this.fill(list[this.rng.int(list.length)] as Template);
  }

  private fill(template: Template): string {
    const parts = template.parts;
    this.words = template.en ? COMPILED.en : this.bank;
    let s = parts[0] as string;
    for (let i = 1; i < parts.length; i += 2) s += this.slot(parts[i] as number) + (parts[i + 1] as string);
    return s;
  }

  private personRef(use: number): Person {
    if (this.personIndex < 0) this.personIndex = this.pool.choose(this.rng);
    this.personUse |= use;
    return this.pool.get(this.personIndex);
  }

  private slot(id: number): string {
    const rng = this.rng;
    const c = this.counts;
    switch (id) {
      case S.mention: this.mentions++; return this.mention(rng);
      case S.first: return givenName(rng, this.author.locale);
      case S.person: return this.personRef(USED_NAME).name;
      case S.phandle: return `@${this.personRef(USED_HANDLE).handle}`;
      case S.pemail: c.EMAIL++; return this.personRef(USED_EMAIL).email;
      case S.email:
        c.EMAIL++;
        if (rng.chance(0.75)) return this.author.email;
        {
          // A colleague's work address.
          const n = personName(rng, this.author.locale, false);
          return pii.emailFor(rng, n.givenAscii, n.familyAscii, `${asciiFold(rng.pick(COMPANIES))}.${rng.pick(TLDS)}`);
        }
      case S.phone: c.PHONE++; return pii.phone(rng, this.author.country);
      case S.iban: c.IBAN++; return pii.iban(rng, rng.chance(0.7) ? this.author.country : undefined);
      case S.card: c.CARD++; return pii.card(rng);
      case S.id: c.ID++; return pii.nationalId(rng, this.author.country);
      case S.ip: c.IP++; return pii.ip(rng);
      case S.date: c.negatives++; return pii.dateText(rng);
      case S.time: c.negatives++; return pii.timeText(rng);
      case S.amount: c.negatives++; return pii.amountText(rng);
      case S.version: c.negatives++; return pii.versionText(rng);
      case S.order: c.negatives++; return pii.orderText(rng);
      case S.badiban: c.negatives++; return pii.invalidIban(rng);
      case S.badcard: c.negatives++; return pii.invalidCard(rng);
      case S.badbsn: c.negatives++; return pii.invalidBsn(rng);
      case S.badssn: c.negatives++; return pii.invalidSsn(rng);
      case S.company: return rng.pick(COMPANIES);
      case S.city: return rng.pick(this.words.cities);
      case S.topic: return rng.pick(this.words.topics);
      case S.role: return rng.pick(this.words.roles);
      case S.skill: return rng.pick(SKILLS);
      case S.n: return String(rng.range(2, 25));
      case S.n4: return String(rng.range(1000, 9999));
      case S.pct: return rng.chance(0.7) ? `${rng.range(2, 60)}%` : `${rng.range(1, 19)}.${rng.range(1, 9)}%`;
      case S.event: return rng.pick(EVENTS);
      case S.poll: return rng.pick(POLL_OPTIONS);
      case S.name: return this.author.display;
      case S.year: return String(rng.range(2012, 2024));
      case S.language: return rng.pick(LANGUAGE_NAMES);
      case S.cred: {
        let code = '';
        for (let i = 0; i < 6; i++) code += CRED_CHARS[rng.int(CRED_CHARS.length)];
        return `${rng.pick(CRED_PREFIX)}-${code}`;
      }
      default: throw new Error(`slot ${id}`);
    }
  }
}
