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
