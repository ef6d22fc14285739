import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { TempDir } from './helpers.js';
import { walkFiles, type WalkOptions } from '../../src/sources/index.js';
import type { ReadProblem } from '../../src/sources/reader.js';

const tmp = new TempDir();
after(() => tmp.remove());

function walk(paths: string[], options: Partial<WalkOptions> = {}): { files: string[]; problems: ReadProblem[] } {
  const problems: ReadProblem[] = [];
  const files = [...walkFiles(paths, { ...options, onProblem: (p) => problems.push(p) })];
  return { files, problems };
}

const rel = (root: string, files: string[]): string[] => files.map((f) => f.slice(root.length + 1));

test('walks folders recursively in sorted order, skipping dot-folders and node_modules', () => {
  const root = join(tmp.dir, 'sorted');
  for (const d of ['b', 'a/z', '.git', 'node_modules/x', 'a/.hidden']) mkdirSync(join(root, d), { recursive: true });
  tmp.file('sorted/b/2.json', '{}');
  tmp.file('sorted/b/10.json', '{}');
  tmp.file('sorted/a/z/deep.log', '#Fields: x\n');
  tmp.file('sorted/a/first.jsonl', '{}');
  tmp.file('sorted/.git/config', 'x');
  tmp.file('sorted/node_modules/x/index.json', '{}');
  tmp.file('sorted/a/.hidden/secret.json', '{}');
  tmp.file('sorted/.dotfile.json', '{}');
  const { files, problems } = walk([root, join(root, 'missing')]);
  assert.deepEqual(rel(root, files), ['.dotfile.json', 'a/first.jsonl', 'a/z/deep.log', 'b/10.json', 'b/2.json']);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.path, join(root, 'missing'));
  assert.match(problems[0]!.reason, /no such file/);
});

test('a file given twice, reached again through a folder, a symlink or a hard link is yielded once', () => {
  const root = join(tmp.dir, 'twice');
  mkdirSync(join(root, 'sub'), { recursive: true });
  const a = tmp.file('twice/sub/a.jsonl', '{}\n');
  linkSync(a, join(root, 'hard.jsonl'));
  symlinkSync(a, join(root, 'soft.jsonl'));
  const { files, problems } = walk([a, root, a]);
  assert.deepEqual(files, [a]);
  assert.deepEqual(problems, []);
});

test('symlink loops are walked once and noted, never an error or duplicate files', () => {
  const root = join(tmp.dir, 'loops');
  mkdirSync(join(root, 'logs', 'deep'), { recursive: true });
  tmp.file('loops/logs/deep/x.jsonl', '{}\n');
  symlinkSync(root, join(root, 'logs', 'deep', 'back-to-root'));
  symlinkSync(join(root, 'logs'), join(root, 'logs', 'again'));
  symlinkSync('self', join(root, 'self')); // ELOOP when resolved
  const { files, problems } = walk([root]);
  assert.deepEqual(rel(root, files), ['logs/deep/x.jsonl']);
  const why = problems.map((p) => `${p.path.slice(root.length + 1)}: ${p.reason}`).sort();
  assert.equal(why.length, 3, why.join('\n'));
  assert.match(why[0]!, /^logs\/again: symlink to a folder already walked/);
  assert.match(why[1]!, /^logs\/deep\/back-to-root: symlink to a folder already walked/);
  assert.match(why[2]!, /^self: symlink loop/);
});

test('a /dev/zero symlink and a FIFO inside a folder are noted once and never opened', () => {
  const root = join(tmp.dir, 'special');
  mkdirSync(root, { recursive: true });
  tmp.file('special/real.json', '{}');
  symlinkSync('/dev/zero', join(root, 'zero.json'));
  symlinkSync('/dev/zero', join(root, 'zero-again.json'));
  execFileSync('mkfifo', [join(root, 'pipe.json')]);
  const plain = walk([root]);
  assert.deepEqual(rel(root, plain.files), ['real.json']);
  const notes = plain.problems.map((p) => `${p.path.slice(root.length + 1)}: ${p.reason}`).sort();
  assert.equal(notes.length, 3);
  assert.match(notes[0]!, /^pipe\.json: FIFO: skipped/);
  assert.match(notes[1]!, /^zero-again\.json: symlink to \/dev\/zero leads out of the given folders/);
  assert.match(notes[2]!, /^zero\.json: symlink to \/dev\/zero leads out/);
  // Followed, the device is listed once however many links reach it.
  const followed = walk([root], { followSymlinks: true });
  assert.deepEqual(rel(root, followed.files), ['real.json']);
  const devices = followed.problems.filter((p) => /character device/.test(p.reason));
  assert.equal(devices.length, 1);
  assert.equal(followed.problems.length, 2); // the device and the FIFO
});

test('a device named explicitly is refused with a note; a FIFO named explicitly is yielded as given', () => {
  const fifo = join(tmp.dir, 'explicit.fifo');
  execFileSync('mkfifo', [fifo]);
  const { files, problems } = walk(['/dev/zero', fifo]);
  assert.deepEqual(files, [fifo]);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.path, '/dev/zero');
  assert.match(problems[0]!.reason, /character device: skipped/);
});

test('symlinks out of the given roots are skipped unless followSymlinks; into another root they are fine', () => {
  const outside = join(tmp.dir, 'outside');
  const inA = join(tmp.dir, 'rootA');
  const inB = join(tmp.dir, 'rootB');
  for (const d of [outside, inA, inB]) mkdirSync(d, { recursive: true });
  const secret = tmp.file('outside/secret.jsonl', '{}\n');
  const b = tmp.file('rootB/b.jsonl', '{}\n');
  symlinkSync(outside, join(inA, 'out-dir'));
  symlinkSync(b, join(inA, 'to-b.jsonl'));
  const plain = walk([inA, inB]);
  assert.deepEqual(plain.files, [join(inA, 'to-b.jsonl')]);
  assert.equal(plain.problems.length, 1);
  assert.match(plain.problems[0]!.reason, /leads out of the given folders, skipped \(--follow-symlinks reads it\)/);
  const followed = walk([inA, inB], { followSymlinks: true });
  assert.deepEqual(followed.files, [join(inA, 'out-dir', 'secret.jsonl'), join(inA, 'to-b.jsonl')]);
  assert.ok(existsSync(secret));
});

test('accept filters files found in folders but never a file named explicitly', () => {
  const root = join(tmp.dir, 'accept');
  mkdirSync(root, { recursive: true });
  tmp.file('accept/rule.yml', 'title: x');
  tmp.file('accept/README.md', '# x');
  const named = tmp.file('accept-named.txt', 'x');
  const { files } = walk([root, named], { accept: (n) => n.endsWith('.yml') });
  assert.deepEqual(files, [join(root, 'rule.yml'), named]);
});
