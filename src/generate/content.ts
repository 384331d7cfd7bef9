/**
 * A member's content items: a profile first, then posts, comments, messages and the rest spread over
 * their membership, some posted in groups, some deleted, edited or made private later (extra rows
 * with `validFrom`, spec §2). Ids are handed out in order, so the file is sorted by member then time.
 */
import type { ContentKind, Visibility } from '../domain/entities.js';
import type { GroupSet } from './groups.js';
import { CATEGORIES, groupId } from './groups.js';
import type { MemberFacts } from './members.js';
import type { PersonPool } from './persons.js';
import { Rng, STREAM, Weighted } from './prng.js';
import type { TextBuilder } from './texts.js';
import { DAY, MINUTE, WORLD_END, WORLD_START } from './world.js';

export function contentId(n: number): string {
  return `c-${String(n).padStart(9, '0')}`;
}

export const POST_URL = 'https://www.linkup.example/feed/update/';

const KINDS = new Weighted<ContentKind>([
  ['post', 30], ['comment', 24], ['article', 3.5], ['poll-response', 3], ['group-post', 8], ['group-message', 5],
  ['private-message', 11], ['inmail', 2], ['ai-prompt', 3.5], ['ai-feedback', 1.2], ['saved-resume', 1],
  ['job-application', 1.5], ['salary', 0.6], ['payment', 1.2], ['credential', 1.2],
]);

const V = (entries: [Visibility, number][]): Weighted<Visibility> => new Weighted(entries);
const PRIVATE = V([['private', 1]]);
const VISIBILITY: Record<ContentKind, Weighted<Visibility>> = {
  profile: V([['public', 92], ['connections', 8]]),
  post: V([['public', 84], ['connections', 14], ['private', 2]]),
  article: V([['public', 96], ['connections', 4]]),
  comment: V([['public', 88], ['connections', 12]]),
  'poll-response': V([['public', 35], ['connections', 35], ['private', 30]]),
  'group-post': V([['group', 93], ['public', 7]]),
  'group-message': V([['group', 55], ['private', 45]]),
  'private-message': PRIVATE, inmail: PRIVATE, 'ai-prompt': PRIVATE, 'ai-feedback': PRIVATE, 'saved-resume': PRIVATE,
  'job-application': PRIVATE, salary: PRIVATE, payment: PRIVATE,
  credential: V([['public', 45], ['private', 55]]),
};

/** Shared content that people tidy up: deleted, edited, made private. */
const EDITABLE: ReadonlySet<ContentKind> = new Set(['profile', 'post', 'article', 'comment', 'group-post']);

export interface ContentStats {
  items: number;
  rows: number;
  textBytes: number;
  byKind: Record<string, number>;
  byVisibility: Record<string, number>;
  byGroupCategory: Record<string, number>;
  deleted: number;
  edited: number;
  madePrivate: number;
  afterEffective: number;
  mentions: number;
}

export function emptyContentStats(): ContentStats {
  return {
    items: 0, rows: 0, textBytes: 0, byKind: {}, byVisibility: {}, byGroupCategory: {}, deleted: 0, edited: 0,
    madePrivate: 0, afterEffective: 0, mentions: 0,
  };
}

/** What the objections need to know about a person of the pool who was written about. */
export interface PersonRefs {
  urls: string[];
  firstAt: number;
  use: number;
}

export class ContentMaker {
  nextId = 1;
  stats = emptyContentStats();
  /** Objectors of the pool that texts wrote about (bounded by the pool size). */
  refs = new Map<number, PersonRefs>();
  private times = new Float64Array(64);

  constructor(
    private readonly seed: readonly [number, number, number, number],
    private readonly groups: GroupSet,
    private readonly pool: PersonPool,
    private readonly text: TextBuilder,
    private readonly fmt: (t: number) => string,
    private readonly effective: number,
  ) {}

  private pickGroup(rng: Rng): number {
    // A few big groups get most of the posts.
    const u = rng.float();
    return Math.min(this.groups.count - 1, Math.floor(this.groups.count * u * u));
  }

