/**
 * The ATT&CK Navigator layer file (format 4.5, enterprise-attack), written by the hunt's
 * `--format navigator` and by `cellwatch coverage --format navigator`.
 */
export interface NavigatorTechnique {
  techniqueID: string;
  /** Present when an entry applies to one tactic only. */
  tactic?: string;
  score: number;
  color: string;
  comment: string;
  enabled: boolean;
  metadata: Array<{ name: string; value: string }>;
}

export interface NavigatorLayer {
  name: string;
  versions: { layer: string; navigator: string };
  domain: 'enterprise-attack';
  description: string;
  sorting: number;
  layout: { layout: string; showID: boolean; showName: boolean; expandedSubtechniques: string };
  hideDisabled: boolean;
  techniques: NavigatorTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: Array<{ label: string; color: string }>;
  metadata?: Array<{ name: string; value: string }>;
}

/** Longest technique comment written; the Navigator shows longer ones badly. */
export const COMMENT_CHARS = 1000;

/** `text` cut to COMMENT_CHARS characters, the cut marked with `…`. */
export function clipComment(text: string): string {
  return text.length > COMMENT_CHARS ? `${text.slice(0, COMMENT_CHARS - 1)}…` : text;
}

/** What differs between layers; the rest (versions, domain, layout) is the same for every layer cellwatch writes. */
export type NavigatorLayerParts = Pick<NavigatorLayer, 'name' | 'description' | 'techniques' | 'gradient' | 'legendItems' | 'metadata'>;

/** The one place a Navigator layer is assembled (hunt `--format navigator`, `coverage --format navigator`). */
export function navigatorLayer(parts: NavigatorLayerParts): NavigatorLayer {
  return {
    name: parts.name,
    versions: { layer: '4.5', navigator: '5.1.0' },
    domain: 'enterprise-attack',
    description: parts.description,
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, expandedSubtechniques: 'annotated' },
    hideDisabled: false,
    techniques: parts.techniques,
    gradient: parts.gradient,
    legendItems: parts.legendItems,
    ...(parts.metadata ? { metadata: parts.metadata } : {}),
  };
}
