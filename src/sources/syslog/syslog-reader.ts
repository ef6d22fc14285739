/**
 * Syslog files: /var/log/auth.log, secure, syslog, messages, a relay's archive (plain or .gz), in
 * any of the line formats parse-syslog-message.ts reads (RFC 5424, RFC 3164 with or without PRI,
 * rsyslog's traditional and ISO file formats). One line is one message; record = line number;
 * `raw` is the line. A line that is not syslog is reported (`line N: reason`) and reading goes on.
 *
 * A BSD timestamp's missing year is inferred from the file's modification time (bsd-timestamp.ts).
 */
import { stat } from 'node:fs/promises';
import type { HuntEvent } from '../../events/event.js';
import { EventBatcher } from '../batcher.js';
import { readLineEvents } from '../line-events.js';
import type { EventReader, FormatSniffer, ReadOptions } from '../reader.js';
import { firstLines, isText } from '../sniff-util.js';
import { parseSyslogMessage } from './parse-syslog-message.js';

export class SyslogReader implements EventReader {
  readonly format = 'syslog';

  async *read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]> {
    let reference = Date.now();
    try {
      reference = (await stat(path)).mtimeMs;
    } catch {
      // readLineEvents reports the unreadable file by throwing an Error naming it.
    }
    const out = new EventBatcher(path, this.format, options);
    yield* readLineEvents(path, options, out, (line, n) => {
      if (line.trim().length === 0) return;
      const parsed = parseSyslogMessage(line, reference);
      if (typeof parsed === 'string') out.problem(`line ${n}`, parsed);
      else out.add(parsed.fields, n, parsed.time, line, line.length);
    });
  }
}

/** The start of a syslog line: PRI (`<NN>` then `1 ` or a date), or a BSD or ISO date then a host. */
const LINE_START = new RegExp(
  '^(?:<\\d{1,3}>(?:1 |[A-Z][a-z]{2} [ \\d]\\d |\\d{4}-\\d{2}-\\d{2}T|%[A-Z])' +
    '|[A-Z][a-z]{2} [ \\d]\\d (?:\\d{4} )?\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)? \\S' +
    '|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:?\\d{2}) \\S)',
);

function isSyslogLine(line: string): boolean {
  return LINE_START.test(line) && typeof parseSyslogMessage(line, Date.now()) !== 'string';
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
