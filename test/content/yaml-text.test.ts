import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { parseSigmaYaml } from '../../src/content/fast-yaml.js';
import { parseYaml } from '../../src/content/yaml-text.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const dist = path.join(repo, 'dist', 'src');

/** Every YAML data file the package ships (the rules and their regression cases aside). */
function shippedDataFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'rules' || e.name === 'regression_data' ? [] : shippedDataFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

test('every shipped YAML data file is read by the fast reader, with the values the yaml library gives', () => {
  const files = shippedDataFiles(path.join(repo, 'content'));
  assert.ok(files.some((f) => f.endsWith('windows.yml')) && files.some((f) => f.endsWith('indicator-fields.yml')), files.join(', '));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const docs = parseSigmaYaml(text);
    assert.ok(docs !== null && docs.length === 1, `${file}: not in the fast reader's subset`);
    assert.deepEqual(docs[0], parse(text, { merge: true }), file);
  }
});

test('a text outside the fast subset is read by the yaml library, merge keys included', () => {
  const text = 'base: &b {x: 1, y: [a, b]}\nuse:\n  <<: *b\n  y: 2\n';
  assert.equal(parseSigmaYaml(text), null);
  assert.deepEqual(parseYaml(text, { merge: true }), { base: { x: 1, y: ['a', 'b'] }, use: { x: 1, y: 2 } });
  assert.deepEqual(parseYaml('a: [x, y, ]\n'), { a: ['x', 'y'] });
  assert.throws(() => parseYaml('a: [x\nb: 1\n'), (err: Error) => err.name === 'YAMLParseError');
  assert.throws(() => parseYaml('a: 1\n---\nb: 2\n'), /multiple documents/i);
});

test('a cached load of the built-in rules, intel and field taxonomy loads no yaml library', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'cellwatch-yaml-text-'));
  const script = `
    import { createRequire } from 'node:module';
    const { loadDetectors } = await import(${JSON.stringify(pathToFileURL(path.join(dist, 'engine', 'load-detectors.js')).href)});
    const loaded = await loadDetectors({ rulePaths: [], intelFiles: [], noBuiltin: false, noCache: false });
    const required = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/yaml/'));
    console.log(JSON.stringify({ rules: loaded.sigma.compiled, notes: loaded.ruleProblems, required }));`;
  const run = (): { rules: number; notes: string[]; required: boolean } =>
    JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, XDG_CACHE_HOME: home }, encoding: 'utf8' })) as never;
  try {
    const first = run();
    assert.ok(first.rules > 0);
    const cached = run();
    assert.deepEqual(cached, { rules: first.rules, notes: [], required: false });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
