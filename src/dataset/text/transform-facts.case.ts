/** Facts and texts for the transform pool and UDF tests (a test helper, not built). */
import fc from 'fast-check';
import { ENTITIES, type Entity } from '../../policy/policy.js';
import { compileObjections, type ObjectionIdentifiersInput } from '../../redact/index.js';
import type { TransformFacts } from './text-transformer.js';

export const objections: ObjectionIdentifiersInput[] = [{ name: 'Jan de Vries', emails: ['jan@example.nl'], handles: ['jdv'] }, { name: 'Ünal Işık' }];

export const facts = (): TransformFacts => ({
  nameable: new Set(['m1']),
  suppressor: compileObjections(objections),
  entities: new Set<Entity>(ENTITIES),
});

const piece = fc.constantFrom(
  'Jan de Vries', 'jan@example.nl', '@jdv', 'ÜNAL IŞIK', '@[Jan](member:m1)', '@[Piet](member:m2)', '4111 1111 1111 1111',
  'NL91 ABNA 0417 1643 00', '+31 6 12345678', '192.168.0.1', 'fe80::1', '078-05-1120', '01.02.2024', 'héllo', '𝒜', ' ', '. ', 'x',
);

/** A text of pieces every step changes (or just misses), or NULL. */
export const text = fc.oneof(fc.constant(null), fc.array(piece, { maxLength: 12 }).map((p) => p.join('')));
