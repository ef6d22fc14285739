/**
 * The sweep's walk (the one walker, sources/walk-files.ts, with the sweep's options): regular files
 * only, links inside the tree followed once and walked after the real tree (a file is named by its
 * real place), links out of it and special files noted once, loops ended, excludes applied (an
 * excluded folder is not entered), dot-folders entered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { walkEntries } from '../../src/sources/walk-files.js';
import { compileExcludes } from '../../src/text/glob-pattern.js';

function walk(root: string, exclude: string[] = []): { files: string[]; problems: string[] } {
  const files: string[] = [];
  const problems: string[] = [];
  const options = {
    exclude: compileExcludes(exclude), hiddenFolders: true, linksLast: true,
    onProblem: (p: { path: string; reason: string }) => problems.push(`${path.relative(root, p.path)}: ${p.reason}`),
  };
  for (const f of walkEntries([root], options)) files.push(f.rel);
  return { files, problems };
}

test('links, loops, special files and excludes', () => {
  const outside = mkdtempSync(path.join(tmpdir(), 'cw-out-'));
  writeFileSync(path.join(outside, 'secret.txt'), 'not ours');
  const root = mkdtempSync(path.join(tmpdir(), 'cw-walk-'));
  mkdirSync(path.join(root, 'www', 'cache'), { recursive: true });
  mkdirSync(path.join(root, 'www', '.well-known'), { recursive: true });
  writeFileSync(path.join(root, 'www', 'a.aspx'), 'a');
  writeFileSync(path.join(root, 'www', '.well-known', 'x.php'), 'x');
  writeFileSync(path.join(root, 'www', 'cache', 'c.tmp'), 'c');
  writeFileSync(path.join(root, 'www', 'debug.log'), 'l');
  symlinkSync(path.join(root, 'www'), path.join(root, 'loop'));
  symlinkSync(path.join(root, 'www', 'a.aspx'), path.join(root, 'same.aspx'));
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'out.txt'));
  symlinkSync(outside, path.join(root, 'outdir'));
  execFileSync('mkfifo', [path.join(root, 'pipe')]);
  const r = walk(root, ['*.log', 'www/cache']);
  // `loop` and `same.aspx` sort before `www`: walked after the real tree, the files keep their real names.
  assert.deepEqual(r.files, ['www/.well-known/x.php', 'www/a.aspx']);
  assert.deepEqual(r.problems.sort(), [
    'loop: symlink to a folder already walked (loop), skipped',
    `out.txt: symlink to ${path.join(outside, 'secret.txt')} leads out of the given folders, skipped (--follow-symlinks reads it)`,
    `outdir: symlink to ${outside} leads out of the given folders, skipped (--follow-symlinks reads it)`,
    'pipe: FIFO: skipped (only regular files are read inside folders)',
  ]);
});

test('a file given as the root is named by its name; a link to a file inside the tree is read once, by its real place', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cw-walk-'));
  mkdirSync(path.join(root, 'z'));
  writeFileSync(path.join(root, 'z', 'shell.jsp'), 'x');
  symlinkSync(path.join(root, 'z', 'shell.jsp'), path.join(root, 'a.jsp'));
  assert.deepEqual(walk(root).files, ['z/shell.jsp']);
  const given = [...walkEntries([path.join(root, 'z', 'shell.jsp')], { onProblem: () => {} })];
  assert.deepEqual(given.map((f) => [f.rel, f.root]), [['shell.jsp', path.join(root, 'z', 'shell.jsp')]]);
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
