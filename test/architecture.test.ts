/**
 * The layering rule of CONTRIBUTING.md, enforced: imports point downward
 * (cli → serve → engine → detectors/report/audit → store/findings/sources → events) and nothing is circular.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

/** Higher may import lower or equal (equal only without a cycle); never upward. */
const RANK: Record<string, number> = {
  text: 0, events: 0, sources: 1, findings: 1, intel: 2, store: 2, ioc: 3, sigma: 3, coverage: 4, report: 4, audit: 5, engine: 6, sweep: 6, serve: 7, cli: 8,
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

const graph = new Map<string, string[]>();
for (const file of files(src)) {
  const text = readFileSync(file, 'utf8');
  const deps: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
    deps.push(path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  }
  for (const m of text.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)) deps.push(path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  graph.set(file, deps);
}
const layer = (f: string): string => path.relative(src, f).split(path.sep)[0]!;

test('every src folder has a layer rank', () => {
  const unknown = [...new Set([...graph.keys()].map(layer))].filter((l) => !(l in RANK));
  assert.deepEqual(unknown, []);
});

test('imports never point to a higher layer', () => {
  const upward: string[] = [];
  for (const [file, deps] of graph) {
    for (const d of deps) {
      if (RANK[layer(d)]! > RANK[layer(file)]!) upward.push(`${path.relative(src, file)} → ${path.relative(src, d)}`);
    }
  }
  assert.deepEqual(upward, []);
});

test('no circular imports between files', () => {
  const state = new Map<string, 1 | 2>();
  const cycles: string[] = [];
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 1);
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 1) cycles.push([...stack.slice(stack.indexOf(d)), d].map((x) => path.relative(src, x)).join(' → '));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  assert.deepEqual(cycles, []);
});

test('file names are kebab-case in src, test and bench', () => {
  const root = path.resolve(src, '..');
  const offenders: string[] = [];
  for (const dir of ['src', 'test', 'bench']) {
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.name === 'fixtures' || e.name.startsWith('.')) continue;
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts') && !/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.test)?\.ts$/.test(e.name)) offenders.push(path.relative(root, p));
      }
    };
    walk(path.join(root, dir));
  }
  assert.deepEqual(offenders, []);
});
