/**
 * Logons as responders read them, from any log that records one: Windows Security 4624 (success),
 * 4625 (failure), 4648 (logon with explicit credentials), 4672 (special privileges assigned),
 * TerminalServices 1149 (RDP authentication), and sshd's `Accepted …`/`Failed …` lines in syslog or
 * the journal. RDP is a 4624/4625 of logon type 10 or a 1149; SSH the sshd lines.
 */
import type { EventFields, FieldValue } from '../events/event.js';

export interface Logon {
  /** What recorded it: 4624, 4625, 4648, 4672, 1149 or ssh. */
  event: string;
  outcome: 'success' | 'failure';
  /** rdp, ssh, or windows (other Windows logon types). */
  kind: 'rdp' | 'ssh' | 'windows';
  /** DOMAIN\user when a domain is given. */
  user: string;
  /** Windows logon type (2 interactive, 3 network, 10 remote interactive…) or the SSH method. */
  logonType: string;
  source: string;
}

const text = (v: FieldValue | undefined): string => (typeof v === 'string' ? (v === '-' ? '' : v) : typeof v === 'number' ? String(v) : '');

function qualified(domain: FieldValue | undefined, user: FieldValue | undefined): string {
  const d = text(domain);
  const u = text(user);
  return d && u ? `${d}\\${u}` : u;
}

const SSHD = /^(Accepted|Failed) (\S+) for (?:invalid user )?(\S+) from (\S+) port \d+/;

function sshLogon(fields: EventFields): Logon | null {
  const program = text(fields.program) || text(fields.SYSLOG_IDENTIFIER);
  if (program !== 'sshd') return null;
  const m = SSHD.exec(text(fields.message) || text(fields.MESSAGE));
  if (!m) return null;
  return { event: 'ssh', outcome: m[1] === 'Accepted' ? 'success' : 'failure', kind: 'ssh', user: m[3]!, logonType: m[2]!, source: m[4]! };
}

/** The logon an event records, or null (most events). */
export function logonOf(fields: EventFields): Logon | null {
  const id = fields.EventID;
  if (id === undefined) return sshLogon(fields);
  switch (Number(id)) {
    case 4624:
    case 4625: {
      const type = text(fields.LogonType);
      return {
        event: String(Number(id)), outcome: Number(id) === 4624 ? 'success' : 'failure', kind: type === '10' ? 'rdp' : 'windows',
        user: qualified(fields.TargetDomainName, fields.TargetUserName), logonType: type, source: text(fields.IpAddress) || text(fields.WorkstationName),
      };
    }
    case 4648:
      return { event: '4648', outcome: 'success', kind: 'windows', user: qualified(fields.TargetDomainName, fields.TargetUserName), logonType: '', source: text(fields.IpAddress) || text(fields.TargetServerName) };
    case 4672:
      return { event: '4672', outcome: 'success', kind: 'windows', user: qualified(fields.SubjectDomainName, fields.SubjectUserName), logonType: '', source: '' };
    case 1149:
      if (!/TerminalServices-RemoteConnectionManager/i.test(text(fields.Channel) || text(fields.Provider_Name))) return null;
      return { event: '1149', outcome: 'success', kind: 'rdp', user: qualified(fields.Param2, fields.Param1), logonType: '10', source: text(fields.Param3) };
    default:
      return null;
  }
}
