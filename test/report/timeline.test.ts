import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTimelineSink, TIMELINE_COLUMNS } from '../../src/report/index.js';
import type { Finding } from '../../src/findings/finding.js';
import { HOSTILE_COMMAND, intrusionFindings, memoryTarget, summaryFor } from './fixtures.js';

/** RFC 4180 reader for the test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

async function run(findings: Finding[], flavour: 'csv' | 'jsonl'): Promise<{ text: string; ended: boolean }> {
  const out = memoryTarget();
  const sink = createTimelineSink(out.target, flavour);
  for (const f of findings) sink.write(f);
  await sink.close(summaryFor(findings));
  return { text: out.text(), ended: out.ended() };
}

test('CSV timeline: Timesketch columns first, one row per finding, values round-trip', async () => {
  const findings = intrusionFindings();
  const { text, ended } = await run(findings, 'csv');
  assert.equal(ended, false);
  const rows = parseCsv(text);
  assert.deepEqual(rows[0]!.slice(0, 3), ['message', 'datetime', 'timestamp_desc']);
  assert.deepEqual(rows[0], [...TIMELINE_COLUMNS]);
  assert.equal(rows.length, findings.length + 1);
  const byRecord = new Map(rows.slice(1).map((r) => [Number(r[TIMELINE_COLUMNS.indexOf('source_record')]), r]));
  const mimi = byRecord.get(4302)!;
  const col = (r: string[], name: (typeof TIMELINE_COLUMNS)[number]): string => r[TIMELINE_COLUMNS.indexOf(name)]!;
  assert.equal(col(mimi, 'datetime'), '2019-03-04T10:45:13.250Z');
  assert.equal(col(mimi, 'timestamp'), String(Date.parse('2019-03-04T10:45:13.250Z') * 1000));
  assert.equal(col(mimi, 'timestamp_desc'), 'Event Time');
  assert.equal(col(mimi, 'host'), 'WEB01');
  assert.equal(col(mimi, 'level'), 'critical');
  assert.equal(col(mimi, 'attack'), 'T1003.001');
  assert.equal(col(mimi, 'source_path'), 'logs/web01/sysmon.evtx');
  assert.match(col(mimi, 'message'), /^\[critical\] Mimikatz credential dumping command line on WEB01: CommandLine=c:\\programdata\\m64.exe "privilege::debug"/);
  const hostile = byRecord.get(4240)!;
  assert.ok(col(hostile, 'message').endsWith(`CommandLine=${HOSTILE_COMMAND}`), 'quotes and markup survive CSV quoting');
  const untimed = rows[1]!;
  assert.equal(col(untimed, 'datetime'), '');
  assert.equal(col(untimed, 'timestamp'), '');
  assert.equal(col(untimed, 'timestamp_desc'), 'No Timestamp');
  assert.equal(col(byRecord.get(4388)!, 'attack'), 'T1570;T1569.002');
});

test('CSV timeline neutralises spreadsheet formulas from event data', async () => {
  const f = { ...intrusionFindings()[1]!, host: '=HYPERLINK("http://x","y")' };
  const rows = parseCsv((await run([f], 'csv')).text);
  assert.equal(rows[1]![TIMELINE_COLUMNS.indexOf('host')], `'=HYPERLINK("http://x","y")`);
});

test('JSONL timeline has the same keys and values', async () => {
  const findings = intrusionFindings();
  const csv = parseCsv((await run(findings, 'csv')).text);
  const lines = (await run(findings, 'jsonl')).text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, findings.length);
  for (let i = 0; i < lines.length; i++) {
    assert.deepEqual(Object.keys(lines[i]!), [...TIMELINE_COLUMNS]);
    for (const [j, c] of TIMELINE_COLUMNS.entries()) {
      assert.equal(String(lines[i]![c]), csv[i + 1]![j], `row ${i} column ${c}`);
    }
  }
  assert.equal(typeof lines[5]!.timestamp, 'number');
});

test('zero findings: CSV is the header only, JSONL is empty', async () => {
  assert.equal((await run([], 'csv')).text, `${TIMELINE_COLUMNS.join(',')}\r\n`);
  assert.equal((await run([], 'jsonl')).text, '');
});
