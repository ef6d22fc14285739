import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHunt, chooseThreads } from '../../src/engine/hunt.js';
import type { HuntOptions } from '../../src/engine/hunt-options.js';
import { TimeOrderedFindings } from '../../src/engine/time-ordered-findings.js';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';

const here = path.dirname(fileURLToPath(import.meta.url));
// Fixtures stay in test/ (not copied to dist/): resolve from the repo root.
const fixtures = path.resolve(here, '..', '..', '..', 'test', 'engine', 'fixtures');

function options(extra: Partial<HuntOptions> = {}): HuntOptions {
  return {
    inputs: [path.join(fixtures, 'logs')], rulePaths: [path.join(fixtures, 'rules')], intelFiles: [],
    noBuiltin: true, minLevel: 'informational', threads: 1, ...extra,
  };
}
const tool = { name: 'cellwatch', version: 'test' };

test('hunt finds every match across folders, in time order, and counts what it read', async () => {
  const problems: string[] = [];
  const unknown: string[] = [];
  const r = await runHunt(options(), tool, { onProblem: (l) => problems.push(l), onUnknownFormat: (p) => unknown.push(p) });
  const findings = await r.findings.toArray();
  assert.deepEqual(findings.map((f) => [f.ts, f.rule.title, f.host]), [
    ['2019-03-04T09:00:00.000Z', 'Test - IIS Worker Spawns Recon Tool', 'CDR-DB01.corp.telco.example'],
    ['2019-03-04T10:02:00.500Z', 'Test - IIS Worker Spawns Recon Tool', 'WEB-IIS01.corp.telco.example'],
    ['2019-03-06T02:00:00.000Z', 'Test - RAR Archive With Password', 'CDR-DB01.corp.telco.example'],
    ['2019-03-06T02:01:00.000Z', 'Test - RAR Archive With Password', 'CDR-DB01.corp.telco.example'],
    ['2019-03-06T02:02:00.000Z', 'Test - RAR Archive With Password', 'CDR-DB01.corp.telco.example'],
  ]);
  const first = findings[1]!;
  assert.equal(first.detector, 'sigma');
  assert.deepEqual(first.attack, ['T1505.003']);
  assert.equal(first.rule.level, 'high');
  assert.equal(first.source.format, 'jsonl');
  assert.equal(first.source.record, 121); // JSONL: the line number
  assert.ok(first.source.path.endsWith('web01-sysmon.jsonl'));
  assert.equal(r.summary.events, 305);
  assert.equal(r.summary.badRecords, 1);
  assert.match(r.summary.problems[0]!, /web01-sysmon\.jsonl:line 302: /);
  assert.equal(r.summary.skippedInputs.length, 1);
  assert.match(r.summary.skippedInputs[0]!, /notes\.bin/);
  assert.equal(r.summary.byLevel.high, 2);
  assert.equal(r.summary.byLevel.medium, 3);
  assert.equal(r.summary.firstEvent, '2019-03-04T09:00:00.000Z');
  assert.equal(r.summary.lastEvent, '2019-03-06T02:02:00.000Z');
  assert.equal(problems.length, 1);
  assert.deepEqual(unknown.map((p) => path.basename(p)), ['notes.bin']);
});

test('worker threads give the same findings and summary counts as one thread', async () => {
  const one = await runHunt(options({ threads: 1 }), tool);
  const expected = await one.findings.toArray();
  for (const threads of [2, 3]) {
    const many = await runHunt(options({ threads }), tool);
    assert.deepEqual(await many.findings.toArray(), expected, `${threads} threads`);
    assert.equal(many.summary.events, one.summary.events);
    assert.equal(many.summary.badRecords, one.summary.badRecords);
    assert.deepEqual(many.summary.inputs, one.summary.inputs);
  }
});

test('--level drops lower findings but the highest level seen is kept for --fail-on', async () => {
  const r = await runHunt(options({ minLevel: 'high' }), tool);
  const high = await r.findings.toArray();
  assert.equal(high.length, 2);
  assert.ok(high.every((f) => f.rule.level === 'high'));
  const low = await runHunt(options({ minLevel: 'critical' }), tool);
  assert.equal(low.findings.size, 0);
  assert.equal(low.highestRank, 3);
});

test('automatic threading stays inline for small inputs or a busy machine and uses idle cores for large ones', () => {
  assert.equal(chooseThreads(0, 10, 1 << 20), 1);
  assert.equal(chooseThreads(0, 1, 1 << 30), 1);
  assert.ok(chooseThreads(0, 10, 1 << 30) >= 1);
  assert.equal(chooseThreads(4, 2, 10), 2);
  assert.equal(chooseThreads(0, 10, 1 << 30, 2, 0.2), 2, 'idle 2-core machine');
  assert.equal(chooseThreads(0, 10, 1 << 30, 2, 1.5), 1, 'one core busy elsewhere: this thread alone');
  assert.equal(chooseThreads(0, 10, 1 << 30, 8, 3.2), 5);
  assert.equal(chooseThreads(0, 3, 1 << 30, 8, 0), 3, 'never more threads than files');
});

test('findings spilled to disk come back in the same time order as findings kept in memory', async () => {
  const inMemory = await (await runHunt(options(), tool)).findings.toArray();
  const root = mkdtempSync(path.join(tmpdir(), 'cellwatch-spill-test-'));
  const store = new TimeOrderedFindings(2, root);
  const r = await runHunt(options(), tool, {}, store);
  assert.equal(store.spilledRuns, 2);
  assert.equal(readdirSync(root).length, 1);
  const spilled = await r.findings.toArray();
  assert.deepEqual(spilled, inMemory);
  assert.equal(store.spilledRuns, 0);
  assert.equal(readdirSync(root).length, 0, 'run files removed after drain');
  assert.ok(existsSync(root));
});
