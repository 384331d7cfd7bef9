import { describe, expect, it } from 'vitest';
import { transformMentions } from './mentions.js';

const hidden = new Set(['m2', 'ghost']);
const isHidden = (id: string) => hidden.has(id);

describe('mentions', () => {
  it('writes the bracket text exactly as written for a member who may be named', () => {
    expect(transformMentions('Thanks @[Jan de Vries](member:m1)!', isHidden)).toEqual({ text: 'Thanks Jan de Vries!', count: 0, kept: 1 });
    expect(transformMentions('@[  jan (JdV) ](member:m1)', isHidden).text).toBe('  jan (JdV) ');
    expect(transformMentions('@[](member:m1) x', isHidden).text).toBe(' x');
  });

  it('writes [PERSON] for a hidden or unknown member, and counts it', () => {
    expect(transformMentions('cc @[Anna](member:m2) and @[Jan](member:m1)', isHidden)).toEqual({ text: 'cc [PERSON] and Jan', count: 1, kept: 1 });
    expect(transformMentions('@[Who](member:ghost)@[Who](member:ghost)', isHidden)).toEqual({ text: '[PERSON][PERSON]', count: 2, kept: 0 });
  });

  it('accepts the id characters of spec §2 and nothing else', () => {
    const seen: string[] = [];
    transformMentions('@[A](member:a.b_c:d-9) @[B](member:x y) @[C](member:) @[D](member:m1', (id) => (seen.push(id), false));
    expect(seen).toEqual(['a.b_c:d-9']);
  });

  it('leaves text without mentions alone', () => {
    const text = 'mail @jan or [x](member:m1) or @[x] (member:m1)';
    expect(transformMentions(text, isHidden)).toEqual({ text, count: 0, kept: 0 });
  });

  it('takes the first closing bracket: a display name cannot hold "]"', () => {
    expect(transformMentions('@[a]b](member:m1)', isHidden).text).toBe('@[a]b](member:m1)');
  });
});
