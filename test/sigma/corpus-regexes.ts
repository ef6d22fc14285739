/**
 * The `|re` values of rule folders (by default the SigmaHQ rules beside the project,
 * ../shared/corpus/sigma/rules*), with the flags of their sub-modifiers, and the texts of the
 * SigmaHQ regression events: shared by the tests that check rule regexes against real rules.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseSigmaYaml } from '../../src/content/fast-yaml.js';
import { listRuleFiles } from '../../src/sigma/index.js';
import { splitJsonValues } from '../../src/sigma/regression.js';
import { shared } from './helpers.js';
import type { SweepRegex } from './regex-sweep-worker.js';

export const sigmaCorpus = path.join(shared, 'corpus', 'sigma');
/** Why the SigmaHQ corpus tests skip, or false when it is there. */
export const sigmaCorpusAbsent: string | false = existsSync(sigmaCorpus) ? false : `${sigmaCorpus} is absent`;

const FLAG_MODIFIERS: Record<string, string> = { i: 'i', ignorecase: 'i', m: 'm', multiline: 'm', s: 's', dotall: 's' };

/** The regexes of the rules under `dirs` (by default SigmaHQ's rule folders). */
export function corpusRegexes(dirs = readdirSync(sigmaCorpus).filter((d) => d.startsWith('rules')).map((d) => path.join(sigmaCorpus, d))): SweepRegex[] {
  const base = path.dirname(dirs[0] ?? sigmaCorpus);
  const out: SweepRegex[] = [];
  const walk = (node: unknown, file: string): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => walk(n, file));
    for (const [key, value] of Object.entries(node)) {
      const mods = key.split('|');
      if (!mods.includes('re')) {
        walk(value, file);
        continue;
      }
      const flags = [...new Set(mods.map((m) => FLAG_MODIFIERS[m] ?? ''))].join('');
      for (const v of Array.isArray(value) ? value : [value]) out.push({ where: `${path.relative(base, file)} ${key}`, source: String(v), flags });
    }
  };
  for (const file of listRuleFiles(dirs)) {
    const text = readFileSync(file, 'utf8');
    const docs = parseSigmaYaml(text) ?? parseAllDocuments(text).map((d) => d.toJS() as unknown);
    for (const doc of docs) walk((doc as { detection?: unknown } | null)?.detection, file);
  }
  return out;
}

/** Every string and number (as text) in the regression data's JSON events, once each. */
export function regressionTexts(): string[] {
  const out = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node === 'string') out.add(node);
    else if (typeof node === 'number') out.add(String(node));
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.json')) splitJsonValues(readFileSync(p, 'utf8')).values.forEach(walk);
    }
  };
  visit(path.join(sigmaCorpus, 'regression_data'));
  return [...out];
}
