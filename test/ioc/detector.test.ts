import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createIocDetector } from '../../src/ioc/index.js';
import type { Indicator } from '../../src/intel/index.js';
import { importIntel } from '../../src/intel/index.js';
import type { EventFields, HuntEvent } from '../../src/events/event.js';
import type { Finding } from '../../src/findings/finding.js';

const ind = (type: Indicator['type'], value: string, extra: Partial<Indicator> = {}): Indicator => ({ type, value, source: 'test-src', tags: [], ...extra });

function event(fields: EventFields, time = Date.parse('2019-03-04T10:22:31.120Z')): HuntEvent {
  return { fields, source: { path: 'logs/web01.json', record: 7, format: 'jsonl' }, time, raw: fields };
}

function run(indicators: Indicator[], fields: EventFields, time?: number): Finding[] {
  const d = createIocDetector(indicators);
  const out: Finding[] = [];
  d.examine(event(fields, time), (f) => out.push(f));
  return out;
}
const ids = (fs: Finding[]): string[] => fs.map((f) => f.rule.id).sort();

test('finding shape follows the contract', () => {
  const fs = run([ind('domain', 'asyspy256.ddns.net', { tags: ['c2', 'attack.t1568'], note: 'dynamic-DNS C2' })], {
    EventID: 22, Computer: 'WEB01', QueryName: 'ASYSPY256.ddns.net', Image: 'C:\\Windows\\System32\\svchost.exe',
  });
  assert.equal(fs.length, 1);
  const f = fs[0]!;
  assert.deepEqual(f, {
    ts: '2019-03-04T10:22:31.120Z',
    detector: 'ioc',
    rule: { id: 'ioc:domain:asyspy256.ddns.net', title: 'Domain indicator asyspy256.ddns.net (dynamic-DNS C2)', level: 'high' },
    attack: ['T1568'],
    host: 'WEB01',
    source: { path: 'logs/web01.json', record: 7, format: 'jsonl' },
    matched: { QueryName: 'ASYSPY256.ddns.net', indicator: 'asyspy256.ddns.net' },
    event: { EventID: 22, Computer: 'WEB01', QueryName: 'ASYSPY256.ddns.net', Image: 'C:\\Windows\\System32\\svchost.exe' },
    intel: { source: 'test-src', tags: ['c2', 'attack.t1568'], sources: ['test-src'], indicator_valid: true },
  });
  const titled = run([ind('filename', 'nbtscan.exe')], { Image: 'C:\\t\\nbtscan.exe' });
  assert.equal(titled[0]!.rule.title, 'File name indicator nbtscan.exe (test-src)');
  assert.equal(titled[0]!.rule.level, 'medium');
  assert.equal(run([ind('filename', 'nbtscan.exe', { level: 'critical' })], { Image: 'C:\\t\\nbtscan.exe' })[0]!.rule.level, 'critical');
});

test('domain: label-boundary suffix semantics', () => {
  const list = [ind('domain', 'evil.ddns.net')];
  const hit = (v: string): boolean => run(list, { Text: v }).length === 1;
  // matches
  assert.ok(hit('evil.ddns.net'));
  assert.ok(hit('EVIL.DDNS.NET'));
  assert.ok(hit('a.b.evil.ddns.net'), 'subdomain');
  assert.ok(hit('evil.ddns.net.'), 'FQDN trailing dot');
  assert.ok(hit('https://user@x.evil.ddns.net:8443/a?b=c'), 'inside URL with user and port');
  assert.ok(hit('\\\\evil.ddns.net\\c$\\temp'), 'UNC path');
  assert.ok(hit('cmd /c ping -n 1 evil.ddns.net && whoami'), 'command line');
  assert.ok(hit('Beacon to "evil.ddns.net", retry'), 'quoted in prose');
  assert.ok(hit('ops@evil.ddns.net'), 'e-mail domain');
  // does not match
  assert.ok(!hit('notevil.ddns.net'), 'label boundary on the left');
  assert.ok(!hit('evil.ddns.net.example'), 'not a suffix: more labels after');
  assert.ok(!hit('evil.ddns.network'), 'label boundary on the right');
  assert.ok(!hit('ddns.net'), 'parent of the indicator');
  assert.ok(!hit('evil-ddns.net'));
  assert.ok(!hit('C:\\temp\\evil.ddns.net.txt'), 'a file named after the domain is not the domain');
});

