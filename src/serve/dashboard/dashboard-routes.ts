/**
 * The triage dashboard of `cellwatch serve`, under /dashboard (HTTP routes, no framework):
 *
 *   GET  /dashboard/login, POST /dashboard/login     token login (Origin-checked) → session cookie
 *   POST /dashboard/logout                           (CSRF form field)
 *   GET  /dashboard/                                 the page (login first); /dashboard/static/… its script and style
 *   GET  /dashboard/api/findings?level&rule&host&technique&status&since&until&limit   newest first
 *   GET  /dashboard/api/findings/ID                  the finding, triage state, history, surrounding events
 *   POST /dashboard/api/findings/ID/triage           {status?, assignee?, note?}
 *   GET  /dashboard/api/stamp | facets | hosts | attack | coverage | audit
 *   POST /dashboard/api/audit                        cellwatch audit --format jsonl output
 *   POST /dashboard/api/reload                       rules and intel again (as SIGHUP)
 *
 * Every POST but the login needs the session's CSRF token and a same-origin Origin
 * (request-guard.ts). Ingest and the /api/v1 routes keep their token header authentication.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DetectorConfig } from '../../engine/hunt-options.js';
import type { EventLog } from '../event-log.js';
import { HttpError } from '../http-error.js';
import { readBody } from '../request-body.js';
import type { TokenSet } from '../tokens.js';
import { attackColumns } from './attack-view.js';
import { AuditResults } from './audit-results.js';
import { DASHBOARD_SCRIPT } from './dashboard-script.js';
import { DASHBOARD_STYLE } from './dashboard-style.js';
import { applyTriage, findingsList, storedOr404, triageChange, type DashboardStore } from './findings-view.js';
import { LogCoverage } from './log-coverage.js';
import { dashboardPage, FAVICON_SVG, loginPage, PAGE_HEADERS } from './page-shell.js';
import { checkCsrf, checkOrigin } from './request-guard.js';
import { SESSION_MAX_AGE_S, sessionCookie, SessionStore, type Session } from './sessions.js';
import { surroundingEvents } from './surrounding-events.js';

export interface DashboardDeps {
  store: DashboardStore;
  log: EventLog;
  tokens: TokenSet;
  dataDir: string;
  /** The rules and intel serve loaded (coverage loads the same rules). */
  detectors: DetectorConfig;
  /** The SIGHUP reload. */
  reload(): Promise<void>;
  /** Goes up with every reload (coverage loads the rules again). */
  rulesVersion(): number;
  say(line: string): void;
}

/** Handles a /dashboard request (errors are thrown as HttpError, answered by the server). */
export type DashboardHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

const MAX_FORM = 16 << 10;
const MAX_AUDIT = 32 << 20;
/** A wrong token costs this long (slows guessing down; tokens are 256-bit anyway). */
const LOGIN_FAIL_DELAY_MS = 500;

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...PAGE_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
const html = (res: ServerResponse, status: number, body: string, headers?: Record<string, string>): void => send(res, status, 'text/html; charset=utf-8', body, headers);
const json = (res: ServerResponse, body: unknown): void => send(res, 200, 'application/json; charset=utf-8', JSON.stringify(body));
const redirect = (res: ServerResponse, to: string, headers: Record<string, string> = {}): void => {
  res.writeHead(303, { ...PAGE_HEADERS, Location: to, 'Content-Length': 0, ...headers });
  res.end();
};

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req, MAX_FORM)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `invalid JSON: ${(err as Error).message}`);
  }
}

