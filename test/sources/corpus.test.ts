/**
 * Every evtx_dump JSON sample of SigmaHQ's regression data reads completely: the record count
 * equals the number of top-level objects (lines that open with `{` in these pretty-printed files)
 * and the number of EventRecordID values, with no problem reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readAll } from './helpers.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const regression = resolve(repoRoot, '..', 'shared', 'corpus', 'sigma', 'regression_data');

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...jsonFiles(p));
    else if (e.name.endsWith('.json')) out.push(p);
  }
  return out.sort();
}

test('SigmaHQ regression_data JSON samples: every record read', { skip: existsSync(regression) ? false : `no ${regression}` }, async () => {
  const files = jsonFiles(regression);
  assert.ok(files.length > 0);
  let total = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const objects = text.split('\n').filter((l) => l.startsWith('{')).length;
    const ids = (text.match(/"EventRecordID"/g) ?? []).length;
    const r = await readAll(f);
    assert.deepEqual(r.problems, [], f);
    assert.equal(r.events.length, objects, f);
    assert.equal(r.events.length, ids, f);
    for (const e of r.events) {
      assert.equal(typeof e.fields.EventID, 'number', `${f}: EventID`);
      assert.ok(typeof e.fields.Channel === 'string' && e.fields.Channel.length > 0, `${f}: Channel`);
      assert.ok(!Number.isNaN(e.time), `${f}: time`);
    }
    total += r.events.length;
  }
  console.log(`# read ${total} records from ${files.length} regression JSON files`);
});

const sigmaRoot = resolve(repoRoot, '..', 'shared', 'corpus', 'sigma');

function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...ruleFiles(p));
    else if (e.name.endsWith('.yml')) out.push(p);
  }
  return out;
}

/** Field names (before any `|modifier`) used in a rule's detection. */
function detectionFields(detection: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) out.push(k.split('|')[0]!);
  };
  if (detection && typeof detection === 'object') {
    for (const [name, v] of Object.entries(detection)) if (name !== 'condition' && name !== 'timeframe') visit(v);
  }
  return out.filter((f) => f.length > 0);
}

test('every field SigmaHQ webserver and proxy rules use exists in events of a full IIS W3C log', { skip: existsSync(sigmaRoot) ? false : `no ${sigmaRoot}` }, async () => {
  const { parseAllDocuments } = await import('yaml');
  const used = new Map<string, string>();
  for (const folder of readdirSync(sigmaRoot).filter((d) => d.startsWith('rules'))) {
    for (const f of ruleFiles(join(sigmaRoot, folder))) {
      const text = readFileSync(f, 'utf8');
      if (!/category:\s*(webserver|proxy)/.test(text)) continue;
      for (const doc of parseAllDocuments(text)) {
        const rule = doc.toJS() as { logsource?: { category?: string }; detection?: unknown } | null;
        if (!rule || !['webserver', 'proxy'].includes(rule.logsource?.category ?? '')) continue;
        for (const field of detectionFields(rule.detection)) if (!used.has(field)) used.set(field, f);
      }
    }
  }
  assert.ok(used.size > 5, 'found the web rules');
  const { TempDir } = await import('./helpers.js');
  const tmp = new TempDir();
  try {
    const names = 'date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host cs(Content-Type) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken';
    const values = '2019-03-04 10:22:31 W3SVC1 WEB01 10.1.1.5 GET /owa/auth/x.aspx a=1 443 - 203.0.113.7 HTTP/1.1 curl/7.55 - - mail.example.com - 200 0 0 512 320 15';
    const path = tmp.file('full.log', `#Software: Microsoft Internet Information Services 10.0\n#Fields: ${names}\n${values}\n`);
    const r = await readAll(path);
    assert.deepEqual(r.problems, []);
    const fields = r.events[0]!.fields;
    const missing = [...used].filter(([field]) => !(field in fields)).map(([field, file]) => `${field} (${file})`);
    assert.deepEqual(missing, []);
    console.log(`# ${used.size} web rule field names all present: ${[...used.keys()].sort().join(' ')}`);
  } finally {
    tmp.remove();
  }
});

test('Windows XML reader agrees with the EVTX reader on every SigmaHQ regression .evtx record (as XML export)', { skip: existsSync(regression) ? false : `no ${regression}` }, async () => {
  const { iterateEvtxRecords } = await import('../../src/sources/evtx/index.js');
  const { flattenRecord } = await import('../../src/events/flatten.js');
  const { TempDir } = await import('./helpers.js');
  const evtx: string[] = [];
  (function walk(d: string) {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.evtx')) evtx.push(p);
    }
  })(regression);
  evtx.sort();
  const expected: Record<string, unknown>[] = [];
  const xml: string[] = [];
  for (const f of evtx) {
    for (const r of iterateEvtxRecords(f, { xml: true, json: true })) {
      expected.push(flattenRecord(r.json));
      xml.push(r.xml!);
    }
  }
  assert.ok(expected.length > 100);
  const tmp = new TempDir();
  try {
    const r = await readAll(tmp.file('all.xml', `<?xml version="1.0" encoding="utf-8"?>\n<Events>\n${xml.join('\n')}\n</Events>\n`));
    assert.equal(r.format, 'xml');
    assert.deepEqual(r.problems, []);
    assert.equal(r.events.length, expected.length);
    // XML carries no types: compare values as text.
    const text = (v: unknown): string => (Array.isArray(v) ? v.map(text).join('|') : v === null || v === undefined ? '' : String(v));
    r.events.forEach((e, i) => {
      const want = expected[i]!;
      for (const k of new Set([...Object.keys(want), ...Object.keys(e.fields)])) {
        assert.equal(text(e.fields[k]), text(want[k]), `record ${i + 1} field ${k}`);
      }
      assert.equal(e.fields.EventID, want.EventID);
    });
    console.log(`# ${r.events.length} records from ${evtx.length} .evtx files agree field by field`);
  } finally {
    tmp.remove();
  }
});
