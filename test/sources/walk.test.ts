import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { TempDir } from './helpers.js';
import { walkInputs } from '../../src/sources/index.js';
import type { ReadProblem } from '../../src/sources/reader.js';

const tmp = new TempDir();
after(() => tmp.remove());

async function collect(paths: string[]): Promise<{ files: string[]; problems: ReadProblem[] }> {
  const problems: ReadProblem[] = [];
  const files: string[] = [];
  for await (const f of walkInputs(paths, (p) => problems.push(p))) files.push(f);
  return { files, problems };
}

test('walks folders recursively in sorted order, skipping dot-folders and node_modules', async () => {
  for (const d of ['b', 'a/z', '.git', 'node_modules/x', 'a/.hidden']) mkdirSync(join(tmp.dir, d), { recursive: true });
  tmp.file('b/2.json', '{}');
  tmp.file('b/10.json', '{}');
  tmp.file('a/z/deep.log', '#Fields: x\n');
  tmp.file('a/first.jsonl', '{}');
  tmp.file('.git/config', 'x');
  tmp.file('node_modules/x/index.json', '{}');
  tmp.file('a/.hidden/secret.json', '{}');
  tmp.file('.dotfile.json', '{}');
  symlinkSync(tmp.dir, join(tmp.dir, 'b', 'loop'));
  const { files, problems } = await collect([tmp.dir, join(tmp.dir, 'missing'), join(tmp.dir, 'b', '2.json')]);
  const rel = files.map((f) => f.slice(tmp.dir.length + 1));
  assert.deepEqual(rel, ['.dotfile.json', 'a/first.jsonl', 'a/z/deep.log', 'b/10.json', 'b/2.json', 'b/2.json']);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.path, join(tmp.dir, 'missing'));
  assert.match(problems[0]!.reason, /no such file/);
});
