/**
 * The HTTP side of `serve` (node:http, no framework): authentication, routing and error answers.
 * Every route needs a token (tokens.ts). Errors answer with their status and one line; for the
 * Elasticsearch routes in Elasticsearch's error shape, so shippers log the reason.
 *
 *   GET  /                      Elasticsearch version handshake
 *   GET  /_cluster/health, /_license; PUT /_index_template/… (and ILM, pipelines): acknowledged
 *   POST /_bulk, /<index>/_bulk  Elasticsearch bulk ingest
 *   POST /api/v1/events         JSON / NDJSON / ?format=w3c|zeek ingest
 *   GET  /api/v1/findings       findings as JSONL (findings-api.ts)
 *   GET  /api/v1/status         log offsets and detection progress
 *   /dashboard…                 the triage dashboard, with its own token login and session
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HttpError } from './http-error.js';
import { CLUSTER_HEALTH, ES_HEADERS, isSetupPath, LICENSE, rootInfo } from './es-handshake.js';
import { postBulk, postEvents, sendJson, type IngestContext } from './ingest-routes.js';
import { streamFindings } from './findings-api.js';
import type { TokenSet } from './tokens.js';

export interface HttpContext extends IngestContext {
  tokens: TokenSet;
  clusterUuid: string;
  status(): unknown;
  /** One line per internal error (never sent to the client in full). */
  onError?: (line: string) => void;
  /** The triage dashboard under /dashboard (its own login, dashboard/dashboard-routes.ts). */
  dashboard?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
}

export function createServeServer(ctx: HttpContext): Server {
  const server = createServer((req, res) => {
    handle(ctx, req, res).catch((err: unknown) => answerError(ctx, req, res, err));
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

const isEsPath = (p: string): boolean => p === '/' || p.startsWith('/_') || /^\/[^/]+\/_bulk$/.test(p);

async function handle(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const p = url.pathname;
  const method = req.method ?? 'GET';
  // (An Elasticsearch index may be called `dashboard`: /dashboard/_bulk stays ingest.)
  if (ctx.dashboard && (p === '/dashboard' || (p.startsWith('/dashboard/') && p !== '/dashboard/_bulk'))) return ctx.dashboard(req, res, url);
  const token = ctx.tokens.check(req.headers.authorization);
  if (!token) {
    req.resume();
    throw new HttpError(401, 'missing or wrong token (send Authorization: Bearer TOKEN, ApiKey TOKEN or Basic with the token as password)',
      { 'WWW-Authenticate': 'Basic realm="cellwatch", charset="UTF-8"' });
  }
  if (p === '/api/v1/events' && method === 'POST') return postEvents(ctx, req, res, url.searchParams, token);
  if (p === '/api/v1/findings' && method === 'GET') return streamFindings(ctx.store, url.searchParams, res);
  if (p === '/api/v1/status' && method === 'GET') return sendJson(res, 200, ctx.status());
  if ((method === 'POST' || method === 'PUT') && (p === '/_bulk' || /^\/[^/_][^/]*\/_bulk$/.test(p))) {
    const index = p === '/_bulk' ? 'cellwatch' : decodeURIComponent(p.slice(1, -'/_bulk'.length));
    return postBulk(ctx, req, res, index, token);
  }
  req.resume();
  if (p === '/' && (method === 'GET' || method === 'HEAD')) return sendJson(res, 200, rootInfo(ctx.clusterUuid), ES_HEADERS);
  if (p === '/_cluster/health' && method === 'GET') return sendJson(res, 200, CLUSTER_HEALTH, ES_HEADERS);
  if (p === '/_license' && method === 'GET') return sendJson(res, 200, LICENSE, ES_HEADERS);
  if (isSetupPath(p) && method === 'PUT') return sendJson(res, 200, { acknowledged: true }, ES_HEADERS);
  throw new HttpError(404, `no route for ${method} ${p}`);
}

function answerError(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, err: unknown): void {
  const known = err instanceof HttpError;
  const status = known ? err.status : 500;
  const message = known ? err.message : 'internal error (see the server log)';
  if (!known) ctx.onError?.(`${req.method} ${req.url}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers = known ? err.headers : {};
  const p = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (isEsPath(p)) {
    const type = status === 429 || status === 503 ? 'es_rejected_execution_exception'
      : status === 401 ? 'security_exception' : status === 404 ? 'resource_not_found_exception' : 'illegal_argument_exception';
    sendJson(res, status, { error: { root_cause: [{ type, reason: message }], type, reason: message }, status }, { ...ES_HEADERS, ...headers });
  } else {
    sendJson(res, status, { error: message }, headers);
  }
}
