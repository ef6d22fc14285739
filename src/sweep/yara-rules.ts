/**
 * YARA rules for the sweep, run by YARA-X (through @litko/yara-x): the built-in rules of
 * content/yara/ and the user's `--rules` files or folders (*.yar, *.yara). Each file is validated
 * on its own so an error names its file and line; the valid files are compiled together.
 *
 * Rules may use three external variables, set for every scanned file (as Loki/THOR do):
 * `filename` (last path element, lower-case), `filepath` (the path as shown in findings, `/`
 * separators) and `extension` (lower-case, no dot).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { RuleMatch, YaraX } from '@litko/yara-x';
import { contentPath } from '../content/content-path.js';

type YaraEngine = typeof import('@litko/yara-x');
let engine: YaraEngine | Error | undefined;

/**
 * The YARA-X binding, loaded on first use: its native build exists for Linux x64 (glibc) and macOS;
 * elsewhere the sweep runs without YARA (and says so) instead of the whole CLI failing to start.
 */
function yaraEngine(): YaraEngine | Error {
  if (engine === undefined) {
    try {
      engine = createRequire(import.meta.url)('@litko/yara-x') as YaraEngine;
    } catch (err) {
      engine = new Error(`YARA-X (@litko/yara-x) cannot load on ${process.platform}-${process.arch}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return engine;
}

export const builtinYaraPath = contentPath('yara');
export const YARA_VARIABLES = { filename: '', filepath: '', extension: '' };
const RULE_FILE = /\.(yar|yara)$/i;
const RULE_DECL = /^\s*(?:(?:private|global)\s+)*rule\s+[A-Za-z_]\w*/gm;

export interface YaraFileProblem {
  path: string;
  line?: number;
  reason: string;
}

export interface YaraRuleSet {
  /** Compiled rules; undefined when no rule file was valid. */
  scanner?: YaraX;
  files: string[];
  rules: number;
  problems: YaraFileProblem[];
}

export type YaraMatch = RuleMatch;

async function ruleFiles(p: string): Promise<string[]> {
  const info = await stat(p);
  if (!info.isDirectory()) return [p];
  const out: string[] = [];
  for (const e of (await readdir(p, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(p, e.name);
    if (e.isDirectory()) out.push(...(await ruleFiles(full)));
    else if (RULE_FILE.test(e.name)) out.push(full);
  }
  return out;
}

/** First line of a YARA-X message, with the line number it points at. */
function describe(message: string): { reason: string; line?: number } {
  const first = message.split('\n')[0]!.replace(/^error\[\w+\]:\s*/, '');
  const at = /-->\s*line:(\d+):\d+/.exec(message);
  return { reason: first, line: at ? Number(at[1]) : undefined };
}

/** Validate and compile rule files and folders; unreadable paths and invalid files are problems. */
export async function loadYaraRules(paths: readonly string[]): Promise<YaraRuleSet> {
  const set: YaraRuleSet = { files: [], rules: 0, problems: [] };
  const yara = yaraEngine();
  if (yara instanceof Error) {
    if (paths.length) set.problems.push({ path: paths.join(', '), reason: `${yara.message}; YARA rules not run` });
    return set;
  }
  const sources: string[] = [];
  for (const p of paths) {
    let files: string[];
    try {
      files = await ruleFiles(p);
    } catch (err) {
      set.problems.push({ path: p, reason: (err as Error).message });
      continue;
    }
    for (const file of files) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        set.problems.push({ path: file, reason: (err as Error).message });
        continue;
      }
      const result = yara.validate(text, { defineVariables: YARA_VARIABLES });
      if (result.errors.length > 0) {
        for (const e of result.errors) set.problems.push({ path: file, ...describe(e.message) });
        continue;
      }
      set.files.push(file);
      set.rules += text.match(RULE_DECL)?.length ?? 0;
      sources.push(text);
    }
  }
  if (sources.length > 0) {
    try {
      set.scanner = yara.compile(sources.join('\n'), { defineVariables: YARA_VARIABLES });
    } catch (err) {
      // Valid files that clash together (the same rule name in two files).
      set.problems.push({ path: set.files.join(', '), ...describe((err as Error).message) });
      set.files = [];
      set.rules = 0;
    }
  }
  return set;
}

export function yaraVariables(displayPath: string, name: string): Record<string, string> {
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf('.');
  return { filename: lower, filepath: displayPath.replace(/\\/g, '/'), extension: dot > 0 ? lower.slice(dot + 1) : '' };
}
