/**
 * STIX 2.1 bundles (2.0 also read): indicator objects with STIX patterns over domain-name,
 * ipv4-addr, ipv6-addr, url, file hashes and names, windows-registry-key; valid_from/valid_until;
 * labels and indicator_types as tags; `indicates` relationships to intrusion sets (and threat
 * actors, campaigns, malware, tools) add the target's name as a tag, to attack patterns their
 * ATT&CK id (`attack.t1505.003`).
 */
import type { Indicator } from './indicator.js';
import { makeIndicator, parseTags } from './indicator.js';
import type { ImportResult } from './import-result.js';
import { isoDate } from './csv-indicators.js';
import { objectLines, whereIn } from './json-lines.js';
import { parsePattern } from './stix-pattern.js';
import { nestedDeeperThan, TOO_DEEP } from './entry-depth.js';
import { isRecord } from '../content/is-record.js';

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function isStixBundle(doc: unknown): boolean {
  if (isRecord(doc) && doc.type === 'bundle') return true;
  if (isRecord(doc) && Array.isArray(doc.objects)) return doc.objects.some((o) => isRecord(o) && typeof o.type === 'string' && typeof o.id === 'string');
  return isRecord(doc) && doc.type === 'indicator' && typeof doc.pattern === 'string';
}

/** Indicator id → tags from its `indicates` relationships (actor, malware … names; ATT&CK ids). */
function relatedTags(objects: readonly unknown[], byId: ReadonlyMap<string, Obj>): Map<string, string[]> {
  const related = new Map<string, string[]>();
  for (const o of objects) {
    if (!isRecord(o) || o.type !== 'relationship' || o.relationship_type !== 'indicates') continue;
    const src = str(o.source_ref);
    const target = byId.get(str(o.target_ref) ?? '');
    if (!src || !target) continue;
    const tags = related.get(src) ?? [];
    const name = str(target.name);
    if (target.type === 'attack-pattern') {
      const refs = Array.isArray(target.external_references) ? target.external_references : [];
      for (const r of refs) {
        const id = isRecord(r) ? str(r.external_id) : undefined;
        if (id && /^T\d{4}(\.\d{3})?$/.test(id)) tags.push(`attack.${id.toLowerCase()}`);
      }
    } else if (name && ['intrusion-set', 'threat-actor', 'campaign', 'malware', 'tool'].includes(String(target.type))) {
      tags.push(name);
    }
    related.set(src, tags);
  }
  return related;
}

export function importStix(path: string, text: string, doc: unknown, defaultSource: string): ImportResult {
  const indicators: Indicator[] = [];
  const problems: string[] = [];
  const lines = objectLines(text, doc);
  const given: unknown[] = isRecord(doc) && Array.isArray(doc.objects) ? doc.objects : [doc];
  // An object nested past the bound is one problem and is left out (also as a relationship end).
  const objects = given.map((o, i) => {
    if (!isRecord(o) || !nestedDeeperThan(o)) return o;
    problems.push(`${whereIn(path, lines, o)}: ${str(o.id) ?? `objects[${i}]`}: ${TOO_DEEP}`);
    return undefined;
  });
  const byId = new Map<string, Obj>();
  for (const o of objects) if (isRecord(o) && typeof o.id === 'string') byId.set(o.id, o);
  const related = relatedTags(objects, byId);
  objects.forEach((o, i) => {
    if (o === undefined) return;
    if (!isRecord(o)) {
      problems.push(`${path}: objects[${i}]: not an object`);
      return;
    }
    if (o.type !== 'indicator') return; // identities, relationships, SDOs: context only
    const where = `${whereIn(path, lines, o)}: ${str(o.id) ?? `objects[${i}]`}`;
    const pattern = str(o.pattern);
    if (!pattern) {
      problems.push(`${where}: indicator has no pattern`);
      return;
    }
    if (o.pattern_type !== undefined && o.pattern_type !== 'stix') {
      problems.push(`${where}: pattern_type ${String(o.pattern_type)} is not supported (only stix)`);
      return;
    }
    if (o.revoked === true) {
      problems.push(`${where}: indicator is revoked; not imported`);
      return;
    }
    const validFrom = isoDate(str(o.valid_from));
    const validUntil = isoDate(str(o.valid_until));
    if (validFrom === null || validUntil === null) {
      problems.push(`${where}: valid_from/valid_until is not a timestamp`);
      return;
    }
    const creator = byId.get(str(o.created_by_ref) ?? '');
    const source = (creator && str(creator.name)) || defaultSource;
    const tags = parseTags([
      ...(Array.isArray(o.labels) ? o.labels : []),
      ...(Array.isArray(o.indicator_types) ? o.indicator_types : []),
      ...(related.get(str(o.id) ?? '') ?? []),
    ]);
    const note = str(o.name) ?? str(o.description);
    const { terms, unsupported } = parsePattern(pattern);
    for (const u of unsupported) problems.push(`${where}: ${u}`);
    for (const t of terms) {
      const made = makeIndicator(t.type, t.value, { source, tags, note, validFrom, validUntil });
      if ('reason' in made) problems.push(`${where}: ${made.reason}`);
      else indicators.push(made.indicator);
    }
  });
  return { indicators, problems, format: 'stix' };
}
