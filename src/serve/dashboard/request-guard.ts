/**
 * CSRF defence of the dashboard's state-changing requests, two independent checks:
 *  - the Origin header (or, when a browser sends none, the Referer's origin) must be this server
 *    as the browser addressed it (`http(s)://` + the Host header);
 *  - the session's CSRF token must come back in the `X-CSRF-Token` header (fetch) or the `csrf`
 *    form field (the logout form), compared in constant time.
 * The session cookie is SameSite=Strict as well. The login form has no session yet: it gets the
 * Origin check.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http-error.js';
import { overTls, sameSecret, type Session } from './sessions.js';

function requestOrigin(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  if (origin && origin !== 'null') return origin;
  const referer = req.headers.referer;
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

export function checkOrigin(req: IncomingMessage): void {
  const host = req.headers.host;
  const expected = host ? `${overTls(req) ? 'https' : 'http'}://${host}` : undefined;
  const origin = requestOrigin(req);
  if (!origin) throw new HttpError(403, 'refused: the request has no Origin (cross-site request protection)');
  if (origin !== expected) throw new HttpError(403, `refused: Origin ${origin} is not this server (cross-site request protection)`);
}

export function checkCsrf(req: IncomingMessage, session: Session, formToken?: string): void {
  checkOrigin(req);
  const header = req.headers['x-csrf-token'];
  const given = typeof header === 'string' ? header : formToken;
  if (!given || !sameSecret(given, session.csrf)) throw new HttpError(403, 'refused: missing or wrong CSRF token');
}