test('IPv4: exact address, inside URLs and with ports; not inside longer numbers', () => {
  const list = [ind('ipv4', '45.251.241.82')];
  const hit = (v: string): boolean => run(list, { DestinationIp: v }).length === 1;
  assert.ok(hit('45.251.241.82'));
  assert.ok(hit('http://45.251.241.82:8080/x'));
  assert.ok(hit('45.251.241.82:443'));
  assert.ok(hit('::ffff:45.251.241.82'), 'IPv4-mapped IPv6');
  assert.ok(hit('src=10.0.0.1 dst=45.251.241.82'));
  assert.ok(!hit('45.251.241.8'));
  assert.ok(!hit('145.251.241.82'));
  assert.ok(!hit('45.251.241.821'));
  assert.ok(!hit('1.45.251.241.82'), 'five-part version string');
  assert.ok(!hit('45.251.241.82.5'));
});

test('CIDR edges: network, broadcast, just outside; /0 /32 and several lengths', () => {
  const list = [ind('cidr', '103.179.188.0/24'), ind('cidr', '10.64.0.0/10'), ind('cidr', '198.51.100.7/32')];
  const m = (ip: string): string[] => ids(run(list, { SourceIp: ip }));
  assert.deepEqual(m('103.179.188.0'), ['ioc:cidr:103.179.188.0/24']);
  assert.deepEqual(m('103.179.188.255'), ['ioc:cidr:103.179.188.0/24']);
  assert.deepEqual(m('103.179.187.255'), []);
  assert.deepEqual(m('103.179.189.0'), []);
  assert.deepEqual(m('10.64.0.0'), ['ioc:cidr:10.64.0.0/10']);
  assert.deepEqual(m('10.127.255.255'), ['ioc:cidr:10.64.0.0/10']);
  assert.deepEqual(m('10.128.0.0'), []);
  assert.deepEqual(m('10.63.255.255'), []);
  // A /32 given as CIDR is a plain address.
  assert.deepEqual(m('198.51.100.7'), ['ioc:ipv4:198.51.100.7']);
  // Host bits in the indicator are cleared on import.
  const [norm] = importIntel('c.csv', 'cidr,103.179.188.77/24').indicators;
  assert.equal(norm!.value, '103.179.188.0/24');
  const all = run([ind('cidr', '0.0.0.0/0')], { a: '8.8.8.8' });
  assert.equal(all.length, 1);
  // Address and block both contain it: the most specific indicator is reported.
  assert.deepEqual(ids(run([ind('cidr', '45.251.240.0/22'), ind('cidr', '45.251.241.0/24'), ind('ipv4', '45.251.241.82')], { ip: '45.251.241.82' })), ['ioc:ipv4:45.251.241.82']);
  assert.deepEqual(ids(run([ind('cidr', '45.251.240.0/22'), ind('cidr', '45.251.241.0/24')], { ip: '45.251.241.83' })), ['ioc:cidr:45.251.241.0/24']);
  assert.deepEqual(ids(run([ind('cidr', '45.251.240.0/22'), ind('cidr', '45.251.241.0/24')], { ip: '45.251.242.1' })), ['ioc:cidr:45.251.240.0/22']);
});

test('IPv6 forms: compressed, expanded, upper case, brackets, zone id, CIDR', () => {
  const list = [ind('ipv6', '2a03:b0c0:3:d0::1a51:c001'), ind('cidr', '2001:db8:abcd::/48')];
  const m = (v: string): string[] => ids(run(list, { DestinationIp: v }));
  assert.deepEqual(m('2a03:b0c0:3:d0::1a51:c001'), ['ioc:ipv6:2a03:b0c0:3:d0::1a51:c001']);
  assert.deepEqual(m('2A03:B0C0:0003:00D0:0000:0000:1A51:C001'), ['ioc:ipv6:2a03:b0c0:3:d0::1a51:c001']);
  assert.deepEqual(m('[2a03:b0c0:3:d0::1a51:c001]:443'), ['ioc:ipv6:2a03:b0c0:3:d0::1a51:c001']);
  assert.deepEqual(m('http://[2a03:b0c0:3:d0:0:0:1a51:c001]/x'), ['ioc:ipv6:2a03:b0c0:3:d0::1a51:c001']);
  assert.deepEqual(m('2a03:b0c0:3:d0::1a51:c001%12'), ['ioc:ipv6:2a03:b0c0:3:d0::1a51:c001']);
  assert.deepEqual(m('2a03:b0c0:3:d0::1a51:c002'), []);
  assert.deepEqual(m('2001:db8:abcd:ffff::1'), ['ioc:cidr:2001:db8:abcd::/48']);
  assert.deepEqual(m('2001:db8:abce::1'), []);
  assert.deepEqual(m('10:22:31'), [], 'a time is not an address');
});

