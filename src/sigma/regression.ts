/**
 * SigmaHQ-style regression cases (`info.yml` under regression_data/): each names a rule id and
 * sample files with the expected match count. Every (case, sample) is one test: it fails when the
 * rule fires fewer times than expected (or the sample cannot be read) and passes with a warning when
 * it fires more, as in SigmaHQ's own runner. `.evtx` samples run through the EVTX reader; their
 * `.json` siblings (evtx_dump output, objects back to back) through the JSON path.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { yamlLibrary } from '../content/yaml-text.js';
import type { HuntEvent } from '../events/event.js';
import type { Finding } from '../findings/finding.js';
import { evtxSniffer } from '../sources/evtx/index.js';
import { listFiles, openInput, subfolders } from '../sources/index.js';
import type { ReadProblem } from '../sources/reader.js';
import { RegressionCaseError } from './rule-error.js';
import { loadSigmaRules, type SigmaLoadOptions, type SigmaRuleSet } from './rule-set.js';
import { isRecord } from '../content/is-record.js';

export interface RegressionSample {
  path: string;
  kind: 'json' | 'evtx';
  expected: number;
  name: string;
}

export interface RegressionCase {
  info: string;
  ruleId: string;
  ruleTitle: string;
  samples: RegressionSample[];
  /** Problem with the info.yml itself: the case then fails once, or is skipped when it lists no tests (kind `empty`). */
  error?: RegressionCaseError;
}

export interface RegressionResult {
  case: RegressionCase;
  sample: RegressionSample | null;
  status: 'pass' | 'fail' | 'skip';
  /** Passing, but the rule fired more often than expected. */
  warning: boolean;
  matches: number;
  reason: string;
}

export interface RegressionSummary {
  passed: number;
  failed: number;
  skipped: number;
  warnings: number;
  /** Paths the walk of the case folders skipped (loops, special files, symlinks out): `path:where: reason`. */
  walkNotes: string[];
  results: RegressionResult[];
  rules: SigmaRuleSet;
}

const isInfo = (name: string): boolean => /^info\.ya?ml$/i.test(name);

/** Every info.yml under the given files and folders; a missing path throws, walk notes go to `notes`. */
function listInfos(paths: readonly string[], notes: string[]): string[] {
  for (const p of paths) if (!existsSync(p)) throw new Error(`${p}: no such file or folder`);
  const files = listFiles(paths, { accept: isInfo, onProblem: (x) => notes.push(`${x.path}:${x.where}: ${x.reason}`) });
  return files.filter((f) => isInfo(path.basename(f)));
}

/** The folder that holds `regression_data` above `p`, or null. */
export function regressionRoot(p: string): string | null {
  let dir = path.resolve(p);
  for (;;) {
    if (path.basename(dir) === 'regression_data') return path.dirname(dir);
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** Rule folders beside `regression_data` (rules, rules-emerging-threats, ...). */
export function defaultRuleFolders(casesPaths: readonly string[]): string[] {
  const roots = new Set<string>();
  for (const c of casesPaths) {
    const r = regressionRoot(statSync(c).isDirectory() ? path.join(c, 'x') : c) ?? (path.basename(path.resolve(c)) === 'regression_data' ? path.dirname(path.resolve(c)) : null);
    if (r) roots.add(r);
  }
  return [...roots].flatMap((r) => subfolders(r).filter((p) => /^rules/.test(path.basename(p))));
}


export function readCase(info: string): RegressionCase {
  const c: RegressionCase = { info, ruleId: '', ruleTitle: '', samples: [] };
  let doc: unknown;
  try {
    doc = yamlLibrary().parse(readFileSync(info, 'utf8'));
  } catch (err) {
    c.error = new RegressionCaseError('invalid', `${info}: ${(err as Error).message.split('\n')[0]}`, { file: info });
    return c;
  }
  if (!isRecord(doc)) {
    c.error = new RegressionCaseError('invalid', `${info}: not a map`, { file: info });
    return c;
  }
  const meta = Array.isArray(doc.rule_metadata) ? doc.rule_metadata.find(isRecord) : undefined;
  c.ruleId = meta && typeof meta.id === 'string' ? meta.id : '';
  c.ruleTitle = meta && typeof meta.title === 'string' ? meta.title : '';
  if (!c.ruleId) {
    c.error = new RegressionCaseError('invalid', `${info}: rule_metadata names no rule id`, { file: info });
    return c;
  }
  const root = regressionRoot(info);
  const tests = Array.isArray(doc.regression_tests_info) ? doc.regression_tests_info.filter(isRecord) : [];
  if (tests.length === 0) c.error = new RegressionCaseError('empty', `${info}: no regression_tests_info`, { file: info });
  for (const t of tests) {
    const rel = typeof t.path === 'string' ? t.path : '';
    const expected = typeof t.match_count === 'number' ? t.match_count : 1;
    const name = typeof t.name === 'string' ? t.name : rel;
    let p = root ? path.resolve(root, rel) : path.resolve(path.dirname(info), rel);
    if (!existsSync(p) && existsSync(path.join(path.dirname(info), path.basename(rel)))) p = path.join(path.dirname(info), path.basename(rel));
    const base = p.replace(/\.(evtx|json)$/i, '');
    const evtx = `${base}.evtx`;
    const json = `${base}.json`;
    const seen = existsSync(evtx) || existsSync(json);
    if (existsSync(json)) c.samples.push({ path: json, kind: 'json', expected, name });
    if (existsSync(evtx)) c.samples.push({ path: evtx, kind: 'evtx', expected, name });
    if (!seen) c.samples.push({ path: p, kind: /\.json$/i.test(p) ? 'json' : 'evtx', expected, name });
  }
  return c;
}

/** Split concatenated JSON values (objects back to back, or a JSON array, or JSON lines). */
export function splitJsonValues(text: string): { values: unknown[]; problems: string[] } {
  const values: unknown[] = [];
  const problems: string[] = [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    try {
      const arr = JSON.parse(trimmed) as unknown[];
      return { values: Array.isArray(arr) ? arr : [arr], problems };
    } catch {
      // fall through to the scanner
    }
  }
  let depth = 0;
  let start = -1;
  let inString = false;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (depth === 0) {
        start = i;
        startLine = line;
      }
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0 && start >= 0) {
        try {
          values.push(JSON.parse(text.slice(start, i + 1)));
        } catch (err) {
          problems.push(`line ${startLine}: ${(err as Error).message}`);
        }
        start = -1;
      } else if (depth < 0) {
        problems.push(`line ${line}: unbalanced '${String.fromCharCode(c)}'`);
        depth = 0;
      }
    }
  }
  if (depth !== 0) problems.push(`line ${startLine}: truncated JSON value`);
  return { values, problems };
}

