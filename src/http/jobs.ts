/**
 * Background jobs (dataset builds started with `POST datasets`): one at a time, in order, with their
 * progress for `GET jobs/{id}`. Kept in memory: a job is a view of work in this process; the result
 * (the dataset and its manifest) is in the store.
 */
import { randomBytes } from 'node:crypto';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface Job {
  id: string;
  kind: 'build';
  state: JobState;
  request: Record<string, unknown>;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  progress?: { stage: string; done: number; total: number };
  datasetId?: string;
  error?: string;
  timings?: Record<string, number>;
}

export type JobRun = (progress: (p: { stage: string; done: number; total: number }) => void) => Promise<{ datasetId: string; timings?: Record<string, number> }>;

export class JobQueue {
  readonly #jobs = new Map<string, Job>();
  #tail: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (job: Job, e: unknown) => void = () => undefined) {}

  start(kind: 'build', request: Record<string, unknown>, run: JobRun): Job {
    const job: Job = { id: `job-${randomBytes(8).toString('hex')}`, kind, state: 'queued', request, createdAt: new Date().toISOString() };
    this.#jobs.set(job.id, job);
    this.#trim();
    this.#tail = this.#tail.then(async () => {
      job.state = 'running';
      job.startedAt = new Date().toISOString();
      try {
        const out = await run((p) => { job.progress = { stage: p.stage, done: p.done, total: p.total }; });
        job.datasetId = out.datasetId;
        if (out.timings) job.timings = out.timings;
        job.state = 'succeeded';
      } catch (e) {
        job.state = 'failed';
        job.error = e instanceof Error ? e.message : String(e);
        this.onError(job, e);
      } finally {
        job.finishedAt = new Date().toISOString();
      }
    });
    return job;
  }

  get(id: string): Job | undefined {
    return this.#jobs.get(id);
  }

  list(): Job[] {
    return [...this.#jobs.values()].reverse();
  }

  /** Settles when every job started so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.#tail;
  }

  #trim(): void {
    if (this.#jobs.size <= 200) return;
    for (const [id, job] of this.#jobs) {
      if (this.#jobs.size <= 200) break;
      if (job.state === 'succeeded' || job.state === 'failed') this.#jobs.delete(id);
    }
  }
}
