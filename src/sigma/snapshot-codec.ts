/**
 * A rule-set snapshot as a cache entry's bytes: one line of JSON with what loading needs at once
 * (counts, problems, each detection's logsource and prefilter necessities, correlations,
 * mappings), then the cold part: the rule infos and each detection's part (file, parsed detection,
 * detector fields) as JSON texts one after the other, which a snapshot read back keeps as bytes
 * and parses when first asked for (rule-set-snapshot.ts ColdTexts). The header holds the byte spans
 * of the cold texts and the SHA-256 of the cold part, checked when the entry is read, so a
 * damaged entry is refused up front and never fails a hunt later.
 *
 * The necessities are stored in gram form (gramForm): each literal is replaced by the gram the
 * prefilter looks for (its `grams` entry), which is all a loaded rule set reads of it. That halves
 * the header, whose JSON is parsed on every cached load.
 */
import { createHash } from 'node:crypto';
import { chooseGram } from './gram-choice.js';
import type { Necessity } from './prefilter.js';
import { detectionPart, SNAPSHOT_FORMAT, snapshotRuleInfos, type RuleSetSnapshot } from './rule-set-snapshot.js';

interface Header extends Omit<RuleSetSnapshot, 'cold'> {
  spans: number[];
  coldSha256: string;
}

/** JSON of a value, throwing when JSON would change it (a YAML date, a non-finite number, a hole). */
function plainJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const own = this[key];
    if (own instanceof Date || own === undefined && key !== '' && Array.isArray(this) || (typeof own === 'number' && !Number.isFinite(own))) throw new Error('not plain JSON');
    return v;
  });
}

/**
 * A necessity clause with each literal replaced by its gram and no `grams`: the prefilter then
 * chooses the gram itself again (chooseGram of a gram is the gram), and a gram, being part of its
 * literal, is as necessary as the literal. An entry whose gram would not choose itself is kept as it is.
 */
export function gramForm(clause: Necessity): Necessity {
  return clause.map((entry) => {
    const grams = entry.literals.map((l, j) => {
      const g = entry.grams?.[j];
      return g === undefined ? chooseGram(l) : g === '' ? l : g;
    });
    return grams.every((g) => chooseGram(g) === g) ? { names: entry.names, literals: grams } : entry;
  });
}

/** The entry's bytes, or null when a document holds a value JSON would change: such a rule set is simply not cached. */
export function encodeSnapshot(snapshot: RuleSetSnapshot): Buffer | null {
  try {
    const texts = [plainJson(snapshotRuleInfos(snapshot)), ...snapshot.detections.map((_, i) => plainJson(detectionPart(snapshot, i)))];
    const parts = texts.map((t) => Buffer.from(t, 'utf8'));
    const spans: number[] = [];
    let at = 0;
    for (const p of parts) {
      spans.push(at, at + p.length);
      at += p.length;
    }
    const cold = Buffer.concat(parts, at);
    const { data, detections } = snapshot;
    const header: Header = {
      format: snapshot.format,
      data: { ...data, rules: undefined },
      detections: detections.map(({ logsource, necessities, eventIds }) => ({ logsource, necessities: necessities.map((n) => n && n.map(gramForm)), eventIds })),
      correlations: snapshot.correlations,
      mappings: snapshot.mappings,
      logsources: snapshot.logsources,
      spans,
      coldSha256: createHash('sha256').update(cold).digest('hex'),
    };
    return Buffer.concat([Buffer.from(`${plainJson(header)}\n`, 'utf8'), cold]);
  } catch {
    return null;
  }
}

/** The snapshot of an entry's bytes; throws `not a rule-set snapshot` (or the JSON error) when they are not one. */
export function decodeSnapshot(bytes: Buffer): RuleSetSnapshot {
  const nl = bytes.indexOf(10);
  if (nl < 0) throw new Error('not a rule-set snapshot');
  const header = JSON.parse(bytes.toString('utf8', 0, nl)) as Partial<Header> | null;
  const cold = bytes.subarray(nl + 1);
  if (header?.format !== SNAPSHOT_FORMAT || typeof header.data !== 'object' || !Array.isArray(header.detections) || !Array.isArray(header.mappings)
    || !Array.isArray(header.correlations) || !Array.isArray(header.logsources) || !Array.isArray(header.spans) || header.spans.length !== 2 * (header.detections.length + 1)) {
    throw new Error('not a rule-set snapshot');
  }
  if (header.coldSha256 !== createHash('sha256').update(cold).digest('hex')) throw new Error('damaged (checksum differs)');
  const { spans, coldSha256: _, ...snapshot } = header as Header;
  return { ...snapshot, cold: { bytes: cold, spans } };
}
