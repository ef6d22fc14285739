/** The shapes of coverage results (shared by index.ts and navigator.ts). */

export interface CoverageRuleDetail {
  id: string;
  title: string;
  level: string;
  kind: string;
  /** What the rule reads, e.g. `microsoft-windows-sysmon/operational EventID 1`. */
  logsources: string[];
  /** Whether the data holds events the rule reads; null without data. */
  present: boolean | null;
}

/** The public row (`--format json` prints exactly the first four keys). */
export interface CoverageRow {
  technique: string;
  name: string;
  rules: string[];
  logsources_present: boolean | null;
}

export interface CoverageDetail extends CoverageRow {
  tactics: string[];
  ruleDetails: CoverageRuleDetail[];
  /** Why the technique is not covered (or not visible in the data); '' when it is. */
  reason: string;
}
