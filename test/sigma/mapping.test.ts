import assert from 'node:assert/strict';
import { test } from 'node:test';
import { event, loadYaml, run } from './helpers.js';
import { mappingFromDocs } from '../../src/sigma/mapping.js';

const procRule = `title: Rundll32 no args
id: proc-1
level: high
logsource:
    product: windows
    category: process_creation
detection:
    sel:
        Image|endswith: '\\rundll32.exe'
        ParentImage|endswith: '\\winword.exe'
    condition: sel
`;

test('process_creation runs on Sysmon 1 and on Security 4688 with its own field names', async () => {
  const set = await loadYaml({ 'p.yml': procRule });
  const sysmon = event({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, Image: 'C:\\Windows\\System32\\rundll32.exe', ParentImage: 'C:\\Office\\WINWORD.EXE' });
  const security = event({ Channel: 'Security', EventID: 4688, NewProcessName: 'C:\\Windows\\System32\\rundll32.exe', ParentProcessName: 'C:\\Office\\winword.exe' });
  const found = run(set, [sysmon, security]);
  assert.equal(found.length, 2);
  assert.deepEqual(found[1]!.matched, { NewProcessName: 'C:\\Windows\\System32\\rundll32.exe', ParentProcessName: 'C:\\Office\\winword.exe' });
});

test('the rule index keeps rules off events of other channels and event IDs', async () => {
  const set = await loadYaml({ 'p.yml': procRule });
  const fields = { Image: 'C:\\Windows\\System32\\rundll32.exe', ParentImage: 'C:\\Office\\winword.exe' };
  const wrongId = event({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 3, ...fields });
  const wrongChannel = event({ Channel: 'Application', EventID: 1, ...fields });
  const noChannel = event({ EventID: 1, ...fields });
  const secWithSysmonNames = event({ Channel: 'Security', EventID: 4688, ...fields });
  assert.equal(run(set, [wrongId, wrongChannel, noChannel, secWithSysmonNames]).length, 0);
  // Channel names compare case-insensitively; EventID may be a string.
  assert.equal(run(set, [event({ Channel: 'microsoft-windows-sysmon/operational', EventID: '1', ...fields })]).length, 1);
});

test('service logsources select by channel; registry_add adds an EventType condition', async () => {
  const set = await loadYaml({
    's.yml': 'title: Failed logon\nid: s-1\nlogsource:\n    product: windows\n    service: security\ndetection:\n    sel:\n        EventID: 4625\n    condition: sel\n',
    'r.yml': 'title: Run key\nid: r-1\nlogsource:\n    product: windows\n    category: registry_add\ndetection:\n    sel:\n        TargetObject|contains: \\Run\n    condition: sel\n',
  });
  const out = run(set, [
    event({ Channel: 'Security', EventID: 4625 }),
    event({ Channel: 'System', EventID: 4625 }),
    event({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 12, EventType: 'CreateKey', TargetObject: 'HKLM\\Software\\Run' }),
    event({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 12, EventType: 'DeleteKey', TargetObject: 'HKLM\\Software\\Run' }),
  ]);
  assert.deepEqual(out.map((f) => f.rule.id), ['s-1', 'r-1']);
});

test('Defender field names with spaces are reached by their spaceless Sigma names', async () => {
  const set = await loadYaml({
    'd.yml': 'title: EICAR\nid: d-1\nlogsource:\n    product: windows\n    service: windefend\ndetection:\n    sel:\n        EventID: 1116\n        ThreatName|contains: EICAR\n    condition: sel\n',
    'av.yml': 'title: AV generic\nid: av-1\nlogsource:\n    category: antivirus\ndetection:\n    sel:\n        Signature|contains: EICAR\n    condition: sel\n',
  });
  const e = event({ Channel: 'Microsoft-Windows-Windows Defender/Operational', EventID: 1116, 'Threat Name': 'Virus:DOS/EICAR_Test_File' });
  assert.deepEqual(run(set, [e]).map((f) => f.rule.id).sort(), ['av-1', 'd-1']);
});

