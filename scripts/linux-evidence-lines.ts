/**
 * Linux evidence lines in the exact shapes the tools write them — Sysmon for Linux event XML in a
 * syslog line, raw auditd records, access log lines — for the example generator, tests and benchmarks.
 */

let recordId = 100;

/** Sysmon's EventRecordID counter (per process run; deterministic from the start). */
export function resetSysmonRecordId(first: number): void {
  recordId = first;
}

/** One Sysmon for Linux event as rsyslog writes it to /var/log/syslog. */
export function sysmonSyslogLine(host: string, iso: string, eventId: number, data: Record<string, string>): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const d = new Date(iso);
  const bsd = d.toUTCString().slice(8, 11) + ' ' + String(d.getUTCDate()).padStart(2, ' ') + ' ' + iso.slice(11, 19);
  const fields = Object.entries(data).map(([k, v]) => `<Data Name="${k}">${esc(v)}</Data>`).join('');
  return `${bsd} ${host} sysmon[812]: <Event><System><Provider Name="Linux-Sysmon" Guid="{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"/>` +
    `<EventID>${eventId}</EventID><Version>5</Version><Level>4</Level><Task>${eventId}</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>` +
    `<TimeCreated SystemTime="${iso.replace('Z', '000Z')}"/><EventRecordID>${recordId++}</EventRecordID><Correlation/><Execution ProcessID="812" ThreadID="812"/>` +
    `<Channel>Linux-Sysmon/Operational</Channel><Computer>${host}</Computer><Security UserId="0"/></System><EventData>${fields}</EventData></Event>`;
}

const utc = (iso: string): string => iso.replace('T', ' ').replace('Z', '');
const guid = (pid: number): string => `{8b2a5c1e-7f3d-6605-0000-${String(pid).padStart(12, '0')}}`;

/** A Sysmon for Linux process creation (event 1). */
export function sysmonProcess(host: string, iso: string, p: { image: string; cmd: string; parentImage: string; parentCmd: string; user?: string; cwd?: string; pid?: number; ppid?: number }): string {
  const pid = p.pid ?? 2290;
  const ppid = p.ppid ?? 1402;
  return sysmonSyslogLine(host, iso, 1, {
    RuleName: '-', UtcTime: utc(iso), ProcessGuid: guid(pid), ProcessId: String(pid),
    Image: p.image, FileVersion: '-', Description: '-', Product: '-', Company: '-', OriginalFileName: '-', CommandLine: p.cmd,
    CurrentDirectory: p.cwd ?? '/', User: p.user ?? 'root', LogonGuid: '{8b2a5c1e-0000-0000-0000-000000000000}', LogonId: '0', TerminalSessionId: '4294967295',
    IntegrityLevel: 'no level', Hashes: '-', ParentProcessGuid: guid(ppid), ParentProcessId: String(ppid),
    ParentImage: p.parentImage, ParentCommandLine: p.parentCmd, ParentUser: p.user ?? 'root',
  });
}

/** A Sysmon for Linux file creation (event 11). */
export function sysmonFileCreate(host: string, iso: string, image: string, target: string, pid = 1402, user = 'wildfly'): string {
  return sysmonSyslogLine(host, iso, 11, {
    RuleName: '-', UtcTime: utc(iso), ProcessGuid: guid(pid), ProcessId: String(pid),
    Image: image, TargetFilename: target, CreationUtcTime: utc(iso), User: user,
  });
}

/** A Sysmon for Linux network connection (event 3). */
export function sysmonNetwork(host: string, iso: string, p: { image: string; pid: number; user: string; initiated: boolean; src: string; sport: number; dst: string; dport: number }): string {
  return sysmonSyslogLine(host, iso, 3, {
    RuleName: '-', UtcTime: utc(iso), ProcessGuid: guid(p.pid), ProcessId: String(p.pid), Image: p.image, User: p.user, Protocol: 'tcp',
    Initiated: String(p.initiated), SourceIsIpv6: 'false', SourceIp: p.src, SourceHostname: '-', SourcePort: String(p.sport), SourcePortName: '-',
    DestinationIsIpv6: 'false', DestinationIp: p.dst, DestinationHostname: '-', DestinationPort: String(p.dport), DestinationPortName: '-',
  });
}

const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex').toUpperCase();

/** The records auditd writes for one execve: SYSCALL, EXECVE (args hex-encoded where auditd would), CWD, PROCTITLE, EOE. */
export function auditExec(node: string, epoch: number, serial: number, p: { exe: string; args: string[]; ppid: number; pid: number; uid: number; cwd: string }): string[] {
  const stamp = `msg=audit(${epoch.toFixed(3)}:${serial}):`;
  const arg = (a: string): string => (/[\s"\\]|[^\x21-\x7e]/.test(a) ? hex(a) : `"${a}"`);
  const comm = p.exe.slice(p.exe.lastIndexOf('/') + 1).slice(0, 15);
  return [
    `node=${node} type=SYSCALL ${stamp} arch=c000003e syscall=59 success=yes exit=0 a0=55e1c3a2b4f0 a1=55e1c3a2b6d0 a2=55e1c3a2b720 a3=8 items=2 ppid=${p.ppid} pid=${p.pid} auid=4294967295 uid=${p.uid} gid=${p.uid} euid=${p.uid} suid=${p.uid} fsuid=${p.uid} egid=${p.uid} sgid=${p.uid} fsgid=${p.uid} tty=(none) ses=4294967295 comm="${comm}" exe="${p.exe}" subj=unconfined key="exec"`,
    `node=${node} type=EXECVE ${stamp} argc=${p.args.length} ${p.args.map((a, i) => `a${i}=${arg(a)}`).join(' ')}`,
    `node=${node} type=CWD ${stamp} cwd="${p.cwd}"`,
    `node=${node} type=PATH ${stamp} item=0 name="${p.exe}" inode=1835 dev=fd:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0`,
    `node=${node} type=PROCTITLE ${stamp} proctitle=${hex(p.args.join('\u0000'))}`,
    `node=${node} type=EOE ${stamp}`,
  ];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `%t` of an access log for epoch ms `t` in a zone `offsetMinutes` east of UTC: `06/Mar/2019:10:12:44 +0100`. */
export function clfTime(t: number, offsetMinutes: number): string {
  const d = new Date(t + offsetMinutes * 60_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${sign}${two(Math.floor(off / 60))}${two(off % 60)}`;
}

/** An access log line in the `combined` format (WildFly/Undertow, Apache, nginx), with an optional response time. */
export function combinedLine(p: { ip: string; clf: string; method: string; uri: string; status: number; bytes: number; ua: string; referer?: string; millis?: number }): string {
  const tail = p.millis === undefined ? '' : ` ${p.millis}`;
  // Apache and nginx escape a quote or backslash inside a quoted value with a backslash.
  const q = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `${p.ip} - - [${p.clf}] "${q(`${p.method} ${p.uri} HTTP/1.1`)}" ${p.status} ${p.bytes === 0 ? '-' : p.bytes} "${q(p.referer ?? '-')}" "${q(p.ua)}"${tail}`;
}
