/**
 * Aligned plain-text tables for terminals (search results, stats): cells shown with their control
 * characters visible, each column as wide as its widest cell up to a limit (longer cells end in `…`),
 * the last column never padded.
 */
import { visibleLine } from './visible-controls.js';

export interface TextColumn {
  title: string;
  /** Widest the column may be (default 60). */
  max?: number;
  /** Right-align (numbers). */
  right?: boolean;
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

export function textTable(columns: readonly TextColumn[], rows: readonly (readonly (string | number)[])[], indent = '  '): string {
  const cells = rows.map((r) => r.map((v, i) => fit(visibleLine(String(v)), columns[i]?.max ?? 60)));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: readonly string[]): string => r.map((v, i) => {
    if (i === r.length - 1 && !columns[i]!.right) return v;
    return columns[i]!.right ? v.padStart(widths[i]!) : v.padEnd(widths[i]!);
  }).join('  ').trimEnd();
  return [line(columns.map((c) => c.title)), ...cells.map(line)].map((l) => `${indent}${l}`).join('\n') + '\n';
}
