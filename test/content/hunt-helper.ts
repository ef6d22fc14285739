/**
 * Test helper: run the project's rules over files the way a hunt does (project readers, events in
 * time order, one detector) and tally findings by rule and file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HuntEvent } from '../../src/events/event.js';
import type { Finding } from '../../src/findings/finding.js';
import { loadSigmaRules, type SigmaRuleSet } from '../../src/sigma/index.js';
import { openInput, walkFiles, type ReadProblem } from '../../src/sources/index.js';

/** dist/test/content → repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const sharedRoot = path.resolve(repoRoot, '..', 'shared');
export const galliumRules = path.join(repoRoot, 'content', 'rules', 'gallium');

export interface HuntTally {
  set: SigmaRuleSet;
  findings: Finding[];
  /** rule id → file path (relative to `relativeTo`) → count. */
  byRule: Map<string, Map<string, number>>;
  events: number;
  problems: ReadProblem[];
}

export async function readAll(paths: string[], problems: ReadProblem[]): Promise<HuntEvent[]> {
  const events: HuntEvent[] = [];
  const onProblem = (p: ReadProblem): void => {
    problems.push(p);
  };
  for (const file of walkFiles(paths, { onProblem })) {
    let reader;
    try {
      reader = await openInput(file);
    } catch (err) {
      problems.push({ path: file, where: 'file', reason: (err as Error).message });
      continue;
    }
    for await (const batch of reader.read(file, { onProblem })) for (const e of batch) events.push(e);
  }
  return events;
}

export async function huntFiles(paths: string[], relativeTo: string, rulePaths = [galliumRules]): Promise<HuntTally> {
  const set = await loadSigmaRules(rulePaths);
  const problems: ReadProblem[] = [];
  const events = await readAll(paths, problems);
  events.sort((a, b) => (a.time || 0) - (b.time || 0));
  const detector = set.createDetector();
  const findings: Finding[] = [];
  const byRule = new Map<string, Map<string, number>>();
  const emit = (f: Finding): void => {
    findings.push(f);
    const file = path.relative(relativeTo, path.resolve(f.source.path)).split(path.sep).join('/');
    const m = byRule.get(f.rule.id) ?? new Map<string, number>();
    m.set(file, (m.get(file) ?? 0) + 1);
    byRule.set(f.rule.id, m);
  };
  for (const e of events) detector.examine(e, emit);
  detector.finish?.(emit);
  return { set, findings, byRule, events: events.length, problems };
}

/** Rule id by title (titles are unique in the GALLIUM set; a test checks it). */
export function idByTitle(set: SigmaRuleSet, title: string): string {
  const r = set.rules.find((x) => x.title === title);
  if (!r) throw new Error(`no rule titled '${title}'`);
  return r.id;
}

/** Base rules that only feed a correlation (they must not emit findings themselves). */
export const CORRELATION_BASES = [
  'Outbound NetBIOS Name Query',
  'Inbound Connection Accepted by a Program Outside Program Folders',
  'Outbound Connection by a Program Outside Program Folders',
  'Discovery Command',
  'Burst of Not-Found Responses to One Client',
];
