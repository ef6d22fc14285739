/**
 * `cellwatch rules check PATH…` and `cellwatch rules test [--rules PATH]… CASES…`.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { loadSigmaRules } from '../sigma/index.js';
import { runRegression, type RegressionResult } from '../sigma/regression.js';
import { visibleLine } from '../text/visible-controls.js';
import { loadYaraRules } from '../sweep/yara-rules.js';

const YARA_FILE = /\.(yar|yara)$/i;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function parsePlaceholders(values: string[] = []): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new Error(`--placeholder '${v}': expected NAME=VALUE[,VALUE…]`);
    const name = v.slice(0, eq).replace(/^%|%$/g, '');
    out[name] = [...(out[name] ?? []), ...v.slice(eq + 1).split(',').filter((x) => x !== '')];
  }
  return out;
}

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

export function register(program: Command): void {
  const rules = program.command('rules').description('Check Sigma rules and run regression tests');

  rules
    .command('check')
    .description('Parse and compile Sigma rules and YARA rules; report every unsupported rule or invalid YARA file with the reason')
    .argument('<paths...>', 'rule files or folders (*.yml, *.yaml, *.yar, *.yara walked recursively)')
    .option('--json', 'print {"total","parsed","compiled","unsupported":[{path,id,reason}],"warnings":[{path,id,reason}],"yara":{files,rules,problems}}')
    .option('--placeholder <NAME=VALUES>', 'values for an expand placeholder (repeatable, comma-separated)', collect)
    .option('--mappings <DIR>', 'logsource mapping folder (default: shipped content/mappings)')
    .action(async (paths: string[], opts: { json?: boolean; placeholder?: string[]; mappings?: string }) => {
      const started = performance.now();
      const set = await loadSigmaRules(paths.filter((p) => !YARA_FILE.test(p)), { placeholders: parsePlaceholders(opts.placeholder), mappingsDir: opts.mappings });
      const ms = performance.now() - started;
      for (const n of set.skipped) process.stderr.write(`note: ${n}\n`);
      const yara = await loadYaraRules(paths);
      const yaraSummary = { files: yara.files.length, rules: yara.rules, problems: yara.problems };
      if (yara.problems.length) process.exitCode = 1;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ total: set.total, parsed: set.parsed, compiled: set.compiled, unsupported: set.unsupported, warnings: set.warnings, yara: yaraSummary })}\n`);
        return;
      }
      const yaraLines = yara.problems.map((p) => `invalid      ${rel(p.path)}${p.line ? `:${p.line}` : ''}: ${p.reason}`);
      if (yara.files.length || yara.problems.length) {
        yaraLines.push(`YARA: ${yara.rules} rules in ${yara.files.length} valid files, ${yara.problems.length} problem${yara.problems.length === 1 ? '' : 's'}`);
      }
      if (set.total === 0 && yaraLines.length) {
        process.stdout.write(`${yaraLines.join('\n')}\n`);
        return;
      }
      const pct = (n: number): string => (set.total ? ((100 * n) / set.total).toFixed(2) : '100.00');
      const out: string[] = [];
      for (const u of set.unsupported) out.push(visibleLine(`unsupported  ${rel(u.path)}${u.id ? ` [${u.id}]` : ''}: ${u.reason}`));
      for (const w of set.warnings) out.push(visibleLine(`warning      ${rel(w.path)}${w.id ? ` [${w.id}]` : ''}: ${w.reason}`));
      const byKind = { detection: 0, filter: 0, correlation: 0 };
      for (const r of set.rules) byKind[r.kind]++;
      out.push(
        `${set.total} rules: ${set.parsed} parsed (${pct(set.parsed)}%), ${set.compiled} compiled (${pct(set.compiled)}%), ${set.unsupported.length} unsupported` +
          ` — ${byKind.detection} detection, ${byKind.filter} filter, ${byKind.correlation} correlation;` +
          `${set.warnings.length ? ` ${set.warnings.length} warning${set.warnings.length > 1 ? 's' : ''};` : ''} ${ms.toFixed(0)} ms`,
      );
      process.stdout.write(`${[...out, ...yaraLines].join('\n')}\n`);
    });

  rules
    .command('test')
    .description('Run SigmaHQ regression cases (info.yml) against the rules')
    .argument('<cases...>', 'regression_data folders or info.yml files')
    .option('--rules <PATH>', 'rule file or folder (repeatable; default: the rule folders beside regression_data)', collect)
    .option('--placeholder <NAME=VALUES>', 'values for an expand placeholder (repeatable, comma-separated)', collect)
    .option('--mappings <DIR>', 'logsource mapping folder (default: shipped content/mappings)')
    .option('--quiet', 'print only failures, warnings and the closing line')
    .action(async (cases: string[], opts: { rules?: string[]; placeholder?: string[]; mappings?: string; quiet?: boolean }) => {
      const print = (r: RegressionResult): void => {
        const label = r.status === 'pass' ? (r.warning ? 'WARN' : 'PASS') : r.status === 'fail' ? 'FAIL' : 'SKIP';
        if (opts.quiet && label === 'PASS') return;
        if (opts.quiet && label === 'SKIP') return;
        const where = r.sample ? rel(r.sample.path) : rel(r.case.info);
        process.stdout.write(`${visibleLine(`${label}  ${r.case.ruleId}${r.case.ruleTitle ? ` ${r.case.ruleTitle}` : ''}  ${where}: ${r.reason}`)}\n`);
      };
      const s = await runRegression(cases, { rules: opts.rules, placeholders: parsePlaceholders(opts.placeholder), mappingsDir: opts.mappings, onResult: print });
      for (const n of [...s.walkNotes, ...s.rules.skipped]) process.stderr.write(`note: ${n}\n`);
      process.stdout.write(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped${s.warnings ? ` (${s.warnings} passed with more matches than expected)` : ''}\n`);
      if (s.failed > 0) process.exitCode = 1;
    });
}
