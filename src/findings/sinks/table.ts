/**
 * `--format table`: a terminal table for people, one line per finding, coloured by level when
 * the target is a terminal. Columns: time, level, detector, rule, host, ATT&CK, what matched.
 * Event text never reaches the terminal raw: control characters are shown as `\x1b`.
 */
import pc from 'picocolors';
import type { FindingSink, SinkTarget } from '../sink.js';
import type { Finding, Level } from '../finding.js';
import { visibleLine } from '../../text/visible-controls.js';
import { writeChunked } from './write-chunked.js';
import { layoutColumns, wrapCell, type ColumnSpec } from './table-layout.js';
import type { TimeFormatter } from '../../events/display-time.js';

const LEVEL_SHORT: Record<Level, string> = {
  informational: 'info', low: 'low', medium: 'med', high: 'high', critical: 'crit',
};

function colourFor(level: Level): (s: string) => string {
  switch (level) {
    case 'critical': return (s) => pc.bold(pc.red(s));
    case 'high': return pc.red;
    case 'medium': return pc.yellow;
    case 'low': return pc.cyan;
    default: return pc.dim;
  }
}

/** One cell's text: whitespace runs flattened, control characters shown (`\x1b`). */
function flat(text: string): string {
  return visibleLine(text.replace(/\s+/g, ' '));
}

/** One cell cut to width. */
function fit(text: string, width: number): string {
  const t = flat(text);
  return t.length <= width ? t.padEnd(width) : `${t.slice(0, Math.max(0, width - 1))}…`;
}

/** time, level, detector, rule, host, attack; then the matched evidence takes the rest. */
const COLUMNS: ColumnSpec[] = [
  { ideal: 25, min: 16, shrinkOrder: 4 },
  { ideal: 4, min: 4, shrinkOrder: 9 },
  { ideal: 5, min: 5, shrinkOrder: 9 },
  { ideal: 44, min: 16, shrinkOrder: 3 },
  { ideal: 16, min: 9, shrinkOrder: 2 },
  { ideal: 11, min: 6, shrinkOrder: 1 },
];
const HEADERS = ['time', 'lvl', 'det', 'rule', 'host', 'attack'];

export function matchedText(f: Finding): string {
  return Object.entries(f.matched)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

export interface TableOptions {
  /** Line width (the CLI passes COLUMNS, else the terminal's, else 120). */
  columns?: number;
  /** How event times are shown (`--tz`); default: the finding's ISO 8601 UTC `ts` as is. */
  time?: TimeFormatter;
  /** Whole values, wrapped inside their columns, instead of cut with `…`. */
  full?: boolean;
}

export function createTableSink(target: SinkTarget, options: TableOptions | number = {}): FindingSink {
  const { columns = 120, full = false, time } = typeof options === 'number' ? { columns: options } : options;
  const out = writeChunked(target.stream);
  const paint = target.isTTY && pc.isColorSupported;
  const { widths, flex } = layoutColumns(columns, COLUMNS, 16);
  let rows = 0;
  const header = [...HEADERS.map((h, i) => h.padEnd(widths[i]!)), 'matched'].join(' ');
  const cells = (f: Finding): string[] => [
    f.ts ? (time ? time(Date.parse(f.ts)) : f.ts) : '(no time)', LEVEL_SHORT[f.rule.level], f.detector, f.rule.title, f.host || '-', f.attack.join(',') || '-', matchedText(f),
  ];
  const paintLevel = (f: Finding, text: string): string => (paint ? colourFor(f.rule.level)(text) : text);
  return {
    write(f: Finding): void {
      if (rows++ === 0) out.write(`${paint ? pc.bold(header) : header}\n`);
      const values = cells(f);
      if (!full) {
        const line = values.map((v, i) => (i < widths.length ? fit(v, widths[i]!) : fit(v, flex).trimEnd()));
        line[1] = paintLevel(f, line[1]!);
        out.write(`${line.join(' ')}\n`);
        return;
      }
      const wrapped = values.map((v, i) => wrapCell(flat(v), i < widths.length ? widths[i]! : flex));
      const height = Math.max(...wrapped.map((w) => w.length));
      for (let r = 0; r < height; r++) {
        const line = wrapped.map((w, i) => (i < widths.length ? (w[r] ?? '').padEnd(widths[i]!) : (w[r] ?? '')));
        if (r === 0) line[1] = paintLevel(f, line[1]!);
        out.write(`${line.join(' ').trimEnd()}\n`);
      }
    },
    close: () => out.end(),
  };
}
