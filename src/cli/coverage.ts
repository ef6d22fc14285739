/**
 * `cellwatch coverage [--rules PATH]… [--data PATH]… [--format table|json|navigator]`: which of the
 * actor's techniques the rules cover and, with --data, whether the logs those rules read are there.
 */
import type { Command } from 'commander';
import { buildCoverageLayer, computeCoverageReport, type CoverageDetail, type CoverageReport } from '../coverage/index.js';
import { choice, collect } from './options.js';
import { refuseOutputOntoInput, writeOutputFile } from './output-file.js';
import { visibleLine, visibleText } from '../text/visible-controls.js';
import { createAttackCatalog } from '../report/index.js';
import { terminalWidth } from './terminal-width.js';

const FORMATS = ['table', 'json', 'navigator'] as const;
type Format = (typeof FORMATS)[number];

function presentText(v: boolean | null): string {
  return v === null ? '-' : v ? 'yes' : 'NO';
}

/** T1003 before T1003.001 before T1005: by technique number, then sub-technique. */
function byTechniqueId(a: { technique: string }, b: { technique: string }): number {
  const [am, as = '0'] = a.technique.slice(1).split('.');
  const [bm, bs = '0'] = b.technique.slice(1).split('.');
  return Number(am) - Number(bm) || Number(as) - Number(bs);
}

/** Rows sorted by technique id; a sub-technique named with its parent ("OS Credential Dumping: LSASS Memory"). */
function tableRows(report: CoverageReport, techniquesPath?: string): CoverageDetail[] {
  const catalog = createAttackCatalog(techniquesPath);
  return [...report.rows].sort(byTechniqueId).map((r) => ({ ...r, name: r.technique.includes('.') ? catalog.lookup(r.technique).name || r.name : r.name }));
}

function table(report: CoverageReport, techniquesPath?: string): string {
  const rows = tableRows(report, techniquesPath);
  const idW = Math.max(9, ...rows.map((r) => r.technique.length));
  const nameW = Math.min(Math.max(34, Math.floor(terminalWidth() * 0.4)), Math.max(4, ...rows.map((r) => r.name.length)));
  const withData = report.data !== null;
  const out: string[] = [];
  out.push(`${'technique'.padEnd(idW)}  ${'name'.padEnd(nameW)}  rules${withData ? '  logs' : ''}  covered by / reason`);
  for (const r of rows) {
    const name = r.name.length > nameW ? `${r.name.slice(0, nameW - 1)}…` : r.name;
    const detail = r.rules.length ? r.ruleDetails.map((d) => d.title).join('; ') + (r.reason ? ` [${r.reason}]` : '') : r.reason;
    out.push(`${r.technique.padEnd(idW)}  ${name.padEnd(nameW)}  ${String(r.rules.length).padStart(5)}${withData ? `  ${presentText(r.logsources_present).padStart(4)}` : ''}  ${detail}`);
  }
  const covered = rows.filter((r) => r.rules.length > 0).length;
  let summary = `${covered} of ${rows.length} techniques have at least one rule (${report.rulesLoaded} rules loaded`;
  if (report.unsupported.length) summary += `, ${report.unsupported.length} unsupported`;
  summary += ')';
  if (report.data) {
    const seen = rows.filter((r) => r.logsources_present === true).length;
    summary += `; ${seen} can be seen in the data (${report.data.files} files, ${report.data.events} events read`;
    if (report.data.problems.length) summary += `, ${report.data.problems.length} unreadable records or files`;
    summary += ')';
  }
  out.push('', summary);
  if (report.extraTechniques.size) out.push(`rules also cover techniques outside the actor's list: ${[...report.extraTechniques.keys()].sort().join(', ')}`);
  for (const u of report.unsupported) out.push(`unsupported rule ${u.path}${u.id ? ` [${u.id}]` : ''}: ${u.reason}`);
  for (const p of report.data?.problems.slice(0, 10) ?? []) out.push(`${p.path}:${p.where}: ${p.reason}`);
  return `${visibleText(out.join('\n'))}\n`;
}

function json(rows: CoverageDetail[]): string {
  return `${JSON.stringify(rows.map(({ technique, name, rules, logsources_present }) => ({ technique, name, rules, logsources_present })), null, 2)}\n`;
}

export function register(program: Command): void {
  program
    .command('coverage')
    .description("Which GALLIUM techniques the rules cover, and whether the data holds the logs they read")
    .option('--rules <PATH>', 'extra Sigma rule file or folder (repeatable; added to the built-in GALLIUM rules)', collect)
    .option('--no-builtin', 'leave the built-in GALLIUM rules out')
    .option('--data <PATH>', 'log file or folder to check for the rules\' log sources (repeatable)', collect)
    .option('--techniques <FILE>', 'technique list JSON (default: content/intel/gallium-techniques.json)')
    .option('--follow-symlinks', 'follow symlinks that lead out of the given rule and data folders')
    .option('-f, --format <FORMAT>', `output: ${FORMATS.join(', ')}`, choice(FORMATS), 'table')
    .option('-o, --output <FILE>', 'write to FILE instead of standard output')
    .action(async (opts: { rules?: string[]; builtin: boolean; data?: string[]; techniques?: string; format: Format; output?: string; followSymlinks?: boolean }) => {
      if (opts.output) refuseOutputOntoInput(opts.output, [...(opts.rules ?? []), ...(opts.data ?? []), ...(opts.techniques ? [opts.techniques] : [])]);
      const report = await computeCoverageReport({
        rulePaths: opts.rules, noBuiltin: !opts.builtin, dataPaths: opts.data, techniquesPath: opts.techniques, followSymlinks: opts.followSymlinks,
      });
      const text = opts.format === 'json' ? json(report.rows)
        : opts.format === 'navigator' ? `${JSON.stringify(buildCoverageLayer(report.rows), null, 2)}\n`
          : table(report, opts.techniques);
      if (opts.output) await writeOutputFile(opts.output, text);
      else process.stdout.write(text);
      if (report.data && report.data.problems.length && opts.format !== 'table') {
        process.stderr.write(`cellwatch: ${visibleLine(`${report.data.problems.length} unreadable records or files in --data (first: ${report.data.problems[0]!.path}:${report.data.problems[0]!.where}: ${report.data.problems[0]!.reason})`)}\n`);
      }
    });
}
