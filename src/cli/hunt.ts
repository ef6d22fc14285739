/**
 * `cellwatch hunt PATH…`: sweep logs with Sigma rules and indicators, print findings in time order.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import pc from 'picocolors';
import { runHunt } from '../engine/hunt.js';
import { levelRank } from '../findings/finding.js';
import { AttackChain, summaryText } from './summary-text.js';
import { createProgress } from './progress.js';
import { openOutput } from './output.js';
import { collect, collectPlaceholder, FILTERS_HELP } from './options.js';
import { addFindingOutputOptions, type FindingOutputFlags } from './finding-output-options.js';
import { version } from '../content/package-version.js';
import { UsageError } from './usage-error.js';
import { addScopeOptions, scopeFromFlags, type ScopeFlags } from './scope-options.js';
import { addRuleSelectionOptions, ruleSelectionFrom, type RuleSelectionFlags } from './rule-selection-options.js';
import { tuningNotes } from './tuning-notes.js';
import { problemPrinter } from './problem-printer.js';
import { timeFormatter } from '../events/display-time.js';

interface HuntFlags extends ScopeFlags, RuleSelectionFlags, FindingOutputFlags {
  rules: string[];
  filters: string[];
  mappings?: string;
  full?: boolean;
  intel: string[];
  builtin: boolean;
  placeholder: Record<string, string[]>;
  progress: boolean;
  quiet: boolean;
  strictValidity?: boolean;
  followSymlinks?: boolean;
  cache: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('hunt')
    .description('hunt through logs (EVTX, JSON, JSONL, XML, W3C/IIS, web access logs, Zeek, CSV, auditd, syslog, journald; folders and .gz too) with Sigma rules and threat-intel indicators')
    .argument('<paths...>', 'files, folders or pipes to hunt through (- reads standard input)')
    .option('-r, --rules <path>', 'Sigma rule file or folder (repeatable; added to the built-in rules)', collect, [])
    .option('-i, --intel <file>', 'indicator file: CSV, STIX 2.1, MISP JSON, cellwatch pack or text (repeatable)', collect, [])
    .option('--no-builtin', 'leave out the built-in GALLIUM rules and intel pack')
    .option('--strict-validity', "drop indicator matches outside the indicator's valid_from/valid_until window (default: report them, marked)")
    .option('-p, --placeholder <name=value>', 'value for a Sigma %placeholder% (repeatable)', collectPlaceholder, {})
    .option('--follow-symlinks', 'follow symlinks that lead out of the given folders (default: skipped with a note)')
    .option('--no-progress', 'no progress bar')
    .option('-q, --quiet', 'no summary and no per-record warnings on stderr')
    .option('--filters <path>', FILTERS_HELP, collect, [])
    .option('--mappings <dir>', 'mapping folder: Sigma logsources and fields, ioc/indicator-fields.yml (default: shipped content/mappings)')
    .option('--no-cache', 'neither read nor write the compiled-rule cache ($XDG_CACHE_HOME/cellwatch, else ~/.cache/cellwatch)')
    .option('--full', 'table: whole values, wrapped in their columns (default: cut to fit the width: COLUMNS, else the terminal, else 120)');
  addFindingOutputOptions(command);
  addScopeOptions(command);
  addRuleSelectionOptions(command)
    .action(async (paths: string[], flags: HuntFlags) => {
      await hunt(paths, flags);
    });
}

async function hunt(paths: string[], flags: HuntFlags): Promise<void> {
  for (const p of [...paths, ...flags.rules, ...flags.intel, ...flags.filters, ...(flags.mappings ? [flags.mappings] : [])]) {
    if (p !== '-' && !existsSync(p)) throw new UsageError(`${p}: no such file or folder`);
  }
  if (flags.format === 'html' && !flags.output && process.stdout.isTTY) {
    throw new UsageError('--format html writes a file: add --output report.html');
  }
  // --tz changes only what people read (table, summary); JSONL, CSV and reports keep UTC.
  const shownTime = flags.tz && flags.tz.toUpperCase() !== 'UTC' ? timeFormatter(flags.tz) : undefined;
  const output = await openOutput(flags.format, flags.output, flags.timelineFormat, [...paths, ...flags.rules, ...flags.intel, ...flags.filters], flags.full === true, shownTime);
  const progress = createProgress(flags.progress && !flags.quiet);
  const printer = problemPrinter(flags.quiet, (line) => progress.log(line));
  const result = await runHunt({
    inputs: paths,
    rulePaths: flags.rules,
    intelFiles: flags.intel,
    noBuiltin: !flags.builtin,
    placeholders: flags.placeholder,
    strictValidity: flags.strictValidity === true,
    minLevel: flags.level,
    threads: flags.threads,
    skipFiles: output.paths,
    followSymlinks: flags.followSymlinks,
    scope: scopeFromFlags(flags),
    filterPaths: flags.filters,
    mappingsDir: flags.mappings,
    selection: ruleSelectionFrom(flags),
    noCache: !flags.cache,
  }, { name: 'cellwatch', version }, {
    onStart: (files, bytes, threads) => progress.start(bytes, `hunt ${files} files${threads > 1 ? ` on ${threads} threads` : ''}`),
    onBytes: (b) => progress.advance(b),
    onProblem: printer.onProblem,
    onUnknownFormat: printer.onUnknownFormat,
  });
  progress.stop();
  const { findings, summary } = result;
  if (summary.inputs.length === 0) {
    throw new UsageError(summary.skippedInputs.length
      ? `no readable input (${summary.skippedInputs.length} skipped: ${summary.skippedInputs[0]})`
      : `no input files found under ${paths.join(', ')}`);
  }
  if (!flags.quiet) for (const line of tuningNotes(result.loaded.sigma)) process.stderr.write(`${line}\n`);
  if (result.loaded.sigma.unsupported.length && !flags.quiet) {
    process.stderr.write(`warning: ${result.loaded.sigma.unsupported.length} of ${result.loaded.sigma.total} rules not supported (see: cellwatch rules check)\n`);
  }
  if (result.loaded.sigma.warnings.length && !flags.quiet) {
    process.stderr.write(`warning: ${result.loaded.sigma.warnings.length} rule warnings: filters that negate nothing, regexes searched in a bounded prefix (see: cellwatch rules check)\n`);
  }
  const chain = new AttackChain();
  for await (const f of findings.drain()) {
    output.sink.write(f);
    chain.add(f);
  }
  await output.sink.close(summary);
  await output.close();
  if (!flags.quiet) {
    for (const note of [printer.unknownNote(), printer.hiddenNote(`${summary.badRecords} bad records in all`)]) {
      if (note) process.stderr.write(`${note}\n`);
    }
    process.stderr.write(summaryText(summary, process.stderr.isTTY === true && pc.isColorSupported, chain.steps, undefined, shownTime));
  }
  if (flags.failOn && result.highestRank >= levelRank(flags.failOn)) process.exitCode = 3;
}
