/**
 * Coverage as an ATT&CK Navigator layer (layer format 4.5): one entry per technique and tactic,
 * scored by how many rules cover it; uncovered techniques are shown (score 0) with the reason.
 */
import { clipComment, navigatorLayer, type NavigatorLayer } from '../findings/navigator-layer.js';
import type { CoverageDetail } from './types.js';

/** Coverage layers are plain Navigator layers. */
export type CoverageLayer = NavigatorLayer;

const UNCOVERED = '#e0e0e0';
const NOT_IN_DATA = '#f4a261';
const COVERED = ['#c7e9c0', '#74c476', '#238b45'];

function colourFor(row: CoverageDetail): string {
  if (row.rules.length === 0) return UNCOVERED;
  if (row.logsources_present === false) return NOT_IN_DATA;
  return COVERED[Math.min(row.rules.length, 3) - 1]!;
}

export function buildCoverageLayer(rows: CoverageDetail[], actor = 'GALLIUM'): CoverageLayer {
  const techniques: CoverageLayer['techniques'] = [];
  for (const row of rows) {
    const comment = row.rules.length
      ? `${row.rules.length} rule(s): ${row.ruleDetails.map((d) => `${d.title} [${d.level}]`).join('; ')}${row.reason ? ` — ${row.reason}` : ''}`
      : row.reason;
    const metadata = row.ruleDetails.map((d) => ({ name: 'rule', value: `${d.id} ${d.title}` }));
    if (row.logsources_present !== null) metadata.push({ name: 'logsources_present', value: String(row.logsources_present) });
    for (const tactic of row.tactics.length ? row.tactics : [undefined]) {
      techniques.push({
        techniqueID: row.technique,
        ...(tactic ? { tactic } : {}),
        score: row.rules.length,
        color: colourFor(row),
        comment: clipComment(comment),
        enabled: true,
        metadata,
      });
    }
  }
  const covered = rows.filter((r) => r.rules.length > 0).length;
  return navigatorLayer({
    name: `cellwatch coverage: ${actor}`,
    description: `${covered} of ${rows.length} ${actor} techniques covered by at least one rule`,
    techniques,
    gradient: { colors: [UNCOVERED, COVERED[2]!], minValue: 0, maxValue: 3 },
    legendItems: [
      { label: 'no rule', color: UNCOVERED },
      { label: 'rules, but their log sources are absent from the data', color: NOT_IN_DATA },
      { label: '1 rule', color: COVERED[0]! },
      { label: '2 rules', color: COVERED[1]! },
      { label: '3 or more rules', color: COVERED[2]! },
    ],
  });
}
