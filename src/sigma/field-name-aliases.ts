/**
 * Field names that are not identifiers: Windows writes some EventData names with spaces or other
 * punctuation (Defender's `New Value`, `Threat Name`) where Sigma rules write `NewValue`,
 * `ThreatName`. The mapping data (`field_name_aliases` in content/mappings) says which events and
 * which characters; an event's fields are then also readable under the name with those characters
 * removed. The aliases are non-enumerable properties of a thin wrapper whose prototype is the
 * event's own fields object, so every lookup sees them while iteration, JSON and findings see only
 * the original names. Finding the names costs a pass over the event's fields (about 1 µs), so the
 * data names the channels that need it; other events pay one channel lookup.
 */
import type { EventFields, FieldValue } from '../events/event.js';

export interface FieldNameAliasRule {
  /** Characters removed from an event field name to give its alias (a global RegExp). */
  strip: RegExp;
  /** Lower-cased channels the rule applies to; ['*'] for every event that has a Channel. */
  channels: string[];
}

/** Bound on remembered field names (JSON logs may carry unbounded key sets). */
const MEMO_LIMIT = 10_000;

export class FieldNameAliases {
  private readonly memo = new Map<string, string | null>();
  private readonly channelMemo = new Map<string, boolean>();
  private readonly anyChannel: boolean;

  constructor(private readonly rule: FieldNameAliasRule) {
    this.anyChannel = rule.channels.includes('*');
  }

  private aliasOf(name: string): string | null {
    let alias = this.memo.get(name);
    if (alias !== undefined) return alias;
    const stripped = name.replace(this.rule.strip, '');
    alias = stripped !== name && stripped !== '' ? stripped : null;
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(name, alias);
    return alias;
  }

  private applies(fields: EventFields): boolean {
    const channel = fields.Channel;
    if (typeof channel !== 'string') return false;
    if (this.anyChannel) return true;
    let yes = this.channelMemo.get(channel);
    if (yes === undefined) {
      yes = this.rule.channels.includes(channel.toLowerCase());
      if (this.channelMemo.size >= MEMO_LIMIT) this.channelMemo.clear();
      this.channelMemo.set(channel, yes);
    }
    return yes;
  }

  /** `fields`, or a wrapper that also answers to the aliases when the event has any. */
  apply(fields: EventFields): EventFields {
    if (!this.applies(fields)) return fields;
    let out: EventFields | null = null;
    for (const name in fields) {
      const alias = this.aliasOf(name);
      // Never shadow a field the event really has.
      if (alias === null || alias in fields) continue;
      out ??= Object.create(fields) as EventFields;
      Object.defineProperty(out, alias, { value: fields[name] as FieldValue, enumerable: false, configurable: true });
    }
    return out ?? fields;
  }

  /** The event's own name for `name` read through apply() (itself when it is not an alias). */
  original(fields: EventFields, name: string): string {
    if (Object.prototype.hasOwnProperty.call(fields, name)) return name;
    for (const k in fields) if (this.aliasOf(k) === name) return k;
    return name;
  }
}
