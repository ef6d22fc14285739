/**
 * The load-time warning for a rule whose regexes V8's linear-time engine cannot take (see
 * rule-regex.ts): those regexes search only the start of long values, and the user should know.
 */
import type { Detection } from './rule.js';
import { compileRuleRegex } from './rule-regex.js';

/** One line naming every such regex of the detection, or null when all are linear-time backed. */
export function backtrackingRegexWarning(detection: Detection): string | null {
  const seen = new Set<string>();
  const reasons: string[] = [];
  for (const ident of detection.identifiers.values()) {
    for (const items of ident.alternatives) {
      for (const item of items) {
        for (const v of item.groups.flat()) {
          if (v.type !== 'regex' || seen.has(`${v.flags}/${v.source}`)) continue;
          seen.add(`${v.flags}/${v.source}`);
          const { backtracking } = compileRuleRegex(v.source, v.flags, item.key);
          if (backtracking) reasons.push(`${item.key}: ${backtracking}`);
        }
      }
    }
  }
  return reasons.length ? reasons.join('; ') : null;
}
