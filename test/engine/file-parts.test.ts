import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { FilePartResults, planParts, scanTasks, MIN_PART_BYTES } from '../../src/engine/file-parts.js';
import { lineParts } from '../../src/sources/line-parts.js';
import { evtxParts } from '../../src/sources/evtx/index.js';
import { scanFile, type FileScanResult } from '../../src/engine/scan-file.js';
import { createDetectors, loadDetectors } from '../../src/engine/load-detectors.js';
import { compareFindings, type Finding } from '../../src/findings/finding.js';
import { buildFile, ChunkBuilder, v, SYSMON_PROCESS_CREATION } from '../evtx/evtx-builder.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '..', '..', '..', 'test', 'engine', 'fixtures');
const sysmon = path.join(fixtures, 'logs', 'web01-sysmon.jsonl');

/** Line number of every line start in the text (1-based), by byte offset. */
function lineStarts(bytes: Buffer): Map<number, number> {
  const starts = new Map<number, number>([[0, 1]]);
  let line = 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts.set(i + 1, ++line);
  return starts;
}

test('a file is cut at line starts into parts that cover it exactly, each with the number of its first line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-parts-'));
  const file = path.join(dir, 'mixed.jsonl');
  const lines = Array.from({ length: 500 }, (_, i) => (i % 37 === 0 ? '' : JSON.stringify({ n: i, pad: 'x'.repeat(i % 90) })));
  // CRLF on some lines, blank lines, and no newline at the very end.
  writeFileSync(file, lines.map((l, i) => (i % 5 === 0 ? `${l}\r\n` : `${l}\n`)).join('') + '{"last": true}');
  const bytes = readFileSync(file);
  const starts = lineStarts(bytes);
  for (const count of [1, 2, 3, 7, 64]) {
    const parts = lineParts(file, bytes.length, count);
    assert.ok(parts.length >= 1 && parts.length <= count, `${count} parts asked, ${parts.length} given`);
    assert.equal(parts[0]!.start, 0);
    assert.equal(parts.at(-1)!.end, bytes.length);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      assert.ok(p.end > p.start, `part ${i} of ${count} is empty`);
      if (i > 0) assert.equal(p.start, parts[i - 1]!.end);
      assert.equal(starts.get(p.start), p.firstLine, `part ${i} of ${count} starts at byte ${p.start}, a line start`);
    }
  }
  // A file of one line has one part, however many are asked.
  const one = path.join(dir, 'one.jsonl');
  writeFileSync(one, JSON.stringify({ a: 'y'.repeat(5000) }));
  assert.deepEqual(lineParts(one, statSync(one).size, 4), [{ start: 0, end: statSync(one).size, firstLine: 1 }]);
});

test('only big plain files of a line-record reader are planned in parts', async () => {
  const sizes = new Map([[sysmon, statSync(sysmon).size]]);
  assert.equal((await planParts([sysmon], sizes, 4)).get(sysmon)?.parts, 1, 'a small file stays whole');
  const claimed = new Map([[sysmon, 3 * MIN_PART_BYTES]]);
  assert.equal((await planParts([sysmon], claimed, 4)).get(sysmon)?.parts, 3, 'at most one part per MIN_PART_BYTES');
  assert.equal((await planParts([sysmon], claimed, 2)).get(sysmon)?.parts, 2, 'at most one part per thread');
  assert.equal((await planParts([sysmon], claimed, 1)).get(sysmon)?.parts, 1, 'one thread: whole files');
  const csv = path.join(mkdtempSync(path.join(tmpdir(), 'cellwatch-parts-')), 'events.csv');
  writeFileSync(csv, 'EventID,CommandLine\n1,whoami\n');
  assert.equal((await planParts([csv], new Map([[csv, 3 * MIN_PART_BYTES]]), 4)).get(csv)?.parts, 1, 'CSV has a header: never split');
  const tasks = scanTasks([sysmon], sizes, new Map([[sysmon, { parts: 3, at: 'lines' as const }]]), 2);
  assert.equal(tasks.length, 2);
  assert.equal(tasks[0]!.bytes + tasks[1]!.bytes, sizes.get(sysmon));
});

