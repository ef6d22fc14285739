/**
 * Stderr lines of the event-pass commands (search, stats): the problem printer's notes, then one
 * summary line: files, events, what the scope left out, bad records, skipped files.
 */
import type { PassResult } from '../engine/scoped-pass.js';
import type { ProblemPrinter } from './problem-printer.js';

const n = (x: number): string => x.toLocaleString('en-US');

export function passSummary(pass: PassResult, printer: ProblemPrinter): string {
  const events = pass.files.reduce((a, f) => a + f.events, 0);
  const outside = pass.files.reduce((a, f) => a + f.outsideWindow, 0);
  const filtered = pass.files.reduce((a, f) => a + f.filtered, 0);
  const lines: string[] = [];
  for (const note of [printer.unknownNote(), printer.hiddenNote()]) if (note) lines.push(note);
  let text = `read ${n(pass.files.length)} files, ${n(events)} events`;
  if (outside || filtered) text += ` (${n(outside)} outside --from/--to, ${n(filtered)} filtered by host/channel/eid)`;
  text += `; ${n(pass.badRecords)} bad records, ${n(pass.skipped.length)} inputs skipped`;
  lines.push(text);
  return `${lines.join('\n')}\n`;
}
