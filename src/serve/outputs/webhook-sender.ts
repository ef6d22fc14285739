/**
 * Webhook delivery: one HTTP POST per finding. The body is the Finding JSON, exactly one line of
 * `hunt --format jsonl` or `GET /api/v1/findings`; headers: `Content-Type: application/json`,
 * `User-Agent: cellwatch/VERSION`, `X-Cellwatch-Finding-Id` (the deterministic finding id: delivery
 * is at least once, so a receiver that must not see a finding twice keys on it), and the lines of
 * `--webhook-header-file`. Any 2xx is delivered; 408, 429 and 5xx (honouring Retry-After) and
 * network errors are retried; any other status is a permanent refusal. Redirects are not followed.
 */
import type { Finding } from '../../findings/finding.js';
import { DeliveryError, type Send } from './delivery-channel.js';
import { requestSignal } from './abortable-wait.js';

const TIMEOUT_MS = 10_000;

/** The URL as shown in lines and stats: no user, password or query (they may hold secrets). */
export function shownUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/** `headers()` is read per request, so a reloaded header file applies to the next one. */
export function webhookSender(url: string, userAgent: string, headers: () => Record<string, string>): Send {
  return async (finding: Finding, id: string, signal: AbortSignal): Promise<void> => {
    let res: Response;
    const request = requestSignal(signal, TIMEOUT_MS);
    try {
      res = await fetch(url, {
        method: 'POST', body: JSON.stringify(finding), redirect: 'manual',
        headers: { ...headers(), 'Content-Type': 'application/json', 'User-Agent': userAgent, 'X-Cellwatch-Finding-Id': id },
        signal: request.signal,
      });
      await res.body?.cancel();
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      throw new DeliveryError(e.name === 'TimeoutError' ? e.message : (e.cause?.code ?? e.cause?.message ?? e.message));
    } finally {
      request.done();
    }
    if (res.status >= 200 && res.status < 300) return;
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    throw new DeliveryError(`HTTP ${res.status}`, !retryable, retryAfterMs(res.headers.get('retry-after')));
  };
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const t = Date.parse(value);
  return Number.isFinite(t) ? Math.max(0, t - Date.now()) : undefined;
}
