/**
 * Stderr lines of the event-pass commands (search, stats): problems as they happen (the first 20),
 * then one summary line: files, events, what the scope left out, bad records, skipped files.
 */
import type { PassCallbacks, PassResult } from '../engine/scoped-pass.js';
import { visibleLine } from '../text/visible-controls.js';

const MAX_PRINTED = 20;
const n = (x: number): string => x.toLocaleString('en-US');

export interface ProblemPrinter {
  callbacks: PassCallbacks;
  hidden: () => number;
  unknown: string[];
}

export function problemPrinter(quiet: boolean): ProblemPrinter {
  let printed = 0;
  let hidden = 0;
  const unknown: string[] = [];
  return {
    unknown,
    hidden: () => hidden,
    callbacks: {
      onUnknownFormat: (path) => unknown.push(path),
      onProblem: (line) => {
        if (quiet) return;
        if (printed < MAX_PRINTED) {
          printed++;
          process.stderr.write(`warning: ${visibleLine(line)}\n`);
        } else hidden++;
      },
    },
  };
}

export function passSummary(pass: PassResult, printer: ProblemPrinter): string {
  const events = pass.files.reduce((a, f) => a + f.events, 0);
  const outside = pass.files.reduce((a, f) => a + f.outsideWindow, 0);
  const filtered = pass.files.reduce((a, f) => a + f.filtered, 0);
  const lines: string[] = [];
  if (printer.unknown.length) {
    const shown = visibleLine(printer.unknown.slice(0, 3).join(', '));
    lines.push(`note: ${printer.unknown.length} file${printer.unknown.length > 1 ? 's' : ''} of unknown format skipped: ${shown}${printer.unknown.length > 3 ? ', …' : ''}`);
  }
  if (printer.hidden()) lines.push(`warning: ${printer.hidden()} more problems not shown`);
  let text = `read ${n(pass.files.length)} files, ${n(events)} events`;
  if (outside || filtered) text += ` (${n(outside)} outside --from/--to, ${n(filtered)} filtered by host/channel/eid)`;
  text += `; ${n(pass.badRecords)} bad records, ${n(pass.skipped.length)} inputs skipped`;
  lines.push(text);
  return `${lines.join('\n')}\n`;
}
