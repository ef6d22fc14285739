/**
 * Linux audit logs (`/var/log/audit/audit.log`, raw auditd format; parsing in auditd-record.ts).
 *
 * Every record is an event with its own fields, as SigmaHQ's `linux/auditd` rules expect (they
 * match per record type): `type`, `serial`, `node` when logged, and every `key=value` (`a0`, `exe`,
 * `comm`, `key`, `name`, `proctitle`, …) with hex-encoded strings decoded. Values stay strings.
 *
 * The records of one audit event share its serial. The EXECVE record also gets:
 *   cmdline                      its arguments joined by spaces
 *   exe, comm, pid, ppid, uid, auid, euid, ses, tty, success   from the event's SYSCALL record
 *   cwd                          from the event's CWD record
 * so rules see which program ran which command as whom (`product: linux` process_creation reads
 * EXECVE records through a field mapping: Image ← exe, CommandLine ← cmdline).
 *
 * auditd writes an event's records together, but events may interleave, so records wait (in order)
 * until their event ends: an EOE record, a record of another event after 64 more records, or the end
 * of the file. Record number = line; time from `msg=audit(…)`; `raw` is the line.
 */
import type { HuntEvent } from '../events/event.js';
import { execveCommandLine, parseAuditRecord, type AuditRecord } from './auditd-record.js';
import { EventBatcher } from './batcher.js';
import { readLineEvents } from './line-events.js';
import type { EventReader, FormatSniffer, ReadOptions } from './reader.js';
import { firstLines, isText } from './sniff-util.js';

const FROM_SYSCALL = ['exe', 'comm', 'pid', 'ppid', 'uid', 'auid', 'euid', 'ses', 'tty', 'success'];
/** Records of other events seen before a waiting event is taken as complete. */
const WAIT_RECORDS = 64;

interface Pending {
  records: Array<{ record: AuditRecord; line: number; raw: string }>;
  lastSeen: number;
}

/** Copy process context onto the EXECVE records of one event. */
function enrich(records: AuditRecord[]): void {
  const syscall = records.find((r) => r.type === 'SYSCALL');
  const cwd = records.find((r) => r.type === 'CWD');
  for (const r of records) {
    if (r.type !== 'EXECVE') continue;
    const f = r.fields;
    f.cmdline = execveCommandLine(f);
    if (syscall) for (const k of FROM_SYSCALL) if (syscall.fields[k] !== undefined && f[k] === undefined) f[k] = syscall.fields[k]!;
    if (cwd?.fields.cwd !== undefined && f.cwd === undefined) f.cwd = cwd.fields.cwd;
  }
}

export class AuditdReader implements EventReader {
  readonly format = 'auditd';

  async *read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]> {
    const out = new EventBatcher(path, this.format, options);
    const pending = new Map<string, Pending>();
    let seen = 0;
    const flush = (key: string): void => {
      const p = pending.get(key)!;
      pending.delete(key);
      enrich(p.records.map((x) => x.record));
      for (const { record, line, raw } of p.records) out.add(record.fields, line, record.time, raw, raw.length);
    };
    const flushStale = (): void => {
      for (const [key, p] of pending) if (seen - p.lastSeen > WAIT_RECORDS) flush(key);
    };
    const lines = readLineEvents(path, options, out, (line, n) => {
      if (line.trim().length === 0) return;
      const record = parseAuditRecord(line);
      if (typeof record === 'string') {
        out.problem(`line ${n}`, record);
        return;
      }
      seen++;
      const key = `${record.fields.node ?? ''}\u0000${record.time}:${record.serial}`;
      const p = pending.get(key) ?? { records: [], lastSeen: seen };
      p.records.push({ record, line: n, raw: line });
      p.lastSeen = seen;
      pending.set(key, p);
      if (record.type === 'EOE') flush(key);
      if (pending.size > 1) flushStale();
    });
    for await (const batch of lines) yield batch;
    for (const key of [...pending.keys()]) flush(key);
    yield* out.takeAll();
  }
}

/** Audit log: the first non-empty line is an audit record, and so are most of the first 20. */
export const auditdSniffer: FormatSniffer = {
  format: 'auditd',
  sniff(head) {
    if (head.length === 0 || !isText(head)) return false;
    const lines = firstLines(head, 20).filter((l) => l.trim().length > 0);
    if (lines.length === 0) return false;
    const isRecord = (l: string): boolean => typeof parseAuditRecord(l) !== 'string';
    return isRecord(lines[0]!) && lines.filter(isRecord).length * 2 >= lines.length;
  },
  open: () => new AuditdReader(),
};
