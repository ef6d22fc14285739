/**
 * One record (line) of a Linux audit log, `/var/log/audit/audit.log` as auditd writes it:
 *
 *   [node=HOST ]type=TYPE msg=audit(EPOCH.MS:SERIAL): key=value key="quoted" key=HEX … [\x1dENRICHED=…]
 *
 * Values: `"…"` quoted as logged; untrusted strings that contain spaces, quotes or control bytes are
 * written as unquoted hex by auditd and are decoded here (for the fields that carry such strings, and
 * every EXECVE argument); the PROCTITLE's NUL separators become spaces. A userspace record's nested
 * `msg='k=v …'` is read into the same record (its keys do not overwrite the outer ones). The
 * `log_format = ENRICHED` part after the 0x1d separator (`UID="root" …`) is kept under its own
 * upper-case names. A syslog prefix before `type=`/`node=` (audispd forwarding) is skipped.
 */
export interface AuditRecord {
  type: string;
  /** Event time, epoch ms. */
  time: number;
  /** The event serial: the records of one event share it (with the time). */
  serial: string;
  fields: Record<string, string>;
}

/** Fields auditd logs with audit_log_untrustedstring (hex when the value needs it). */
const UNTRUSTED = new Set(['comm', 'exe', 'cwd', 'name', 'proctitle', 'key', 'path', 'cmd', 'ocomm', 'data', 'acct', 'dir', 'file', 'watch', 'old-chardev', 'new-chardev', 'root_dir', 'grp', 'id', 'new_group', 'exec']);
const HEX = /^(?:[0-9A-F]{2})+$/;
const START = /(?:^|\s)((?:node=\S+ )?type=[A-Za-z0-9_]+ msg=audit\()/;
const STAMP = /^(\d+)\.(\d+):(\d+)\):/;

function decodeHex(value: string, proctitle: boolean): string {
  const text = Buffer.from(value, 'hex').toString('utf8');
  return proctitle ? text.replace(/\u0000+$/, '').replace(/\u0000/g, ' ') : text;
}

/** Value decoders for readPairs, made once (not per line): EXECVE arguments, other records, ENRICHED. */
const EXECVE_ARG = /^a\d+(\[\d+\])?$/;
const decodeArgument = (key: string, raw: string): string => (EXECVE_ARG.test(key) && HEX.test(raw) ? decodeHex(raw, false) : raw);
const decodeUntrusted = (key: string, raw: string): string => (UNTRUSTED.has(key) && HEX.test(raw) ? decodeHex(raw, key === 'proctitle') : raw);
const keepRaw = (_key: string, raw: string): string => raw;

/** `k=v k="v" k='v w'` pairs from `text` into `out` (existing keys kept). */
export function readPairs(text: string, out: Record<string, string>, decode: (key: string, raw: string) => string): void {
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const key = text.slice(i, eq);
    let value: string;
    const q = text[eq + 1];
    if (q === '"' || q === "'") {
      const end = text.indexOf(q, eq + 2);
      const stop = end < 0 ? n : end;
      value = text.slice(eq + 2, stop);
      i = stop + 1;
      if (q === "'" && key === 'msg') {
        readPairs(value, out, decode);
        continue;
      }
    } else {
      const sp = text.indexOf(' ', eq + 1);
      const stop = sp < 0 ? n : sp;
      value = decode(key, text.slice(eq + 1, stop));
      i = stop;
    }
    if (key.length > 0 && !key.includes(' ') && !(key in out) && key !== '__proto__') out[key] = value;
  }
}

/** The record on `line`, or a one-line reason why it is not an audit record. */
export function parseAuditRecord(line: string): AuditRecord | string {
  const m = START.exec(line);
  if (!m) return 'no type=… msg=audit(…) record header';
  let text = line.slice(m.index + (m[0].length - m[1]!.length));
  const fields: Record<string, string> = {};
  if (text.startsWith('node=')) {
    const sp = text.indexOf(' ');
    fields.node = text.slice(5, sp);
    text = text.slice(sp + 1);
  }
  const typeEnd = text.indexOf(' ');
  const type = text.slice(5, typeEnd);
  const rest = text.slice(typeEnd + 1 + 'msg=audit('.length);
  const stamp = STAMP.exec(rest);
  if (!stamp) return 'msg=audit(…) is not (seconds.millis:serial)';
  const time = Number(stamp[1]) * 1000 + Number(stamp[2]!.slice(0, 3).padEnd(3, '0'));
  const serial = stamp[3]!;
  fields.type = type;
  fields.serial = serial;
  let body = rest.slice(stamp[0].length);
  let enriched = '';
  const gs = body.indexOf('\u001d');
  if (gs >= 0) {
    enriched = body.slice(gs + 1);
    body = body.slice(0, gs);
  }
  readPairs(body, fields, type === 'EXECVE' ? decodeArgument : decodeUntrusted);
  if (enriched) readPairs(enriched, fields, keepRaw);
  return { type, time, serial, fields };
}

/**
 * The command line of an EXECVE record: its arguments a0…a(argc-1) joined by spaces; an argument
 * auditd split into pieces (`a1_len=…  a1[0]=… a1[1]=…`) is put back together.
 */
export function execveCommandLine(fields: Record<string, string>): string {
  const argc = Number(fields.argc);
  const count = Number.isInteger(argc) && argc > 0 ? argc : Infinity;
  const args: string[] = [];
  for (let i = 0; i < count; i++) {
    let arg = fields[`a${i}`];
    if (arg === undefined && fields[`a${i}_len`] !== undefined) {
      arg = '';
      for (let k = 0; fields[`a${i}[${k}]`] !== undefined; k++) arg += fields[`a${i}[${k}]`];
    }
    if (arg === undefined) break;
    args.push(arg);
  }
  return args.join(' ');
}
