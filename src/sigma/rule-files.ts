/**
 * Rule files: every *.yml / *.yaml under the given files and folders (the one walker,
 * src/sources/walk-files), each read into its YAML documents. Legacy `action: global` documents are
 * merged into the documents after them; `action: reset` ends that.
 */
import { existsSync, readFileSync } from 'node:fs';
import { yamlLibrary } from '../content/yaml-text.js';
import { walkEntries, type WalkedFile } from '../sources/walk-files.js';
import { parseSigmaYaml } from '../content/fast-yaml.js';
import type { RawDoc } from './rule.js';
import { RuleError } from './rule-error.js';
import { unsupportedRule, type UnsupportedRule } from './rule-info.js';

/** One YAML document of a rule file. */
export interface LoadedDoc {
  path: string;
  doc: RawDoc;
}

/** Alias resolutions the `yaml` library may make per document (its resource-exhaustion guard). */
const MAX_ALIAS_COUNT = 1000;

const isRuleFile = (name: string): boolean => /\.ya?ml$/i.test(name);

/**
 * Every rule file under the given files and folders: a missing path throws; loops, special files
 * and symlinks out of the folders go to onProblem (`path:where: reason`).
 */
export function listRuleFiles(paths: readonly string[], onProblem: (line: string) => void = () => {}, followSymlinks = false): string[] {
  return Array.from(walkRuleFiles(paths, onProblem, followSymlinks), (f) => f.path);
}

/** The rule files one at a time, with their stats as the walk found them (a missing path throws before the first). */
export function walkRuleFiles(paths: readonly string[], onProblem: (line: string) => void = () => {}, followSymlinks = false): Generator<WalkedFile> {
  for (const p of paths) if (!existsSync(p)) throw new Error(`${p}: no such file or folder`);
  return walkEntries(paths, { accept: isRuleFile, followSymlinks, onProblem: (x) => onProblem(`${x.path}:${x.where}: ${x.reason}`) });
}

/** The YAML values of a text: the fast subset reader for SigmaHQ-style files, else the full parser. */
function yamlValues(file: string, text: string, unsupported: UnsupportedRule[]): { values: unknown[]; failed: number } {
  const values: unknown[] = parseSigmaYaml(text) ?? [];
  let failed = 0;
  if (values.length > 0) return { values, failed };
  for (const d of yamlLibrary().parseAllDocuments(text)) {
    if (d.errors.length) {
      const e = d.errors[0]!;
      const line = e.linePos?.[0]?.line;
      unsupported.push(unsupportedRule(new RuleError('invalid', `YAML${line ? ` line ${line}` : ''}: ${e.message.split('\n')[0]}`, { line }), file, null));
      failed++;
      continue;
    }
    try {
      // Alias expansion is bounded: an alias bomb (or an alias to no anchor) makes this document unsupported.
      values.push(d.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
    } catch (err) {
      unsupported.push(unsupportedRule(new RuleError('invalid', `YAML: ${(err as Error).message.split('\n')[0]}`), file, null));
      failed++;
    }
  }
  return { values, failed };
}

/** Every document of a rule file; what cannot be read or parsed goes to `unsupported` and counts as failed. */
export function readRuleFile(file: string, unsupported: UnsupportedRule[]): { docs: LoadedDoc[]; failed: number } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    unsupported.push(unsupportedRule(new RuleError('invalid', `cannot read: ${(err as Error).message}`), file, null));
    return { docs: [], failed: 1 };
  }
  const docs: LoadedDoc[] = [];
  const { values, failed: yamlFailed } = yamlValues(file, text, unsupported);
  let failed = yamlFailed;
  let global: RawDoc | null = null;
  for (const js of values) {
    if (js === null || js === undefined) continue;
    if (typeof js !== 'object' || Array.isArray(js)) {
      unsupported.push(unsupportedRule(new RuleError('invalid', 'document is not a map'), file, null));
      failed++;
      continue;
    }
    const doc = js as RawDoc;
    if (doc.action === 'global') {
      global = { ...doc };
      delete global.action;
      continue;
    }
    if (doc.action === 'reset') {
      global = null;
      continue;
    }
    docs.push({ path: file, doc: global ? mergeDocs(global, doc) : doc });
  }
  return { docs, failed };
}

function mergeDocs(base: RawDoc, over: RawDoc): RawDoc {
  const out: RawDoc = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    if (b && typeof b === 'object' && !Array.isArray(b) && v && typeof v === 'object' && !Array.isArray(v)) out[k] = mergeDocs(b as RawDoc, v as RawDoc);
    else out[k] = v;
  }
  delete out.action;
  return out;
}
