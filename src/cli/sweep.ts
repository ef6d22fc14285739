/**
 * `cellwatch sweep PATH…`: files on disk (web roots, mounted images, triage copies) against
 * indicator hashes and names, YARA rules, renamed public tools and web-root file times.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import pc from 'picocolors';
import { runSweep } from '../sweep/run-sweep.js';
import { levelRank } from '../findings/finding.js';
import { AttackChain } from './summary-text.js';
import { sweepSummaryText } from './sweep-summary.js';
import { createProgress } from './progress.js';
import { openOutput } from './output.js';
import { collect } from './options.js';
import { addFindingOutputOptions, type FindingOutputFlags } from './finding-output-options.js';
import { parseTimeBound } from './scope-options.js';
import { version } from '../content/package-version.js';
import { UsageError } from './usage-error.js';
import { problemPrinter } from './problem-printer.js';

interface SweepFlags extends FindingOutputFlags {
  rules: string[];
  intel: string[];
  builtin: boolean;
  maxFileSize: number;
  exclude: string[];
  followSymlinks?: boolean;
  hostName?: string;
  from?: number;
  to?: number;
  quiet: boolean;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** `64M`, `512k`, `1G`, `1000` (bytes). */
export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?b?)$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a size such as 64M, 512K, 1G or a number of bytes');
  const n = Math.floor(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
  if (n < 1) throw new InvalidArgumentError('expected a size of at least 1 byte');
  return n;
}

function hostNameOption(value: string): string {
  const name = value.trim();
  if (!name || /[\x00-\x20\x7f]/.test(name)) throw new InvalidArgumentError('expected a host name without spaces or control characters');
  return name;
}

export function register(program: Command): void {
  const command = program
    .command('sweep')
    .description('sweep files (web roots, mounted images, triage copies) for web shells, renamed tools and indicator hashes, with YARA rules')
    .argument('<paths...>', 'files or folders to sweep')
    .option('-r, --rules <path>', 'YARA rule file or folder (*.yar, *.yara; repeatable; added to the built-in rules)', collect, [])
    .option('-i, --intel <file>', 'indicator file: CSV, STIX 2.1, MISP JSON, cellwatch pack or text (repeatable)', collect, [])
    .option('--no-builtin', 'leave out the built-in YARA rules and intel pack')
    .option('--max-file-size <size>', 'files larger than SIZE are hashed but not scanned by content (YARA, PE, archives)', parseSize, 64 * 1024 * 1024)
    .option('-x, --exclude <glob>', 'skip paths matching GLOB, relative to the swept folder (repeatable; `*.log`, `**/cache/**`)', collect, [])
    .option('--follow-symlinks', 'follow symlinks that lead out of the given folders (default: skipped with a note)')
    .option('--from <time>', 'only files modified at or after TIME (ISO 8601 date or date-time; no zone = UTC)', (v: string) => parseTimeBound(v, false))
    .option('--to <time>', 'only files modified up to TIME (inclusive; a bare date means to the end of that day, UTC)', (v: string) => parseTimeBound(v, true))
    .option('--host-name <name>', "host name in the findings, for a mounted image or a triage copy (default: this machine's name)", hostNameOption)
    .option('-q, --quiet', 'no summary and no per-file warnings on stderr');
  addFindingOutputOptions(command)
    .action(async (paths: string[], flags: SweepFlags) => {
      await sweep(paths, flags);
    });
}

async function sweep(paths: string[], flags: SweepFlags): Promise<void> {
  for (const p of [...paths, ...flags.rules, ...flags.intel]) {
    if (!existsSync(p)) throw new UsageError(`${p}: no such file or folder`);
  }
  if (flags.from !== undefined && flags.to !== undefined && flags.from > flags.to) throw new UsageError('--from is later than --to');
  if (flags.format === 'html' && !flags.output && process.stdout.isTTY) {
    throw new UsageError('--format html writes a file: add --output report.html');
  }
  const output = await openOutput(flags.format, flags.output, flags.timelineFormat, [...paths, ...flags.rules, ...flags.intel]);
  // The total is not known before the walk ends: no bar, warnings go straight to stderr.
  const progress = createProgress(false);
  const printer = problemPrinter(flags.quiet, (line) => progress.log(line));
  const result = await runSweep({
    roots: paths, yaraPaths: flags.rules, intelFiles: flags.intel, noBuiltin: !flags.builtin, maxFileSize: flags.maxFileSize,
    exclude: flags.exclude, followSymlinks: flags.followSymlinks, hostName: flags.hostName, from: flags.from, to: flags.to, minLevel: flags.level, threads: flags.threads,
  }, { name: 'cellwatch', version }, {
    onProblem: printer.onProblem,
  });
  progress.stop();
  if (result.files === 0 && result.summary.badRecords > 0) throw new UsageError(`no readable file under ${paths.join(', ')}`);
  const chain = new AttackChain();
  for await (const f of result.findings.drain()) {
    output.sink.write(f);
    chain.add(f);
  }
  await output.sink.close(result.summary);
  await output.close();
  if (!flags.quiet) {
    const hidden = printer.hiddenNote(`${result.summary.badRecords} in all`);
    if (hidden) process.stderr.write(`${hidden}\n`);
    process.stderr.write(sweepSummaryText(result, process.stderr.isTTY === true && pc.isColorSupported, chain.steps));
  }
  if (flags.failOn && result.highestRank >= levelRank(flags.failOn)) process.exitCode = 3;
}
