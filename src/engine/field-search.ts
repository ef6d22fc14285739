/**
 * `search --field NAME=VALUE`: field conditions read the way Sigma rules read them. The conditions
 * become one Sigma detection (`NAME: VALUE`, all ANDed; `*` and `?` wildcards and `|modifiers` as in
 * Sigma), compiled once for every logsource the shipped mappings know and once without one, so
 * the rule field name reaches the event field each kind of log calls it (`ClientIP` is `c-ip` in
 * IIS logs). An event matches when one of these compiled rules fires; the fields it names are
 * the evidence. The rules are built by the Sigma engine itself from a temporary rule file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { yamlLibrary } from '../content/yaml-text.js';
import { loadSigmaRules } from '../sigma/index.js';
import { defaultMappingsDir } from '../sigma/mapping.js';
import { listFiles } from '../sources/walk-files.js';
import type { Detector } from '../findings/detector.js';
import type { HuntEvent } from '../events/event.js';
import type { Finding } from '../findings/finding.js';

export type FieldCondition = [name: string, value: string];

/** Every logsource named in the mapping files (product/category/service), plus the empty one. */
function mappedLogsources(): Record<string, string>[] {
  const out: Record<string, string>[] = [{}];
  const seen = new Set<string>(['{}']);
  for (const file of listFiles([defaultMappingsDir()], { onProblem: () => {} })) {
    if (!/\.ya?ml$/.test(file)) continue;
    const doc = yamlLibrary().parse(readFileSync(file, 'utf8')) as { logsources?: Array<{ logsource?: Record<string, string> }> } | null;
    for (const entry of doc?.logsources ?? []) {
      const ls = entry.logsource;
      if (!ls || typeof ls !== 'object') continue;
      const key = JSON.stringify(ls);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(ls);
      }
    }
  }
  return out;
}

export interface FieldMatcher {
  /** The fields that matched (name → value), or null. */
  match(event: HuntEvent): Record<string, unknown> | null;
}

/** Throws an Error with a one-line reason when a condition is not valid Sigma. */
export async function compileFieldConditions(conditions: readonly FieldCondition[]): Promise<FieldMatcher> {
  const selection: Record<string, string> = {};
  for (const [name, value] of conditions) selection[name] = value;
  const docs = mappedLogsources().map((logsource, i) => ({
    title: 'cellwatch search', id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, status: 'test',
    logsource, detection: { selection, condition: 'selection' }, level: 'informational',
  }));
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-search-'));
  let detector: Detector;
  try {
    const file = path.join(dir, 'field-search.yml');
    writeFileSync(file, docs.map((d) => yamlLibrary().stringify(d)).join('---\n'));
    const rules = await loadSigmaRules([file]);
    if (rules.compiled === 0) throw new Error(`--field: ${rules.unsupported[0]?.reason ?? 'not a valid condition'}`);
    detector = rules.createDetector({ correlation: 'inline', onProblem: () => {} });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let hit: Finding | null = null;
  const emit = (f: Finding): void => {
    hit ??= f;
  };
  return {
    match(event) {
      hit = null;
      detector.examine(event, emit);
      return hit === null ? null : (hit as Finding).matched;
    },
  };
}
