/**
 * ATT&CK technique names and tactics for the reports: read from the shipped intel pack
 * (content/intel/gallium-techniques.json) when present, completed by the built-in table, with
 * sub-techniques falling back on their parent's tactics. Unknown ids land under `other`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contentPath } from '../content/content-path.js';
import { BUILTIN_TECHNIQUES } from './builtin-techniques.js';

/** Enterprise tactics in kill-chain order (ATT&CK short names). */
export const TACTICS = [
  'reconnaissance', 'resource-development', 'initial-access', 'execution', 'persistence',
  'privilege-escalation', 'defense-evasion', 'credential-access', 'discovery', 'lateral-movement',
  'collection', 'command-and-control', 'exfiltration', 'impact',
] as const;

export const OTHER_TACTIC = 'other';

export interface TechniqueInfo {
  id: string;
  /** '' when unknown. */
  name: string;
  /** Tactic short names; [`other`] when unknown. */
  tactics: string[];
}

export interface AttackCatalog {
  lookup(id: string): TechniqueInfo;
  /** Where the names came from, for the report footer. */
  readonly sources: string[];
}

export const DEFAULT_TECHNIQUES_PATH = contentPath('intel', 'gallium-techniques.json');

const TACTIC_SET = new Set<string>(TACTICS);

function splitTactics(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[;,|]/) : [];
  const out: string[] = [];
  for (const t of raw) {
    const name = t.trim().toLowerCase().replace(/^attack\./, '').replace(/[_ ]/g, '-');
    if (TACTIC_SET.has(name) && !out.includes(name)) out.push(name);
  }
  return out;
}

function entryId(e: Record<string, unknown>): string | undefined {
  for (const k of ['attack_id', 'id', 'techniqueID', 'technique_id', 'attackId', 'technique']) {
    const v = e[k];
    if (typeof v === 'string' && /^T\d{4}(\.\d{3})?$/i.test(v.trim())) return v.trim().toUpperCase();
  }
  return undefined;
}

/**
 * Parse a technique list: an array of objects (`attack_id`/`id`, `name`, `tactic`/`tactics`),
 * `{techniques: [...]}`, or an object keyed by technique id. Entries without an id are skipped.
 */
export function parseTechniqueList(json: unknown): Map<string, { name: string; tactics: string[] }> {
  const out = new Map<string, { name: string; tactics: string[] }>();
  let entries: Array<Record<string, unknown>> = [];
  if (Array.isArray(json)) entries = json.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null);
  else if (typeof json === 'object' && json !== null) {
    const obj = json as Record<string, unknown>;
    if (Array.isArray(obj.techniques)) return parseTechniqueList(obj.techniques);
    entries = Object.entries(obj)
      .filter(([, v]) => typeof v === 'object' && v !== null)
      .map(([k, v]) => ({ id: k, ...(v as Record<string, unknown>) }));
  }
  for (const e of entries) {
    const id = entryId(e);
    if (!id) continue;
    const name = typeof e.name === 'string' ? e.name : '';
    out.set(id, { name, tactics: splitTactics(e.tactics ?? e.tactic ?? e.tactic_ids) });
  }
  return out;
}

export function createAttackCatalog(techniquesPath: string | null = DEFAULT_TECHNIQUES_PATH): AttackCatalog {
  const table = new Map<string, { name: string; tactics: string[] }>();
  for (const [id, name, tactics] of BUILTIN_TECHNIQUES) table.set(id, { name, tactics: splitTactics(tactics) });
  const sources = ['built-in table'];
  if (techniquesPath) {
    let text: string | undefined;
    try {
      text = readFileSync(techniquesPath, 'utf8');
    } catch {
      // Absent pack: the built-in table serves.
    }
    if (text !== undefined) {
      try {
        for (const [id, info] of parseTechniqueList(JSON.parse(text))) {
          const known = table.get(id);
          table.set(id, {
            name: info.name || known?.name || '',
            tactics: info.tactics.length > 0 ? info.tactics : known?.tactics ?? [],
          });
        }
        sources.unshift(path.basename(techniquesPath));
      } catch (err) {
        sources.push(`${techniquesPath}: unreadable (${err instanceof Error ? err.message : String(err)})`);
      }
    }
  }
  const cache = new Map<string, TechniqueInfo>();
  return {
    sources,
    lookup(rawId: string): TechniqueInfo {
      const id = rawId.trim().toUpperCase();
      const hit = cache.get(id);
      if (hit) return hit;
      const own = table.get(id);
      const parentId = id.includes('.') ? id.slice(0, id.indexOf('.')) : undefined;
      const parent = parentId ? table.get(parentId) : undefined;
      let name = own?.name ?? '';
      if (parent && own?.name && !own.name.startsWith(parent.name)) name = `${parent.name}: ${own.name}`;
      else if (!name && parent) name = `${parent.name} (sub-technique)`;
      let tactics = own?.tactics.length ? own.tactics : parent?.tactics ?? [];
      if (tactics.length === 0) tactics = [OTHER_TACTIC];
      const info: TechniqueInfo = { id, name, tactics };
      cache.set(id, info);
      return info;
    },
  };
}
