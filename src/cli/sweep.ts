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
import { AttackChain, summaryText } from './summary-text.js';
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
    .option('--from <time>', 'only files modified at or after TIME (ISO 8601 date or date-time; no zone = UTC)', (v: string) => parseTimeBound(v, false))
    .option('--to <time>', 'only files modified up to TIME (inclusive; a bare date means to the end of that day, UTC)', (v: string) => parseTimeBound(v, true))
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
    exclude: flags.exclude, from: flags.from, to: flags.to, minLevel: flags.level, threads: flags.threads,
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
    const colour = process.stderr.isTTY === true && pc.isColorSupported;
    const text = summaryText(result.summary, colour, chain.steps)
      .replace(/^ {2}read .*$/m, `  swept     ${result.files.toLocaleString('en-US')} files, ${(result.summary.inputs.reduce((a, i) => a + i.bytes, 0) / 1048576).toFixed(1)} MB${result.hashedOnly ? ` (${result.hashedOnly} larger than --max-file-size: hashed only)` : ''}, ${result.threads} thread${result.threads > 1 ? 's' : ''}`)
      .replace(/^ {2}problems .*$/m, `  problems  ${result.summary.badRecords.toLocaleString('en-US')} (unreadable files, archive members, rule files)`)
      .replace(/^ {2}detectors .*$/m, `  detectors ${result.yara.rules} YARA rules, ${result.indicators.toLocaleString('en-US')} indicators, renamed-tool and web-root checks`)
      .replace(/^ {2}elapsed .*$/m, (line) => line.replace(/\(.*events\/s\)/, `(${(result.summary.inputs.reduce((a, i) => a + i.bytes, 0) / 1048576 / Math.max(0.001, result.summary.elapsedMs / 1000)).toFixed(1)} MB/s)`));
    process.stderr.write(text);
  }
  if (flags.failOn && result.highestRank >= levelRank(flags.failOn)) process.exitCode = 3;
}
