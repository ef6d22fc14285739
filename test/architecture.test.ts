/**
 * The layering rule of CONTRIBUTING.md, enforced: imports point downward
 * (cli → serve → engine → detectors/report/audit → store/findings/sources → events/content) and nothing is
 * circular; project code is imported statically only (except the command table of src/cli/main.ts,
 * which loads a command's module with a literal path when the command runs); file names are kebab-case
 * and say what a file is (no two files in src share a base name, index.ts aside).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNCTION_LIMIT, functionName, functionSpans, sizeOffenders, sizeOffendersInText } from '../scripts/code-size.js';
import { CLIENT_SCRIPT } from '../src/report/client-script.js';
import { DASHBOARD_SCRIPT } from '../src/serve/dashboard/dashboard-script.js';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

/** Higher may import lower or equal (equal only without a cycle); never upward. */
const RANK: Record<string, number> = {
  text: 0, content: 0, events: 0, sources: 1, findings: 1, intel: 2, store: 2, ioc: 3, sigma: 3, coverage: 4, report: 4, audit: 5, engine: 6, sweep: 6, serve: 7, cli: 8,
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
  // Literal dynamic imports (allowed only in LAZY_COMMANDS below) count as imports too.
  for (const m of text.matchAll(/(?<![\w$.])import\(\s*'(\.[^']+)'\s*\)/g)) {
    deps.push(path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  }
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

/**
 * `import(...)` whose argument is anything but a string literal naming a package: a computed
 * specifier or a relative one (project code). Comment lines are not code.
 */
export function dynamicImportsOfProjectCode(text: string, literalRelativeAllowed = false): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    const code = line.trimStart();
    if (code.startsWith('*') || code.startsWith('//') || code.startsWith('/*')) return;
    for (const m of line.matchAll(/(?<![\w$.])import\s*\(([^)]*)\)?/g)) {
      if (/^\s*typeof\s*$/.test(line.slice(Math.max(0, m.index - 7), m.index))) continue;
      const arg = (m[1] ?? '').trim();
      if (/^(['"])[^'"./][^'"]*\1$/.test(arg)) continue;
      if (literalRelativeAllowed && /^'\.\/[a-z0-9-]+\.js'$/.test(arg)) continue;
      found.push(`${i + 1}: ${code.slice(0, 100)}`);
    }
  });
  return found;
}

/** The one file that may load project code on demand: the command table loads a command's module when it runs (start-up time). */
const LAZY_COMMANDS = 'cli/main.ts';

test('project code is imported statically (no computed or relative import(), the command table aside)', () => {
  const offenders: string[] = [];
  for (const file of graph.keys()) {
    const rel = path.relative(src, file).split(path.sep).join('/');
    for (const hit of dynamicImportsOfProjectCode(readFileSync(file, 'utf8'), rel === LAZY_COMMANDS)) offenders.push(`${rel}:${hit}`);
  }
  assert.deepEqual(offenders, []);
});

test('the dynamic-import check catches computed and relative specifiers and allows package names', () => {
  assert.deepEqual(dynamicImportsOfProjectCode("const m = await import(new URL('../x.js', import.meta.url).href);").length, 1);
  assert.deepEqual(dynamicImportsOfProjectCode("const spec = './x.js';\nawait import(spec);").length, 1);
  assert.deepEqual(dynamicImportsOfProjectCode("await import('../sources/index.js');").length, 1);
  assert.deepEqual(dynamicImportsOfProjectCode("await import('playwright-core');\n// import(spec) in a comment\ntype T = typeof import('./x.js');"), []);
  // The command table's form: a literal sibling path, and only where it is allowed.
  assert.deepEqual(dynamicImportsOfProjectCode("  hunt: () => import('./hunt.js'),").length, 1);
  assert.deepEqual(dynamicImportsOfProjectCode("  hunt: () => import('./hunt.js'),", true), []);
  assert.deepEqual(dynamicImportsOfProjectCode("  x: () => import('../engine/hunt.js'),", true).length, 1);
  assert.deepEqual(dynamicImportsOfProjectCode("  x: () => import(`./${name}.js`),", true).length, 1);
});

