/**
 * `cellwatch search PATH… [-k KEYWORD]… [-r REGEX]… [--field NAME=VALUE]… [-i] [--all] [scope options]`:
 * the events that mention an address, a user or a hash, over every format the hunt reads. Results
 * go to stdout (or -o) as found; the count per file and per host goes to stderr. Exit 0 with or
 * without matches.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { runScopedPass } from '../engine/scoped-pass.js';
import { compileSearch } from '../engine/event-search.js';
import type { FieldCondition } from '../engine/field-search.js';
import { eventHost } from '../events/host.js';
import { timeFormatter } from '../events/display-time.js';
import { choice, collect } from './options.js';
import { addScopeOptions, scopeFromFlags, type ScopeFlags } from './scope-options.js';
import { openOutputFile, refuseOutputOntoInput } from './output-file.js';
import { passSummary } from './pass-summary.js';
import { problemPrinter } from './problem-printer.js';
import { SEARCH_FORMATS, searchWriter, type SearchFormat } from './search-output.js';
import { matchCounts } from './search-counts.js';
import { UsageError } from './usage-error.js';

interface SearchFlags extends ScopeFlags {
  keyword: string[];
  regex: string[];
  field: FieldCondition[];
  ignoreCase?: boolean;
  all?: boolean;
  format: SearchFormat;
  output?: string;
  quiet?: boolean;
  followSymlinks?: boolean;
}

function collectField(value: string, previous: FieldCondition[] = []): FieldCondition[] {
  const eq = value.indexOf('=');
  if (eq <= 0 || !/^[^\s=]+$/.test(value.slice(0, eq))) throw new InvalidArgumentError('expected NAME=VALUE (a Sigma field name, e.g. ClientIP=10.30.1.42)');
  return [...previous, [value.slice(0, eq), value.slice(eq + 1)]];
}

function nonEmpty(value: string, previous: string[] = []): string[] {
  if (value === '') throw new InvalidArgumentError('expected a non-empty value');
  return collect(value, previous);
}

export function register(program: Command): void {
  addScopeOptions(program
    .command('search')
    .description('find the events that mention a keyword, match a regex or a Sigma field condition (pivot on an address, user, hash)')
    .argument('<paths...>', 'files or folders (every format the hunt reads)')
    .option('-k, --keyword <text>', 'substring of any field value (repeatable; any matches unless --all)', nonEmpty, [])
    .option('-r, --regex <regex>', 'JavaScript regular expression tested against every field value (repeatable)', nonEmpty, [])
    .option('--field <name=value>', 'Sigma field condition, rule field names and mappings, * wildcards (repeatable; all must hold)', collectField, [])
    .option('-i, --ignore-case', 'keywords and regexes ignore case')
    .option('--all', 'every -k and -r must match (default: any)')
    .option('-f, --format <format>', `output format: ${SEARCH_FORMATS.join(', ')}`, choice(SEARCH_FORMATS), 'table')
    .option('-o, --output <file>', 'write results to FILE instead of stdout')
    .option('--follow-symlinks', 'follow symlinks that lead out of the given folders')
    .option('-q, --quiet', 'no counts and no warnings on stderr'))
    .action(async (paths: string[], flags: SearchFlags) => {
      await search(paths, flags);
    });
}

async function search(paths: string[], flags: SearchFlags): Promise<void> {
  if (!flags.keyword.length && !flags.regex.length && !flags.field.length) {
    throw new UsageError('search needs at least one -k KEYWORD, -r REGEX or --field NAME=VALUE');
  }
  for (const p of paths) if (p !== '-' && !existsSync(p)) throw new UsageError(`${p}: no such file or folder`);
  const scope = scopeFromFlags(flags);
  let matches;
  try {
    matches = await compileSearch({ keywords: flags.keyword, regexes: flags.regex, fields: flags.field, ignoreCase: flags.ignoreCase === true, all: flags.all === true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (flags.output) refuseOutputOntoInput(flags.output, paths);
  const file = flags.output ? await openOutputFile(flags.output) : null;
  const out = searchWriter(flags.format, file?.stream ?? process.stdout, timeFormatter(flags.tz), process.stdout.columns ?? 160);
  const counts = matchCounts();
  const printer = problemPrinter(flags.quiet === true);
  try {
    const pass = await runScopedPass({ inputs: paths, scope, followSymlinks: flags.followSymlinks, skipFiles: file?.paths ?? [] }, {
      examine(event) {
        const hit = matches(event);
        if (!hit) return;
        const host = eventHost(event.fields, event.source);
        counts.add(event.source.path, host);
        out.write({ event, host, hit });
      },
    }, printer);
    await out.close();
    await file?.commit();
    if (pass.files.length === 0) throw new UsageError(`no readable input under ${paths.join(', ')}`);
    if (!flags.quiet) process.stderr.write(counts.text(pass.hosts) + passSummary(pass, printer));
  } catch (err) {
    await file?.abort();
    throw err;
  }
}
