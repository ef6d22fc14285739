/**
 * The actor's technique list (content/intel/gallium-techniques.json): id, name, tactics and the
 * evidence note saying which logs can show the technique.
 */
import { readFileSync } from 'node:fs';

export interface ActorTechnique {
  id: string;
  name: string;
  tactics: string[];
  /** Which logs show it (free text from the intel pack); '' when unknown. */
  evidence: string;
}

const ID = /^T\d{4}(?:\.\d{3})?$/;

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Accepts `{techniques:[…]}` or a bare array; entries use `id` or `attack_id`. */
export function parseTechniques(json: unknown, where: string): ActorTechnique[] {
  const list = Array.isArray(json)
    ? json
    : typeof json === 'object' && json !== null && Array.isArray((json as { techniques?: unknown }).techniques)
      ? (json as { techniques: unknown[] }).techniques
      : null;
  if (!list) throw new Error(`${where}: expected an array of techniques or {"techniques": [...]}`);
  const out: ActorTechnique[] = [];
  const seen = new Set<string>();
  list.forEach((e, i) => {
    if (typeof e !== 'object' || e === null) throw new Error(`${where}: techniques[${i}] is not an object`);
    const r = e as Record<string, unknown>;
    const id = text(r.id ?? r.attack_id).trim().toUpperCase();
    if (!ID.test(id)) throw new Error(`${where}: techniques[${i}]: '${id}' is not an ATT&CK technique id`);
    if (seen.has(id)) return;
    seen.add(id);
    const tactic = r.tactics ?? r.tactic;
    const tactics = (Array.isArray(tactic) ? tactic.map(String) : text(tactic).split(/[;,]/)).map((t) => t.trim()).filter(Boolean);
    out.push({ id, name: text(r.name), tactics, evidence: text(r.evidence) });
  });
  return out;
}

export function loadTechniques(file: string): ActorTechnique[] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read technique list (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return parseTechniques(json, file);
}

/** True when a rule tagged `ruleTechnique` covers `technique` (same id, or a sub-technique of it). */
export function covers(ruleTechnique: string, technique: string): boolean {
  return ruleTechnique === technique || ruleTechnique.startsWith(`${technique}.`);
}
