/**
 * Dashboard sessions: after a token login the browser holds a random session id in an HttpOnly,
 * SameSite=Strict cookie (Secure when the request came over TLS). Each session has its own CSRF
 * token, which every state-changing request must carry. Sessions live in memory: a restart of
 * `serve` logs everyone out. They end after 12 hours without use, or at logout.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'cellwatch_session';
const IDLE_MS = 12 * 3600_000;
const MAX_SESSIONS = 1000;

export interface Session {
  id: string;
  csrf: string;
  /** Who acts: the analyst's name from the login form (if given) and the token's name. */
  actor: string;
  lastUsed: number;
}

/** Constant-time equality of two strings (over their sha256, so lengths leak nothing). */
export function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The request reached us over TLS (directly, or through a proxy that says so). */
export function overTls(req: IncomingMessage): boolean {
  return Boolean((req.socket as { encrypted?: boolean }).encrypted) || req.headers['x-forwarded-proto'] === 'https';
}

export function sessionCookie(req: IncomingMessage, value: string, maxAgeS: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${overTls(req) ? '; Secure' : ''}`;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  create(actor: string): Session {
    this.sweep();
    if (this.sessions.size >= MAX_SESSIONS) {
      // Map order is insertion order: the oldest login goes first.
      this.sessions.delete(this.sessions.keys().next().value!);
    }
    const session: Session = { id: randomBytes(32).toString('base64url'), csrf: randomBytes(32).toString('base64url'), actor, lastUsed: this.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session named by the request's cookie, refreshed; undefined when none. */
  of(req: IncomingMessage): Session | undefined {
    const id = cookieValue(req, SESSION_COOKIE);
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.now() - session.lastUsed > IDLE_MS) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastUsed = this.now();
    return session;
  }

  end(session: Session): void {
    this.sessions.delete(session.id);
  }

  private sweep(): void {
    const cutoff = this.now() - IDLE_MS;
    for (const [id, s] of this.sessions) if (s.lastUsed < cutoff) this.sessions.delete(id);
  }
}

export const SESSION_MAX_AGE_S = IDLE_MS / 1000;
