/**
 * `cellwatch audit PATH… [--kev FILE] [--data PATH]… [--format table|jsonl|csv|html] [--output FILE]
 * [--fail-on LEVEL] [--as-of DATE]`: the advisory's four defences checked against exports.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import pc from 'picocolors';
import { runAudit, renderAuditTable, renderAuditHtml, formatProblem } from '../audit/index.js';
import { levelRank, type Level } from '../findings/finding.js';
import { choice, collect, parseLevel } from './options.js';
import { version } from '../content/package-version.js';
import { refuseOutputOntoInput, writeOutputFile } from './output-file.js';
import { visibleLine } from '../text/visible-controls.js';
import { jsonLine } from '../text/json-line.js';
import { CSV_HEADER, findingCsvRow } from '../findings/sinks/csv-sink.js';

interface AuditCliOptions {
  kev: string[];
  data: string[];
  format: (typeof AUDIT_FORMATS)[number];
  output?: string;
  failOn?: Level;
  asOf?: number;
  details?: boolean;
  rules: string[];
  coverage: boolean;
  followSymlinks?: boolean;
}

function parseAsOf(value: string): number {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t)) throw new InvalidArgumentError('expected a date (YYYY-MM-DD)');
  return t;
}

const AUDIT_FORMATS = ['table', 'jsonl', 'csv', 'html'] as const;

const PAINT: Record<string, (s: string) => string> = { critical: pc.magenta, high: pc.red, medium: pc.yellow, low: pc.cyan, informational: pc.dim };

export function register(program: Command): void {
  program
    .command('audit')
    .description('Check the four defences (MFA, patching, detection, least privilege) against exports: Entra registration details and sign-ins, AD users, software inventory, IIS applicationHost.config, systemd units, process events')
    .argument('<paths...>', 'export files or folders (each file is recognised by its content)')
    .option('--kev <file>', 'CISA KEV catalog JSON (repeatable)', collect, [])
    .option('--data <path>', 'log data for the detection defence (repeatable)', collect, [])
    .option('--rules <path>', 'extra Sigma rules for technique coverage of --data (repeatable; the built-in GALLIUM rules are always used)', collect, [])
    .option('--no-coverage', 'check log-source presence only, without Sigma technique coverage')
    .option('-f, --format <format>', `${AUDIT_FORMATS.join(', ')} (csv: the hunt's csv columns)`, choice(AUDIT_FORMATS), 'table')
    .option('-o, --output <file>', 'write the output to a file instead of stdout')
    .option('--fail-on <level>', 'exit 3 when a finding at or above this level exists', parseLevel)
    .option('--as-of <date>', 'judge support dates and account age against this date (default: now)', parseAsOf)
    .option('--follow-symlinks', 'follow symlinks that lead out of the given folders (default: skipped with a note)')
    .option('--details', 'table: print the GALLIUM step and the fix under every finding')
    .action(async (paths: string[], opts: AuditCliOptions) => {
      if (opts.output) refuseOutputOntoInput(opts.output, [...paths, ...opts.kev, ...opts.data, ...opts.rules]);
      const missing = [...paths, ...opts.rules].filter((p) => !existsSync(p));
      for (const m of missing) process.stderr.write(`cellwatch audit: ${visibleLine(m)}: no such file or folder\n`);
      const result = await runAudit({ paths: paths.filter((p) => existsSync(p)), kevFiles: opts.kev, dataPaths: opts.data, asOf: opts.asOf, rulePaths: opts.rules.filter((p) => existsSync(p)), noCoverage: !opts.coverage, followSymlinks: opts.followSymlinks });
      const toFile = opts.output !== undefined;
      let text: string;
      if (opts.format === 'jsonl') text = result.findings.map(jsonLine).join('');
      else if (opts.format === 'csv') text = CSV_HEADER + result.findings.map(findingCsvRow).join('');
      else if (opts.format === 'html') text = renderAuditHtml(result, { generated: new Date().toISOString(), version });
      else {
        const colour = !toFile && process.stdout.isTTY ? (l: string, t: string) => (PAINT[l] ?? ((s: string) => s))(t) : undefined;
        text = renderAuditTable(result, { colour, details: opts.details });
      }
      if (toFile) await writeOutputFile(opts.output!, text);
      else {
        await new Promise<void>((resolve, reject) => {
          process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
        });
      }
      // Problems and (for jsonl/html/file output) the summary go to stderr.
      for (const p of result.problems) process.stderr.write(`cellwatch audit: ${visibleLine(formatProblem(p))}\n`);
      for (const n of result.notes) process.stderr.write(`cellwatch audit: note: ${visibleLine(n)}\n`);
      if (opts.format !== 'table' || toFile) {
        const parts = result.scores.map((s) => `${s.defence} ${s.score === null ? 'n/a' : s.score} (${s.findings})`);
        process.stderr.write(`cellwatch audit: ${result.findings.length} findings; scores: ${parts.join(', ')}; overall ${result.overall ?? 'n/a'}\n`);
      }
      const unreadable = missing.length > 0 || result.problems.some((p) => p.fatal);
      if (unreadable) process.exitCode = 2;
      else if (opts.failOn && result.findings.some((f) => levelRank(f.rule.level) >= levelRank(opts.failOn!))) process.exitCode = 3;
    });
}
