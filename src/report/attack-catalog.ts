/**
 * ATT&CK technique names and tactics for the reports: the shipped ATT&CK names
 * (content/intel/attack-techniques.json) with the actor's list (content/intel/gallium-techniques.json,
 * or a file given instead) read on top, both through the one technique-list parser
 * (src/intel/technique-list.ts); sub-techniques fall back on their parent's tactics. Unknown ids
 * land under `other`. A list that cannot be read is noted in `sources`, never fatal.
 */
import path from 'node:path';
import { ATTACK_TECHNIQUES_PATH, GALLIUM_TECHNIQUES_PATH, loadTechniqueList } from '../intel/technique-list.js';

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

export const DEFAULT_TECHNIQUES_PATH = GALLIUM_TECHNIQUES_PATH;

const TACTIC_SET = new Set<string>(TACTICS);

type Table = Map<string, { name: string; tactics: string[] }>;

/** Read `file` into `table` (names and tactics it gives win); says how it went, for `sources`. */
function readInto(table: Table, file: string): { ok: boolean; line: string } {
  try {
    for (const t of loadTechniqueList(file)) {
      const known = table.get(t.id);
      const tactics = t.tactics.filter((x) => TACTIC_SET.has(x));
      table.set(t.id, { name: t.name || known?.name || '', tactics: tactics.length > 0 ? tactics : known?.tactics ?? [] });
    }
    return { ok: true, line: path.basename(file) };
  } catch (err) {
    return { ok: false, line: `${file}: unreadable (${err instanceof Error ? err.message : String(err)})` };
  }
}

/** The catalog: ATT&CK names from `namesPath`, the actor's list from `techniquesPath` on top (null: none). */
export function createAttackCatalog(techniquesPath: string | null = DEFAULT_TECHNIQUES_PATH, namesPath = ATTACK_TECHNIQUES_PATH): AttackCatalog {
  const table: Table = new Map();
  const sources = [readInto(table, namesPath).line];
  if (techniquesPath) {
    const actor = readInto(table, techniquesPath);
    if (actor.ok) sources.unshift(actor.line);
    else sources.push(actor.line);
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
