/**
 * Redaction (spec §5): the entities are tried in the order EMAIL, IBAN, CARD, ID, IP, PHONE; a
 * span already replaced is not matched again (placeholders hold no digit, `@` or hex run that a
 * rule could take); only the entities in the given set are applied, whatever its order.
 *
 * A rule runs only on a text its gate lets through (`rule-gate.ts`): one scan decides which of the
 * six expressions a text needs at all.
 *
 * Idempotence: a replacement can change what its neighbours see (a digit became `]`), so one
 * round is repeated until nothing changes. In practice the second round finds nothing (the corpus
 * test checks that); the loop makes `redact(redact(x)) = redact(x)` hold by construction.
 */
import { ENTITIES, type Entity } from '../policy/policy.js';
import { cardRule } from './card-rule.js';
import { emailRule } from './email-rule.js';
import { ibanRule } from './iban-rule.js';
import { idRule } from './id-rule.js';
import { ipRule } from './ip-rule.js';
import { phoneRule } from './phone-rule.js';
import { REDACTION_PREFILTER } from './prefilter.js';
import { gateMask, GATE_BIT } from './rule-gate.js';
import type { RedactionRule, Tally } from './rule.js';

/** The rules in the order of spec §5. */
export const RULES: readonly RedactionRule[] = [emailRule, ibanRule, cardRule, idRule, ipRule, phoneRule];

export type RedactionCounts = Record<Entity, number>;

export interface Redaction {
  text: string;
  counts: RedactionCounts;
}

export function zeroCounts(): RedactionCounts {
  return { EMAIL: 0, IBAN: 0, CARD: 0, ID: 0, IP: 0, PHONE: 0 };
}

const MAX_ROUNDS = 8;

/** A redactor for one set of entities, built once per policy. */
export class Redactor {
  private readonly rules: readonly RedactionRule[];
  private readonly tallies: Tally[];
  /** Each rule's gate bit, and all of them together. */
  private readonly bits: number[];
  private readonly mask: number;

  /** `gated: false` runs every rule on every text the prefilter matches (for tests). */
  constructor(entities: ReadonlySet<Entity> | Iterable<Entity>, private readonly gated = true) {
    const set = new Set(entities);
    for (const e of set) if (!(ENTITIES as readonly string[]).includes(e)) throw new Error(`unknown entity: ${String(e)}`);
    this.rules = RULES.filter((r) => set.has(r.entity));
    this.tallies = this.rules.map(() => ({ n: 0 }));
    this.bits = this.rules.map((r) => GATE_BIT[r.entity]);
    this.mask = this.bits.reduce((a, b) => a | b, 0);
  }

  get entities(): readonly Entity[] {
    return this.rules.map((r) => r.entity);
  }

  /** Redact `text`, adding the replacements per entity to `counts` (when given). */
  redactInto(text: string, counts: RedactionCounts | undefined): string {
    if (this.rules.length === 0) return text;
    if (!this.gated) return this.#redactUngated(text, counts);
    let current = text;
    // The last rule that changed the text in the round before: the rules after it saw the text
    // that round left (or were gated off, and a replacement never opens a gate), and left it as
    // it was. So once a round has passed that rule without a change, the text is a fixed point:
    // the rest of the round would change nothing (measured: the second round, which rarely finds
    // anything, was a fifth of the redaction's time).
    let lastChange = this.rules.length;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      // The rules that could change the text (see `rule-gate.ts`): most texts need one or two.
      const gates = gateMask(current) & this.mask;
      if (gates === 0) break;
      const before = current;
      const until = lastChange;
      lastChange = -1;
      for (let k = 0; k < this.rules.length; k++) {
        if (k > until && lastChange < 0) return current;
        if ((gates & this.bits[k]!) === 0) continue;
        const tally = this.tallies[k]!;
        tally.n = 0;
        const next = this.rules[k]!.apply(current, tally);
        if (next !== current) lastChange = k;
        current = next;
        if (counts !== undefined && tally.n > 0) counts[this.rules[k]!.entity] += tally.n;
      }
      if (current === before) break;
    }
    return current;
  }

  /** Every rule on every text that the prefilter matches: the reference for the gates. */
  #redactUngated(text: string, counts: RedactionCounts | undefined): string {
    if (!REDACTION_PREFILTER.test(text)) return text;
    let current = text;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const before = current;
      for (let k = 0; k < this.rules.length; k++) {
        const tally = this.tallies[k]!;
        tally.n = 0;
        current = this.rules[k]!.apply(current, tally);
        if (counts !== undefined && tally.n > 0) counts[this.rules[k]!.entity] += tally.n;
      }
      if (current === before || !REDACTION_PREFILTER.test(current)) break;
    }
    return current;
  }

  redact(text: string): Redaction {
    const counts = zeroCounts();
    return { text: this.redactInto(text, counts), counts };
  }
}

const cache = new Map<string, Redactor>();

/** Redact `text` for the given entities; counts hold all six keys. */
export function redact(text: string, entities: ReadonlySet<Entity>): Redaction {
  const key = RULES.filter((r) => entities.has(r.entity)).map((r) => r.entity).join(',');
  let r = cache.get(key);
  if (r === undefined) {
    r = new Redactor(entities);
    cache.set(key, r);
  }
  return r.redact(text);
}
