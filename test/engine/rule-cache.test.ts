import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runHunt } from '../../src/engine/hunt.js';
import type { HuntOptions } from '../../src/engine/hunt-options.js';
import { ruleCacheDir } from '../../src/engine/load-detectors.js';
import { decodeSnapshot, encodeSnapshot } from '../../src/sigma/snapshot-codec.js';
import { detectionPart, snapshotRuleInfos } from '../../src/sigma/rule-set-snapshot.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '..', '..', '..', 'test', 'engine', 'fixtures');
const tool = { name: 'cellwatch', version: 'test' };

let work = '';
let savedXdg: string | undefined;
before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'cellwatch-rule-cache-'));
  savedXdg = process.env.XDG_CACHE_HOME;
});
after(() => {
  if (savedXdg === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedXdg;
  rmSync(work, { recursive: true, force: true });
});

/** A fresh cache home and a copy of the fixture rules, so a test can edit both. */
function setup(name: string): { rules: string; cache: string } {
  const rules = path.join(work, name, 'rules');
  cpSync(path.join(fixtures, 'rules'), rules, { recursive: true });
  process.env.XDG_CACHE_HOME = path.join(work, name, 'xdg');
  return { rules, cache: ruleCacheDir() };
}

async function hunt(rules: string, extra: Partial<HuntOptions> = {}): Promise<{ findings: string[]; problems: string[] }> {
  const problems: string[] = [];
  const r = await runHunt({
    inputs: [path.join(fixtures, 'logs')], rulePaths: [rules], intelFiles: [], noBuiltin: true, minLevel: 'informational', threads: 1, ...extra,
  }, tool, { onProblem: (l) => problems.push(l) });
  const findings = (await r.findings.toArray()).map((f) => JSON.stringify(f));
  return { findings, problems: problems.filter((p) => p.includes('rule cache')) };
}

const entries = (cache: string): string[] => (existsSync(cache) ? readdirSync(cache).filter((n) => n.endsWith('.json')) : []);

/** Changes a rule's title in an entry (decoded, edited, encoded again: the entry is checksummed). */
function retitle(entry: string): void {
  const snapshot = decodeSnapshot(readFileSync(entry));
  const parts = snapshot.detections.map((d, i) => {
    const part = detectionPart(snapshot, i);
    if (part.rule.finding.title === 'Test - IIS Worker Spawns Recon Tool') part.rule.finding.title = 'Title From The Cache';
    return { ...d, part };
  });
  const edited = { ...snapshot, detections: parts, data: { ...snapshot.data, rules: snapshotRuleInfos(snapshot) }, cold: undefined };
  writeFileSync(entry, encodeSnapshot(edited)!);
}

test('the rule cache is under XDG_CACHE_HOME/cellwatch, else ~/.cache/cellwatch', () => {
  assert.equal(ruleCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }), path.join('/var/cache/me', 'cellwatch'));
  assert.match(ruleCacheDir({}), /[/\\]\.cache[/\\]cellwatch$/);
});

test('a cached rule set gives the same findings as the rules read afresh, and is what the hunt reads', async () => {
  const { rules, cache } = setup('hit');
  const fresh = await hunt(rules);
  assert.ok(fresh.findings.length > 0);
  assert.equal(entries(cache).length, 1, 'the first hunt writes one entry');
  const cached = await hunt(rules);
  assert.deepEqual(cached.findings, fresh.findings);
  assert.deepEqual(cached.problems, []);
  // The second hunt really read the entry: a title changed in it shows in the findings.
  const entry = path.join(cache, entries(cache)[0]!);
  retitle(entry);
  const tampered = await hunt(rules);
  assert.ok(tampered.findings.some((f) => f.includes('Title From The Cache')));
});

test('editing a rule file makes a new entry: the edited rule is compiled, its findings change', async () => {
  const { rules, cache } = setup('edit');
  const before = await hunt(rules);
  assert.ok(before.findings.some((f) => f.includes('whoami.exe')));
  const file = path.join(rules, 'webshell_recon.yml');
  writeFileSync(file, readFileSync(file, 'utf8').replace("- '\\whoami.exe'", "- '\\nltest.exe'"));
  const after = await hunt(rules);
  assert.notDeepEqual(after.findings, before.findings);
  assert.ok(!after.findings.some((f) => f.includes('"Image":') && f.includes('whoami.exe') && f.includes('Recon Tool')));
  assert.equal(entries(cache).length, 2);
});

test('--no-cache neither writes nor reads the cache', async () => {
  const { rules, cache } = setup('none');
  const fresh = await hunt(rules, { noCache: true });
  assert.deepEqual(entries(cache), [], 'nothing written');
  await hunt(rules);
  const entry = path.join(cache, entries(cache)[0]!);
  retitle(entry);
  const again = await hunt(rules, { noCache: true });
  assert.deepEqual(again.findings, fresh.findings, 'the tampered entry is not read');
});

test('a corrupt cache entry is ignored with a note, and rebuilt', async () => {
  const { rules, cache } = setup('corrupt');
  const fresh = await hunt(rules);
  const entry = path.join(cache, entries(cache)[0]!);
  writeFileSync(entry, '{"format": 1, "detections": [tru');
  const r = await hunt(rules);
  assert.deepEqual(r.findings, fresh.findings);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!, /rule cache: .*rules-[0-9a-f]+\.json: .*ignored/);
  const rebuilt = await hunt(rules);
  assert.deepEqual(rebuilt.problems, [], 'the entry was rewritten');
  assert.deepEqual(rebuilt.findings, fresh.findings);
});

test('worker threads build on the same rule set: findings identical on 1 and 2 threads with the cache', async () => {
  const { rules } = setup('threads');
  const one = await hunt(rules);
  const two = await hunt(rules, { threads: 2 });
  assert.deepEqual(two.findings, one.findings);
});
