/**
 * Process-creation events: Sysmon event 1 and Security 4688 (evtx_dump JSON/JSONL, Winlogbeat,
 * flat JSON, or EVTX through the project's readers when present), and ECS/auditd-style
 * `process.*` + `user.name` records from Linux hosts. Other events are counted and ignored.
 */
import type { EventFields, SourceRef } from '../../events/event.js';

export interface ProcessRecord {
  source: SourceRef;
  time: number;
  host: string;
  image: string;
  commandLine: string;
  /** Account the new process runs as (`NT AUTHORITY\SYSTEM`, `root`, `IIS APPPOOL\Billing`). */
  user: string;
  /** SID when the event gives one. */
  sid: string;
  parentImage: string;
  /** sysmon-1, security-4688, ecs. */
  kind: string;
}

function text(f: EventFields, ...names: string[]): string {
  for (const n of names) {
    const v = f[n];
    if (typeof v === 'string' && v !== '' && v !== '-') return v;
    if (typeof v === 'number') return String(v);
  }
  return '';
}

/** The process-creation view of one flattened event, or null when it is not one. */
export function processFromFields(f: EventFields, source: SourceRef, time: number): ProcessRecord | null {
  const id = Number(f.EventID);
  const channel = text(f, 'Channel', 'winlog.channel').toLowerCase();
  const provider = text(f, 'Provider_Name').toLowerCase();
  const host = text(f, 'Computer', 'host.name', 'hostname', 'host');
  if (id === 1 && (channel.includes('sysmon') || provider.includes('sysmon'))) {
    return {
      source, time, host, kind: 'sysmon-1',
      image: text(f, 'Image'), commandLine: text(f, 'CommandLine'), user: text(f, 'User'), sid: '',
      parentImage: text(f, 'ParentImage'),
    };
  }
  if (id === 4688 && (channel === 'security' || provider.includes('security-auditing'))) {
    // Version 2 names the new process's account in Target*; version 0/1 only the creator (Subject*).
    const targetName = text(f, 'TargetUserName');
    const user = targetName !== ''
      ? (text(f, 'TargetDomainName') ? `${text(f, 'TargetDomainName')}\\${targetName}` : targetName)
      : (text(f, 'SubjectDomainName') ? `${text(f, 'SubjectDomainName')}\\${text(f, 'SubjectUserName')}` : text(f, 'SubjectUserName'));
    const sid = targetName !== '' ? text(f, 'TargetUserSid') : text(f, 'SubjectUserSid');
    return {
      source, time, host, kind: 'security-4688',
      image: text(f, 'NewProcessName'), commandLine: text(f, 'CommandLine'),
      // SYSTEM's 4688 Subject is the computer account (HOST$); name it as Sysmon does.
      user: sid === 'S-1-5-18' ? 'NT AUTHORITY\\SYSTEM' : user,
      sid,
      parentImage: text(f, 'ParentProcessName'),
    };
  }
  const exe = text(f, 'process.executable', 'process.name', 'exe');
  if (exe !== '' && (text(f, 'event.category').includes('process') || text(f, 'user.name', 'user', 'uid') !== '')) {
    const uid = text(f, 'user.id', 'uid');
    return {
      source, time, host, kind: 'ecs',
      image: exe, commandLine: text(f, 'process.command_line', 'process.args', 'cmdline'),
      user: text(f, 'user.name', 'user', 'process.user.name') || (uid === '0' ? 'root' : ''),
      sid: uid,
      parentImage: text(f, 'process.parent.executable', 'process.parent.name'),
    };
  }
  return null;
}

/** True when records look like events (so a JSON file is a process-event export). */
export function looksLikeEvent(keys: Set<string>): boolean {
  return keys.has('Event') || keys.has('winlog') || keys.has('EventID') || keys.has('System') ||
    keys.has('process.executable') || keys.has('process.name');
}

const WEB_IMAGE = /(^|[\\/])(w3wp\.exe|httpd(\.exe)?|nginx(\.exe)?|apache2|tomcat\d*(\.exe)?|tomcat\d*w\.exe)$/i;
const JAVA_IMAGE = /(^|[\\/])javaw?(\.exe)?$/i;
const JAVA_WEB_CMDLINE = /jboss|wildfly|tomcat|catalina/i;

/** A web server process: w3wp, httpd, nginx, apache2, Tomcat service, or java running JBoss/WildFly/Tomcat. */
export function isWebProcess(p: ProcessRecord): boolean {
  return WEB_IMAGE.test(p.image) || (JAVA_IMAGE.test(p.image) && JAVA_WEB_CMDLINE.test(p.commandLine));
}
