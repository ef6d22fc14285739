/**
 * `cellwatch dump --format xml` stays well-formed XML 1.0, and shows nothing raw on a terminal,
 * when a record's strings hold control characters; `--format jsonl` keeps every character.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { buildFile, ChunkBuilder, v, type El } from '../evtx/evtx-builder.js';
import { runCli } from './run-cli.js';
import { escapeXml, escapeXmlReference } from '../../src/sources/evtx/xml-escape.js';

const HOSTILE = 'cls\x1b[2J soh\x01 tab\t cr\r lf\n del\x7f csi\u009b lone\ud800 <&> "q" \'a\'';

const ROOT: El = {
  name: 'Event',
  kids: [
    { name: 'System', kids: [{ name: 'EventRecordID', kids: [{ sub: 0, type: 0x0a }] }] },
    { name: 'EventData', kids: [
      { name: 'Data', attrs: [['Name', [{ sub: 2, type: 0x01 }]]], kids: [{ sub: 1, type: 0x01 }] },
      { name: 'Data', attrs: [['Name', [{ text: 'Refs' }]]], kids: [{ text: 'a' }, { charRef: 27 }, { charRef: 60 }, { entity: 'nbsp' }, { entity: 'amp' }] },
    ] },
  ],
};

/** Every character XML 1.0 allows (production [2] Char), and no reference to one it forbids. */
function assertXml10(doc: string): void {
  const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  assert.doesNotMatch(doc, forbidden);
  for (const m of doc.matchAll(/&#(x[0-9a-fA-F]+|\d+);/g)) {
    const code = m[1]![0] === 'x' ? parseInt(m[1]!.slice(1), 16) : parseInt(m[1]!, 10);
    assert.ok(code === 9 || code === 10 || code === 13 || (code >= 0x20 && code < 0xd800) || (code > 0xdfff && code < 0xfffe), `reference ${m[0]}`);
  }
  for (const m of doc.matchAll(/&([^;\s]*);?/g)) assert.match(m[0], /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/);
  assert.equal(XMLValidator.validate(doc), true);
}

test('dump --format xml escapes or shows control characters; jsonl keeps them exactly', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-dump-xml-'));
  const file = path.join(dir, 'hostile.evtx');
  const chunk = new ChunkBuilder().record({ number: 1, template: 't', root: ROOT, values: [v.u64(7n), v.str(HOSTILE), v.str('Name\x1b\t1')] }).build();
  writeFileSync(file, buildFile([chunk]));

  const xml = runCli(['dump', '--format', 'xml', file]);
  assert.equal(xml.code, 0, xml.stderr);
  const doc = xml.stdout.replace(/^Record 1\n/, '');
  assertXml10(doc);
  assert.match(doc, /<Data Name="Name\\x1b&#x9;1">cls\\x1b\[2J soh\\x01 tab\t cr&#xd; lf\n del&#x7f; csi&#x9b; lone\\ud800 &lt;&amp;&gt; "q" 'a'<\/Data>/);
  assert.match(doc, /<Data Name="Refs">a\\x1b&#60;&amp;nbsp;&amp;<\/Data>/);

  const jsonl = runCli(['dump', '--format', 'jsonl', file]);
  assert.equal(jsonl.code, 0, jsonl.stderr);
  const record = JSON.parse(jsonl.stdout) as { Event: { EventData: Record<string, string> } };
  assert.equal(record.Event.EventData['Name\x1b\t1'], HOSTILE);
  assert.doesNotMatch(jsonl.stdout.trimEnd(), /[\u0000-\u001f\u007f-\u009f]/);
});

test('escapeXml leaves ordinary text alone and is well-formed for every BMP code unit', () => {
  assert.equal(escapeXml('C:\\Windows\\System32\\cmd.exe /c whoami', false), 'C:\\Windows\\System32\\cmd.exe /c whoami');
  assert.equal(escapeXml('a\tb', true), 'a&#x9;b');
  let all = '';
  for (let c = 0; c < 0x10000; c++) all += String.fromCharCode(c);
  assertXml10(`<a b="${escapeXml(all, true)}">${escapeXml(all, false)}</a>`);
  assert.equal(escapeXmlReference('&#x1B;'), '\\x1b');
  assert.equal(escapeXmlReference('&#169;'), '&#169;');
});
