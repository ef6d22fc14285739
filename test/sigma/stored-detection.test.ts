/**
 * A detection kept as plain JSON (stored-detection.ts, what the rule-set snapshot holds) comes back
 * equal to the one parsed from YAML, and compiles to a matcher giving the same answers, for every
 * kind of modifier; from the snapshot, a rule still carries its filters.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { EventFields } from '../../src/events/event.js';
import { DetectionCompiler } from '../../src/sigma/compile.js';
import { EventView, FieldSlots } from '../../src/sigma/event-view.js';
import { listRuleFiles, readRuleFile } from '../../src/sigma/rule-files.js';
import { docKind, parseDetection, parseDetectionRule, type Detection } from '../../src/sigma/rule.js';
import { decodeSnapshot, encodeSnapshot } from '../../src/sigma/snapshot-codec.js';
import { restoreDetection, storeDetection } from '../../src/sigma/stored-detection.js';
import { loadSigmaRules } from '../../src/sigma/index.js';
import { event, loadYaml, run, shared } from './helpers.js';

const ctx = { placeholders: { admins: ['adm*', 'root'], tools: ['*\\psexec.exe'] } };

/** One identifier per kind of modifier (and value type), written as SigmaHQ writes them. */
const DETECTION = `
plain: { CommandLine: whoami }
contains: { CommandLine|contains: [' -enc ', 'mimikatz'] }
containsAll: { CommandLine|contains|all: ['net', 'user', '/add'] }
starts: { Image|startswith: 'C:\\Windows\\Temp\\' }
ends: { Image|endswith: ['\\procdump.exe', '\\procdump64.exe'] }
wild: { Image: 'C:\\Users\\\\*\\AppData\\\\?ocal\\\\*.exe' }
escaped: { CommandLine|contains: 'a\\*b' }
cased: { CommandLine|contains|cased: 'Invoke-Mimikatz' }
windash: { CommandLine|windash|contains: ' -accepteula ' }
b64off: { CommandLine|base64offset|contains: 'IEX (New-Object' }
b64: { CommandLine|base64|contains: 'whoami' }
utf16: { CommandLine|utf16le|base64offset|contains: 'http://' }
wide: { CommandLine|wide|base64offset|contains: 'ping' }
re: { CommandLine|re: '-e(nc|ncodedcommand) [A-Za-z0-9+/=]{8,}' }
reFlags: { CommandLine|re|i|s: 'line1.END' }
cidr: { DestinationIp|cidr: ['10.0.0.0/8', 'fe80::/10'] }
numbers: { EventID: [4624, 4625], LogonType: 10 }
bool: { Elevated: true }
nullValue: { ParentImage: null }
exists: { User|exists: false }
gt: { Count|gt: 5 }
lte: { Count|lte: 2 }
fieldref: { SourceUser|fieldref: TargetUser }
fieldrefStarts: { SourceUser|fieldref|startswith: TargetUser }
neq: { Status|neq: [ok, done] }
hour: { UtcTime|hour: 3 }
expand: { User|expand: '%admins%' }
expandMissing: { User|expand: '%nobody%' }
keywords: ['psexesvc', 'rundll32 *,#1']
keywordMap:
  - CommandLine|endswith: '.ps1'
  - Image|endswith: '\\wscript.exe'
condition: plain or contains or containsAll or starts or ends or wild or escaped or cased or windash or b64off or b64 or utf16 or wide or re or reFlags
  or cidr or (numbers and not bool) or nullValue or exists or gt or lte or fieldref or fieldrefStarts or neq or hour or expand or expandMissing
  or keywords or 1 of keyword* or all of them
`;

/** Real-shaped events: each should hit some identifiers and miss others. */
const EVENTS: EventFields[] = [
  { CommandLine: 'whoami', Image: 'C:\\Windows\\System32\\whoami.exe', ParentImage: 'C:\\Windows\\explorer.exe', User: 'CORP\\bob', Count: 7 },
  { CommandLine: 'powershell -ep bypass -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA', Image: 'C:\\Windows\\Temp\\x.exe' },
  { CommandLine: 'net user hacker P@ss /add', ParentImage: '', User: 'root' },
  { CommandLine: 'procdump64.exe /accepteula -ma lsass.exe', Image: 'C:\\Tools\\procdump64.exe', Status: 'failed' },
  { CommandLine: 'C:\\x\\procdump.exe \u2013accepteula -ma lsass', Image: 'C:\\Users\\bob\\AppData\\Local\\p.exe' },
  { CommandLine: 'invoke-mimikatz', SourceUser: 'alice', TargetUser: 'ALICE' },
  { CommandLine: 'Invoke-Mimikatz -DumpCreds', SourceUser: 'administrator', TargetUser: 'admin', UtcTime: '2024-05-06 03:12:00.000' },
  { CommandLine: 'cmd /c d2hvYW1p', DestinationIp: '10.1.2.3', EventID: 4624, LogonType: 10, Elevated: false },
  { CommandLine: 'line1\nend', DestinationIp: '192.168.1.1', EventID: 4625, LogonType: '10', Elevated: true, Count: 1 },
  { CommandLine: 'echo a*b', DestinationIp: 'fe80::1', User: 'adminx', Status: 'ok' },
  { CommandLine: 'start payload.PS1', Image: 'C:\\Windows\\System32\\wscript.exe', Payload: 'rundll32 evil.dll,#1' },
  { Payload: 'psexesvc.exe installed', Count: '3' },
  { CommandLine: 'powershell -e aQB3AHIAIABoAHQAdABwADoALwAvADEAMAAuADAALgAwAC4ANQAvAGEA' },
  { CommandLine: 'powershell -e YwBtAGQAIAAvAGMAIABwAGkAbgBnACAAOAAuADgALgA4AC4AOAA=' },
  { CommandLine: 'echo eCBJRVggKE5ldy1PYmplY3QgTmV0LldlYkNsaWVudCk= | base64 -d | sh' },
  {},
];

