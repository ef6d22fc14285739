/**
 * The ingest endpoints: `POST /api/v1/events` (JSON object, array or NDJSON; `?format=w3c|zeek`
 * for those line formats) and the Elasticsearch bulk API. Both answer only after the events are
 * durable in the event log. Limits: body size, events per request, events per second per token,
 * and back-pressure (503 + Retry-After) while detection is too far behind the log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventLog } from './event-log.js';
import type { FindingStore } from '../store/finding-store.js';
import { HttpError } from './http-error.js';
import { readBody } from './request-body.js';
import { jsonEvents } from './json-events.js';
import { LINE_FORMATS, lineFormatRecords, type LineFormat } from './line-format-events.js';
import { bulkResponse, parseBulk } from './es-bulk.js';
import { encodeJsonEvent } from './log-event.js';
import { ES_HEADERS } from './es-handshake.js';
import type { RateLimiter } from './rate-limit.js';

export interface IngestLimits {
  /** Largest request body on the wire (bytes). */
  maxBodyBytes: number;
  maxEventsPerRequest: number;
  /** Appended but not yet detected events above which ingest answers 503. */
  maxBacklog: number;
}

export interface IngestContext {
  log: EventLog;
  store: FindingStore;
  limits: IngestLimits;
  rate: RateLimiter;
  /** Events appended but not yet through detection. */
  backlog(): number;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Past this backlog a request first waits (up to PACE_WAIT_MS) for detection to catch up. */
export const PACE_BACKLOG = 8192;
const PACE_WAIT_MS = 2000;

/**
 * Back-pressure. While detection is a little behind, requests wait for it briefly before they are
 * read (shippers just see slower answers, and events reach detection while ingest still holds
 * their parsed form); while it is far behind (a stalled store), ingest answers 503.
 */
async function checkBacklog(ctx: IngestContext, req: IncomingMessage): Promise<void> {
  if (ctx.backlog() > ctx.limits.maxBacklog) {
    req.resume();
    throw new HttpError(503, `detection is ${ctx.backlog()} events behind; retry later`, { 'Retry-After': '1' });
  }
  const until = Date.now() + PACE_WAIT_MS;
  while (ctx.backlog() > PACE_BACKLOG && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
}

function checkRate(ctx: IngestContext, token: string, events: number): void {
  const wait = ctx.rate.take(token, events);
  if (wait > 0) throw new HttpError(429, `rate limit for ${token} reached; retry in ${wait} s`, { 'Retry-After': String(wait) });
}

/** Appends and counts; the log's failure (disk full…) is a 503: the shipper keeps the events. */
async function appendCounted(
  ctx: IngestContext, source: string, records: Buffer[], parsed: unknown[] | undefined, bytes: number, rejected: number,
): Promise<number> {
  let first: number;
  try {
    first = await ctx.log.append(records, parsed);
  } catch (err) {
    throw new HttpError(503, (err as Error).message, { 'Retry-After': '5' });
  }
  ctx.store.recordIngest({ source, events: records.length, bytes, rejected });
  return first;
}

export async function postEvents(ctx: IngestContext, req: IncomingMessage, res: ServerResponse, params: URLSearchParams, token: string): Promise<void> {
  await checkBacklog(ctx, req);
  const format = params.get('format') ?? 'json';
  if (format !== 'json' && !(LINE_FORMATS as readonly string[]).includes(format)) {
    req.resume();
    throw new HttpError(400, `format=${format}: use json (default), w3c or zeek`);
  }
  const body = await readBody(req, ctx.limits.maxBodyBytes);
  let records: Buffer[];
  let parsed: unknown[] | undefined;
  try {
    if (format === 'json') {
      const events = jsonEvents(body.toString('utf8'), ctx.limits.maxEventsPerRequest);
      records = events.map((e) => encodeJsonEvent(e.text));
      parsed = events.map((e) => e.value);
    } else {
      records = await lineFormatRecords(body, format as LineFormat, ctx.limits.maxEventsPerRequest);
    }
  } catch (err) {
    if (err instanceof HttpError) ctx.store.recordIngest({ source: `${token} events`, events: 0, bytes: body.length, rejected: 1 });
    throw err;
  }
  checkRate(ctx, token, records.length);
  const first = await appendCounted(ctx, `${token} events`, records, parsed, body.length, 0);
  sendJson(res, 200, { accepted: records.length, first_offset: first });
}

export async function postBulk(ctx: IngestContext, req: IncomingMessage, res: ServerResponse, index: string, token: string): Promise<void> {
  const started = Date.now();
  await checkBacklog(ctx, req);
  const body = await readBody(req, ctx.limits.maxBodyBytes);
  const items = parseBulk(body.toString('utf8'), index, ctx.limits.maxEventsPerRequest);
  const records: Buffer[] = [];
  const parsed: unknown[] = [];
  for (const item of items) {
    if (item.text === undefined) continue;
    records.push(encodeJsonEvent(item.text));
    parsed.push(item.value);
  }
  checkRate(ctx, token, records.length);
  const first = await appendCounted(ctx, `${token} bulk`, records, parsed, body.length, items.length - records.length);
  sendJson(res, 200, bulkResponse(items, first, Date.now() - started), ES_HEADERS);
}
