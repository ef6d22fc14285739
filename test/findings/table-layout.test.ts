import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { layoutColumns, wrapCell } from '../../src/findings/sinks/table-layout.js';
import { createTableSink } from '../../src/findings/sinks/table.js';
import type { Finding } from '../../src/findings/finding.js';

const finding: Finding = {
  ts: '2019-03-04T02:40:05.000Z', detector: 'sigma',
  rule: { id: 'c1b9', title: 'Web Server or Java Application Server Writes a Script Page or Executable', level: 'high' },
  attack: ['T1105', 'T1505.003'], host: 'WEB-IIS01.corp.nordtel.example', source: { path: 'x', record: 3, format: 'jsonl' },
  matched: { Image: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', TargetFilename: 'C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\4_0_30319\\errorEE.aspx' },
  event: {},
};

async function render(columns: number, full = false): Promise<string[]> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const sink = createTableSink({ stream, isTTY: false }, { columns, full });
  sink.write(finding);
  await sink.close({} as never);
  return Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
}

test('columns shrink by priority (attack, host, rule, then time) and the matched evidence keeps the most room', () => {
  const specs = [
    { ideal: 24, min: 19, shrinkOrder: 4 }, { ideal: 44, min: 20, shrinkOrder: 3 }, { ideal: 16, min: 10, shrinkOrder: 2 }, { ideal: 11, min: 9, shrinkOrder: 0 },
  ];
  const wide = layoutColumns(240, specs, 20);
  assert.deepEqual(wide.widths, [24, 44, 16, 11]);
  assert.equal(wide.flex, 240 - 95 - 4);
  const mid = layoutColumns(160, specs, 20);
  assert.deepEqual(mid.widths, [24, 44, 15, 9]); // attack gave up all it could, then host one
  assert.equal(mid.flex, 64); // two fifths of the line
  const narrow = layoutColumns(90, specs, 20);
  assert.deepEqual(narrow.widths, [19, 20, 10, 9]); // everything at its minimum
  assert.equal(narrow.flex, 90 - 58 - 4);
  assert.ok(narrow.flex > Math.max(...narrow.widths));
  assert.equal(layoutColumns(60, specs, 20).flex, 20, 'the evidence keeps its minimum when nothing else fits');
});

test('the table fits the width it is given; --full wraps whole values inside their columns', async () => {
  for (const columns of [80, 120, 240]) {
    const lines = await render(columns);
    assert.equal(lines.length, 2);
    for (const l of lines) assert.ok(l.length <= columns, `${columns}: ${l.length}: ${l}`);
    assert.match(lines[1]!, columns < 240 ? /Image=C:\\Windows.*…$/ : /TargetFilename=C:\\inetpub\\.*\\errorEE\.aspx$/);
  }
  const full = await render(100, true);
  assert.ok(full.length > 2);
  for (const l of full) assert.ok(l.length <= 100, `${l.length}: ${l}`);
  const text = full.join('\n');
  assert.doesNotMatch(text, /…/);
  const evidence = full.slice(1).map((l) => l.slice(full[0]!.indexOf('matched'))).join('');
  assert.equal(evidence.replace(/ /g, ''), 'Image=C:\\Windows\\System32\\inetsrv\\w3wp.exeTargetFilename=C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\4_0_30319\\errorEE.aspx');
  const [from, to] = [full[0]!.indexOf('host'), full[0]!.indexOf('attack')];
  assert.equal(full.slice(1).map((l) => l.slice(from, to).trim()).join(''), 'WEB-IIS01.corp.nordtel.example', 'the host column, read down');
});

test('wrapCell breaks at a space when one is near, else hard', () => {
  assert.deepEqual(wrapCell('cmd /c whoami /all', 8), ['cmd /c', 'whoami', '/all']);
  assert.deepEqual(wrapCell('C:\\PerfLogs\\Admin\\mt.exe', 10), ['C:\\PerfLog', 's\\Admin\\mt', '.exe']);
  assert.deepEqual(wrapCell('short', 10), ['short']);
});