export function mountDashboard(deps: DashboardDeps): DashboardHandler {
  const sessions = new SessionStore();
  const coverage = new LogCoverage(deps.log, deps.detectors);
  const audit = new AuditResults(deps.dataDir, (l) => deps.say(`warning: ${l}`));

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    checkOrigin(req);
    const form = new URLSearchParams((await readBody(req, MAX_FORM)).toString('utf8'));
    const token = form.get('token')?.trim() ?? '';
    const tokenName = token ? deps.tokens.check(`Bearer ${token}`) : undefined;
    if (!tokenName) {
      await new Promise((r) => setTimeout(r, LOGIN_FAIL_DELAY_MS));
      return html(res, 401, loginPage('Wrong token.'));
    }
    const name = (form.get('name') ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 80);
    const session = sessions.create(name ? `${name} (${tokenName})` : tokenName);
    redirect(res, '/dashboard/', { 'Set-Cookie': sessionCookie(req, session.id, SESSION_MAX_AGE_S) });
  }

  async function logout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const session = sessions.of(req);
    const form = new URLSearchParams((await readBody(req, MAX_FORM)).toString('utf8'));
    if (session) {
      checkCsrf(req, session, form.get('csrf') ?? undefined);
      sessions.end(session);
    }
    redirect(res, '/dashboard/login', { 'Set-Cookie': sessionCookie(req, '', 0) });
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, session: Session): Promise<void> {
    const route = url.pathname.slice('/dashboard/api/'.length);
    const method = req.method ?? 'GET';
    if (method === 'POST') {
      checkCsrf(req, session);
      const triage = /^findings\/([0-9a-f]{32})\/triage$/.exec(route);
      if (triage) return json(res, applyTriage(deps.store, triage[1]!, triageChange(await readJson(req)), session.actor));
      if (route === 'reload') {
        req.resume();
        deps.say(`dashboard: ${session.actor} reloads rules and intel`);
        await deps.reload();
        return json(res, { reloaded: true, version: deps.rulesVersion() });
      }
      if (route === 'audit') {
        const imported = audit.save((await readBody(req, MAX_AUDIT)).toString('utf8'), session.actor);
        return json(res, { imported: imported.findings.length });
      }
      throw new HttpError(404, `no route for POST ${url.pathname}`);
    }
    if (method !== 'GET') throw new HttpError(405, `${method} is not allowed here`);
    req.resume();
    const one = /^findings\/([0-9a-f]{32})$/.exec(route);
    if (one) {
      const stored = storedOr404(deps.store, one[1]!);
      return json(res, { ...stored, history: deps.store.history(stored.id), context: await surroundingEvents(deps.log, stored.finding) });
    }
    switch (route) {
      case 'findings': return json(res, findingsList(deps.store, url.searchParams));
      case 'stamp': return json(res, { stamp: deps.store.changeStamp() });
      case 'facets': return json(res, deps.store.facets());
      case 'hosts': {
        const counts = deps.store.findingsPerHost();
        return json(res, deps.store.hosts().map((h) => ({ ...h, findings: counts.get(h.host) ?? 0 })));
      }
      case 'attack': return json(res, attackColumns(deps.store.techniqueCounts()));
      case 'coverage': return json(res, await coverage.view(deps.rulesVersion()));
      case 'audit': return json(res, audit.load());
      default: throw new HttpError(404, `no route for GET ${url.pathname}`);
    }
  }

  return async (req, res, url) => {
    const p = url.pathname;
    const method = req.method ?? 'GET';
    if (p === '/dashboard/static/dashboard.js') return send(res, 200, 'text/javascript; charset=utf-8', DASHBOARD_SCRIPT);
    if (p === '/dashboard/static/dashboard.css') return send(res, 200, 'text/css; charset=utf-8', DASHBOARD_STYLE);
    if (p === '/dashboard/static/favicon.svg') return send(res, 200, 'image/svg+xml', FAVICON_SVG);
    if (p === '/dashboard/login') {
      if (method === 'POST') return login(req, res);
      req.resume();
      return sessions.of(req) ? redirect(res, '/dashboard/') : html(res, 200, loginPage());
    }
    if (p === '/dashboard/logout' && method === 'POST') return logout(req, res);
    const session = sessions.of(req);
    if (p.startsWith('/dashboard/api/')) {
      if (!session) {
        req.resume();
        throw new HttpError(401, 'not signed in (or the session ended): sign in at /dashboard/login');
      }
      return api(req, res, url, session);
    }
    req.resume();
    if (p === '/dashboard' || p === '/dashboard/') {
      return session ? html(res, 200, dashboardPage(session.actor, session.csrf)) : redirect(res, '/dashboard/login');
    }
    throw new HttpError(404, `no route for ${method} ${p}`);
  };
}
