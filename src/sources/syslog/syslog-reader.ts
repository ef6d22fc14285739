/**
 * Syslog files: /var/log/syslog, messages, auth.log, secure, a relay's archive (plain or .gz), in
 * any of the line formats parse-syslog-message.ts reads (RFC 5424, RFC 3164 with or without PRI,
 * rsyslog's traditional and ISO file formats, Cisco IOS/ASA). One line is one message; record =
 * line number; `raw` is the line. A line that is not syslog, or whose event XML is invalid, is
 * reported (`line N: reason`) and reading goes on.
 *
 *   Mar  6 09:20:11 app-wf03 sysmon[812]: <Event>…</Event>        Sysmon for Linux: that event's fields
 *   Mar  4 10:22:31 web01 sshd[2211]: Failed password for …       header, message, sshd fields
 *
 * A BSD timestamp's missing year (bsd-timestamp.ts): lines after a Sysmon event are placed at or
 * after that event's own time; lines before the first one at or before the time of the first
 * Sysmon event in the file's first 64 KiB, else the file's modification time.
 */
import { stat } from 'node:fs/promises';
import type { HuntEvent } from '../../events/event.js';
import { parseTimestamp } from '../../events/timestamp.js';
import { EventBatcher } from '../batcher.js';
import { readHead } from '../byte-stream.js';
import { readLineEvents } from '../line-events.js';
import type { EventReader, FormatSniffer, ReadOptions } from '../reader.js';
import { firstLines, isText } from '../sniff-util.js';
import { parseSyslogHeader, parseSyslogMessage, type YearReference } from './parse-syslog-message.js';

export class SyslogReader implements EventReader {
  readonly format = 'syslog';

  async *read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]> {
    let reference: YearReference = await startReference(path);
    const out = new EventBatcher(path, this.format, options);
    yield* readLineEvents(path, options, out, (line, n) => {
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (text.trim().length === 0) return;
      const parsed = parseSyslogMessage(text, reference);
      if (typeof parsed === 'string') {
        out.problem(`line ${n}`, parsed);
        return;
      }
      if (parsed.embeddedEvent && !Number.isNaN(parsed.time)) reference = { after: parsed.time };
      out.add(parsed.fields, n, parsed.time, text, text.length);
    });
  }
}

/** The year reference for the lines before the first Sysmon event (see the file comment). */
async function startReference(path: string): Promise<number> {
  try {
    const anchor = /<TimeCreated SystemTime="([^"]{10,40})"/.exec((await readHead(path)).toString('utf8'));
    const time = anchor ? parseTimestamp(anchor[1]!) : NaN;
    return Number.isNaN(time) ? (await stat(path)).mtimeMs : time;
  } catch {
    return Date.now(); // readLineEvents reports the unreadable file by throwing an Error naming it.
  }
}

/** The start of a syslog line: PRI (`<NN>` then `1 ` or a date), or a BSD or ISO date then a host. */
const LINE_START = new RegExp(
  '^(?:<\\d{1,3}>(?:1 |[A-Z][a-z]{2} [ \\d]\\d |\\d{4}-\\d{2}-\\d{2}T|%[A-Z])' +
    '|[A-Z][a-z]{2} [ \\d]\\d (?:\\d{4} )?\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)? \\S' +
    '|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:?\\d{2}) \\S)',
);

/** A syslog header; the message itself (a damaged event XML, say) is the reader's to report. */
function isSyslogLine(line: string): boolean {
  return LINE_START.test(line) && typeof parseSyslogHeader(line, Date.now()) !== 'string';
}

/**
 * Syslog when the first non-blank line of the head is, and at least three in four of the first
 * ten are (a log may hold a damaged line, which the reader then reports).
 */
export function looksLikeSyslog(head: Buffer): boolean {
  const lines = firstLines(head, 10).filter((l) => l.trim().length > 0);
  if (lines.length === 0 || !isSyslogLine(lines[0]!)) return false;
  let good = 1;
  for (let i = 1; i < lines.length; i++) if (isSyslogLine(lines[i]!)) good++;
  return good * 4 >= lines.length * 3;
}

export const syslogSniffer: FormatSniffer = {
  format: 'syslog',
  sniff(head) {
    return head.length > 0 && isText(head) && looksLikeSyslog(head);
  },
  open: () => new SyslogReader(),
};
