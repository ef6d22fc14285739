import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { TempDir, readAll } from './helpers.js';
import { eventXmlToJson } from '../../src/sources/xml-reader.js';
import { flattenRecord } from '../../src/events/flatten.js';

const tmp = new TempDir();
after(() => tmp.remove());

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const ev4688 = `<Event xmlns='${NS}'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4688</EventID><Version>2</Version><Level>0</Level><Task>13312</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2019-03-04T10:22:31.1203741Z'/><EventRecordID>4211</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='236'/><Channel>Security</Channel><Computer>WEB01.corp.local</Computer><Security/></System><EventData><Data Name='SubjectUserSid'>S-1-5-20</Data><Data Name='NewProcessName'>C:\\Windows\\System32\\cmd.exe</Data><Data Name='CommandLine'>cmd /c "whoami &amp; net user" &lt;x&gt;  </Data><Data Name='ParentProcessName'>C:\\Windows\\System32\\inetsrv\\w3wp.exe</Data><Data Name='TargetUserName'></Data></EventData></Event>`;
const evSysmonPretty = `<Event xmlns="${NS}">
  <System>
    <Provider Name="Microsoft-Windows-Sysmon" Guid="{5770385f-c22a-43e0-bf4c-06f5698ffbd9}" />
    <EventID>10</EventID>
    <TimeCreated SystemTime="2019-03-04T10:30:00.000Z" />
    <EventRecordID>77</EventRecordID>
    <Channel>Microsoft-Windows-Sysmon/Operational</Channel>
    <Computer>DC01</Computer>
  </System>
  <EventData>
    <Data Name="SourceImage">C:\\Users\\Public\\pd.exe</Data>
    <Data Name="TargetImage">C:\\Windows\\system32\\lsass.exe</Data>
    <Data Name="GrantedAccess">0x1fffff</Data>
  </EventData>
</Event>`;
const evUserData = `<Event xmlns="${NS}"><System><Provider Name="Microsoft-Windows-Eventlog"/><EventID>1102</EventID><TimeCreated SystemTime="2019-03-05T01:00:00Z"/><EventRecordID>9</EventRecordID><Channel>Security</Channel><Computer>DC01</Computer></System><UserData><LogFileCleared xmlns="http://manifests.microsoft.com/win/2004/08/windows/eventlog"><SubjectUserName>admin</SubjectUserName><SubjectDomainName>CORP</SubjectDomainName></LogFileCleared></UserData></Event>`;
const evUnnamed = `<Event xmlns="${NS}"><System><Provider Name="Service Control Manager"/><EventID Qualifiers="16384">7036</EventID><TimeCreated SystemTime="2019-03-05T02:00:00Z"/><Channel>System</Channel><Computer>DC01</Computer></System><EventData><Data>PSEXESVC</Data><Data>running</Data></EventData></Event>`;

test('converts an Event to the evtx_dump shape and flattens it like evtx_dump JSON', () => {
  const json = eventXmlToJson(ev4688);
  const ev = json.Event as Record<string, any>;
  assert.deepEqual(ev['#attributes'], { xmlns: NS });
  assert.equal(ev.System.EventID, 4688);
  assert.deepEqual(ev.System.TimeCreated, { '#attributes': { SystemTime: '2019-03-04T10:22:31.1203741Z' } });
  assert.deepEqual(ev.System.Execution, { '#attributes': { ProcessID: 4, ThreadID: 236 } });
  assert.equal(ev.System.Correlation, null);
  assert.equal(ev.EventData.TargetUserName, '');
  const f = flattenRecord(json);
  assert.equal(f.EventID, 4688);
  assert.equal(f.Channel, 'Security');
  assert.equal(f.Computer, 'WEB01.corp.local');
  assert.equal(f.Provider_Name, 'Microsoft-Windows-Security-Auditing');
  assert.equal(f.EventRecordID, 4211);
  assert.equal(f.CommandLine, 'cmd /c "whoami & net user" <x>  ');
  assert.equal(f.ParentProcessName, 'C:\\Windows\\System32\\inetsrv\\w3wp.exe');
  assert.equal(f.Keywords, '0x8020000000000000');

  const u = flattenRecord(eventXmlToJson(evUserData));
  assert.equal(u.SubjectUserName, 'admin');
  assert.equal(u.EventID, 1102);
  const s = flattenRecord(eventXmlToJson(evUnnamed));
  assert.equal(s.EventID, 7036);
  assert.equal(s.Qualifiers, 16384);
  assert.deepEqual(s.Data, ['PSEXESVC', 'running']);
});

