/**
 * Group commit: appends that arrive while a commit is being written wait and go together in the
 * next transaction, so many concurrent writers share one fsync. Each caller's promise settles only
 * after its own transaction committed (an acknowledged write is durable).
 */
export class GroupCommit<In, Out> {
  #queue: { items: readonly In[]; resolve: (out: Out[]) => void; reject: (e: unknown) => void }[] = [];
  #running = false;
  constructor(private readonly commit: (items: readonly In[]) => Promise<Out[]>) {}

  submit(items: readonly In[]): Promise<Out[]> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ items, resolve, reject });
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        // Let callers that are about to submit in this tick join the batch.
        await new Promise((r) => setImmediate(r));
        const batch = this.#queue.splice(0, this.#queue.length);
        const all = batch.flatMap((b) => b.items);
        try {
          const out = await this.commit(all);
          let i = 0;
          for (const b of batch) {
            b.resolve(out.slice(i, i + b.items.length));
            i += b.items.length;
          }
        } catch (e) {
          // One bad request must not fail the others: retry them one by one.
          if (batch.length === 1) batch[0]!.reject(e);
          else for (const b of batch) await this.commit(b.items).then(b.resolve, b.reject);
        }
      }
    } finally {
      this.#running = false;
    }
  }
}