/**
 * Files that may share a base name: `index.ts` (a folder's entry point) and a `src/cli/` command file
 * (it exports `register(program)`) named after the command whose work lives in a lower layer
 * (cli/hunt.ts → engine/hunt.ts).
 */
const SHARED_NAME_EXEMPT = new Set<string>();

test('no two files in src share a base name (index.ts and cli command files aside)', () => {
  const byName = new Map<string, string[]>();
  for (const file of graph.keys()) {
    const rel = path.relative(src, file).split(path.sep).join('/');
    const name = path.basename(file);
    const commandFile = rel.startsWith('cli/') && /^export function register\(/m.test(readFileSync(file, 'utf8'));
    if (name === 'index.ts' || commandFile || SHARED_NAME_EXEMPT.has(name)) continue;
    byName.set(name, [...(byName.get(name) ?? []), rel]);
  }
  assert.deepEqual([...byName.values()].filter((l) => l.length > 1), []);
});

test('files and functions stay small (or say why in a size-exempt: comment)', () => {
  assert.deepEqual(sizeOffenders(src).map((o) => `${o.file}: ${o.what}`), []);
});

test('the size scanner finds long functions and methods and skips strings, regexes and templates', () => {
  const body = (n: number): string => Array.from({ length: n }, (_, k) => `  x += ${k};`).join('\n');
  const text = [
    'export function longOne(a: { b: number }): void {', body(85), '}',
    'class C {', '  private re = /[{]/g;', '  method(x: string): string {', "    const s = '{{{';", '    const t = `${`{`}`;', body(80), '  }', '}',
    'const arrow = async (y: number): Promise<void> => {', body(3), '};',
    '// size-exempt: a table that reads best in one piece', 'function exempt() {', body(90), '}',
  ].join('\n');
  const spans = functionSpans(text);
  assert.deepEqual(spans.map((s) => [s.name, s.lines]), [['longOne', 87], ['method', 84], ['arrow', 5], ['exempt', 92]]);
  assert.deepEqual(sizeOffendersInText('t.ts', text).map((o) => o.what), ['longOne (line 1) 87 lines', 'method (line 90) 84 lines']);
  assert.equal(functionName('if (a) '), null);
  assert.deepEqual(functionSpans('function f(a: { x: number }): { y: string } {\n  return { y: "" };\n}\n').map((s) => s.name), ['f']);
  assert.deepEqual(functionSpans('class K {\n  async read(): Promise<{ n: number }> {\n    return { n: 1 };\n  }\n}\n').map((s) => [s.name, s.lines]), [['read', 3]]);
  assert.deepEqual(functionSpans('const o = { a: 1, m(x) {\n  return x;\n} };\n').map((s) => s.name), ['m']);
  const multiLine = ['// size-exempt: one state machine', 'export function wide(', '  a: number,', '): number {', body(90), '}'].join('\n');
  assert.deepEqual(sizeOffendersInText('m.ts', multiLine), []);
  assert.equal(functionName('items.map((x) =>'), '(arrow)');
  assert.equal(sizeOffendersInText('big.ts', 'let a = 1;\n'.repeat(401))[0]?.what, '401 lines');
  assert.deepEqual(sizeOffendersInText('big.ts', `/** size-exempt: generated */\n${'let a = 1;\n'.repeat(401)}`), []);
});

test('browser scripts kept as strings have small functions too (their wrapping IIFE aside)', () => {
  const long = (script: string): string[] => functionSpans(script)
    .filter((s) => s.lines > FUNCTION_LIMIT && !(s.line === 2 && s.name === '(function)'))
    .map((s) => `${s.name} (script line ${s.line}) ${s.lines} lines`);
  assert.deepEqual(long(CLIENT_SCRIPT), [], 'report page script (src/report/page-script/)');
  assert.deepEqual(long(DASHBOARD_SCRIPT), [], 'dashboard script (src/serve/dashboard/dashboard-script.ts)');
  assert.ok(functionSpans(CLIENT_SCRIPT).some((s) => s.name === 'renderTimeline'), 'the scanner reads the report script');
});
