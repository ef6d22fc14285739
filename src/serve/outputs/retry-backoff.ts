/**
 * Exponential backoff with jitter for output retries: attempt n waits a random time between half
 * and all of `min(maxMs, baseMs · 2^(n-1))` ("equal jitter"), so many senders that failed together
 * do not retry together, and a long outage settles at one try every `maxMs` or so.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 60_000 };

/** The wait before retry number `attempt` (1 = the first retry); `random` returns [0, 1). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
