/**
 * People who are not members but whom members write about: speakers, colleagues, journalists. Some of
 * them object (objections.jsonl) with the very name, email and handle that appear in posts, which is
 * what the redaction by objection (spec §4, step 2) needs to be tested against.
 */
import { asciiFold, oneWordName, personName } from './names.js';
import { freemailDomain, emailFor } from './pii.js';
import { Rng, STREAM, hash01 } from './prng.js';
import { COUNTRIES } from './world.js';
import type { Lang } from './world.js';

export interface Person {
  index: number;
  name: string;
  email: string;
  handle: string;
  /** A one-word name: kept on an objection but never used for redaction (spec §4). */
  oneWord: boolean;
}

/** Usage bits: which of a person's identifiers a text shows. */
export const USED_NAME = 1;
export const USED_HANDLE = 2;
export const USED_EMAIL = 4;

/** Share of the pool that files an objection when they have been written about. */
export const OBJECTOR_SHARE = 0.25;

export class PersonPool {
  readonly size: number;
  private readonly cache: (Person | undefined)[];

  constructor(private readonly seed: readonly [number, number, number, number], size: number) {
    this.size = Math.max(1, size);
    // Bounded by the pool size (at most a few hundred thousand), independent of the item count.
    this.cache = new Array<Person | undefined>(this.size);
  }

  /** The pool size for a platform of `members` members. */
  static sizeFor(members: number): number {
    return Math.min(200_000, Math.max(40, Math.round(members / 10)));
  }

  get(k: number): Person {
    let p = this.cache[k];
    if (p === undefined) {
      p = makePerson(this.seed, k);
      this.cache[k] = p;
    }
    return p;
  }

  /** Popular people are written about far more often than others (a skewed choice). */
  choose(rng: Rng): number {
    const u = rng.float();
    return Math.min(this.size - 1, Math.floor(this.size * u * u * u));
  }

  isObjector(k: number): boolean {
    // Person 3, popular and one-word-named (see makePerson), always objects: every platform then has
    // an objection whose one-word name must not be used for redaction.
    return k === 3 || hash01(this.seed, STREAM.objection, k) < OBJECTOR_SHARE;
  }
}

function makePerson(seed: readonly [number, number, number, number], k: number): Person {
  const rng = Rng.of(seed, STREAM.person, k);
  const country = COUNTRIES.pick(rng);
  // About one in seventeen signs with one word; by index, so that a popular person (k = 3) does.
  const oneWord = k % 17 === 3;
  const n = oneWord ? oneWordName(rng) : personName(rng, country.names, false);
  const lang: Lang = country.langs.pick(rng);
  const email = emailFor(rng, n.givenAscii, n.familyAscii, freemailDomain(rng, lang));
  const g = n.givenAscii || 'user';
  const f = n.familyAscii || 'x';
  const r = rng.float();
  let handle: string;
  if (oneWord) handle = r < 0.5 ? g : `${g}${rng.pick(['_official', 'hq', String(rng.range(10, 99))])}`;
  else if (r < 0.3) handle = `${g[0]}${f}`;
  else if (r < 0.55) handle = `${g}${f}`;
  else if (r < 0.75) handle = `${g}_${f}`;
  else if (r < 0.9) handle = `${g}${f}${rng.range(1, 99)}`;
  else handle = `${asciiFold(f)}_${rng.pick(['writes', 'dev', 'data', 'hr', 'law'])}`;
  return { index: k, name: n.display, email, handle: handle.slice(0, 30), oneWord };
}
