/**
 * Notes about what rule selection and placeholders left out of a run, printed once on stderr:
 * correlations whose rules were excluded, and rules needing a --placeholder not given.
 */
import type { SigmaRuleSet } from '../sigma/index.js';
import { visibleLine } from '../text/visible-controls.js';

export function tuningNotes(set: Pick<SigmaRuleSet, 'excluded' | 'missingPlaceholders'>): string[] {
  const lines: string[] = [];
  for (const e of set.excluded) {
    if (e.reason.startsWith('correlation reads')) lines.push(visibleLine(`note: correlation ${e.id ?? e.path} left out: ${e.reason}`));
  }
  for (const [name, count] of Object.entries(set.missingPlaceholders).sort()) {
    lines.push(visibleLine(`note: ${count} rule${count === 1 ? ' needs' : 's need'} --placeholder ${name}=VALUE (without it they match nothing there)`));
  }
  return lines;
}
