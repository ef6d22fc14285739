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

/** One cell: whitespace runs flattened, control characters shown (`\x1b`), cut to width. */
function fit(text: string, width: number): string {
  const flat = visibleLine(text.replace(/\s+/g, ' '));
  return flat.length <= width ? flat.padEnd(width) : `${flat.slice(0, Math.max(0, width - 1))}…`;
}

export function matchedText(f: Finding): string {
  return Object.entries(f.matched)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

export function createTableSink(target: SinkTarget, columns = 160): FindingSink {
  const out = writeChunked(target.stream);
  const paint = target.isTTY && pc.isColorSupported;
  const ruleWidth = 44;
  const hostWidth = 16;
  const attackWidth = 11;
  const fixed = 24 + 1 + 4 + 1 + 5 + 1 + ruleWidth + 1 + hostWidth + 1 + attackWidth + 1;
  const matchedWidth = Math.max(20, columns - fixed);
  let rows = 0;
  const header = [
    'time'.padEnd(24), 'lvl '.padEnd(4), 'det  ', 'rule'.padEnd(ruleWidth), 'host'.padEnd(hostWidth),
    'attack'.padEnd(attackWidth), 'matched',
  ].join(' ');
  return {
    write(f: Finding): void {
      if (rows++ === 0) out.write(`${paint ? pc.bold(header) : header}\n`);
      const level = fit(LEVEL_SHORT[f.rule.level], 4);
      const line = [
        fit(f.ts || '(no time)', 24), paint ? colourFor(f.rule.level)(level) : level, fit(f.detector, 5),
        fit(f.rule.title, ruleWidth), fit(f.host || '-', hostWidth), fit(f.attack.join(',') || '-', attackWidth),
        fit(matchedText(f), matchedWidth).trimEnd(),
      ].join(' ');
      out.write(`${line}\n`);
    },
    close: () => out.end(),
  };
}
