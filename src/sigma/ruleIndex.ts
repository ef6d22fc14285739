/**
 * The rule index: compiled rule variants bucketed by Windows (channel, event ID), and by reader
 * format for events without a channel, so an event is only tested against rules that can match it.
 * Merged candidate lists are built once per (channel, event ID) / format and cached.
 */
import type { EventFields } from '../events/event.js';
import type { EventView } from './eventView.js';
import type { EventSelector } from './mapping.js';
import type { Predicate } from './compile.js';

export interface IndexedVariant {
  /** Position of the rule in the rule set (dedupes a rule reached by two selectors). */
  ruleIndex: number;
  selector: EventSelector;
  /** Selector guard (conditions, field presence, file) and detection, combined. */
  test: Predicate;
}

const ANY = '*';

export class RuleIndex {
  /** channel → event id (or '*') → variants. */
  private readonly windows = new Map<string, Map<string, IndexedVariant[]>>();
  /** variants for events without a Windows channel. */
  private readonly other: IndexedVariant[] = [];
  private readonly windowsCache = new Map<string, IndexedVariant[]>();
  private readonly otherCache = new Map<string, IndexedVariant[]>();
  private count = 0;

  add(v: IndexedVariant): void {
    this.count++;
    const s = v.selector;
    if (s.channels === null) {
      this.other.push(v);
      return;
    }
    for (const ch of s.channels) {
      let byId = this.windows.get(ch);
      if (!byId) this.windows.set(ch, (byId = new Map()));
      for (const id of s.eventIds ?? [ANY]) {
        let list = byId.get(id);
        if (!list) byId.set(id, (list = []));
        list.push(v);
      }
    }
    this.windowsCache.clear();
    this.otherCache.clear();
  }

  get size(): number {
    return this.count;
  }

  /** Candidates for an event (by its Channel and EventID, or by its reader format). */
  candidates(fields: EventFields, format: string): readonly IndexedVariant[] {
    const channel = fields.Channel;
    if (typeof channel === 'string' && channel !== '') {
      const id = fields.EventID;
      const idText = id === undefined || id === null ? '' : typeof id === 'number' ? String(id) : String(id).trim();
      const key = `${channel}\u0000${idText}`;
      let list = this.windowsCache.get(key);
      if (!list) {
        list = this.buildWindows(channel.toLowerCase(), idText);
        if (this.windowsCache.size < 10000) this.windowsCache.set(key, list);
      }
      return list;
    }
    let list = this.otherCache.get(format);
    if (!list) {
      list = this.other.filter((v) => v.selector.formats === null || v.selector.formats.includes(format.toLowerCase()));
      this.otherCache.set(format, list);
    }
    return list;
  }

  private buildWindows(channel: string, id: string): IndexedVariant[] {
    const out: IndexedVariant[] = [];
    for (const ch of [channel, ANY]) {
      const byId = this.windows.get(ch);
      if (!byId) continue;
      if (id) out.push(...(byId.get(id) ?? []));
      out.push(...(byId.get(ANY) ?? []));
    }
    // Keep rule-set order so findings come out in a stable order.
    return out.sort((a, b) => a.ruleIndex - b.ruleIndex);
  }
}

/** The guard a selector adds on top of channel/event ID: field conditions, presence, file name. */
export function selectorGuard(s: EventSelector): ((view: EventView) => boolean) | null {
  const checks: Array<(view: EventView) => boolean> = [];
  for (const [field, values] of s.conditions) {
    checks.push((view) => {
      const v = view.fields[field];
      return v !== undefined && v !== null && !Array.isArray(v) && values.includes(String(v).toLowerCase());
    });
  }
  if (s.fieldsAll) {
    const fs = s.fieldsAll;
    checks.push((view) => fs.every((f) => view.fields[f] !== undefined));
  }
  if (s.fieldsAny) {
    const fs = s.fieldsAny;
    checks.push((view) => fs.some((f) => view.fields[f] !== undefined));
  }
  if (s.file) {
    const re = s.file;
    checks.push((view) => re.test(view.path.slice(Math.max(view.path.lastIndexOf('/'), view.path.lastIndexOf('\\')) + 1)));
  }
  if (checks.length === 0) return null;
  return (view) => {
    for (const c of checks) if (!c(view)) return false;
    return true;
  };
}
