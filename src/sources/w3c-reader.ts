/**
 * W3C extended log format (IIS, and proxies that write it): `#Fields:` names the space-separated
 * columns and may change mid-file; `-` is an empty value; IIS writes spaces inside the user agent
 * as `+`. Each line becomes an event with the W3C field names (`date`, `time`, `c-ip`, `cs-method`,
 * `cs-uri-stem`, `cs(User-Agent)`, `sc-status`, …, values as logged, strings) plus the names Sigma's
 * webserver and proxy taxonomies use, so SigmaHQ web rules match:
 *
 *   cs-user-agent, c-useragent  ← cs(User-Agent), `+` decoded to space
 *   cs-referer, cs-referrer     ← cs(Referer)
 *   cs-cookie, cs-host, …       ← cs(Cookie), cs(Host): any `cs(Header)` also as `cs-header`
 *   c-uri-stem, c-uri-query     ← cs-uri-stem, cs-uri-query
 *   cs-uri, c-uri               ← stem + `?` + query (a logged cs-uri is kept, and is c-uri)
 *   c-uri-extension             ← extension of the stem (or of cs-uri's path), no dot (`aspx`)
 *   src_ip, dst_ip, dst_port    ← c-ip, s-ip, s-port
 *
 * Values are split the way IIS writes them (on spaces; quotes are data); a line that only splits
 * into the logged number of fields with W3C quoted strings (`"…"`, `""` inside), as some proxies
 * write them, is split that way.
 *
 * Event time: `date` + `time` (UTC, as IIS writes), or the `#Date:` directive's date with `time`.
 * `raw` is the log line as written.
 */
import type { EventFields, HuntEvent } from '../events/event.js';
import { parseTimestamp } from '../events/timestamp.js';
import { EventBatcher } from './batcher.js';
import { readLineEvents } from './line-events.js';
import type { EventReader, FormatSniffer, ReadOptions } from './reader.js';
import { compileRecordBuilder, type RecordBuilder } from '../events/record-builder.js';
import { firstLines, isText } from './sniff-util.js';

/** For each logged field: the extra names its value is also stored under. */
const ALIASES: Record<string, string[]> = {
  'cs(referer)': ['cs-referer', 'cs-referrer'],
  'cs-uri-stem': ['c-uri-stem'],
  'cs-uri-query': ['c-uri-query'],
  'cs-uri': ['c-uri'],
  'c-ip': ['src_ip'],
  's-ip': ['dst_ip'],
  's-port': ['dst_port'],
};
const USER_AGENT = 'cs(user-agent)';

/** Aliases of a logged name: the table above, and `cs(Header-Name)` → `cs-header-name` (same for sc/s/c/sr/rs). */
function aliasesOf(lower: string): string[] | null {
  const fixed = ALIASES[lower];
  if (fixed) return fixed;
  if (lower === USER_AGENT) return null; // decoded separately
  const m = /^(cs|sc|s|c|sr|rs)\((.+)\)$/.exec(lower);
  return m ? [`${m[1]}-${m[2]}`] : null;
}

interface Layout {
  names: string[];
  /** Per output key, in builder order: the column it copies, or a derived value (-1). */
  build: RecordBuilder;
  /** Number of output keys. */
  width: number;
  /** Output key index → column index, for plain and alias keys. */
  source: Int32Array;
  /** Output key indexes of derived values, -1 when not produced. */
  uaOut: number;
  uriOut: number;
  curiOut: number;
  extOut: number;
  /** Column indexes, -1 when absent. */
  userAgent: number;
  date: number;
  time: number;
  stem: number;
  uri: number;
  query: number;
  /** The `#Date:` directive's date (YYYY-MM-DD), used when there is no date column. */
  directiveDate: string;
}

function layoutOf(fieldsLine: string, directiveDate: string): Layout {
  const names = fieldsLine.trim().split(/\s+/).filter((n) => n.length > 0);
  const lower = names.map((n) => n.toLowerCase());
  const keys: string[] = [];
  const source: number[] = [];
  const seen = new Set<string>();
  const add = (key: string, column: number): number => {
    if (seen.has(key)) return -1;
    seen.add(key);
    keys.push(key);
    source.push(column);
    return keys.length - 1;
  };
  names.forEach((n, i) => add(n, i));
  lower.forEach((n, i) => aliasesOf(n)?.forEach((a) => add(a, i)));
  const userAgent = lower.indexOf(USER_AGENT);
  const stem = lower.indexOf('cs-uri-stem');
  let uaOut = -1;
  let uriOut = -1;
  let curiOut = -1;
  let extOut = -1;
  if (userAgent >= 0) {
    uaOut = add('cs-user-agent', -1);
    add('c-useragent', -1);
  }
  const uriColumn = lower.indexOf('cs-uri');
  if (stem >= 0) {
    uriOut = add('cs-uri', -1);
    curiOut = add('c-uri', -1);
  }
  if (stem >= 0 || uriColumn >= 0) extOut = add('c-uri-extension', -1);
  return {
    names,
    build: compileRecordBuilder(keys),
    width: keys.length,
    source: Int32Array.from(source),
    uaOut,
    uriOut,
    curiOut,
    extOut,
    userAgent,
    date: lower.indexOf('date'),
    time: lower.indexOf('time'),
    stem,
    uri: uriColumn,
    query: lower.indexOf('cs-uri-query'),
    directiveDate,
  };
}

/**
 * Split a line whose values may be W3C quoted strings (`"Mozilla/5.0 (Windows NT 10.0)"`, with
 * `""` for a quote inside), as some proxies and non-IIS servers write them. A value is quoted only
 * when it opens with `"` and its closing quote ends it (a space or the end of the line follows);
 * any other quote is data, so a stray or unbalanced quote never swallows the rest of the line.
 */
