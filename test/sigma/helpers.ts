import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventFields, HuntEvent } from '../../src/events/event.js';
import type { Finding } from '../../src/findings/finding.js';
import { loadSigmaRules, type SigmaLoadOptions, type SigmaRuleSet } from '../../src/sigma/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const fixtures = path.join(repoRoot, 'test', 'sigma', 'fixtures');
export const shared = path.resolve(repoRoot, '..', 'shared');

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'cellwatch-sigma-'));
}

/** Write YAML rule documents into a fresh folder and load them. */
export async function loadYaml(files: Record<string, string>, options?: SigmaLoadOptions): Promise<SigmaRuleSet> {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return loadSigmaRules([dir], options);
}

export function event(fields: EventFields, format = 'json', file = 'events.json', record = 1): HuntEvent {
  return { fields, raw: fields, time: Date.parse('2024-05-06T07:08:09Z'), source: { path: file, record, format } };
}

export function run(set: SigmaRuleSet, events: HuntEvent[]): Finding[] {
  const d = set.createDetector({ correlation: 'inline' });
  const out: Finding[] = [];
  for (const e of events) d.examine(e, (f) => out.push(f));
  d.finish?.((f) => out.push(f));
  return out;
}

/** A one-rule set from a `detection:` body (indented YAML lines), on an unmapped logsource. */
export async function ruleFromDetection(detection: string, options?: SigmaLoadOptions, logsource = '    product: testproduct'): Promise<SigmaRuleSet> {
  const text = `title: Test rule\nid: 00000000-0000-0000-0000-000000000001\nlevel: high\ntags:\n    - attack.execution\n    - attack.t1059.001\nlogsource:\n${logsource}\ndetection:\n${detection}\n`;
  return loadYaml({ 'rule.yml': text }, options);
}

/** Which of the events (flat fields, no Windows channel) the detection matches. */
export async function matches(detection: string, events: Array<Record<string, unknown>>, options?: SigmaLoadOptions): Promise<boolean[]> {
  const set = await ruleFromDetection(detection, options);
  if (set.compiled !== 1) throw new Error(`rule did not compile: ${JSON.stringify(set.unsupported)}`);
  const d = set.createDetector();
  return events.map((f) => {
    let hit = false;
    d.examine(event(f as EventFields), () => {
      hit = true;
    });
    return hit;
  });
}

/** The unsupported reason of a detection, or null when it compiles. */
export async function reason(detection: string): Promise<string | null> {
  const set = await ruleFromDetection(detection);
  return set.unsupported[0]?.reason ?? null;
}