function answers(detection: Detection, events: readonly EventFields[]): boolean[][] {
  const slots = new FieldSlots();
  const compiled = new DetectionCompiler(slots).compile(detection, { DestinationIp: ['DestinationIp', 'DestAddress'] });
  const view = new EventView(slots.size);
  return events.map((fields) => {
    view.reset(fields);
    return [compiled.test(view), ...compiled.matchable.map((m) => m.test(view))];
  });
}

/** Stored, through JSON (as the cache keeps it), and restored. */
const roundTrip = (d: Detection): Detection => restoreDetection(JSON.parse(JSON.stringify(storeDetection(d))));

test('a stored detection comes back equal, for every kind of modifier and value', () => {
  const parsed = parseDetection(parse(DETECTION), ctx);
  assert.deepStrictEqual(roundTrip(parsed), parsed);
});

test('a stored detection compiles to a matcher that gives the same answers on real-shaped events', () => {
  const section = parse(DETECTION) as Record<string, unknown>;
  for (const name of Object.keys(section)) {
    if (name === 'condition') continue;
    // Each identifier alone, so every modifier's own answers are compared.
    const parsed = parseDetection({ [name]: section[name], condition: name }, ctx);
    const fresh = answers(parsed, EVENTS);
    assert.deepEqual(answers(roundTrip(parsed), EVENTS), fresh, name);
    const hits = fresh.filter((a) => a[0]).length;
    if (name === 'expandMissing') assert.equal(hits, 0, 'a placeholder without values matches nothing');
    else assert.ok(hits > 0 && hits < EVENTS.length, `${name} should split the events (${hits} hits)`);
  }
  const whole = parseDetection(parse(DETECTION), ctx);
  assert.deepEqual(answers(roundTrip(whole), EVENTS), answers(whole, EVENTS));
});

test('encoded values stay exact: base64offset and utf16 values match the encoded command line', () => {
  const parsed = parseDetection({ sel: { 'CommandLine|utf16le|base64offset|contains': 'IEX' }, condition: 'sel' }, ctx);
  // "IEX (" in UTF-16LE, base64-encoded at offset 0: SQBFAFgAIAAoA…
  const hit = answers(roundTrip(parsed), [{ CommandLine: 'powershell -enc SQBFAFgAIAAoAE4AZQB3AA==' }, { CommandLine: 'powershell -enc AAAA' }]);
  assert.deepEqual(hit.map((a) => a[0]), [true, false]);
});

test('from a snapshot (in memory and through the cache codec), a rule keeps its filter and its findings', async () => {
  const rule = `title: Recon from IIS\nid: 5a0c7c2e-4c1e-4d3a-9a43-0d0e7c6b2a11\nlevel: high\nlogsource:\n    product: testproduct\ndetection:\n    sel:\n        ParentImage|endswith: '\\w3wp.exe'\n        CommandLine|windash|contains: ' -n '\n    condition: sel\n`;
  const filter = `title: Not the monitoring host\nlogsource:\n    product: testproduct\nfilter:\n    rules: [5a0c7c2e-4c1e-4d3a-9a43-0d0e7c6b2a11]\n    host:\n        Computer: MON01\n    condition: not host\n`;
  const set = await loadYaml({ 'rule.yml': rule, 'filter.yml': filter });
  const events = [
    event({ ParentImage: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', CommandLine: 'ping /n 1 10.0.0.1', Computer: 'WEB01' }),
    event({ ParentImage: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', CommandLine: 'ping -n 1 10.0.0.1', Computer: 'MON01' }),
    event({ ParentImage: 'C:\\Windows\\explorer.exe', CommandLine: 'ping -n 1 10.0.0.1', Computer: 'WEB01' }),
  ];
  const fresh = run(set, events);
  assert.deepEqual(fresh.map((f) => f.source.record), [1]);
  const inMemory = await loadSigmaRules([], { snapshot: set.snapshot });
  assert.deepEqual(run(inMemory, events), fresh);
  const cached = await loadSigmaRules([], { snapshot: decodeSnapshot(encodeSnapshot(set.snapshot)!) });
  assert.deepEqual(run(cached, events), fresh);
});

const corpus = path.join(shared, 'corpus', 'sigma', 'rules');
const absent = existsSync(corpus) ? false : `${corpus} is absent`;
if (absent) console.log(`# skipping the SigmaHQ stored-detection round trip: ${absent}`);

test('every SigmaHQ detection comes back equal from its stored form', { skip: absent }, () => {
  let n = 0;
  for (const file of listRuleFiles([corpus])) {
    for (const { doc } of readRuleFile(file, []).docs) {
      if (docKind(doc) !== 'detection') continue;
      let parsed: Detection;
      try {
        parsed = parseDetectionRule(doc, file, ctx).detection;
      } catch {
        continue; // unsupported rules are not stored
      }
      assert.deepStrictEqual(roundTrip(parsed), parsed, file);
      n++;
    }
  }
  assert.ok(n >= 3000, `only ${n} detections`);
});
