/**
 * MISP event JSON (`{"Event":…}`, `{"response":[{"Event":…}]}`, a list of those, or a bare event):
 * Event.Attribute and Event.Object[].Attribute by type. Only attributes with `to_ids` true are
 * indicators (MISP's flag for "use for detection"); the others are counted and reported as
 * skipped, as are deleted attributes and types cellwatch does not match. Tags: the event's and the
 * attribute's tag names; ATT&CK galaxy tags also give `attack.tNNNN`; threat-actor galaxy tags give
 * the actor name. Level from the event's threat_level_id (1 high, 2 medium, 3 low).
 */
import type { Indicator, IndicatorType } from './indicator.js';
import type { Level } from '../findings/finding.js';
import { makeIndicator, parseTags } from './indicator.js';
import type { ImportResult } from './import-result.js';
import { objectLines, whereIn } from './json-lines.js';
import { nestedDeeperThan, TOO_DEEP } from './entry-depth.js';
import { isRecord } from '../content/is-record.js';

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** MISP attribute type → the indicator type of each `|`-separated part (undefined: part ignored). */
const MISP_TYPES: Record<string, (IndicatorType | undefined)[]> = {
  domain: ['domain'], hostname: ['domain'], 'domain|ip': ['domain', 'ipv4'], 'hostname|port': ['domain', undefined],
  'ip-src': ['ipv4'], 'ip-dst': ['ipv4'], 'ip-src|port': ['ipv4', undefined], 'ip-dst|port': ['ipv4', undefined],
  url: ['url'],
  md5: ['md5'], sha1: ['sha1'], sha256: ['sha256'],
  filename: ['filename'],
  'filename|md5': ['filename', 'md5'], 'filename|sha1': ['filename', 'sha1'], 'filename|sha256': ['filename', 'sha256'],
  'malware-sample': ['filename', 'md5'],
  regkey: ['registry'], 'regkey|value': ['registry', undefined],
  'windows-service-name': ['service_name'], 'windows-service-displayname': ['service_name'],
};

export function isMispEvent(doc: unknown): boolean {
  if (Array.isArray(doc)) return doc.length > 0 && doc.every((d) => isRecord(d) && isRecord(d.Event));
  if (!isRecord(doc)) return false;
  if (isRecord(doc.Event)) return true;
  if (Array.isArray(doc.response)) return doc.response.some((d) => isRecord(d) && isRecord(d.Event));
  return Array.isArray(doc.Attribute) && (typeof doc.info === 'string' || typeof doc.uuid === 'string');
}

function events(doc: unknown): Obj[] {
  if (Array.isArray(doc)) return doc.filter(isRecord).map((d) => d.Event).filter(isRecord);
  if (!isRecord(doc)) return [];
  if (isRecord(doc.Event)) return [doc.Event];
  if (Array.isArray(doc.response)) return doc.response.filter(isRecord).map((d) => d.Event).filter(isRecord);
  return [doc];
}

/** Tag names of an object's `Tag` list, with ATT&CK and threat-actor galaxy tags made usable. */
function tagNames(o: Obj): string[] {
  const out: string[] = [];
  const list = Array.isArray(o.Tag) ? o.Tag : [];
  for (const t of list) {
    const name = isRecord(t) ? str(t.name) : undefined;
    if (!name) continue;
    out.push(name);
    const attack = /-\s*(T\d{4}(?:\.\d{3})?)"?$/.exec(name);
    if (name.startsWith('misp-galaxy:mitre-') && attack) out.push(`attack.${attack[1]!.toLowerCase()}`);
    const actor = /^misp-galaxy:(?:threat-actor|mitre-intrusion-set)="([^"]+)"$/.exec(name);
    if (actor) out.push(actor[1]!.replace(/\s*-\s*G\d{4}$/, ''));
  }
  return out;
}

const THREAT_LEVEL: Record<string, Level> = { '1': 'high', '2': 'medium', '3': 'low' };

export function importMisp(path: string, text: string, doc: unknown, defaultSource: string): ImportResult {
  const indicators: Indicator[] = [];
  const problems: string[] = [];
  const lines = objectLines(text, doc);
  const evs = events(doc);
  if (evs.length === 0) problems.push(`${path}: no MISP Event found`);
  for (const ev of evs) {
    const orgc = isRecord(ev.Orgc) ? str(ev.Orgc.name) : undefined;
    const source = orgc ? `misp:${orgc}` : defaultSource;
    const eventTags = tagNames(ev);
    const level = THREAT_LEVEL[str(ev.threat_level_id) ?? ''];
    const info = str(ev.info);
    let notForIds = 0;
    let deleted = 0;
    const otherTypes = new Map<string, number>();
    const take = (attr: unknown, label: string): void => {
      if (!isRecord(attr)) {
        problems.push(`${path}: ${label}: not an object`);
        return;
      }
      const where = `${whereIn(path, lines, attr)}: ${label}`;
      if (nestedDeeperThan(attr)) {
        problems.push(`${where}: ${TOO_DEEP}`);
        return;
      }
      if (attr.deleted === true || attr.deleted === '1') {
        deleted++;
        return;
      }
      const type = str(attr.type);
      const value = str(attr.value);
      if (!type || value === undefined) {
        problems.push(`${where}: attribute needs a type and a value`);
        return;
      }
      const parts = MISP_TYPES[type];
      if (!parts) {
        otherTypes.set(type, (otherTypes.get(type) ?? 0) + 1);
        return;
      }
      const ids = attr.to_ids;
      if (!(ids === true || ids === 1 || ids === '1' || (typeof ids === 'string' && ids.toLowerCase() === 'true'))) {
        notForIds++;
        return;
      }
      const values = parts.length > 1 ? value.split('|') : [value];
      if (values.length !== parts.length) {
        problems.push(`${where}: ${type} value needs ${parts.length} parts separated by |: ${value}`);
        return;
      }
      const tags = parseTags([...eventTags, ...tagNames(attr)]);
      const note = str(attr.comment) || info;
      parts.forEach((t, i) => {
        if (!t) return;
        const made = makeIndicator(t, values[i]!, { source, tags, note, level });
        if ('reason' in made) problems.push(`${where}: ${made.reason}`);
        else indicators.push(made.indicator);
      });
    };
    const attrs = Array.isArray(ev.Attribute) ? ev.Attribute : [];
    attrs.forEach((a, i) => take(a, `Attribute[${i}]`));
    const objects = Array.isArray(ev.Object) ? ev.Object : [];
    objects.forEach((o, j) => {
      if (!isRecord(o)) return;
      const list = Array.isArray(o.Attribute) ? o.Attribute : [];
      list.forEach((a, i) => take(a, `Object[${j}] (${str(o.name) ?? 'object'}).Attribute[${i}]`));
    });
    const label = info ? ` "${info}"` : '';
    if (notForIds > 0) problems.push(`${path}: event${label}: skipped ${notForIds} attribute(s) with to_ids false (context, not for detection)`);
    if (deleted > 0) problems.push(`${path}: event${label}: skipped ${deleted} deleted attribute(s)`);
    if (otherTypes.size > 0) {
      const list = [...otherTypes].map(([t, n]) => `${t} ×${n}`).join(', ');
      problems.push(`${path}: event${label}: skipped attribute types cellwatch does not match: ${list}`);
    }
  }
  return { indicators, problems, format: 'misp' };
}
