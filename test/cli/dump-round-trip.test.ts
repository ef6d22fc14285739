/**
 * `cellwatch dump` takes folders and writes with --output; `hunt` reads what `dump --format xml`
 * and `dump --format jsonl` wrote and finds what it finds in the EVTX itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFile, ChunkBuilder, v, SYSMON_PROCESS_CREATION as PROCESS_CREATION } from '../evtx/evtx-builder.js';
import { repoRoot, runCli } from './run-cli.js';

const rules = path.join(repoRoot, 'test', 'engine', 'fixtures', 'rules');

const FILETIME_2019_03_04 = 131961312000000000n; // 2019-03-04T00:00:00Z in 100 ns ticks since 1601

function evtx(): Buffer {
  const chunk = new ChunkBuilder();
  const runs: [string, string, string][] = [
    ['C:\\Windows\\System32\\whoami.exe', 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', 'whoami'],
    ['C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\System32\\services.exe', 'svchost -k netsvcs'],
    ['C:\\Program Files\\WinRAR\\rar.exe', 'C:\\Windows\\System32\\cmd.exe', 'rar.exe a -hpSecret <cdr> & "x".rar'],
    ['C:\\Windows\\System32\\ipconfig.exe', 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', 'ipconfig /all'],
  ];
  runs.forEach(([image, parent, cmd], i) => {
    chunk.record({ number: i + 1, template: 'p', root: PROCESS_CREATION, values: [v.u16(1), v.filetime(FILETIME_2019_03_04 + BigInt(i) * 600_000_000n), v.u64(BigInt(500 + i)), v.str(image), v.str(parent), v.str(cmd)] });
  });
  return buildFile([chunk.build()]);
}

interface Hit { ts: string; rule: { id: string }; host: string; matched: Record<string, unknown> }

function huntFindings(input: string): string[] {
  const r = runCli(['hunt', input, '--no-builtin', '--rules', rules, '--no-progress', '-q', '--format', 'jsonl']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim().split('\n').map((l) => {
    const f = JSON.parse(l) as Hit;
    return JSON.stringify([f.ts, f.rule.id, f.host, f.matched]);
  });
}

test('dump walks a folder for *.evtx, writes --output, and hunt finds the same in its xml and jsonl as in the EVTX', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-dump-'));
  const logs = path.join(dir, 'collected', 'web01');
  mkdirSync(logs, { recursive: true });
  writeFileSync(path.join(logs, 'Sysmon.evtx'), evtx());
  writeFileSync(path.join(logs, 'notes.txt'), 'not a log\n');
  const fromEvtx = huntFindings(logs);
  assert.equal(fromEvtx.length, 3); // two recon children of w3wp, one password-protected rar

  for (const format of ['xml', 'jsonl']) {
    const out = path.join(dir, `dump.${format}`);
    const r = runCli(['dump', path.join(dir, 'collected'), '--format', format, '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal((readFileSync(out, 'utf8').match(format === 'xml' ? /^Record \d+$/gm : /^\{/gm) ?? []).length, 4);
    assert.deepEqual(huntFindings(out), fromEvtx, format);
  }
});

test('dump of a folder without EVTX files, or --output onto its input, is a usage error', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-dump-'));
  writeFileSync(path.join(dir, 'notes.txt'), 'not a log\n');
  const none = runCli(['dump', dir]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no EVTX files under /);
  writeFileSync(path.join(dir, 'a.evtx'), evtx());
  const onto = runCli(['dump', path.join(dir, 'a.evtx'), '-o', path.join(dir, 'a.evtx')]);
  assert.equal(onto.code, 2);
  assert.equal(readFileSync(path.join(dir, 'a.evtx')).subarray(0, 7).toString(), 'ElfFile');
});
