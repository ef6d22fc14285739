/**
 * BSD syslog (RFC 3164) and the line formats rsyslog and network devices actually write:
 * `[<PRI>]TIMESTAMP HOSTNAME TAG[PID]: MSG`, where
 * - PRI is optional (files such as /var/log/auth.log are written without it);
 * - TIMESTAMP is one of the forms in bsd-timestamp.ts; without one, a message that has a PRI is
 *   kept whole as MSG (Cisco ASA and IOS can send `<166>%ASA-6-302013: ...`), with the time of
 *   Cisco IOS's own `SEQ: TIMESTAMP:` prefix when it has one; a line with neither PRI nor
 *   timestamp is not syslog;
 * - HOSTNAME is left out by some senders (`Mar  4 10:22:31 sshd[311]: ...`): a first word that is
 *   already a `tag:` is read as the tag;
 * - TAG is up to 48 characters without space, `[`, `]` or `:`, optionally with `[PID]`, ended by
 *   `:`, is not all digits (Cisco's `1234:` sequence numbers), and never starts with `%` (that starts a Cisco `%FAC-SEV-MNEMONIC:` message); a line
 *   whose word after the host is no tag keeps that text in MSG and has no `program`.
 */
import type { EventFields } from '../../events/event.js';
import { readTimestamp, type YearReference } from './bsd-timestamp.js';
import type { Priority } from './priority.js';
import { setTimestamp, type SyslogParse, type SyslogRecord } from './syslog-record.js';

const TAG = /^([^\s[\]:%][^\s[\]:]{0,47})(?:\[([^\]\s]{0,128})\])?:$/;

function wordAt(text: string, pos: number): string {
  const end = text.indexOf(' ', pos);
  return end < 0 ? text.slice(pos) : text.slice(pos, end);
}

function skipSpaces(text: string, pos: number): number {
  while (text.charCodeAt(pos) === 32) pos++;
  return pos;
}

/** Cisco IOS's own prefix: `SEQ: [HOST: ][*|.]TIMESTAMP[ ZONE]: %FAC-SEV-MNEMONIC: ...`. */
const CISCO_PREFIX = /(\d+): (?:([A-Za-z0-9._-]+): )?[*.]?/y;

/**
 * A message with a PRI and no header timestamp. Cisco IOS sends its own sequence number and time
 * there (`<189>58: *Mar  1 18:46:11.123: %SYS-5-CONFIG_I: ...`): the time (and a host, when the
 * device names itself) is taken from it; the message stays whole either way.
 */
function ciscoWithoutHeader(text: string, pos: number, fields: EventFields, reference: YearReference): SyslogRecord {
  const message = text.slice(pos).trimStart();
  CISCO_PREFIX.lastIndex = pos;
  const m = CISCO_PREFIX.exec(text);
  const ts = m ? readTimestamp(text, CISCO_PREFIX.lastIndex, reference) : null;
  if (!m || !ts) return { fields, time: NaN, message };
  setTimestamp(fields, ts.time);
  if (m[2]) fields.host = m[2];
  return { fields, time: ts.time, message };
}

export function parseRfc3164(text: string, pri: Priority | null, reference: YearReference): SyslogParse {
  const fields: EventFields = pri ? { facility: pri.facility, severity: pri.severity } : {};
  let pos = pri ? pri.length : 0;
  // Cisco IOS marks an unsynchronised clock with `*` and a once-synchronised one with `.`.
  if (pri && (text[pos] === '*' || text[pos] === '.')) pos++;
  const ts = readTimestamp(text, pos, reference);
  if (!ts) {
    if (!pri) return 'no syslog priority or timestamp at the start of the line';
    return ciscoWithoutHeader(text, pos, fields, reference);
  }
  setTimestamp(fields, ts.time);
  pos = skipSpaces(text, ts.end);
  if (text[pos] === ':') pos = skipSpaces(text, pos + 1); // Cisco IOS: `*Mar  1 18:46:11.123: %SYS-...`
  let word = wordAt(text, pos);
  // Cisco IOS with a zone (`10:22:31.120 UTC: %SYS-5-CONFIG_I: ...`): the zone is no tag.
  if (/^[A-Z]{2,5}:$/.test(word) && text[pos + word.length + 1] === '%') {
    pos = skipSpaces(text, pos + word.length);
    word = wordAt(text, pos);
  }
  let tag = TAG.exec(word);
  if (!tag && word.length > 0 && word.length <= 255 && word[0] !== '%') {
    fields.host = word;
    pos = skipSpaces(text, pos + word.length);
    word = wordAt(text, pos);
    tag = TAG.exec(word);
    if (!tag && word === ':') pos = skipSpaces(text, pos + 1); // ASA: `fw01 : %ASA-...`
  }
  if (tag && /^\d+$/.test(tag[1]!)) tag = null; // Cisco IOS sequence number (`1234:`), no tag
  if (tag) {
    fields.program = tag[1]!;
    if (tag[2]) fields.pid = tag[2];
    pos = skipSpaces(text, pos + word.length);
  }
  return { fields, time: ts.time, message: text.slice(pos) };
}
