import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadSigmaRules, type SigmaRuleSet } from '../../src/sigma/index.js';
import { FileHashMemo, RACY_MS } from '../../src/sigma/file-hash-memo.js';
import { MEMO_NAME } from '../../src/sigma/rule-cache.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtureRules = path.resolve(here, '..', '..', '..', 'test', 'engine', 'fixtures', 'rules');
const TITLE = 'Test - IIS Worker Spawns Recon Tool';

let work = '';
before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'cellwatch-rule-memo-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

interface Loaded {
  set: SigmaRuleSet;
  /** Files read to make the cache key. */
  reads: string[];
  /** The rule set came from a cache entry (a decoded entry keeps its cold texts). */
  hit: boolean;
}

/** A copy of the fixture rules and an empty cache folder. */
function setup(name: string): { rules: string; cache: string } {
  const rules = path.join(work, name, 'rules');
  cpSync(fixtureRules, rules, { recursive: true });
  return { rules, cache: path.join(work, name, 'cache') };
}

/** Loads the rules through the cache as a run `later` ms from now would (files older than the racy window are remembered). */
async function load(rules: string, cache: string, later = 10 * RACY_MS): Promise<Loaded> {
  const reads: string[] = [];
  const readBytes = (file: string): Buffer => {
    reads.push(path.basename(file));
    return readFileSync(file);
  };
  const set = await loadSigmaRules([rules], { cache: { dir: cache, version: 'test', readBytes, now: () => Date.now() + later } });
  return { set, reads: reads.filter((r) => r.endsWith('.yml') && !['windows.yml', 'generic.yml', 'linux.yml', 'syslog.yml'].includes(r)), hit: set.snapshot.cold !== undefined };
}

const titles = (set: SigmaRuleSet): string[] => set.rules.map((r) => r.title).sort();

test('an unchanged rule tree is a cache hit without reading a rule file', async () => {
  const { rules, cache } = setup('unchanged');
  const first = await load(rules, cache);
  assert.equal(first.hit, false);
  assert.deepEqual(first.reads.sort(), ['rar_password.yml', 'webshell_recon.yml']);
  const second = await load(rules, cache);
  assert.equal(second.hit, true);
  assert.deepEqual(second.reads, [], 'no rule file read to make the key');
  assert.deepEqual(titles(second.set), titles(first.set));
  assert.deepEqual(second.set.skipped, []);
});

test('a rule edited in place (same size, new mtime) is read and recompiled', async () => {
  const { rules, cache } = setup('same-size');
  await load(rules, cache);
  const file = path.join(rules, 'webshell_recon.yml');
  const before = statSync(file);
  writeFileSync(file, readFileSync(file, 'utf8').replace(TITLE, TITLE.replace('Tool', 'Tops')));
  utimesSync(file, before.atime, new Date(before.mtimeMs - 60_000));
  assert.equal(statSync(file).size, before.size);
  assert.equal(statSync(file).ino, before.ino);
  const after = await load(rules, cache);
  assert.deepEqual(after.reads, ['webshell_recon.yml'], 'only the edited file is read');
  assert.equal(after.hit, false);
  assert.ok(after.set.rules.some((r) => r.title === TITLE.replace('Tool', 'Tops')));
  assert.ok(!after.set.rules.some((r) => r.title === TITLE));
});

test('a rule replaced by another file (new inode, new size) with its mtime restored is read and recompiled', async () => {
  const { rules, cache } = setup('replaced');
  const file = path.join(rules, 'webshell_recon.yml');
  const whole = Math.floor(Date.now() / 1000) - 3600; // a time utimes restores exactly
  utimesSync(file, whole, whole);
  await load(rules, cache);
  const before = statSync(file);
  const tmp = path.join(rules, 'new.tmp');
  writeFileSync(tmp, readFileSync(file, 'utf8').replace(TITLE, `${TITLE} (replaced)`));
  renameSync(tmp, file);
  utimesSync(file, whole, whole);
  const now = statSync(file);
  assert.equal(now.mtimeMs, before.mtimeMs, 'mtime restored');
  assert.notEqual(now.ino, before.ino);
  const after = await load(rules, cache);
  assert.deepEqual(after.reads, ['webshell_recon.yml']);
  assert.equal(after.hit, false);
  assert.ok(after.set.rules.some((r) => r.title === `${TITLE} (replaced)`));
});

test('a corrupt memo is ignored with a note, the rules still come from the cache, and the memo is rewritten', async () => {
  const { rules, cache } = setup('corrupt-memo');
  await load(rules, cache);
  await load(rules, cache);
  writeFileSync(path.join(cache, MEMO_NAME), '{"format": 2, "rows": ["a", 1');
  const r = await load(rules, cache);
  assert.equal(r.hit, true, 'the key is the same: contents are hashed again');
  assert.equal(r.reads.length, 2);
  assert.equal(r.set.skipped.length, 1);
  assert.match(r.set.skipped[0]!, /rule cache: .*file-hashes\.memo: .*ignored/);
  const again = await load(rules, cache);
  assert.deepEqual(again.set.skipped, []);
  assert.deepEqual(again.reads, []);
});

test('a damaged cache entry is refused with a note and rebuilt', async () => {
  const { rules, cache } = setup('damaged');
  const fresh = await load(rules, cache);
  const entry = path.join(cache, readdirSync(cache).find((n) => n.startsWith('rules-'))!);
  const bytes = readFileSync(entry);
  const at = bytes.lastIndexOf(Buffer.from(TITLE));
  assert.ok(at > bytes.indexOf(10), 'the title is in the cold part');
  bytes[at] = 'X'.charCodeAt(0);
  writeFileSync(entry, bytes);
  const r = await load(rules, cache);
  assert.equal(r.hit, false);
  assert.match(r.set.skipped.join('\n'), /rule cache: .*rules-[0-9a-f]+\.json: damaged \(checksum differs\), ignored/);
  assert.deepEqual(titles(r.set), titles(fresh.set));
  assert.equal((await load(rules, cache)).hit, true, 'rewritten');
});

test('a racy file (changed within the racy window) is hashed on every run until it is older', () => {
  const dir = path.join(work, 'racy');
  cpSync(fixtureRules, dir, { recursive: true });
  const file = path.join(dir, 'rar_password.yml');
  const memoFile = path.join(dir, 'memo');
  let reads = 0;
  const readBytes = (f: string): Buffer => {
    reads++;
    return readFileSync(f);
  };
  const run = (start: number): string => {
    const memo = new FileHashMemo(memoFile, readBytes, start);
    const hash = memo.hashOf(file, statSync(file));
    assert.equal(memo.save(), null);
    return hash;
  };
  const changed = statSync(file).ctimeMs;
  const h1 = run(changed + RACY_MS / 2);
  const h2 = run(changed + RACY_MS / 2);
  assert.equal(reads, 2, 'racy: not remembered');
  assert.equal(h2, h1);
  run(changed + 2 * RACY_MS);
  run(changed + 2 * RACY_MS);
  assert.equal(reads, 3, 'remembered once old enough');
});
