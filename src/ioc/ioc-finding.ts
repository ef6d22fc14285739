/**
 * The Finding an indicator match becomes: one per event and indicator value, naming every source
 * that lists the value, and saying whether the indicator was valid at the event's time.
 *
 * Retro-hunting is the main use of indicators (an advisory published today describes
 * infrastructure used years ago), so an event outside an indicator's validFrom/validUntil window
 * still matches; its finding carries `intel.indicator_valid: false` and the window. The detector's
 * `strictValidity` option drops such matches instead.
 */
import type { Indicator, IndicatorType } from '../intel/indicator.js';
import type { Finding, FindingIntel, Level } from '../findings/finding.js';
import { levelRank } from '../findings/finding.js';
import type { HuntEvent } from '../events/event.js';
import { eventHost } from '../events/host.js';
import { toIso } from '../events/timestamp.js';

const TYPE_LABEL: Record<IndicatorType, string> = {
  domain: 'Domain', ipv4: 'IPv4', ipv6: 'IPv6', cidr: 'CIDR', md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256',
  filename: 'File name', url: 'URL', registry: 'Registry key', service_name: 'Service name', av_signature: 'Antivirus signature',
};

const DEFAULT_LEVEL: Record<IndicatorType, Level> = {
  domain: 'high', ipv4: 'high', ipv6: 'high', cidr: 'high', md5: 'high', sha1: 'high', sha256: 'high', url: 'high',
  av_signature: 'high', filename: 'medium', registry: 'medium', service_name: 'medium',
};

/** One end of a validity window (validFrom or validUntil) in epoch ms; NaN when absent or unreadable (open). */
export function windowMs(bound: string | undefined): number {
  return bound ? Date.parse(bound) : NaN;
}

/**
 * Is `time` (ms) inside the window `from`..`until` (windowMs values, NaN for an open end)? An
 * event without a time (NaN) is.
 */
export function insideWindow(time: number, from: number, until: number): boolean {
  return Number.isNaN(time) || !(time < from || time > until);
}

function attackFromTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    const m = /^(?:attack\.)?(t\d{4}(?:\.\d{3})?)$/i.exec(t.trim());
    if (m) {
      const id = m[1]!.toUpperCase();
      if (!out.includes(id)) out.push(id);
    }
  }
  return out;
}

/** Values of `list` in order, without duplicates. */
function unique(list: Iterable<string>): string[] {
  return [...new Set(list)];
}

/**
 * The finding for one event and indicator value. `listed` holds every indicator with this type and
 * value (one per source and window; all the same type and value), `valid` those whose window holds
 * the event. The reported source is the first valid one, else the first listed; sources and tags
 * are merged, the reported source's first; the level is the highest one a source gives, else the type's default.
 */
export function makeIocFinding(listed: readonly Indicator[], valid: readonly Indicator[], event: HuntEvent, field: string, seen: string): Finding {
  const primary = valid[0] ?? listed[0]!;
  let level: Level | undefined;
  for (const ind of listed) if (ind.level && (!level || levelRank(ind.level) > levelRank(level))) level = ind.level;
  const tags = unique([...primary.tags, ...listed.flatMap((ind) => ind.tags)]);
  const intel: FindingIntel = {
    source: primary.source,
    tags,
    sources: unique([primary.source, ...listed.map((ind) => ind.source)]),
    indicator_valid: valid.length > 0,
  };
  if (primary.validFrom) intel.valid_from = primary.validFrom;
  if (primary.validUntil) intel.valid_until = primary.validUntil;
  return {
    ts: toIso(event.time),
    detector: 'ioc',
    rule: {
      id: `ioc:${primary.type}:${primary.value}`,
      title: `${TYPE_LABEL[primary.type]} indicator ${primary.value} (${primary.note || primary.source})`,
      level: level ?? DEFAULT_LEVEL[primary.type],
    },
    attack: attackFromTags(tags),
    host: eventHost(event.fields, event.source),
    source: event.source,
    matched: { [field]: seen, indicator: primary.value },
    event: event.fields,
    intel,
  };
}
