import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { iterateEvtxRecords } from '../../src/sources/evtx/index.js';
import { ChunkWorkerPool, dumpEvtxParallel, formatRecord } from '../../src/sources/evtx/parallel.js';
import type { ReadProblem } from '../../src/sources/reader.js';
import { buildFile, ChunkBuilder, v } from './evtx-builder.js';
import type { El } from './evtx-builder.js';

const repoRoot = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');

const ROOT: El = {
  name: 'Event',
  kids: [
    { name: 'System', kids: [{ name: 'EventRecordID', kids: [{ sub: 0, type: 0x0a }] }] },
    { name: 'EventData', kids: [{ name: 'Data', attrs: [['Name', [{ text: 'Msg' }]]], kids: [{ sub: 1, type: 0x01 }] }] },
  ],
};

function manyChunks(chunks: number, perChunk: number): Buffer {
  const out: Buffer[] = [];
  let n = 0;
  for (let c = 0; c < chunks; c++) {
    const b = new ChunkBuilder();
    for (let i = 0; i < perChunk; i++, n++) b.record({ number: n + 1, template: 'x', root: ROOT, values: [v.u64(BigInt(5000 + n)), v.str(`message ${n} <&>`)] });
    out.push(b.build());
  }
  return buildFile(out);
}

/** Run the dump command in its own process (stdout is the test runner's channel here). */
function runDump(dir: string, args: string[]): { stdout: string; stderr: string; status: number | null } {
  const driver = join(dir, 'driver.mjs');
  const dumpModule = new URL('../../src/cli/dump.js', import.meta.url).href;
  writeFileSync(driver, [
    `import { Command } from '${pathToFileURL(createRequire(import.meta.url).resolve('commander')).href}';`,
    `import { register } from '${dumpModule}';`,
    'const program = new Command(); program.exitOverride(); register(program);',
    "program.parseAsync(process.argv).catch((e) => { process.stderr.write(`cellwatch: ${e.message}\\n`); process.exitCode = 2; });",
  ].join('\n'));
  const r = spawnSync(process.execPath, [driver, 'dump', ...args], { encoding: 'utf8', cwd: repoRoot });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

test('parallel dump by chunk ranges equals the serial output, in file order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-dump-'));
  const pool = new ChunkWorkerPool(2);
  try {
    const path = join(dir, 'big.evtx');
    const file = manyChunks(7, 15);
    // Damage one record in chunk 3 so a problem must travel back from a worker.
    const at = 4096 + 3 * 0x10000 + 512;
    file[at + 24 + 4] = 0x7f;
    writeFileSync(path, file);
    const serialProblems: ReadProblem[] = [];
    const serial = [...iterateEvtxRecords(path, { onProblem: (p) => serialProblems.push(p) })].map((r) => formatRecord(r, 'jsonl')).join('');
    const parts: string[] = [];
    const problems: ReadProblem[] = [];
    const n = await dumpEvtxParallel(pool, path, { format: 'jsonl', chunksPerTask: 1, write: (t) => void parts.push(t), onProblem: (p) => problems.push(p) });
    assert.equal(n, 7 * 15 - 1);
    assert.equal(parts.join(''), serial);
    assert.deepEqual(problems.filter((p) => /record/.test(p.reason)), serialProblems.filter((p) => /record/.test(p.reason)));
    assert.equal(problems.filter((p) => /record 46/.test(p.reason)).length, 1);
    const ids = parts.join('').trim().split('\n').map((l) => (JSON.parse(l) as { Event: { System: { EventRecordID: number } } }).Event.System.EventRecordID);
    assert.deepEqual(ids, [...Array(105).keys()].filter((i) => i !== 45).map((i) => 5000 + i));
    await assert.rejects(dumpEvtxParallel(pool, join(dir, 'nope.evtx'), { format: 'jsonl', write: () => {} }), /nope\.evtx: cannot open/);
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cellwatch dump prints JSON lines and XML; bad files are one line and exit code 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-dump-'));
  try {
    const path = join(dir, 'a.evtx');
    writeFileSync(path, manyChunks(2, 3));
    const jsonl = runDump(dir, [path]);
    assert.equal(jsonl.status, 0, jsonl.stderr);
    const lines = jsonl.stdout.trim().split('\n');
    assert.equal(lines.length, 6);
    assert.deepEqual(JSON.parse(lines[0]!), { Event: { System: { EventRecordID: 5000 }, EventData: { Msg: 'message 0 <&>' } } });
    const xml = runDump(dir, ['--format', 'xml', path]).stdout;
    assert.match(xml, /^Record 1\n<\?xml version="1.0" encoding="utf-8"\?>\n<Event>\n  <System>\n    <EventRecordID>5000<\/EventRecordID>/);
    assert.match(xml, /<Data Name="Msg">message 0 &lt;&amp;&gt;<\/Data>/);
    assert.equal(runDump(dir, ['--threads', '2', path]).stdout, jsonl.stdout);
    const notEvtx = join(dir, 'b.evtx');
    writeFileSync(notEvtx, 'hello');
    const bad = runDump(dir, [notEvtx, path]);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, `cellwatch: ${notEvtx}: not an EVTX file (no ElfFile signature)\n`);
    assert.equal(bad.stdout, jsonl.stdout, 'the good file is still dumped');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