test('scanning a file in parts gives the findings, record numbers, problems and summary of scanning it whole', async () => {
  const loaded = await loadDetectors({ rulePaths: [path.join(fixtures, 'rules')], intelFiles: [], noBuiltin: true, noCache: true });
  const scan = async (part?: Parameters<typeof scanFile>[3]) => {
    const findings: Finding[] = [];
    const problems: string[] = [];
    const result = await scanFile(sysmon, createDetectors(loaded, { mode: 'inline' }), {
      emit: (f) => findings.push(f),
      onProblem: (p) => problems.push(`${p.where}: ${p.reason}`),
    }, part);
    return { findings, problems, result };
  };
  const whole = await scan();
  assert.ok(whole.findings.length > 0 && whole.problems.length > 0, 'the fixture has findings and a bad line');
  const size = statSync(sysmon).size;
  for (const count of [2, 3, 7]) {
    const parts = lineParts(sysmon, size, count);
    assert.equal(parts.length, count);
    const merger = new FilePartResults(parts.map((part) => ({ path: sysmon, bytes: part.end - part.start, part })));
    const findings: Finding[] = [];
    const problems: string[] = [];
    let merged: FileScanResult | null = null;
    for (const part of parts.reverse()) {
      const r = await scan(part);
      findings.push(...r.findings);
      problems.push(...r.problems);
      const done = merger.add(r.result);
      if (done) merged = done;
      else assert.equal(merged, null, 'no merged result before the last part');
    }
    assert.deepEqual(findings.sort(compareFindings), [...whole.findings].sort(compareFindings), `${count} parts`);
    assert.deepEqual(problems.sort(), [...whole.problems].sort());
    const norm = (r: FileScanResult) => ({ ...r, hosts: { hosts: [...r.hosts.hosts].sort(), links: [...r.hosts.links].sort() } });
    assert.deepEqual(norm(merged!), norm(whole.result), `${count} parts: merged summary`);
  }
});

test('an EVTX file scanned in chunk-aligned parts gives the findings and summary of scanning it whole', async () => {
  const images = ['C:\\Windows\\System32\\whoami.exe', 'C:\\Program Files\\WinRAR\\rar.exe', 'C:\\Windows\\System32\\svchost.exe'];
  const cmds = ['whoami', 'rar.exe a -hpSecret cdr.rar', 'svchost -k netsvcs'];
  const chunks: Buffer[] = [];
  let n = 0;
  for (let c = 0; c < 7; c++) {
    const chunk = new ChunkBuilder();
    for (let r = 0; r < 5; r++, n++) {
      chunk.record({
        number: n + 1, template: 'p', root: SYSMON_PROCESS_CREATION,
        values: [v.u16(1), v.filetime(131961312000000000n + BigInt(n) * 600_000_000n), v.u64(BigInt(1000 + n)), v.str(images[n % 3]!), v.str('C:\\Windows\\System32\\inetsrv\\w3wp.exe'), v.str(cmds[n % 3]!)],
      });
    }
    chunks.push(chunk.build());
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cellwatch-parts-')), 'sysmon.evtx');
  writeFileSync(file, buildFile(chunks));
  const loaded = await loadDetectors({ rulePaths: [path.join(fixtures, 'rules')], intelFiles: [], noBuiltin: true, noCache: true });
  const scan = async (part?: Parameters<typeof scanFile>[3]) => {
    const findings: Finding[] = [];
    const result = await scanFile(file, createDetectors(loaded, { mode: 'inline' }), { emit: (f) => findings.push(f), onProblem: () => {} }, part);
    return { findings, result };
  };
  const whole = await scan();
  assert.equal(whole.result.events, 35);
  assert.ok(whole.findings.length > 0);
  const size = statSync(file).size;
  for (const count of [2, 3, 7]) {
    const parts = evtxParts(size, count);
    assert.equal(parts.length, count);
    assert.equal(parts.at(-1)!.end, size);
    const merger = new FilePartResults(parts.map((part) => ({ path: file, bytes: part.end - part.start, part })));
    const findings: Finding[] = [];
    let merged: FileScanResult | null = null;
    for (const part of parts) {
      const r = await scan(part);
      findings.push(...r.findings);
      merged = merger.add(r.result) ?? merged;
    }
    assert.deepEqual(findings.sort(compareFindings), [...whole.findings].sort(compareFindings), `${count} parts`);
    assert.deepEqual({ ...merged!, hosts: null }, { ...whole.result, hosts: null });
  }
});
