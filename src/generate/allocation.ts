/**
 * How many items each member posts: a heavy-tailed share (a few prolific posters, many lurkers) that
 * adds up to exactly the requested total. Two passes over a stateless hash, so nothing per member is
 * held: the first sums the weights, the second hands out floor(N·C(i+1)/W) − floor(N·C(i)/W) where C is
 * the running sum; the last member's running sum equals W exactly (same additions, same order), so
 * the counts add up to N.
 */
import { STREAM, hash01 } from './prng.js';

/** A Pareto(α = 1.6) weight, capped, with a share of near-silent members. */
export function itemWeight(seed: readonly [number, number, number, number], index: number): number {
  const u = hash01(seed, STREAM.weight, index);
  if (u < 0.12) return 0.15;
  const v = (u - 0.12) / 0.88;
  return Math.min(60, (1 - v * 0.999999) ** (-1 / 1.6));
}

/** The sum of every member's weight, added in member order (the allocation depends on it exactly). */
export function totalItemWeight(seed: readonly [number, number, number, number], members: number): number {
  let w = 0;
  for (let i = 0; i < members; i++) w += itemWeight(seed, i);
  return w;
}

/** Where an allocation stands after some members: resumable, so blocks of members can run apart. */
export interface AllocatorState {
  running: number;
  handed: number;
}

export class ItemAllocator {
  private running: number;
  private handed: number;

  constructor(
    private readonly seed: readonly [number, number, number, number],
    private readonly members: number,
    private readonly items: number,
    readonly totalWeight: number = totalItemWeight(seed, members),
    from: AllocatorState = { running: 0, handed: 0 },
  ) {
    this.running = from.running;
    this.handed = from.handed;
  }

  get state(): AllocatorState {
    return { running: this.running, handed: this.handed };
  }

  /** The item count of member `index`; call for consecutive indexes from where the state stands. */
  next(index: number): number {
    this.running += itemWeight(this.seed, index);
    const upTo = index === this.members - 1 ? this.items : Math.floor((this.items * this.running) / this.totalWeight);
    const n = Math.max(0, upTo - this.handed);
    this.handed += n;
    return n;
  }
}
