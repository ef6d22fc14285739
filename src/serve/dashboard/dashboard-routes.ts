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
  const dashboard = new Dashboard(deps);
  return (req, res, url) => dashboard.handle(req, res, url);
}

class Dashboard {
  private readonly sessions = new SessionStore();
  private readonly coverage: LogCoverage;
  private readonly audit: AuditResults;

  constructor(private readonly deps: DashboardDeps) {
    this.coverage = new LogCoverage(deps.log, deps.detectors);
    this.audit = new AuditResults(deps.dataDir, (l) => deps.say(`warning: ${l}`));
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const p = url.pathname;
    const method = req.method ?? 'GET';
    if (p === '/dashboard/static/dashboard.js') return send(res, 200, 'text/javascript; charset=utf-8', DASHBOARD_SCRIPT);
    if (p === '/dashboard/static/dashboard.css') return send(res, 200, 'text/css; charset=utf-8', DASHBOARD_STYLE);
    if (p === '/dashboard/static/favicon.svg') return send(res, 200, 'image/svg+xml', FAVICON_SVG);
    if (p === '/dashboard/login') {
      if (method === 'POST') return this.login(req, res);
      req.resume();
      return this.sessions.of(req) ? redirect(res, '/dashboard/') : html(res, 200, loginPage());
    }
    if (p === '/dashboard/logout' && method === 'POST') return this.logout(req, res);
    const session = this.sessions.of(req);
    if (p.startsWith('/dashboard/api/')) {
      if (!session) {
        req.resume();
        throw new HttpError(401, 'not signed in (or the session ended): sign in at /dashboard/login');
      }
      const route = p.slice('/dashboard/api/'.length);
      if (method === 'POST') return this.post(req, res, route, session);
      if (method !== 'GET') throw new HttpError(405, `${method} is not allowed here`);
      req.resume();
      return json(res, await this.get(route, url.searchParams));
    }
    req.resume();
    if (p === '/dashboard' || p === '/dashboard/') {
      return session ? html(res, 200, dashboardPage(session.actor, session.csrf)) : redirect(res, '/dashboard/login');
    }
    throw new HttpError(404, `no route for ${method} ${p}`);
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    checkOrigin(req);
    const form = new URLSearchParams((await readBody(req, MAX_FORM)).toString('utf8'));
    const token = form.get('token')?.trim() ?? '';
    const tokenName = token ? this.deps.tokens.check(`Bearer ${token}`) : undefined;
    if (!tokenName) {
      await new Promise((r) => setTimeout(r, LOGIN_FAIL_DELAY_MS));
      return html(res, 401, loginPage('Wrong token.'));
    }
    const name = (form.get('name') ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 80);
    const session = this.sessions.create(name ? `${name} (${tokenName})` : tokenName);
    redirect(res, '/dashboard/', { 'Set-Cookie': sessionCookie(req, session.id, SESSION_MAX_AGE_S) });
  }

  private async logout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const session = this.sessions.of(req);
    const form = new URLSearchParams((await readBody(req, MAX_FORM)).toString('utf8'));
    if (session) {
      checkCsrf(req, session, form.get('csrf') ?? undefined);
      this.sessions.end(session);
    }
    redirect(res, '/dashboard/login', { 'Set-Cookie': sessionCookie(req, '', 0) });
  }

  /** State-changing calls: CSRF token and Origin first. */
  private async post(req: IncomingMessage, res: ServerResponse, route: string, session: Session): Promise<void> {
    checkCsrf(req, session);
    const triage = /^findings\/([0-9a-f]{32})\/triage$/.exec(route);
    if (triage) return json(res, applyTriage(this.deps.store, triage[1]!, triageChange(await readJson(req)), session.actor));
    if (route === 'audit') {
      const imported = this.audit.save((await readBody(req, MAX_AUDIT)).toString('utf8'), session.actor);
      return json(res, { imported: imported.findings.length });
    }
    req.resume();
    if (route !== 'reload') throw new HttpError(404, `no route for POST /dashboard/api/${route}`);
    this.deps.say(`dashboard: ${session.actor} reloads rules and intel`);
    try {
      await this.deps.reload();
    } catch (err) {
      throw new HttpError(500, `reload failed, keeping the loaded rules: ${(err as Error).message}`);
    }
    json(res, { reloaded: true, version: this.deps.rulesVersion() });
  }

  private async get(route: string, params: URLSearchParams): Promise<unknown> {
    const { store, log } = this.deps;
    const one = /^findings\/([0-9a-f]{32})$/.exec(route);
    if (one) {
      const stored = storedOr404(store, one[1]!);
      return { ...stored, history: store.history(stored.id), context: await surroundingEvents(log, stored.finding) };
    }
    switch (route) {
      case 'findings': return findingsList(store, params);
      case 'stamp': return { stamp: store.changeStamp() };
      case 'facets': return store.facets();
      case 'hosts': {
        const counts = store.findingsPerHost();
        return store.hosts().map((h) => ({ ...h, findings: counts.get(h.host) ?? 0 }));
      }
      case 'attack': return attackColumns(store.techniqueCounts());
      case 'coverage':
        try {
          return await this.coverage.view(this.deps.rulesVersion());
        } catch (err) {
          throw new HttpError(500, `coverage: ${(err as Error).message}`);
        }
      case 'audit': return this.audit.load();
      default: throw new HttpError(404, `no route for GET /dashboard/api/${route}`);
    }
  }
}
