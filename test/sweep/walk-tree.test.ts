/**
 * The sweep walker: regular files only, links inside the tree followed once, links out of it and
 * special files reported once, loops ended, excludes applied.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { walkTree } from '../../src/sweep/walk-tree.js';
import { compileExcludes } from '../../src/text/glob-pattern.js';

async function walk(root: string, exclude: string[] = []): Promise<{ files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  for await (const f of walkTree([root], { exclude: compileExcludes(exclude), onProblem: (p) => problems.push(`${path.relative(root, p.path)}: ${p.reason}`) })) files.push(f.rel);
  return { files, problems };
}

test('links, loops, special files and excludes', async () => {
  const outside = mkdtempSync(path.join(tmpdir(), 'cw-out-'));
  writeFileSync(path.join(outside, 'secret.txt'), 'not ours');
  const root = mkdtempSync(path.join(tmpdir(), 'cw-walk-'));
  mkdirSync(path.join(root, 'www', 'cache'), { recursive: true });
  writeFileSync(path.join(root, 'www', 'a.aspx'), 'a');
  writeFileSync(path.join(root, 'www', 'cache', 'c.tmp'), 'c');
  writeFileSync(path.join(root, 'www', 'debug.log'), 'l');
  symlinkSync(path.join(root, 'www'), path.join(root, 'loop'));
  symlinkSync(path.join(root, 'www', 'a.aspx'), path.join(root, 'same.aspx'));
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'out.txt'));
  symlinkSync(outside, path.join(root, 'outdir'));
  execFileSync('mkfifo', [path.join(root, 'pipe')]);
  const r = await walk(root, ['*.log', 'www/cache']);
  assert.deepEqual(r.files, ['www/a.aspx']);
  assert.deepEqual(r.problems.sort(), [
    'out.txt: symbolic link out of the swept tree, not followed',
    'outdir: symbolic link out of the swept tree, not followed',
    'pipe: a named pipe, not read',
  ]);
});

test('exclude patterns', () => {
  const m = compileExcludes(['*.log', 'www/**/tmp', '**/node_modules/**']);
  assert.equal(m('a/b/x.log'), true);
  assert.equal(m('www/a/b/tmp'), true);
  assert.equal(m('www/tmp'), true);
  assert.equal(m('x/node_modules/y/z.js'), true);
  assert.equal(m('www/a.aspx'), false);
  assert.equal(m('logs.txt'), false);
});