  /** Writes the `count` items of member `m` through `write` (which answers the bytes written). */
  member(m: MemberFacts, count: number, write: (line: string) => number): void {
    if (count === 0) return;
    const rng = Rng.of(this.seed, STREAM.content, m.index);
    const st = this.stats;
    const hi = Math.min(m.closedAt ?? WORLD_END, WORLD_END);
    let lo = Math.max(m.joinedAt, WORLD_START);
    if (lo >= hi) lo = Math.max(m.joinedAt, hi - 30 * DAY);
    const span = Math.max(MINUTE, hi - lo);
    if (this.times.length < count) this.times = new Float64Array(Math.max(count, this.times.length * 2));
    const times = this.times.subarray(0, count);
    // The profile comes first; other activity grows over time (half uniform, half rising).
    times[0] = lo + rng.int(Math.min(span, 2 * DAY));
    for (let k = 1; k < count; k++) {
      const u = rng.chance(0.5) ? rng.float() : Math.max(rng.float(), rng.float());
      times[k] = lo + Math.floor(u * span);
    }
    times.subarray(1).sort();
    this.text.setAuthor({ country: m.country, lang: m.lang, locale: m.info.names, display: m.name.display, email: m.email });

    for (let k = 0; k < count; k++) {
      const createdAt = times[k] as number;
      const kind: ContentKind = k === 0 ? 'profile' : KINDS.pick(rng);
      let visibility = VISIBILITY[kind].pick(rng);
      let group = -1;
      if (kind === 'group-post' || kind === 'group-message' || (kind === 'comment' && rng.chance(0.1))) {
        group = this.pickGroup(rng);
        if (kind === 'comment') visibility = 'group';
      }
      const firstVisibility = visibility;
      const category = group >= 0 ? CATEGORIES[this.groups.category[group] as number] : undefined;
      const text = this.text.compose(rng, kind, category);
      const id = contentId(this.nextId++);
      this.track(id, createdAt);

      // Later states of the item.
      const editable = EDITABLE.has(kind);
      const deleted = rng.chance(kind === 'private-message' ? 0.08 : editable ? 0.05 : 0.03);
      const deletedAt = deleted ? createdAt + MINUTE + Math.floor(rng.float() ** 2 * Math.max(0, hi - createdAt)) : undefined;
      const limit = deletedAt ?? hi;
      const edited = editable && rng.chance(kind === 'profile' ? 0.25 : 0.06) && limit - createdAt > 2 * MINUTE;
      const madePrivate = !edited && visibility === 'public' && kind !== 'profile' && editable && rng.chance(0.02) && limit - createdAt > 2 * MINUTE;
      const laterAt = edited || madePrivate ? createdAt + MINUTE + Math.floor(rng.float() ** 3 * (limit - createdAt - 2 * MINUTE)) : 0;
      const deleteInRow = deleted && rng.chance(0.3);

      const head = `{"id":"${id}","memberId":"${m.id}","kind":"${kind}","visibility":"`;
      const tail = `"${group >= 0 ? `,"groupId":"${groupId(group)}"` : ''},"createdAt":"${this.fmt(createdAt)}"`;
      const delJson = deletedAt === undefined ? '' : `,"deletedAt":"${this.fmt(deletedAt)}"`;
      const textJson = `"${text}"`;
      // The first row carries deletedAt unless the deletion is its own later row.
      const line = `${head}${visibility}${tail}${deleteInRow ? '' : delJson},"text":${textJson}}\n`;
      // Bytes of the text as written (escaped); the rest of the line is ASCII.
      st.textBytes += write(line) - (line.length - text.length);
      let rows = 1;
      let curText = textJson;
      if (edited || madePrivate) {
        if (edited) {
          const next = kind === 'profile' ? this.text.compose(rng, kind, category) : this.text.edit(rng, text);
          curText = `"${next}"`;
          st.edited++;
        } else {
          visibility = rng.chance(0.6) ? 'private' : 'connections';
          st.madePrivate++;
        }
        write(`${head}${visibility}${tail}${deleteInRow ? '' : delJson},"validFrom":"${this.fmt(laterAt)}","text":${curText}}\n`);
        rows++;
      }
      if (deleteInRow && deletedAt !== undefined) {
        write(`${head}${visibility}${tail}${delJson},"validFrom":"${this.fmt(deletedAt)}","text":${curText}}\n`);
        rows++;
      }
      st.items++;
      st.rows += rows;
            st.byKind[kind] = (st.byKind[kind] ?? 0) + 1;
      st.byVisibility[firstVisibility] = (st.byVisibility[firstVisibility] ?? 0) + 1;
      if (category !== undefined) st.byGroupCategory[category] = (st.byGroupCategory[category] ?? 0) + 1;
      if (deleted) st.deleted++;
      if (createdAt >= this.effective) st.afterEffective++;
      st.mentions += this.text.mentions;
    }
  }

  /** Remembers posts about objectors of the pool: their objections link to them as evidence. */
  private track(id: string, createdAt: number): void {
    const k = this.text.personIndex;
    if (k < 0 || !this.pool.isObjector(k)) return;
    let r = this.refs.get(k);
    if (r === undefined) {
      r = { urls: [], firstAt: createdAt, use: 0 };
      this.refs.set(k, r);
    }
    if (r.urls.length < 2) r.urls.push(`${POST_URL}${id}`);
    if (createdAt < r.firstAt) r.firstAt = createdAt;
    r.use |= this.text.personUse;
  }
}
