/**
 * A trie of (folded) identifiers, written out as one regular expression whose alternatives share
 * their prefixes: `jan(?:@x\.nl|\s+jansen)`. For RE2 (a bulk builder's prefilter), which turns it
 * into an automaton; V8's backtracking engine compiles such a pattern far too slowly at tens of
 * thousands of identifiers, so the suppressor itself does not use it.
 *
 * A space in a key stands for any run of whitespace (`\s+`), as names are matched whatever the
 * whitespace between their words.
 */

interface Node {
  children: Map<string, Node>;
  terminal: boolean;
}

function node(): Node {
  return { children: new Map(), terminal: false };
}

export class IdentifierTrie {
  private readonly root = node();
  private readonly keys = new Set<string>();

  add(key: string): void {
    if (key === '' || this.keys.has(key)) return;
    this.keys.add(key);
    let n = this.root;
    // By code point, so that no branch splits a surrogate pair (RE2 reads UTF-8).
    for (const c of key) {
      let next = n.children.get(c);
      if (next === undefined) {
        next = node();
        n.children.set(c, next);
      }
      n = next;
    }
    n.terminal = true;
  }

  get size(): number {
    return this.keys.size;
  }

  /**
   * The trie as a regular expression; `escape` writes one character, `space` what a space
   * stands for. Greedy optional groups make the match at a position the longest key there.
   */
  toPattern(escape: (c: string) => string, space: string): string {
    const ser = (n: Node): string => {
      const alts: string[] = [];
      for (const [c, child] of n.children) alts.push((c === ' ' ? space : escape(c)) + ser(child));
      if (alts.length === 0) return '';
      const body = alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
      return n.terminal ? `(?:${body})?` : body;
    };
    return ser(this.root);
  }
}

/** Escape for RE2: punctuation is escaped, everything else is literal. */
export function escapeRe2(c: string): string {
  return /[\\^$.*+?()[\]{}|\-]/.test(c) ? `\\${c}` : c;
}
