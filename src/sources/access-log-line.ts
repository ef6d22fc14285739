/**
 * One line of an NCSA access log, split into its parts. The shapes read (every one the default of
 * a server we meet on the actor's way in):
 *
 *   common      %h %l %u %t "%r" %>s %b                      Apache, Tomcat AccessLogValve, WildFly/Undertow `common`
 *   combined    common + "%{Referer}i" "%{User-Agent}i"      Apache, nginx `combined`, Undertow `combined`
 *   + extras    quoted (nginx "$http_x_forwarded_for") and bare values after them: a number is the
 *               response time (%D / %T, unit as configured), anything else the virtual host (%v)
 *   vhost first %v[:%p] %h %l %u %t …                         Apache `vhost_combined`
 *
 * Quoted values may hold `\"`, `\\` and `\xHH` escapes (Apache and nginx write them); they are decoded.
 */
export interface AccessLine {
  vhost: string;
  client: string;
  ident: string;
  user: string;
  /** The text between `[` and `]`. */
  time: string;
  request: string;
  status: string;
  bytes: string;
  /** Quoted values after the bytes: referer, user agent, then any more (X-Forwarded-For). */
  quoted: string[];
  /** The first bare number after the bytes (response time), '' when none. */
  taken: string;
  /** The first bare non-number after the bytes (virtual host), '' when none. */
  host: string;
}

/** Decode `\xHH` runs (as UTF-8), `\\`, `\"` and other `\c` escapes of a quoted value. */
function unescapeQuoted(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const bs = s.indexOf('\\', i);
    if (bs < 0) return out + s.slice(i);
    out += s.slice(i, bs);
    const bytes: number[] = [];
    let j = bs;
    while (s.charCodeAt(j) === 92 && s.charCodeAt(j + 1) === 120 && /^[0-9a-fA-F]{2}$/.test(s.slice(j + 2, j + 4))) {
      bytes.push(parseInt(s.slice(j + 2, j + 4), 16));
      j += 4;
    }
    if (bytes.length > 0) {
      out += Buffer.from(bytes).toString('utf8');
      i = j;
    } else {
      out += bs + 1 < s.length ? s[bs + 1] : '\\';
      i = bs + 2;
    }
  }
  return out;
}

/** The quoted value starting at `at` (a `"`): [decoded value, index after the closing quote]. */
function quotedAt(line: string, at: number): [string, number] | null {
  let j = at + 1;
  let escaped = false;
  for (; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === 92 /* \ */) {
      escaped = true;
      j++;
      continue;
    }
    if (c === 34 /* " */) break;
  }
  if (j >= line.length) return null;
  const body = line.slice(at + 1, j);
  return [escaped ? unescapeQuoted(body) : body, j + 1];
}

const STATUS = /^\d{3}$/;
const NUMBER = /^\d+(?:\.\d+)?$/;

/** The parts of `line`, or a one-line reason why it is not an access log line. */
export function parseAccessLine(line: string): AccessLine | string {
  const open = line.indexOf(' [');
  if (open < 0) return 'no [time] field';
  const head = line.slice(0, open).split(' ').filter((t) => t.length > 0);
  if (head.length < 3) return 'expected host, ident and user before [time]';
  const close = line.indexOf(']', open + 2);
  if (close < 0) return 'unterminated [time] field';
  const time = line.slice(open + 2, close);
  let at = close + 1;
  while (line.charCodeAt(at) === 32) at++;
  if (line.charCodeAt(at) !== 34) return 'no quoted request after [time]';
  const req = quotedAt(line, at);
  if (!req) return 'unterminated quoted request';
  at = req[1];
  const quoted: string[] = [];
  const bare: string[] = [];
  while (at < line.length) {
    const c = line.charCodeAt(at);
    if (c === 32 || c === 9) {
      at++;
      continue;
    }
    if (c === 34) {
      const q = quotedAt(line, at);
      if (!q) return `unterminated quoted value at column ${at + 1}`;
      quoted.push(q[0]);
      at = q[1];
      continue;
    }
    let end = line.indexOf(' ', at);
    if (end < 0) end = line.length;
    // Before the status and bytes, bare values are those two; quoted ones only come after.
    if (bare.length < 2 && quoted.length > 0) return 'quoted value before status and bytes';
    bare.push(line.slice(at, end));
    at = end;
  }
  const [status = '', bytes = ''] = bare;
  if (!STATUS.test(status)) return `status '${status}' is not a 3-digit number`;
  if (bytes !== '-' && !NUMBER.test(bytes)) return `size '${bytes}' is not a number or '-'`;
  const extra = bare.slice(2);
  const n = head.length;
  return {
    vhost: head.slice(0, n - 3).join(' '),
    client: head[n - 3]!,
    ident: head[n - 2]!,
    user: head[n - 1]!,
    time,
    request: req[0],
    status,
    bytes,
    quoted,
    taken: extra.find((x) => NUMBER.test(x)) ?? '',
    host: extra.find((x) => !NUMBER.test(x) && x !== '-') ?? '',
  };
}
