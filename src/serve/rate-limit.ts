/**
 * Per-token event rate limit: a token bucket of `perSecond` events refilled continuously, holding at
 * most `burst` (default: two seconds' worth). A request that would take more than the bucket holds
 * is refused with the seconds to wait.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { level: number; at: number }>();
  private readonly burst: number;

  constructor(private readonly perSecond: number, burst?: number, private readonly now = () => Date.now()) {
    this.burst = burst ?? perSecond * 2;
  }

  /** Takes `events` from the token's bucket; returns 0 when allowed, else seconds to wait. */
  take(token: string, events: number): number {
    if (this.perSecond <= 0) return 0;
    const t = this.now();
    const b = this.buckets.get(token) ?? { level: this.burst, at: t };
    b.level = Math.min(this.burst, b.level + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    this.buckets.set(token, b);
    // A request larger than the whole bucket may pass once the bucket is full.
    if (b.level >= Math.min(events, this.burst)) {
      b.level -= events;
      return 0;
    }
    return Math.max(1, Math.ceil((Math.min(events, this.burst) - b.level) / this.perSecond));
  }
}
