import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importIntel } from '../../src/intel/index.js';
import type { Indicator } from '../../src/intel/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixture = (name: string): { file: string; text: string } => {
  const file = path.join(repoRoot, 'test', 'intel', 'fixtures', name);
  return { file, text: readFileSync(file, 'utf8') };
};
const find = (list: Indicator[], type: string, value: string): Indicator | undefined => list.find((i) => i.type === type && i.value === value);

test('STIX 2.1 bundle: patterns by observable, validity, labels, relationships, problems with lines', () => {
  const { file, text } = fixture('stix-bundle.json');
  const r = importIntel(file, text);
  assert.equal(r.format, 'stix');
  const d = find(r.indicators, 'domain', 'helpinfo.publicvm.com');
  assert.ok(d, 'domain-name indicator imported');
  assert.equal(d.validFrom, '2021-12-01T00:00:00.000Z');
  assert.equal(d.validUntil, '2023-01-01T00:00:00.000Z');
  assert.equal(d.source, 'Telco CERT', 'created_by_ref identity names the source');
  assert.equal(d.note, 'PingPull C2 host');
  for (const tag of ['pingpull', 'malicious-activity', 'GALLIUM', 'attack.t1071.004']) assert.ok(d.tags.includes(tag), `tag ${tag}`);
  // OR of three observables → three indicators; the CIDR and IPv6 forms normalised.
  assert.ok(find(r.indicators, 'ipv4', '2.58.242.229'));
  assert.ok(find(r.indicators, 'cidr', '103.179.188.0/24'));
  assert.ok(find(r.indicators, 'ipv6', '2a03:b0c0:3:d0::1a51:c001'));
  assert.ok(find(r.indicators, 'ipv4', '2.58.242.229')!.tags.includes('GALLIUM'));
  assert.ok(find(r.indicators, 'sha256', 'de14f22c88e552b61c62ab28d27a617fb8c0737350ca7c631de5680850282761'));
  assert.ok(find(r.indicators, 'md5', '2bb3c1c6a2d5e2ebd4d3a5cde9f46e7b'));
  assert.ok(find(r.indicators, 'filename', 'Iph1psvc.exe'));
  assert.ok(find(r.indicators, 'url', 'http://t1.hinitial.com/api/ping.php'), 'hxxp refanged');
  assert.ok(find(r.indicators, 'registry', 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Iph1psvc'));
  assert.equal(r.indicators.length, 9);
  assert.ok(!find(r.indicators, 'domain', 'v2.hinitial.com'), 'revoked indicator not imported');
  const base = path.basename(file);
  const has = (re: RegExp): boolean => r.problems.some((p) => re.test(p));
  assert.ok(has(new RegExp(`${base}:line 81: indicator--d4a6c7f8[^:]*: observable email-addr:value is not`)), r.problems.join('\n'));
  assert.ok(has(/:line 92: .*revoked/));
  assert.ok(has(/:line 104: .*pattern_type yara is not supported/));
  assert.ok(has(/:line 115: .*not hexadecimal: not-a-hash/));
  assert.equal(r.problems.length, 4);
});

test('MISP event: attribute types, composite values, objects, to_ids, tags, level', () => {
  const { file, text } = fixture('misp-event.json');
  const r = importIntel(file, text);
  assert.equal(r.format, 'misp');
  const d = find(r.indicators, 'domain', 'rosaf112.ddns.net')!;
  assert.equal(d.source, 'misp:TelcoISAC');
  assert.equal(d.level, 'high', 'threat_level_id 1 → high');
  assert.equal(d.note, 'dynamic-DNS C2');
  assert.ok(d.tags.includes('tlp:amber') && d.tags.includes('GALLIUM'));
  assert.ok(find(r.indicators, 'domain', 'mailedc.publicvm.com'), 'hostname type, case folded');
  assert.ok(find(r.indicators, 'ipv4', '103.192.226.43'), 'ip-dst|port keeps the address');
  assert.ok(find(r.indicators, 'md5', '0c7f4a32d8e1b5f6a9c3e2d1b0a4f5e6'), 'hash lower-cased');
  const web = find(r.indicators, 'sha256', '9ae7c4a4e1cfe9b505c3a47e66551eb1357affee65bfefb0109d02f4e97c06dd')!;
  assert.ok(web.tags.includes('attack.t1505.003'), 'ATT&CK galaxy tag gives attack id');
  assert.ok(find(r.indicators, 'filename', 'errorEE.aspx') && find(r.indicators, 'sha256', '7772d624e1aed327abcd24ce2068063da0e31bb1d5d3bf2841fc977e198c6c5b'), 'filename|sha256 gives both');
  assert.ok(find(r.indicators, 'registry', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Iph1psvc'));
  assert.ok(find(r.indicators, 'service_name', 'Iph1psvc'));
  assert.ok(find(r.indicators, 'filename', 'htran.exe'), 'object attribute; path reduced to its name');
  assert.ok(find(r.indicators, 'sha1', '9c5e496921e3bc882dc40694f1dcc3746a75db19'));
  assert.ok(!find(r.indicators, 'ipv4', '8.8.8.8'), 'to_ids false is not an indicator');
  assert.equal(r.indicators.length, 14);
  const has = (re: RegExp): boolean => r.problems.some((p) => re.test(p));
  assert.ok(has(/misp-event\.json:line 33: Attribute\[13\]: sha256 value has 62 hex digits/), r.problems.join('\n'));
  assert.ok(has(/misp-event\.json:line 34: Attribute\[14\]: not an IP address: 45\.251\.241/));
  assert.ok(has(/skipped 1 attribute\(s\) with to_ids false/));
  assert.ok(has(/text ×1, size-in-bytes ×1/));
});

test('CSV: header, aliases, quoted cells, levels, bad rows reported by line', () => {
  const { file, text } = fixture('indicators.csv');
  const r = importIntel(file, text);
  assert.equal(r.format, 'csv');
  assert.equal(r.indicators.length, 12);
  assert.equal(find(r.indicators, 'domain', 'hotkillmail9sddcc.ddns.net')!.level, 'critical');
  assert.ok(find(r.indicators, 'ipv6', '2a03:b0c0:3:d0::1a51:c002'), 'ip alias with an IPv6 value becomes ipv6');
  const cidr = find(r.indicators, 'cidr', '45.251.240.0/22')!;
  assert.equal(cidr.note, 'hosting range, broad', 'quoted cell with a comma');
  assert.ok(find(r.indicators, 'sha256', '657fc7e6447e0065d488a7db2caab13071e44741875044f9024ca843fe4e86b5'), 'hash alias typed by length');
  assert.deepEqual(find(r.indicators, 'filename', 'nbtscan.exe')!.tags, ['dual-use', 'attack.t1018']);
  assert.ok(find(r.indicators, 'service_name', 'IP He1per'));
  assert.ok(find(r.indicators, 'av_signature', 'Trojan:Win32/QuarkBandit.A!dha'));
  const base = path.basename(file);
  assert.deepEqual(r.problems, [
    `${file}:line 15: unknown indicator type "banana"`,
    `${file}:line 16: not an IP address: 300.1.1.1`,
    `${file}:line 17: needs a type and a value (got 6 columns)`,
    `${file}:line 18: sha1 value has 39 hex digits, expected 40: 53a44c2396d15c3a03723fa5e5db54cafd52763`,
    `${file}:line 19: unknown level "urgent" (informational, low, medium, high, critical)`,
  ]);
  assert.ok(base.endsWith('.csv'));
});

test('CSV without header is read positionally; unterminated quote is reported', () => {
  const r = importIntel('x.csv', 'domain,evil.example.net\nip,45.251.241.7,ops,"a;b"\nsha1,"abc\n');
  assert.equal(r.format, 'csv');
  assert.deepEqual(r.indicators.map((i) => `${i.type}:${i.value}:${i.source}`), ['domain:evil.example.net:x.csv', 'ipv4:45.251.241.7:ops']);
  assert.deepEqual(r.indicators[1]!.tags, ['a', 'b']);
  assert.deepEqual(r.problems, ['x.csv:line 3: unterminated quoted cell; the rest of the file was not read']);
});

test('free-text advisory: refanged values extracted, traps dropped and reported', () => {
  const { file, text } = fixture('advisory.txt');
  const r = importIntel(file, text);
  assert.equal(r.format, 'text');
  const got = r.indicators.map((i) => `${i.type}:${i.value}`).sort();
  assert.deepEqual(got, [
    'cidr:103.51.145.0/24',
    'domain:asyspy256.ddns.net',
    'domain:cvdfhjh1231.myftp.biz',
    'domain:hinitial.com',
    'ipv4:103.192.226.43',
    'ipv4:45.251.241.82',
    'ipv6:2a03:b0c0:3:d0::1a51:c001',
    'md5:8e7ad5a4a7f3b2c1d0e9f8a7b6c5d4e3',
    'sha1:aeb573accfd95758550cf30bf04f389a92922844',
    'sha256:2ef157a97e28574356e1d871abf75deca7d7a1ea662f38b577a06dd039dbae29',
    'url:http://update-check.micfkbeljacob.com/en/index.php?id=7',
  ]);
  // The URL's host is not also a domain indicator (it stays a URL).
  assert.ok(!got.includes('domain:update-check.micfkbeljacob.com'));
  const skipped = (value: string): string | undefined => r.problems.find((p) => p.includes(`skipped ${value}:`));
  for (const f of ['errorEE.aspx', 'mimikatz.exe', 'run.ps1', 'data.zip']) assert.match(skipped(f) ?? '', /file extension/, f);
  // Internal addresses in the prose follow the shared address policy: dropped and listed.
  assert.deepEqual(r.dropped, [{ value: '10.10.4.21', range: 'private' }, { value: '192.168.56.10', range: 'private' }]);
  assert.match(skipped('2.4.1.3') ?? '', /version/);
  assert.match(skipped('example.com') ?? '', /reserved/);
  assert.match(skipped('https://github.com/gentilkiwi/mimikatz') ?? '', /well-known/);
  assert.match(skipped('System.Management.Automation') ?? '', /not a known top-level domain/);
  assert.ok(!got.some((g) => g.includes('6.1.7601') || g.includes('8.5.9600')), 'build numbers are not addresses');
});

test('refang forms: [.] (.) {.} [dot] hxxps [:] [://]', () => {
  const r = importIntel('n.txt', 'C2 at hxxps[://]bad{.}example-c2[dot]net/x and ftp host fxp://files(.)evil-drop[.]org/a, v6 2001[:]4860[:]4860[:][:]8888');
  const got = r.indicators.map((i) => `${i.type}:${i.value}`);
  assert.ok(got.includes('url:https://bad.example-c2.net/x'), got.join(' '));
  assert.ok(got.includes('url:ftp://files.evil-drop.org/a'), got.join(' '));
  assert.ok(got.includes('ipv6:2001:4860:4860::8888'), got.join(' '));
});

test('format detection: JSON syntax error reported with its line; unknown JSON reported', () => {
  const bad = importIntel('bad.json', '{\n  "type": "bundle",\n  "objects": [\n    {"type": "indicator",, }\n  ]\n}\n');
  assert.equal(bad.indicators.length, 0);
  assert.match(bad.problems[0]!, /^bad\.json:line 4: not valid JSON/);
  const other = importIntel('other.json', '{"hello": "world"}');
  assert.deepEqual(other.problems, ['other.json: JSON is neither a cellwatch pack, a STIX bundle nor a MISP event']);
  // Defanged text that starts with '[' is still text.
  const text = importIntel('t.txt', '[.] separators below\nhelpinfo[.]publicvm[.]com\n');
  assert.equal(text.format, 'text');
  assert.equal(text.indicators[0]!.value, 'helpinfo.publicvm.com');
});

test('STIX patterns: IN lists, ISSUBSET blocks, escaped quotes, unsupported operators', async () => {
  const { parsePattern } = await import('../../src/intel/stix-pattern.js');
  const a = parsePattern("[domain-name:value IN ('a.hinitial.com', 'b.hinitial.com')] OR [ipv4-addr:value ISSUBSET '103.179.188.0/24']");
  assert.deepEqual(a.terms, [
    { type: 'domain', value: 'a.hinitial.com' },
    { type: 'domain', value: 'b.hinitial.com' },
    { type: 'ipv4', value: '103.179.188.0/24' },
  ]);
  assert.deepEqual(a.unsupported, []);
  const b = parsePattern("[file:name = 'it\\'s.exe'] AND [domain-name:value LIKE '%.ddns.net'] AND [process:pid = 4]");
  assert.deepEqual(b.terms, [{ type: 'filename', value: "it's.exe" }]);
  assert.equal(b.unsupported.length, 2);
  assert.match(b.unsupported[0]!, /LIKE is not supported/);
  assert.match(b.unsupported[1]!, /process:pid is not an indicator type/);
});
