/**
 * The options every command that writes findings shares (hunt, sweep): one meaning per flag.
 * `-f/--format`, `--timeline-format`, `-o/--output`, `-l/--level`, `--fail-on`, `-t/--threads`.
 */
import type { Command } from 'commander';
import { HUNT_FORMATS, type HuntFormat } from './output.js';
import { choice, parseLevel, parseThreads } from './options.js';
import type { Level } from '../findings/finding.js';

/** What addFindingOutputOptions adds to a command's flags. */
export interface FindingOutputFlags {
  format: HuntFormat;
  timelineFormat: 'csv' | 'jsonl';
  output?: string;
  level: Level;
  failOn?: Level;
  threads: number;
}

export function addFindingOutputOptions(command: Command): Command {
  return command
    .option('-f, --format <format>', `output format: ${HUNT_FORMATS.join(', ')}`, choice(HUNT_FORMATS), 'table')
    .option('--timeline-format <flavour>', 'for --format timeline: csv or jsonl', choice(['csv', 'jsonl'] as const), 'csv')
    .option('-o, --output <file>', 'write findings to FILE instead of stdout')
    .option('-l, --level <level>', 'report findings at or above LEVEL', parseLevel, 'informational')
    .option('--fail-on <level>', 'exit with code 3 when a finding at or above LEVEL exists', parseLevel)
    .option('-t, --threads <n>', 'worker threads (0 = automatic: threads only where they pay; 1 = this thread only)', parseThreads, 0);
}
