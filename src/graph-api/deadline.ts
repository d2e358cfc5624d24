/**
The time budget of one GraphQL request for all its upstream work: every attempt, every backoff
wait. No retry or wait may end after it.
*/
export class Deadline {
  private constructor(private readonly endsAt: number) {}

  static in(ms: number, now: number = performance.now()): Deadline {
    return new Deadline(now + ms);
  }

  /** Milliseconds left (0 when spent). */
  remainingMs(now: number = performance.now()): number {
    return Math.max(0, this.endsAt - now);
  }
}