test('non-Windows logsources run on W3C and Zeek events by format, fields and _path', async () => {
  const set = await loadYaml({
    'w.yml': 'title: Webshell\nid: w-1\nlogsource:\n    category: webserver\ndetection:\n    sel:\n        cs-uri-query|contains: cmd=\n    condition: sel\n',
    'z.yml': 'title: DNS\nid: z-1\nlogsource:\n    product: zeek\n    service: dns\ndetection:\n    sel:\n        query|endswith: .evil.example\n    condition: sel\n',
    'c.yml': 'title: Cloud\nid: c-1\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        eventName: StopLogging\n    condition: sel\n',
  });
  const out = run(set, [
    event({ 'cs-uri-stem': '/shell.aspx', 'cs-uri-query': 'cmd=whoami', 'c-ip': '1.2.3.4' }, 'w3c', 'u_ex1.log'),
    event({ _path: 'dns', query: 'a.evil.example' }, 'json', 'zeek.json'),
    event({ query: 'a.evil.example', qtype_name: 'A' }, 'zeek', 'conn.log'),
    event({ query: 'b.evil.example' }, 'zeek', 'dns.log'),
    event({ eventName: 'StopLogging' }, 'json'),
    // A Windows event never reaches the non-Windows rules.
    event({ Channel: 'Security', EventID: 1, eventName: 'StopLogging', 'cs-uri-query': 'cmd=1' }),
  ]);
  assert.deepEqual(out.map((f) => f.rule.id), ['w-1', 'z-1', 'z-1', 'z-1', 'c-1']);
});

test('syslog logsources: linux/auth by facility or program, syslog-only services and Cisco by their own fields', async () => {
  const keyword = (id: string, logsource: string): string =>
    `title: ${id}\nid: ${id}\nlogsource:\n${logsource}\ndetection:\n    keywords:\n        - 'authentication failure'\n    condition: keywords\n`;
  const set = await loadYaml({
    'a.yml': keyword('auth', '    product: linux\n    service: auth'),
    'v.yml': keyword('vsftpd', '    product: linux\n    service: vsftpd'),
    'c.yml': keyword('cisco', '    product: cisco'),
  });
  const message = 'pam_unix(dovecot:auth): authentication failure; rhost=198.51.100.4 user=root';
  const out = run(set, [
    event({ facility: 'authpriv', host: 'mail01', program: 'dovecot', message }, 'syslog', 'messages'),
    event({ facility: 'mail', host: 'mail01', program: 'dovecot', message }, 'syslog', 'messages'),
    event({ facility: 'daemon', host: 'web01', program: 'polkitd', message }, 'syslog', 'messages', 2),
    event({ facility: 'daemon', host: 'ftp01', program: 'vsftpd', message }, 'syslog', 'messages', 3),
    event({ host: 'fw01', cisco_facility: 'ASA', message }, 'syslog', 'udp://10.0.0.1:514', 4),
  ]);
  assert.deepEqual(out.map((f) => `${f.rule.id}@${f.source.path}:${f.source.record}`), [
    'auth@messages:1', 'auth@messages:2', 'vsftpd@messages:3', 'cisco@udp://10.0.0.1:514:4',
  ]);
});

