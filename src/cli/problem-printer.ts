/**
 * Problems as they happen, for every command that reads many files (hunt, sweep, search, stats):
 * the first 20 are printed as `warning:` lines (control characters made visible), the rest are
 * counted; files of unknown format are collected for one note at the end.
 */
import { visibleLine } from '../text/visible-controls.js';

const MAX_PRINTED = 20;

export interface ProblemPrinter {
  onProblem(line: string): void;
  onUnknownFormat(path: string): void;
  /** `note: N files of unknown format skipped: …`, or undefined when there were none. */
  unknownNote(): string | undefined;
  /** `warning: N more problems not shown (IN_ALL)`, or undefined when every problem was printed. */
  hiddenNote(inAll?: string): string | undefined;
}

export function problemPrinter(quiet: boolean, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): ProblemPrinter {
  let printed = 0;
  let hidden = 0;
  const unknown: string[] = [];
  return {
    onProblem(line) {
      if (quiet) return;
      if (printed < MAX_PRINTED) {
        printed++;
        write(`warning: ${visibleLine(line)}`);
      } else hidden++;
    },
    onUnknownFormat: (path) => { unknown.push(path); },
    unknownNote() {
      if (!unknown.length) return undefined;
      const shown = visibleLine(unknown.slice(0, 3).join(', '));
      return `note: ${unknown.length} file${unknown.length > 1 ? 's' : ''} of unknown format skipped: ${shown}${unknown.length > 3 ? ', …' : ''}`;
    },
    hiddenNote: (inAll) => (hidden ? `warning: ${hidden} more problems not shown${inAll ? ` (${inAll})` : ''}` : undefined),
  };
}
