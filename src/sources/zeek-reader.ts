/**
 * Zeek logs, both writers:
 * - TSV (the ASCII writer): `#separator`, `#set_separator`, `#empty_field`, `#unset_field`,
 *   `#path`, `#fields`, `#types` headers (they may repeat when logs are concatenated). Values are
 *   typed by `#types` as Zeek's JSON writer types them: time/interval/double/count/int/port →
 *   numbers, bool → true/false, set[…]/vector[…] → arrays split on the set separator, `(empty)` →
 *   empty array (or empty string), unset (`-`) fields left out, `\xHH` escapes decoded.
 * - JSON (one object per line), read by the JSONL reader with the same additions.
 *
 * Field names stay Zeek's (`ts`, `uid`, `id.orig_h`, `query`, `uri`…), as Sigma's zeek rules use
 * them. The log path (dns, http, conn, …; from `#path`, else `_path`, else the file name) is in
 * `_path` and in `zeek_log`, so logsource mapping can select by it. Time comes from `ts`. `raw` is
 * the TSV line as written (the parsed record for JSON logs).
 */
import { basename } from 'node:path';
import type { FieldValue, HuntEvent } from '../events/event.js';
import { eventTime } from '../events/timestamp.js';
import { EventBatcher } from './batcher.js';
import { JsonLinesReader, type FieldHook } from './json-reader.js';
import { readLineEvents } from './line-events.js';
import type { EventReader, FormatSniffer, ReadOptions } from './reader.js';
import { compileRecordBuilder, type RecordBuilder } from '../events/record-builder.js';
import { firstLines, isText } from './sniff-util.js';

/** The Zeek log path a file name suggests: `dns.log`, `dns.04:00:00-05:00:00.log.gz` → `dns`. */
export function zeekPathFromFileName(path: string): string {
  const name = basename(path);
  const first = name.split('.')[0] ?? name;
  return first.replace(/[_-]\d.*$/, '') || first;
}

/** Decode Zeek's ASCII escapes: `\xHH` byte runs (decoded as UTF-8) and `\\`. */
function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c !== 92 /* backslash */) {
      const next = s.indexOf('\\', i);
      const stop = next < 0 ? n : next;
      out += s.slice(i, stop);
      i = stop;
      continue;
    }
    if (s.charCodeAt(i + 1) === 92) {
      out += '\\';
      i += 2;
      continue;
    }
    const bytes: number[] = [];
    while (s.charCodeAt(i) === 92 && s.charCodeAt(i + 1) === 120 /* x */ && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
      bytes.push(parseInt(s.slice(i + 2, i + 4), 16));
      i += 4;
    }
    if (bytes.length === 0) {
      out += '\\';
      i++;
    } else {
      out += Buffer.from(bytes).toString('utf8');
    }
  }
  return out;
}

const enum Kind {
  Str,
  Num,
  Bool,
}

function kindOf(type: string): Kind {
  switch (type) {
    case 'time':
    case 'interval':
    case 'double':
    case 'count':
    case 'int':
    case 'port':
      return Kind.Num;
    case 'bool':
      return Kind.Bool;
    default:
      return Kind.Str;
  }
}

interface Column {
  name: string;
  kind: Kind;
  container: boolean;
}

interface Header {
  separator: string;
  setSeparator: string;
  empty: string;
  unset: string;
  path: string;
  names: string[];
  types: string[];
  columns: Column[] | null;
  /** Compiled builders by the set of unset columns (reset with the header). */
  shapes: Map<string, Shape>;
}

interface Shape {
  /** Indexes of the columns that are set, in order. */
  columns: Int32Array;
  /** The log has no `_path` column (or it is unset): `_path` is added before `zeek_log`. */
  addPath: boolean;
  build: RecordBuilder;
}

function shapeOf(cols: Column[], values: string[], unset: string): Shape {
  const present: number[] = [];
  const keys: string[] = [];
  for (let i = 0; i < cols.length; i++) {
    if (values[i] === unset) continue;
    present.push(i);
    keys.push(cols[i]!.name);
  }
  const addPath = !keys.includes('_path');
  if (addPath) keys.push('_path');
  // A `zeek_log` column, if a log had one, is replaced by the log path.
  const own = keys.indexOf('zeek_log');
  if (own >= 0) {
    keys.splice(own, 1);
    present.splice(own, 1);
  }
  keys.push('zeek_log');
  return { columns: Int32Array.from(present), addPath, build: compileRecordBuilder(keys) };
}

function scalar(text: string, kind: Kind): FieldValue {
  if (kind === Kind.Num) {
    const n = Number(text);
    return Number.isNaN(n) ? unescape(text) : n;
  }
  if (kind === Kind.Bool) return text === 'T' ? true : text === 'F' ? false : unescape(text);
  return unescape(text);
}

function splitSet(v: string, sep: string, kind: Kind): FieldValue[] {
  const parts = v.split(sep);
  const out: FieldValue[] = new Array<FieldValue>(parts.length);
  for (let i = 0; i < parts.length; i++) out[i] = scalar(parts[i]!, kind);
  return out;
}

