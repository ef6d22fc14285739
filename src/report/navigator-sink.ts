/**
 * `--format navigator`: an ATT&CK Navigator layer (layer format 4.5, enterprise-attack) with one
 * technique entry per id seen: score and colour by the highest level found (1 informational …
 * 5 critical), a comment listing the rules and their counts, and the hosts as metadata.
 */
import { LEVELS, levelRank, type Finding, type Level } from '../findings/finding.js';
import type { FindingSink, SinkTarget } from '../findings/sink.js';
import type { HuntSummary } from '../findings/summary.js';
import { LEVEL_COLOURS, levelScore } from './level-style.js';
import { writeText } from './stream-text.js';
import { clipComment, navigatorLayer, type NavigatorLayer as FindingsNavigatorLayer } from '../findings/navigator-layer.js';

interface TechniqueTally {
  count: number;
  max: number;
  rules: Map<string, { title: string; level: string; count: number }>;
  hosts: Map<string, number>;
}

const METADATA_HOSTS = 20;

/** Hunt layers always carry layer-level metadata. */
export type NavigatorLayer = FindingsNavigatorLayer & { metadata: Array<{ name: string; value: string }> };

export function buildNavigatorLayer(tallies: Map<string, TechniqueTally>, summary: HuntSummary): NavigatorLayer {
  const ids = [...tallies.keys()].sort();
  const techniques = ids.map((id) => {
    const t = tallies.get(id)!;
    const level = LEVELS[t.max] as Level;
    const rules = [...t.rules.values()].sort((a, b) => b.count - a.count || (a.title < b.title ? -1 : 1));
    const comment = clipComment(`${t.count} finding(s), highest ${level}: ${rules.map((r) => `${r.title} [${r.level}] ×${r.count}`).join('; ')}`);
    const hosts = [...t.hosts.entries()].sort((a, b) => b[1] - a[1]);
    const hostText = hosts.slice(0, METADATA_HOSTS).map(([h, n]) => `${h || '(no host)'} (${n})`).join(', ')
      + (hosts.length > METADATA_HOSTS ? `, … ${hosts.length - METADATA_HOSTS} more` : '');
    return {
      techniqueID: id,
      score: levelScore(level),
      color: LEVEL_COLOURS[level],
      comment,
      enabled: true,
      metadata: [
        { name: 'findings', value: String(t.count) },
        { name: 'hosts', value: hostText },
      ],
    };
  });
  const started = summary.startedAt || '';
  const metadata = [
    { name: 'tool', value: `${summary.tool?.name ?? 'cellwatch'} ${summary.tool?.version ?? ''}`.trim() },
    { name: 'events', value: String(summary.events) },
    { name: 'findings', value: String(summary.findings) },
  ];
  return {
    ...navigatorLayer({
      name: `cellwatch hunt${started ? ` ${started}` : ''}`,
      description: `${summary.findings} findings over ${summary.events} events from ${summary.inputs.length} files`
        + `${summary.firstEvent ? ` (${summary.firstEvent} to ${summary.lastEvent})` : ''}; score = highest level (1 informational … 5 critical).`,
      techniques,
      gradient: { colors: LEVELS.map((l) => LEVEL_COLOURS[l]), minValue: 1, maxValue: LEVELS.length },
      legendItems: [...LEVELS].reverse().map((l) => ({ label: l, color: LEVEL_COLOURS[l] })),
    }),
    metadata,
  };
}

export function createNavigatorSink(target: SinkTarget): FindingSink {
  const tallies = new Map<string, TechniqueTally>();
  return {
    write(f: Finding): void {
      const rank = levelRank(f.rule.level);
      for (const raw of new Set(f.attack ?? [])) {
        const id = String(raw).trim().toUpperCase();
        if (!/^T\d{4}(\.\d{3})?$/.test(id)) continue;
        let t = tallies.get(id);
        if (!t) tallies.set(id, (t = { count: 0, max: 0, rules: new Map(), hosts: new Map() }));
        t.count++;
        if (rank > t.max) t.max = rank;
        const key = `${f.detector}\u0000${f.rule.id}`;
        const r = t.rules.get(key);
        if (r) {
          r.count++;
          if (levelRank(f.rule.level) > levelRank(r.level)) r.level = f.rule.level;
        } else t.rules.set(key, { title: f.rule.title, level: f.rule.level, count: 1 });
        t.hosts.set(f.host, (t.hosts.get(f.host) ?? 0) + 1);
      }
    },
    async close(summary: HuntSummary): Promise<void> {
      await writeText(target.stream, `${JSON.stringify(buildNavigatorLayer(tallies, summary), null, 2)}\n`);
    },
  };
}