test('mappings are data: a custom mappings folder changes what a logsource selects', async () => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { tempDir } = await import('./helpers.js');
  const dir = tempDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/custom.yml`, 'unmapped: none\nlogsources:\n  - logsource: {product: windows, category: process_creation}\n    events: [{channel: MyEDR, fieldmap: {Image: [proc_path]}}]\n');
  const set = await loadYaml({ 'p.yml': procRule.replace(/ +ParentImage\|endswith.*\n/, '') }, { mappingsDir: dir });
  const out = run(set, [event({ Channel: 'MyEDR', EventID: 5, proc_path: 'x\\rundll32.exe' }), event({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, Image: 'x\\rundll32.exe' })]);
  assert.deepEqual(out.map((f) => f.source.record), [1]);
  assert.deepEqual(out[0]!.matched, { proc_path: 'x\\rundll32.exe' });
});

test('the literal prefilter never hides a match (same findings as full evaluation)', async () => {
  const set = await loadYaml({
    'a.yml': 'title: A\nid: a\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n    sel:\n        CommandLine|contains:\n            - " -nop "\n            - "downloadstring("\n    condition: sel\n',
    'b.yml': 'title: B\nid: b\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n    sel:\n        CommandLine|re: "(?i)invoke-[a-z]+"\n    condition: sel\n',
    'c.yml': 'title: C\nid: c\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n    sel:\n        Image|endswith: "\\\\certutil.exe"\n    filter:\n        CommandLine|contains: "-urlcache"\n    condition: sel or not filter\n',
  });
  const ch = { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1 };
  const out = run(set, [
    event({ ...ch, CommandLine: 'powershell -NoP -c IEX (New-Object Net.WebClient).DownloadString(x)', Image: 'p.exe' }, 'json', 'f', 1),
    event({ ...ch, CommandLine: 'Invoke-Mimikatz', Image: 'p.exe' }, 'json', 'f', 2),
    event({ ...ch, CommandLine: 'certutil -urlcache -f http://x', Image: 'C:\\CERTUTIL.EXE' }, 'json', 'f', 3),
    event({ ...ch, CommandLine: 'calc', Image: 'calc.exe' }, 'json', 'f', 4),
  ]);
  // Findings of one event may come in any rule order (the hunt sorts by time).
  assert.deepEqual(out.map((f) => `${f.rule.id}${f.source.record}`).sort(), ['a1', 'b2', 'c1', 'c2', 'c3', 'c4']);
});

test('keyword rules still see values of fields that field rules prefilter on', async () => {
  const set = await loadYaml({
    'k.yml': 'title: Mimikatz keywords\nid: k\nlogsource:\n    product: windows\ndetection:\n    keywords:\n        - "sekurlsa::logonpasswords"\n        - "lsadump::sam"\n    condition: keywords\n',
    'f.yml': 'title: Field rule\nid: f\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n    sel:\n        CommandLine|contains: "procdump"\n    condition: sel\n',
  });
  const ch = { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1 };
  const out = run(set, [
    event({ ...ch, CommandLine: 'm.exe "SEKURLSA::LogonPasswords" exit' }, 'json', 'f', 1),
    event({ ...ch, CommandLine: 'procdump -ma lsass', Other: 'lsadump::sam' }, 'json', 'f', 2),
    event({ ...ch, CommandLine: 'calc' }, 'json', 'f', 3),
  ]);
  assert.deepEqual(out.map((f) => `${f.rule.id}${f.source.record}`).sort(), ['f2', 'k1', 'k2']);
});

test('a logsource resolves to the entries with the most matching keys, ties in file order; an entry naming another key matches nothing', () => {
  const sel = (channel: string): Record<string, unknown> => ({ channel });
  const mapping = mappingFromDocs([
    ['a.yml', { logsources: [
      { logsource: { product: 'windows' }, events: [sel('A')] },
      { logsource: { product: 'windows', category: 'process_creation' }, events: [sel('B')] },
      { logsource: { category: 'process_creation' }, events: [sel('C')] },
      { logsource: { product: 'windows', definition: 'x' }, events: [sel('E')] },
    ] }],
    ['b.yml', { logsources: [{ logsource: { category: 'Process_Creation', product: 'Windows' }, events: [sel('D1'), sel('D2')] }] }],
  ]);
  const channels = (ls: Record<string, string>): string[] => mapping.resolve(ls).selectors.map((s) => s.channels?.[0] ?? '*');
  assert.deepEqual(channels({ product: 'Windows', category: 'process_creation', service: 'other' }), ['b', 'd1', 'd2']);
  assert.deepEqual(channels({ product: 'windows' }), ['a']);
  assert.deepEqual(channels({ category: 'process_creation', product: 'linux' }), ['c']);
  assert.deepEqual(channels({ product: 'windows', category: 'dns' }), ['a']);
  assert.equal(mapping.resolve({ product: 'macos' }).mapped, false);
});