export function splitQuoted(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    const quoted = line.charCodeAt(i) === 34 /* " */ ? quotedValue(line, i) : null;
    if (quoted) {
      out.push(quoted.value);
      if (quoted.end >= n) break;
      i = quoted.end + 1;
      continue;
    }
    const sp = line.indexOf(' ', i);
    if (sp < 0) {
      out.push(line.slice(i));
      break;
    }
    out.push(line.slice(i, sp));
    i = sp + 1;
  }
  return out;
}

/** The quoted value opening at `start` and the index just after its closing quote, or null. */
function quotedValue(line: string, start: number): { value: string; end: number } | null {
  let value = '';
  let j = start + 1;
  for (;;) {
    const q = line.indexOf('"', j);
    if (q < 0) return null;
    value += line.slice(j, q);
    if (line.charCodeAt(q + 1) === 34) {
      value += '"';
      j = q + 2;
      continue;
    }
    return q + 1 === line.length || line.charCodeAt(q + 1) === 32 ? { value, end: q + 1 } : null;
  }
}

/**
 * The values of a data line. IIS writes no quoting at all (spaces inside a value are `+`, quotes
 * are data: `"x"+Mozilla/5.00+(Nikto/2.1.6)` is one user agent), so the plain split on spaces is
 * taken when it gives the logged number of fields; W3C quoted strings are tried only otherwise.
 */
function splitValues(line: string, width: number): string[] {
  const plain = line.split(' ');
  if (plain.length === width || line.indexOf('"') < 0) return plain;
  const quoted = splitQuoted(line);
  return quoted.length === width ? quoted : plain;
}

/** Extension of a URI path's last segment, no dot (`aspx`); '' when it has none (also used by access-log-reader.ts). */
export function extensionOfUriPath(stem: string): string {
  const slash = stem.lastIndexOf('/');
  const dot = stem.lastIndexOf('.');
  return dot > slash + 1 ? stem.slice(dot + 1) : '';
}

function toEvent(values: string[], layout: Layout): { fields: EventFields; time: number } {
  for (let i = 0; i < values.length; i++) if (values[i] === '-') values[i] = '';
  const out = new Array<string>(layout.width);
  const source = layout.source;
  for (let k = 0; k < out.length; k++) {
    const c = source[k]!;
    out[k] = c >= 0 ? values[c]! : '';
  }
  if (layout.uaOut >= 0) {
    const raw = values[layout.userAgent]!;
    const ua = raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
    out[layout.uaOut] = ua;
    out[layout.uaOut + 1] = ua;
  }
  if (layout.stem >= 0) {
    const stem = values[layout.stem]!;
    const query = layout.query >= 0 ? values[layout.query]! : '';
    const uri = query.length > 0 ? `${stem}?${query}` : stem;
    if (layout.uriOut >= 0) out[layout.uriOut] = uri;
    if (layout.curiOut >= 0) out[layout.curiOut] = uri;
    if (layout.extOut >= 0) out[layout.extOut] = extensionOfUriPath(stem);
  } else if (layout.extOut >= 0) {
    // Only a full cs-uri (proxies): the extension of its path part.
    const uri = values[layout.uri]!;
    const q = uri.indexOf('?');
    out[layout.extOut] = extensionOfUriPath(q < 0 ? uri : uri.slice(0, q));
  }
  const fields = layout.build(out);
  let time = NaN;
  const t = layout.time >= 0 ? values[layout.time]! : '';
  const d = layout.date >= 0 ? values[layout.date]! : layout.directiveDate;
  if (t.length > 0 && d.length > 0) time = parseTimestamp(`${d} ${t}`);
  else if (d.length > 0) time = parseTimestamp(d);
  return { fields, time };
}

export class W3cReader implements EventReader {
  readonly format = 'w3c';

  async *read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]> {
    const out = new EventBatcher(path, this.format, options);
    let layout: Layout | null = null;
    let directiveDate = '';
    yield* readLineEvents(path, options, out, (line, n) => {
      if (line.charCodeAt(0) === 35 /* # */) {
        if (line.startsWith('#Fields:')) layout = layoutOf(line.slice(8), directiveDate);
        else if (line.startsWith('#Date:')) {
          directiveDate = line.slice(6).trim().split(/\s+/)[0] ?? '';
          if (layout) layout.directiveDate = directiveDate;
        }
        return;
      }
      if (layout === null) {
        out.problem(`line ${n}`, 'log line before any #Fields directive');
        return;
      }
      const values = splitValues(line, layout.names.length);
      if (values.length !== layout.names.length) {
        if (line.trim().length === 0) return;
        out.problem(`line ${n}`, `expected ${layout.names.length} fields, found ${values.length}`);
        return;
      }
      const { fields, time } = toEvent(values, layout);
      out.add(fields, n, time, line, line.length);
    });
  }
}

/** W3C: a `#Fields:` directive among the first lines, the other lines directives or data. */
export const w3cSniffer: FormatSniffer = {
  format: 'w3c',
  sniff(head) {
    if (head.length === 0 || !isText(head)) return false;
    const lines = firstLines(head, 40);
    let fields = false;
    let w3cDirective = false;
    for (const l of lines) {
      if (l.startsWith('#Fields:')) fields = true;
      if (/^#(Software|Version|Date|Start-Date|Remark):/.test(l)) w3cDirective = true;
      if (l.startsWith('#separator') || l.startsWith('#fields')) return false; // Zeek
    }
    return fields && (w3cDirective || lines[0]!.startsWith('#Fields:'));
  },
  open: () => new W3cReader(),
};