test('hashes: whole hex runs, Sysmon Hashes strings, IMPHASH skipped, case-insensitive', () => {
  const sha256 = '9ae7c4a4e1cfe9b505c3a47e66551eb1357affee65bfefb0109d02f4e97c06dd';
  const md5 = '0c7f4a32d8e1b5f6a9c3e2d1b0a4f5e6';
  const sha1 = '53a44c2396d15c3a03723fa5e5db54cafd527635';
  const list = [ind('sha256', sha256), ind('md5', md5), ind('sha1', sha1)];
  const m = (v: string): string[] => ids(run(list, { Hashes: v }));
  assert.deepEqual(m(`SHA1=${sha1.toUpperCase()},MD5=AAAABBBBCCCCDDDDEEEEFFFF00001111,SHA256=${sha256.toUpperCase()},IMPHASH=${md5.toUpperCase()}`), [
    `ioc:sha1:${sha1}`, `ioc:sha256:${sha256}`,
  ]);
  assert.deepEqual(m(`MD5=${md5},SHA256=0000000000000000000000000000000000000000000000000000000000000000`), [`ioc:md5:${md5}`]);
  assert.deepEqual(m(sha256), [`ioc:sha256:${sha256}`]);
  assert.deepEqual(m(`C:\\samples\\${sha256}.bin`), [`ioc:sha256:${sha256}`]);
  assert.deepEqual(m(`x${sha256}`), [], 'a hex run inside a longer word');
  assert.deepEqual(m(`${sha256}ab`), [], 'longer hex run');
  assert.deepEqual(m(sha256.slice(0, 63)), []);
});

test('file names: basename of path fields and whole words in command lines', () => {
  const list = [ind('filename', 'nbtscan.exe'), ind('filename', 'errorEE.aspx'), ind('filename', 'IP Helper Svc.exe')];
  const m = (f: EventFields): string[] => ids(run(list, f));
  assert.deepEqual(m({ Image: 'C:\\Users\\Public\\NBTSCAN.EXE' }), ['ioc:filename:nbtscan.exe']);
  assert.deepEqual(m({ TargetFilename: 'C:\\inetpub\\wwwroot\\aspnet_client\\errorEE.aspx' }), ['ioc:filename:errorEE.aspx']);
  assert.deepEqual(m({ 'cs-uri-stem': '/aspnet_client/errorEE.aspx' }), ['ioc:filename:errorEE.aspx']);
  assert.deepEqual(m({ ImagePath: '"C:\\Program Files\\IP Helper Svc.exe" -k netsvcs' }), ['ioc:filename:IP Helper Svc.exe']);
  assert.deepEqual(m({ CommandLine: 'cmd /c C:\\temp\\nbtscan.exe 10.0.0.0/24' }), ['ioc:filename:nbtscan.exe']);
  assert.deepEqual(m({ CommandLine: 'cmd /c "nbtscan.exe" -r 10.0.0.0/24' }), ['ioc:filename:nbtscan.exe']);
  assert.deepEqual(m({ Image: 'C:\\t\\nbtscan.exe.bak' }), []);
  assert.deepEqual(m({ Image: 'C:\\t\\my-nbtscan.exe' }), []);
  assert.deepEqual(m({ CommandLine: 'copy a$nbtscan.exe b' }), [], 'not a whole word');
});

test('URLs: scheme-less prefix with boundary, joined W3C host and path', () => {
  const list = [ind('url', 'http://t1.hinitial.com/api/ping.php')];
  const m = (f: EventFields): number => run(list, f).length;
  assert.equal(m({ url: 'http://t1.hinitial.com/api/ping.php' }), 1);
  assert.equal(m({ url: 'HTTPS://T1.HINITIAL.COM/api/ping.php?id=5' }), 1);
  assert.equal(m({ CommandLine: 'certutil -urlcache -f http://t1.hinitial.com/api/ping.php c:\\x' }), 1);
  assert.equal(m({ url: 'http://t1.hinitial.com/api/ping.php5' }), 0);
  assert.equal(m({ url: 'http://xt1.hinitial.com/api/ping.php' }), 0);
  assert.equal(m({ url: 'http://t1.hinitial.com/api/' }), 0);
  assert.equal(m({ 'cs-host': 't1.hinitial.com', 'cs-uri-stem': '/api/ping.php', 'cs-uri-query': 'id=1' }), 1);
});

