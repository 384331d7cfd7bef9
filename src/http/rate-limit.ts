/**
 * Fixed-window counters for the objection form: per client address and per subject (a member id,
 * an email, a handle or a name), so neither a flood from one address nor a campaign against one
 * person gets through. In memory: limits are per process, which is what they are for (abuse).
 */
export class WindowLimiter {
  readonly #counts = new Map<string, { windowStart: number; n: number }>();
  constructor(readonly max: number, readonly windowMs: number) {}

  /** Seconds until the key may try again, or 0 when allowed (and then counted). */
  hit(key: string, now = Date.now()): number {
    const c = this.#counts.get(key);
    if (!c || now - c.windowStart >= this.windowMs) {
      if (this.#counts.size > 100_000) this.#prune(now);
      this.#counts.set(key, { windowStart: now, n: 1 });
      return 0;
    }
    if (c.n >= this.max) return Math.max(1, Math.ceil((c.windowStart + this.windowMs - now) / 1000));
    c.n++;
    return 0;
  }

  /** Whether the key would be refused, without counting. */
  blocked(key: string, now = Date.now()): number {
    const c = this.#counts.get(key);
    if (!c || now - c.windowStart >= this.windowMs || c.n < this.max) return 0;
    return Math.max(1, Math.ceil((c.windowStart + this.windowMs - now) / 1000));
  }

  #prune(now: number): void {
    for (const [k, c] of this.#counts) if (now - c.windowStart >= this.windowMs) this.#counts.delete(k);
  }
}
