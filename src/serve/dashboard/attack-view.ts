/**
 * The ATT&CK view: findings per technique, placed under their tactics with the report's
 * technique catalogue (names and tactics from the shipped intel pack and built-in table).
 */
import { createAttackCatalog, TACTICS, type AttackCatalog } from '../../report/index.js';
import { LEVELS } from '../../findings/finding.js';
import type { TechniqueCount } from '../../store/finding-store.js';

export interface AttackColumn {
  tactic: string;
  techniques: { id: string; name: string; findings: number; level: string }[];
}

let catalog: AttackCatalog | undefined;

export function attackColumns(counts: readonly TechniqueCount[]): AttackColumn[] {
  catalog ??= createAttackCatalog();
  const columns = new Map<string, AttackColumn>([...TACTICS, 'other'].map((t) => [t, { tactic: t, techniques: [] }]));
  for (const c of counts) {
    const info = catalog.lookup(c.technique);
    for (const tactic of info.tactics) {
      const column = columns.get(tactic) ?? columns.get('other')!;
      column.techniques.push({ id: c.technique, name: info.name, findings: c.findings, level: LEVELS[c.topLevel] ?? 'informational' });
    }
  }
  return [...columns.values()].filter((c) => c.techniques.length > 0);
}
