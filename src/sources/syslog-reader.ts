/**
 * Syslog text files (`/var/log/syslog`, `/var/log/messages`) in the two forms rsyslog and syslog-ng
 * write by default, with or without a leading `<PRI>`:
 *
 *   Oct 12 14:23:01 web01 sysmon[812]: <Event>…</Event>                 (RFC 3164, no year)
 *   2019-03-06T03:12:44.120512+00:00 web01 sshd[2211]: Accepted …      (RFC 3339 timestamps)
 *   <38>1 2019-03-06T03:12:44.120Z web01 sshd 2211 - - Accepted …        (RFC 5424)
 *
 * A message that is an event XML document (Sysmon for Linux) becomes that event's fields
 * (sysmon-linux-message.ts): Channel `Linux-Sysmon/Operational`, EventID, Computer, Image, … and its
 * time is the event's own TimeCreated. Any other line becomes `timestamp`, `host`, `program`, `pid`
 * and `message`, so nothing in the file is dropped. A year-less time takes the year of the last
 * Sysmon event read before it; before the first one, the year of the first Sysmon event in the
 * file's first 64 KiB, else of the file's modification time.
 *
 * Record number = line; `raw` is the line. Lines that fit neither form are reported.
 */
import { stat } from 'node:fs/promises';
import { readHead } from './byte-stream.js';
import type { EventFields, HuntEvent } from '../events/event.js';
import { parseBsdSyslogTime } from '../events/log-time.js';
import { eventTime, parseTimestamp } from '../events/timestamp.js';
import { EventBatcher, reasonOf } from './batcher.js';
import { readLineEvents } from './line-events.js';
import type { EventReader, FormatSniffer, ReadOptions } from './reader.js';
import { firstLines, isText } from './sniff-util.js';
import { eventXmlFields, isEventXml } from './sysmon-linux-message.js';

const LINE = /^(?:<\d{1,3}>)?([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (\S+) ([^\s:[]+)(?:\[(\d+)\])?: ?(.*)$/;

export interface SyslogLine {
  timestamp: string;
  host: string;
  program: string;
  pid: string;
  message: string;
}

/** RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD…]|- MSG` (`-` for a value not given). */
const RFC5424 = /^<\d{1,3}>1 (\S+) (\S+) (\S+) (\S+) \S+ (?:-|(?:\[(?:[^\]"]|"(?:[^"\\]|\\.)*")*\])+)(?: (.*))?$/;

export function parseSyslogLine(line: string): SyslogLine | null {
  const m = LINE.exec(line);
  if (m) return { timestamp: m[1]!, host: m[2]!, program: m[3]!, pid: m[4] ?? '', message: m[5]! };
  const r = RFC5424.exec(line);
  if (!r) return null;
  const nil = (v: string): string => (v === '-' ? '' : v);
  // A message may start with a UTF-8 byte order mark (RFC 5424 §6.4).
  return { timestamp: nil(r[1]!), host: nil(r[2]!), program: nil(r[3]!), pid: nil(r[4]!), message: (r[5] ?? '').replace(/^\uFEFF/, '') };
}

export class SyslogReader implements EventReader {
  readonly format = 'syslog';

  async *read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]> {
    const out = new EventBatcher(path, this.format, options);
    let year = await startYear(path);
    yield* readLineEvents(path, options, out, (line, n) => {
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (text.trim().length === 0) return;
      const p = parseSyslogLine(text);
      if (!p) {
        out.problem(`line ${n}`, 'not a syslog line (timestamp host program: message)');
        return;
      }
      let fields: EventFields;
      let time: number;
      if (isEventXml(p.message)) {
        try {
          fields = eventXmlFields(p.message);
        } catch (err) {
          out.problem(`line ${n}`, `invalid event XML from ${p.program}: ${reasonOf(err)}`);
          return;
        }
        time = eventTime(fields);
        if (!Number.isNaN(time)) year = new Date(time).getUTCFullYear();
      } else {
        fields = { timestamp: p.timestamp, host: p.host, program: p.program, pid: p.pid, message: p.message };
        time = /^\d{4}-/.test(p.timestamp) ? parseTimestamp(p.timestamp) : parseBsdSyslogTime(p.timestamp, year);
        if (Number.isNaN(time) && p.timestamp !== '') {
          out.problem(`line ${n}`, `time '${p.timestamp}' is not a syslog timestamp`);
          return;
        }
      }
      out.add(fields, n, time, text, text.length);
    });
  }
}

/** The year for year-less times before the first Sysmon event (see the file comment). */
async function startYear(path: string): Promise<number> {
  try {
    const anchor = /<TimeCreated SystemTime="(\d{4})-/.exec((await readHead(path)).toString('utf8'));
    if (anchor) return Number(anchor[1]);
    return new Date((await stat(path)).mtimeMs).getUTCFullYear();
  } catch {
    return new Date().getUTCFullYear(); // readLineEvents reports the unreadable file
  }
}

/** Syslog: the first non-empty line and most of the first 20 have the syslog shape. */
export const syslogSniffer: FormatSniffer = {
  format: 'syslog',
  sniff(head) {
    if (head.length === 0 || !isText(head)) return false;
    const lines = firstLines(head, 20).filter((l) => l.trim().length > 0);
    const isLine = (l: string): boolean => parseSyslogLine(l) !== null;
    if (lines.length === 0 || !isLine(lines[0]!)) return false;
    return lines.filter(isLine).length * 2 >= lines.length;
  },
  open: () => new SyslogReader(),
};
