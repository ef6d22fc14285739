/**
 * How levels look in the reports: one colour per level (HTML report, Navigator layer) and the
 * Navigator score (1 informational … 5 critical).
 */
import { LEVELS, levelRank, type Level } from '../findings/finding.js';

export const LEVEL_COLOURS: Readonly<Record<Level, string>> = {
  informational: '#8b98a9',
  low: '#4f8fdb',
  medium: '#e3b505',
  high: '#f07c1f',
  critical: '#d62f2f',
};

export function levelScore(level: string): number {
  return levelRank(level) + 1;
}

export { LEVELS };