test('registry keys: hive spellings, subkeys, boundaries', () => {
  const list = [ind('registry', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Iph1psvc')];
  const m = (f: EventFields): number => run(list, f).length;
  assert.equal(m({ TargetObject: 'HKLM\\System\\CurrentControlSet\\Services\\Iph1psvc\\Parameters\\ServiceDll' }), 1);
  assert.equal(m({ ObjectName: '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\Iph1psvc' }), 1);
  assert.equal(m({ CommandLine: 'reg add "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Iph1psvc" /v Start /d 2' }), 1);
  assert.equal(m({ TargetObject: 'HKLM\\System\\CurrentControlSet\\Services\\Iph1psvc2' }), 0);
  assert.equal(m({ TargetObject: 'HKLM\\System\\CurrentControlSet\\Services\\iphlpsvc' }), 0);
});

test('service names: 7045/4697 fields, registry service keys, sc.exe; not other fields', () => {
  const list = [ind('service_name', 'IP He1per'), ind('service_name', 'Iph1psvc')];
  const m = (f: EventFields): string[] => ids(run(list, f));
  assert.deepEqual(m({ EventID: 7045, Provider_Name: 'Service Control Manager', ServiceName: 'IP He1per', ImagePath: 'C:\\ProgramData\\iph.exe' }), ['ioc:service_name:IP He1per']);
  assert.deepEqual(m({ EventID: 4697, ServiceName: 'iph1psvc', ServiceFileName: 'C:\\x.exe' }), ['ioc:service_name:Iph1psvc']);
  assert.deepEqual(m({ EventID: 7036, Provider_Name: 'Service Control Manager', param1: 'IP He1per', param2: 'running' }), ['ioc:service_name:IP He1per']);
  assert.deepEqual(m({ EventID: 13, TargetObject: 'HKLM\\System\\CurrentControlSet\\Services\\Iph1psvc\\ImagePath' }), ['ioc:service_name:Iph1psvc']);
  assert.deepEqual(m({ CommandLine: 'sc.exe create Iph1psvc binPath= C:\\x.exe start= auto' }), ['ioc:service_name:Iph1psvc']);
  assert.deepEqual(m({ EventID: 7045, ServiceName: 'IP Helper' }), []);
  assert.deepEqual(m({ EventID: 4104, param1: 'IP He1per' }), [], 'param1 outside the Service Control Manager');
  assert.deepEqual(m({ Description: 'IP He1per' }), [], 'free text field is not a service name');
});

test('antivirus detection names: Defender Threat Name', () => {
  const list = [ind('av_signature', 'Trojan:Win32/QuarkBandit.A!dha')];
  assert.equal(run(list, { EventID: 1116, 'Threat Name': 'Trojan:Win32/QuarkBandit.A!dha', Path: 'file:_C:\\x.exe' }).length, 1);
  assert.equal(run(list, { EventID: 1117, 'Threat Name': 'trojan:win32/quarkbandit.a!dha' }).length, 1);
  assert.equal(run(list, { EventID: 1116, 'Threat Name': 'Trojan:Win32/QuarkBandit.B!dha' }).length, 0);
});

test('one finding per indicator per event; the most specific domain', () => {
  const d = 'helpinfo.publicvm.com';
  assert.equal(run([ind('domain', d)], { a: d, b: `http://${d}/x` }).length, 1, 'two fields, one finding');
  // Parent and subdomain both indicators: the most specific one is reported for a host.
  const both = [ind('domain', 'hinitial.com'), ind('domain', 't1.hinitial.com')];
  assert.deepEqual(ids(run(both, { q: 't1.hinitial.com' })), ['ioc:domain:t1.hinitial.com']);
  assert.deepEqual(ids(run(both, { q: 'x.t1.hinitial.com' })), ['ioc:domain:t1.hinitial.com']);
  assert.deepEqual(ids(run(both, { q: 'v9.hinitial.com' })), ['ioc:domain:hinitial.com']);
  assert.deepEqual(ids(run(both, { q: 'v9.hinitial.com', r: 't1.hinitial.com' })), ['ioc:domain:hinitial.com', 'ioc:domain:t1.hinitial.com'], 'two hosts, two findings');
});

test('arrays and non-string values; host from other fields', () => {
  const fs = run([ind('ipv4', '2.58.242.229')], { 'destination.ips': ['10.0.0.1', '2.58.242.229'], count: 3, ok: true, none: null, 'host.name': 'dc01' });
  assert.equal(fs.length, 1);
  assert.deepEqual(fs[0]!.matched, { 'destination.ips': '2.58.242.229', indicator: '2.58.242.229' });
  assert.equal(fs[0]!.host, 'dc01');
  assert.equal(createIocDetector([ind('ipv4', '2.58.242.229'), ind('md5', '0c7f4a32d8e1b5f6a9c3e2d1b0a4f5e6')]).size, 2);
});

test('hand-built indicators are normalised; invalid ones are rejected and counted', () => {
  const d = createIocDetector([ind('ipv4', 'not-an-ip'), ind('domain', 'HelpInfo.PublicVM.com'), ind('md5', 'xyz')]) as ReturnType<typeof createIocDetector> & { rejected: string[] };
  assert.equal(d.size, 1);
  assert.equal(d.rejected.length, 2);
  const out: Finding[] = [];
  d.examine(event({ q: 'helpinfo.publicvm.com' }), (f) => out.push(f));
  assert.equal(out[0]!.rule.id, 'ioc:domain:helpinfo.publicvm.com');
});

test('URL indicator without a path matches the bare host URL', () => {
  const list = [ind('url', 'http://goodluck23.jp.us/')];
  assert.equal(run(list, { msg: 'beacon http://goodluck23.jp.us now' }).length, 1);
  assert.equal(run(list, { msg: 'beacon http://goodluck23.jp.us/x' }).length, 1);
  assert.equal(run(list, { msg: 'beacon http://goodluck23.jp.usa/' }).length, 0);
});

test('CIDR lengths across the /24 pre-check: /12, /20, /23, /25, /31', () => {
  const list = [ind('cidr', '172.16.0.0/12'), ind('cidr', '100.64.16.0/20'), ind('cidr', '203.0.112.0/23'), ind('cidr', '198.18.5.128/25'), ind('cidr', '192.0.2.10/31')];
  const m = (ip: string): number => run(list, { ip }).length;
  assert.equal(m('172.31.255.255'), 1);
  assert.equal(m('172.32.0.0'), 0);
  assert.equal(m('100.64.31.255'), 1);
  assert.equal(m('100.64.32.0'), 0);
  assert.equal(m('100.64.15.255'), 0);
  assert.equal(m('203.0.113.255'), 1);
  assert.equal(m('203.0.114.0'), 0);
  assert.equal(m('198.18.5.128'), 1);
  assert.equal(m('198.18.5.127'), 0, 'same /24, outside the /25');
  assert.equal(m('192.0.2.11'), 1);
  assert.equal(m('192.0.2.12'), 0);
});

test('numbers: IPv4 as a 32-bit integer in address fields only', () => {
  const list = [ind('ipv4', '45.251.241.82')];
  const n = 45 * 2 ** 24 + 251 * 2 ** 16 + 241 * 2 ** 8 + 82;
  assert.equal(run(list, { DestinationIp: n }).length, 1);
  assert.equal(run(list, { 'source.address': n }).length, 1);
  assert.equal(run(list, { 'id.resp_h': n }).length, 1);
  assert.equal(run(list, { EventRecordID: n }).length, 0, 'not an address field');
  assert.equal(run(list, { DestinationIp: n + 1 }).length, 0);
  assert.equal(run(list, { DestinationIp: 1.5 }).length, 0);
});

test('registry: HKCU indicators match a user hive written as HKU\\<SID>', () => {
  const list = [ind('registry', 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveUpdate')];
  const m = (v: string): number => run(list, { TargetObject: v }).length;
  assert.equal(m('HKU\\S-1-5-21-3623811015-3361044348-30300820-1013\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveUpdate'), 1);
  assert.equal(m('\\REGISTRY\\USER\\S-1-5-21-3623811015-3361044348-30300820-1013\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveUpdate'), 1);
  assert.equal(m('HKU\\.DEFAULT\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveUpdate'), 0);
  assert.equal(m('HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveUpdate'), 0);
});
