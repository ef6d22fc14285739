/**
 * Web server access logs in the NCSA common / combined family (Apache httpd, nginx, Tomcat
 * AccessLogValve, WildFly/Undertow; the shapes are listed in access-log-line.ts). Each line becomes
 * an event with the names of Sigma's webserver taxonomy, the same as the W3C reader gives, so
 * SigmaHQ's webserver rules and the project's own run unchanged:
 *
 *   c-ip, src_ip             %h               cs-username     %u ('' for `-`)
 *   cs-method, cs-version    from "%r"        request         "%r" as logged
 *   cs-uri-stem, c-uri-stem  path of the URI  cs-uri-query, c-uri-query   after `?` ('' when none)
 *   cs-uri, c-uri            the URI          c-uri-extension extension of the path, no dot
 *   sc-status, sc-bytes      %s, %b ('' for `-`)
 *   date, time               UTC, as in W3C logs (the log's own offset applied)
 *   cs-referer, cs-referrer  1st quoted extra  cs-user-agent, c-useragent   2nd quoted extra
 *   x-forwarded-for          3rd quoted extra   time-taken   a bare number (unit as configured)
 *   cs-host, s-port          the virtual host (%v[:%p] first, or a bare name last)
 *
 * Values stay strings, as in W3C logs. Event time comes from `%t`. A line that is not an access log
 * line is reported as `line N` with the reason; `raw` is the line as written.
 */
import type { EventFields, HuntEvent } from '../events/event.js';
import { parseClfTime } from '../events/log-time.js';
import { parseAccessLine, type AccessLine } from './access-log-line.js';
import { EventBatcher } from './batcher.js';
import { readLineEvents } from './line-events.js';
import type { EventReader, FormatSniffer, ReadOptions } from './reader.js';
import { compileRecordBuilder, type RecordBuilder } from '../events/record-builder.js';
import { firstLines, isText } from './sniff-util.js';
import { extensionOfUriPath } from './w3c-reader.js';

const BASE_KEYS = [
  'c-ip', 'src_ip', 'cs-username', 'date', 'time', 'cs-method', 'cs-uri-stem', 'c-uri-stem', 'cs-uri-query', 'c-uri-query',
  'cs-uri', 'c-uri', 'c-uri-extension', 'cs-version', 'request', 'sc-status', 'sc-bytes',
];
/** Optional parts, each a bit of the shape: its keys are present only when the line has it. */
const OPTIONAL: Array<{ bit: number; keys: string[] }> = [
  { bit: 1, keys: ['cs-referer', 'cs-referrer'] },
  { bit: 2, keys: ['cs-user-agent', 'c-useragent'] },
  { bit: 4, keys: ['x-forwarded-for'] },
  { bit: 8, keys: ['time-taken'] },
  { bit: 16, keys: ['cs-host'] },
  { bit: 32, keys: ['s-port'] },
];

const builders = new Map<number, RecordBuilder>();
function builderFor(shape: number): RecordBuilder {
  let b = builders.get(shape);
  if (!b) {
    const keys = [...BASE_KEYS];
    for (const o of OPTIONAL) if (shape & o.bit) keys.push(...o.keys);
    builders.set(shape, (b = compileRecordBuilder(keys)));
  }
  return b;
}

const dash = (v: string): string => (v === '-' ? '' : v);

/** The event fields of a parsed line at `time` (epoch ms). */
export function accessFields(p: AccessLine, time: number): EventFields {
  // "%r" is `METHOD URI PROTOCOL`; a 400 response may log `-` or junk instead.
  const parts = p.request.split(' ');
  const valid = parts.length >= 2 && /^[A-Za-z]+$/.test(parts[0]!);
  const method = valid ? parts[0]! : '';
  const uri = valid ? parts.slice(1, parts.length > 2 ? -1 : undefined).join(' ') : '';
  const version = valid && parts.length > 2 ? parts[parts.length - 1]! : '';
  const q = uri.indexOf('?');
  const stem = q < 0 ? uri : uri.slice(0, q);
  const query = q < 0 ? '' : uri.slice(q + 1);
  const iso = Number.isNaN(time) ? '' : new Date(time).toISOString();
  let vhost = p.vhost || p.host;
  let port = '';
  const colon = p.vhost.lastIndexOf(':');
  if (colon > 0 && /^\d+$/.test(p.vhost.slice(colon + 1))) {
    vhost = p.vhost.slice(0, colon);
    port = p.vhost.slice(colon + 1);
  }
  const values: string[] = [
    p.client, p.client, dash(p.user), iso.slice(0, 10), iso.slice(11, 19), method, stem, stem, query, query,
    uri, uri, extensionOfUriPath(stem), version, p.request, p.status, dash(p.bytes),
  ];
  let shape = 0;
  const [referer, agent, forwarded] = p.quoted;
  if (referer !== undefined) {
    shape |= 1;
    values.push(dash(referer), dash(referer));
  }
  if (agent !== undefined) {
    shape |= 2;
    values.push(dash(agent), dash(agent));
  }
  if (forwarded !== undefined) {
    shape |= 4;
    values.push(dash(forwarded));
  }
  if (p.taken) {
    shape |= 8;
    values.push(p.taken);
  }
  if (vhost) {
    shape |= 16;
    values.push(vhost);
  }
  if (port) {
    shape |= 32;
    values.push(port);
  }
  return builderFor(shape)(values);
}

export class AccessLogReader implements EventReader {
  readonly format = 'access';

  async *read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]> {
    const out = new EventBatcher(path, this.format, options);
    yield* readLineEvents(path, options, out, (line, n) => {
      if (line.trim().length === 0) return;
      const p = parseAccessLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      if (typeof p === 'string') {
        out.problem(`line ${n}`, p);
        return;
      }
      const time = parseClfTime(p.time);
      if (Number.isNaN(time)) {
        out.problem(`line ${n}`, `time '${p.time}' is not day/Mon/year:HH:MM:SS ±zone`);
        return;
      }
      out.add(accessFields(p, time), n, time, line, line.length);
    });
  }
}

/** The CLF shape up to the request's opening quote, with an optional `%v[:%p]` in front. */
const CLF_LINE = /^(?:\S+ )?\S+ \S+ .*?\[\d{1,2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{2}:?\d{2}\] "/;

/** Access log: most of the first (up to 20) non-empty lines have the CLF shape. */
export const accessLogSniffer: FormatSniffer = {
  format: 'access',
  sniff(head) {
    if (head.length === 0 || !isText(head)) return false;
    const lines = firstLines(head, 20).filter((l) => l.trim().length > 0);
    if (lines.length === 0) return false;
    const hits = lines.filter((l) => CLF_LINE.test(l)).length;
    return CLF_LINE.test(lines[0]!) && hits * 2 >= lines.length;
  },
  open: () => new AccessLogReader(),
};
