/**
 * `cellwatch rules check PATH…` and `cellwatch rules test [--rules PATH]… CASES…`.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { loadSigmaRules } from '../sigma/index.js';
import { runRegression, type RegressionResult } from '../sigma/regression.js';
import { visibleLine } from '../text/visible-controls.js';
import { loadYaraRules } from '../sweep/yara-rules.js';
import { collect, collectPlaceholder } from './options.js';
import { EXIT_CHECK_FAILED } from './exit-codes.js';
import { addRuleSelectionOptions, ruleSelectionFrom, type RuleSelectionFlags } from './rule-selection-options.js';
import { contentPath } from '../content/content-path.js';

const YARA_FILE = /\.(yar|yara)$/i;

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

export function register(program: Command): void {
  const rules = program.command('rules').description('Check Sigma rules and run regression tests');

  const check = rules
    .command('check')
    .description('Parse and compile Sigma rules and YARA rules; report every unsupported rule or invalid YARA file with the reason')
    .argument('<paths...>', 'rule files or folders (*.yml, *.yaml, *.yar, *.yara walked recursively)')
    .option('--json', 'print {"total","parsed","compiled","unsupported":[{path,id,reason,kind,line?}],"warnings":[{path,id,reason}],"excluded":[…],"yara":{files,rules,problems}}')
    .option('-p, --placeholder <NAME=VALUE>', 'values for an expand placeholder: NAME=VALUE[,VALUE…] (repeatable)', collectPlaceholder, {})
    .option('--mappings <DIR>', 'logsource mapping folder (default: shipped content/mappings)')
    .option('--fail-on-unsupported', `exit with code ${EXIT_CHECK_FAILED} when a Sigma rule is unsupported`);
  addRuleSelectionOptions(check)
    .action(async (paths: string[], opts: RuleSelectionFlags & { json?: boolean; placeholder: Record<string, string[]>; mappings?: string; failOnUnsupported?: boolean }) => {
      const started = performance.now();
      const set = await loadSigmaRules(paths.filter((p) => !YARA_FILE.test(p)), { placeholders: opts.placeholder, mappingsDir: opts.mappings, selection: { ...ruleSelectionFrom(opts), statuses: opts.status ? ruleSelectionFrom(opts).statuses : 'all' } });
      const ms = performance.now() - started;
      for (const n of set.skipped) process.stderr.write(`note: ${n}\n`);
      const yara = await loadYaraRules(paths);
      const yaraSummary = { files: yara.files.length, rules: yara.rules, problems: yara.problems };
      if (yara.problems.length || (opts.failOnUnsupported && set.unsupported.length)) process.exitCode = EXIT_CHECK_FAILED;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ total: set.total, parsed: set.parsed, compiled: set.compiled, unsupported: set.unsupported, warnings: set.warnings, excluded: set.excluded, yara: yaraSummary })}\n`);
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
          ` — ${byKind.detection} detection, ${byKind.filter} filter, ${byKind.correlation} correlation` +
          `${set.excluded.length ? `; ${set.excluded.length} excluded by selection` : ''};` +
          `${set.warnings.length ? ` ${set.warnings.length} warning${set.warnings.length > 1 ? 's' : ''};` : ''} ${ms.toFixed(0)} ms`,
      );
      process.stdout.write(`${[...out, ...yaraLines].join('\n')}\n`);
    });

  rules
    .command('test')
    .description('Run SigmaHQ regression cases (info.yml) against the rules (default: the shipped GALLIUM cases)')
    .argument('[cases...]', 'regression_data folders or info.yml files (default: content/regression_data)')
    .option('--rules <PATH>', 'rule file or folder (repeatable; default: the rule folders beside regression_data)', collect)
    .option('-p, --placeholder <NAME=VALUE>', 'values for an expand placeholder: NAME=VALUE[,VALUE…] (repeatable)', collectPlaceholder, {})
    .option('--mappings <DIR>', 'logsource mapping folder (default: shipped content/mappings)')
    .option('-q, --quiet', 'print only failures, warnings and the closing line')
    .action(async (cases: string[], opts: { rules?: string[]; placeholder: Record<string, string[]>; mappings?: string; quiet?: boolean }) => {
      const print = (r: RegressionResult): void => {
        const label = r.status === 'pass' ? (r.warning ? 'WARN' : 'PASS') : r.status === 'fail' ? 'FAIL' : 'SKIP';
        if (opts.quiet && label === 'PASS') return;
        if (opts.quiet && label === 'SKIP') return;
        const where = r.sample ? rel(r.sample.path) : rel(r.case.info);
        process.stdout.write(`${visibleLine(`${label}  ${r.case.ruleId}${r.case.ruleTitle ? ` ${r.case.ruleTitle}` : ''}  ${where}: ${r.reason}`)}\n`);
      };
      const s = await runRegression(cases.length > 0 ? cases : [contentPath('regression_data')], { rules: opts.rules, placeholders: opts.placeholder, mappingsDir: opts.mappings, onResult: print });
      for (const n of [...s.walkNotes, ...s.rules.skipped]) process.stderr.write(`note: ${n}\n`);
      process.stdout.write(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped${s.warnings ? ` (${s.warnings} passed with more matches than expected)` : ''}\n`);
      if (s.failed > 0) process.exitCode = EXIT_CHECK_FAILED;
    });
}