export interface RegressionOptions extends SigmaLoadOptions {
  rules?: string[];
  onResult?: (r: RegressionResult) => void;
}

export async function runRegression(casesPaths: string[], options: RegressionOptions = {}): Promise<RegressionSummary> {
  const walkNotes: string[] = [];
  const infos = listInfos(casesPaths, walkNotes);
  const rulePaths = options.rules?.length ? options.rules : defaultRuleFolders(casesPaths);
  if (rulePaths.length === 0) throw new Error(`no rule folders beside regression_data for ${casesPaths.join(', ')}; give --rules`);
  const rules = await loadSigmaRules(rulePaths, options);
  const known = new Set(rules.rules.map((r) => r.id));
  const unsupportedById = new Map(rules.unsupported.filter((u) => u.id).map((u) => [u.id!, u]));
  const summary: RegressionSummary = { passed: 0, failed: 0, skipped: 0, warnings: 0, results: [], rules, walkNotes };
  const report = (r: RegressionResult): void => {
    summary.results.push(r);
    if (r.status === 'pass') summary.passed++;
    else if (r.status === 'fail') summary.failed++;
    else summary.skipped++;
    if (r.warning) summary.warnings++;
    options.onResult?.(r);
  };
  for (const info of infos) {
    const c = readCase(info);
    if (c.error && c.samples.length === 0) {
      // A case that lists no tests (SigmaHQ comments them out for raw samples) is skipped, not failed.
      const status = c.error.kind === 'empty' ? 'skip' : 'fail';
      report({ case: c, sample: null, status, warning: false, matches: 0, reason: c.error.message });
      continue;
    }
    for (const sample of c.samples) {
      const base = { case: c, sample, warning: false, matches: 0 };
      if (!known.has(c.ruleId)) {
        const why = unsupportedById.get(c.ruleId);
        report({ ...base, status: 'fail', reason: why ? `rule ${c.ruleId} is ${why.kind}: ${why.reason}` : `rule ${c.ruleId} not found under ${rulePaths.join(', ')}` });
        continue;
      }
      if (!existsSync(sample.path)) {
        report({ ...base, status: 'fail', reason: `${sample.path}: sample not found` });
        continue;
      }
      let events: AsyncIterable<HuntEvent[]>;
      const problems: ReadProblem[] = [];
      if (sample.kind === 'evtx') {
        events = evtxSniffer.open().read(sample.path, { onProblem: (p) => problems.push(p) });
      } else {
        // JSON samples go through the same reader the hunt uses (format detected from content).
        try {
          events = (await openInput(sample.path)).read(sample.path, { onProblem: (p) => problems.push(p) });
        } catch (err) {
          report({ ...base, status: 'fail', reason: `cannot read sample: ${(err as Error).message}` });
          continue;
        }
      }
      const detector = rules.createDetector({ correlation: 'inline' });
      let matches = 0;
      const emit = (f: Finding): void => {
        if (f.rule.id === c.ruleId) matches++;
      };
      try {
        for await (const batch of events) for (const e of batch) detector.examine(e, emit);
        detector.finish?.(emit);
      } catch (err) {
        report({ ...base, status: 'fail', reason: `cannot read sample: ${(err as Error).message}` });
        continue;
      }
      if (problems.length) {
        const p = problems[0]!;
        report({ ...base, matches, status: 'fail', reason: `cannot read sample: ${p.path}:${p.where}: ${p.reason}` });
        continue;
      }
      if (matches < sample.expected) report({ ...base, matches, status: 'fail', reason: `${matches} match${matches === 1 ? '' : 'es'}, expected ${sample.expected}` });
      else report({ ...base, matches, status: 'pass', warning: matches > sample.expected, reason: `${matches} match${matches === 1 ? '' : 'es'}${matches > sample.expected ? `, more than the expected ${sample.expected}` : ''}` });
    }
  }
  return summary;
}