function columnsOf(h: Header): Column[] {
  return h.names.map((name, i) => {
    const type = h.types[i] ?? 'string';
    const m = /^(?:set|vector)\[(.+)\]$/.exec(type);
    return { name, kind: kindOf(m ? m[1]! : type), container: m !== null };
  });
}

export class ZeekTsvReader implements EventReader {
  readonly format = 'zeek';

  async *read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]> {
    const out = new EventBatcher(path, this.format, options);
    const h: Header = {
      separator: '\t',
      setSeparator: ',',
      empty: '(empty)',
      unset: '-',
      path: zeekPathFromFileName(path),
      names: [],
      types: [],
      columns: null,
      shapes: new Map(),
    };
    yield* readLineEvents(path, options, out, (line, n) => {
      if (line.charCodeAt(0) === 35 /* # */) {
        this.directive(line, h);
        return;
      }
      h.columns ??= h.names.length ? columnsOf(h) : null;
      const cols = h.columns;
      if (cols === null) {
        out.problem(`line ${n}`, 'log line before any #fields header');
        return;
      }
      const values = line.split(h.separator);
      if (values.length !== cols.length) {
        out.problem(`line ${n}`, `expected ${cols.length} fields, found ${values.length}`);
        return;
      }
      // Which columns are unset decides the keys; one compiled builder per such key set.
      let unsetKey = '';
      const unset = h.unset;
      for (let i = 0; i < values.length; i++) if (values[i] === unset) unsetKey += `${i},`;
      let shape = h.shapes.get(unsetKey);
      if (shape === undefined) {
        shape = shapeOf(cols, values, h.unset);
        if (h.shapes.size >= 1024) h.shapes.clear(); // pathological logs: stay bounded
        h.shapes.set(unsetKey, shape);
      }
      const present = shape.columns;
      const vals: FieldValue[] = new Array<FieldValue>(present.length + 2);
      const empty = h.empty;
      for (let k = 0; k < present.length; k++) {
        const i = present[k]!;
        const c = cols[i]!;
        const v = values[i]!;
        if (v === empty) vals[k] = c.container ? [] : '';
        else if (c.container) vals[k] = splitSet(v, h.setSeparator, c.kind);
        else vals[k] = c.kind === Kind.Str ? (v.includes('\\') ? unescape(v) : v) : scalar(v, c.kind);
      }
      let width = present.length;
      if (shape.addPath) vals[width++] = h.path;
      vals[width++] = h.path;
      vals.length = width;
      const fields = shape.build(vals);
      out.add(fields, n, eventTime(fields), line, line.length);
    });
  }

  private directive(line: string, h: Header): void {
    if (line.startsWith('#separator')) {
      // `#separator \x09`: the one header separated by a space.
      h.separator = unescape(line.slice(10).trim()) || '\t';
      return;
    }
    const tab = line.indexOf(h.separator);
    if (tab < 0) return;
    const key = line.slice(1, tab);
    const rest = line.slice(tab + h.separator.length);
    switch (key) {
      case 'set_separator':
        h.setSeparator = unescape(rest);
        break;
      case 'empty_field':
        h.empty = rest;
        break;
      case 'unset_field':
        h.unset = rest;
        break;
      case 'path':
        h.path = rest;
        h.shapes = new Map();
        break;
      case 'fields':
        h.names = rest.split(h.separator);
        h.columns = null;
        h.shapes = new Map();
        break;
      case 'types':
        h.types = rest.split(h.separator);
        h.columns = null;
        h.shapes = new Map();
        break;
      default:
        break; // #open, #close
    }
  }
}

/** Zeek JSON logs: `_path` and `zeek_log` from the record's `_path` or the file name. */
const zeekJsonHook = (path: string): FieldHook => {
  const fromName = zeekPathFromFileName(path);
  return (fields) => {
    const p = typeof fields._path === 'string' && fields._path.length > 0 ? fields._path : fromName;
    fields._path = p;
    fields.zeek_log = p;
  };
};

export const zeekTsvSniffer: FormatSniffer = {
  format: 'zeek',
  sniff(head) {
    if (head.length === 0 || !isText(head)) return false;
    const lines = firstLines(head, 12);
    return lines[0]!.startsWith('#separator') && lines.some((l) => l.startsWith('#fields'));
  },
  open: () => new ZeekTsvReader(),
};

const ZEEK_ID_KEYS = ['uid', 'fuid', 'id.orig_h', '_path', '_write_ts'];

/** A JSON line log whose records carry `ts` and a Zeek identifier (`uid`, `id.orig_h`, …). */
export function looksLikeZeekJson(head: Buffer): boolean {
  for (const line of firstLines(head, 5)) {
    const s = line.trim();
    if (!s.startsWith('{') || !s.endsWith('}')) continue;
    try {
      const v = JSON.parse(s) as Record<string, unknown>;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      return 'ts' in v && ZEEK_ID_KEYS.some((k) => k in v);
    } catch {
      // next line
    }
  }
  return false;
}

export const zeekJsonSniffer: FormatSniffer = {
  format: 'zeek',
  sniff(head) {
    return head.length > 0 && isText(head) && looksLikeZeekJson(head);
  },
  open: () => new JsonLinesReader('zeek', zeekJsonHook),
};
