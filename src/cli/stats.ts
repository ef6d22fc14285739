/**
 * `cellwatch stats PATH… [scope options] [--format table|jsonl|csv]`: events per host, channel,
 * Event ID and day, first/last time per host, and a logon summary: what responders count first to
 * decide where to look. Reads every format the hunt reads; the summary line goes to stderr.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { runScopedPass } from '../engine/scoped-pass.js';
import { EventStats } from '../engine/event-stats.js';
import { timeFormatter } from '../events/display-time.js';
import { choice } from './options.js';
import { addScopeOptions, scopeFromFlags, type ScopeFlags } from './scope-options.js';
import { refuseOutputOntoInput, writeOutputFile } from './output-file.js';
import { statsCsv, statsJsonl, statsTable } from './stats-output.js';
import { passSummary } from './pass-summary.js';
import { problemPrinter } from './problem-printer.js';
import { UsageError } from './usage-error.js';

const STATS_FORMATS = ['table', 'jsonl', 'csv'] as const;

interface StatsFlags extends ScopeFlags {
  format: (typeof STATS_FORMATS)[number];
  output?: string;
  quiet?: boolean;
  followSymlinks?: boolean;
}

export function register(program: Command): void {
  addScopeOptions(program
    .command('stats')
    .description('count events per host, channel, Event ID and day, and summarise logons (where to look first)')
    .argument('<paths...>', 'files or folders (every format the hunt reads)')
    .option('-f, --format <format>', `output format: ${STATS_FORMATS.join(', ')}`, choice(STATS_FORMATS), 'table')
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .option('--follow-symlinks', 'follow symlinks that lead out of the given folders')
    .option('-q, --quiet', 'no summary and no warnings on stderr'))
    .action(async (paths: string[], flags: StatsFlags) => {
      for (const p of paths) if (p !== '-' && !existsSync(p)) throw new UsageError(`${p}: no such file or folder`);
      if (flags.output) refuseOutputOntoInput(flags.output, paths);
      const stats = new EventStats();
      const printer = problemPrinter(flags.quiet === true);
      const pass = await runScopedPass({
        inputs: paths, scope: scopeFromFlags(flags), followSymlinks: flags.followSymlinks,
        skipFiles: flags.output ? [flags.output] : [],
      }, stats, printer);
      if (pass.files.length === 0) throw new UsageError(`no readable input under ${paths.join(', ')}`);
      const time = timeFormatter(flags.tz);
      const report = stats.report(pass.hosts, (ms) => time(ms).slice(0, 10));
      const text = flags.format === 'csv' ? statsCsv(report) : flags.format === 'jsonl' ? statsJsonl(report) : statsTable(report, time);
      if (flags.output) await writeOutputFile(flags.output, text);
      else process.stdout.write(text);
      if (!flags.quiet) process.stderr.write(passSummary(pass, printer));
    });
}