test('Event Viewer "Save as XML" export (<Events> root, pretty-printed), record numbers and lines', async () => {
  const text = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<Events>\n${ev4688}\n${evSysmonPretty}\n${evUserData}\n</Events>\n`;
  const r = await readAll(tmp.file('export.xml', text));
  assert.equal(r.format, 'xml');
  assert.deepEqual(r.problems, []);
  assert.equal(r.events.length, 3);
  assert.deepEqual(r.events.map((e) => e.source.record), [1, 2, 3]);
  assert.equal(r.events[1]!.fields.GrantedAccess, '0x1fffff');
  assert.equal(r.events[1]!.fields.TargetImage, 'C:\\Windows\\system32\\lsass.exe');
  assert.equal(r.events[0]!.time, Date.parse('2019-03-04T10:22:31.120Z'));
  assert.equal(r.events[2]!.time, Date.parse('2019-03-05T01:00:00Z'));
});

test('wevtutil stream of <Event> elements with no root or newlines, gzip, UTF-16 and wrong extension', async () => {
  const stream = [ev4688, evUnnamed, ev4688].join('');
  const plain = await readAll(tmp.file('wevtutil.txt', stream));
  assert.equal(plain.format, 'xml');
  assert.equal(plain.events.length, 3);
  const gz = await readAll(tmp.file('wevtutil.log', stream, true));
  assert.equal(gz.format, 'xml');
  assert.equal(gz.events.length, 3);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<Events>${stream}</Events>`, 'utf16le')]);
  const u = await readAll(tmp.file('ps.xml', utf16));
  assert.equal(u.events.length, 3);
  assert.equal(u.events[2]!.fields.NewProcessName, 'C:\\Windows\\System32\\cmd.exe');
});

test('malformed and truncated events are reported with record and line; reading goes on', async () => {
  const bad = `<Event xmlns="${NS}"><System><EventID>1</EventID></Sys></Event>`;
  const text = `<Events>\n${ev4688}\n${bad}\n${evUserData}\n${ev4688.slice(0, 150)}`;
  const r = await readAll(tmp.file('bad.xml', text));
  assert.equal(r.events.length, 2);
  assert.deepEqual(r.events.map((e) => e.source.record), [1, 3]);
  assert.equal(r.problems.length, 2);
  assert.equal(r.problems[0]!.where, 'record 2 (line 3)');
  assert.match(r.problems[0]!.reason, /invalid event XML/);
  assert.equal(r.problems[1]!.where, 'record 4 (line 5)');
  assert.match(r.problems[1]!.reason, /truncated/);
});

test('events split across read chunks are reassembled (large export)', async () => {
  const n = 3000;
  const events: string[] = [];
  for (let i = 0; i < n; i++) events.push(evSysmonPretty.replace('<EventRecordID>77<', `<EventRecordID>${i + 1}<`));
  const r = await readAll(tmp.file('big.xml', `<Events>\n${events.join('\n')}\n</Events>\n`), { batchSize: 500 });
  assert.deepEqual(r.problems, []);
  assert.equal(r.events.length, n);
  assert.deepEqual(r.events.map((e) => e.fields.EventRecordID), Array.from({ length: n }, (_, i) => i + 1));
  // At most batchSize events per batch; batches also close at BATCH_TEXT_BUDGET of input text.
  assert.ok(r.batches.every((b) => b > 0 && b <= 500), r.batches.join(','));
  assert.ok(r.batches.length >= 6);
});

test('empty export is read as zero events', async () => {
  const r = await readAll(tmp.file('none.xml', '<?xml version="1.0"?>\n<Events></Events>\n'));
  assert.deepEqual([r.format, r.events.length, r.problems.length], ['xml', 0, 0]);
});

test('element parser: entities, character references, CDATA, comments, PIs, quotes; strict errors', async () => {
  const { parseXmlElement, XmlSyntaxError } = await import('../../src/sources/xml-element.js');
  const el = parseXmlElement(`<?xml version="1.0"?><!-- c --><a x="1 &amp; 2" y='&quot;q&quot;'><b>&lt;&#65;&#x42;&apos;</b><![CDATA[<raw & text>]]><!-- skip --><?pi x?><c/>tail</a>\n`);
  assert.equal(el.name, 'a');
  assert.deepEqual(el.attrs, [['x', '1 & 2'], ['y', '"q"']]);
  assert.deepEqual(el.kids[0], { name: 'b', attrs: null, kids: ["<AB'"] });
  assert.equal(el.kids[1], '<raw & text>');
  assert.deepEqual(el.kids[2], { name: 'c', attrs: null, kids: [] });
  assert.equal(el.kids[3], 'tail');
  for (const bad of ['<a><b></a>', '<a x=1></a>', '<a>&nbsp;</a>', '<a>', '<a></a><b/>', '<a x="1"y="2"/>', '<a x="<"/>']) {
    assert.throws(() => parseXmlElement(bad), XmlSyntaxError, bad);
  }
});
