/**
 * The rule-selection flags shared by the commands that load Sigma rules (hunt, rules check):
 * --min-level, --status, --tags, --exclude-tags, --exclude-rule, --exclude-rules FILE, --rule-id.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Level } from '../findings/finding.js';
import type { RuleSelection } from '../sigma/index.js';
import { collect, parseLevel } from './options.js';
import { UsageError } from './usage-error.js';

export interface RuleSelectionFlags {
  minLevel?: Level;
  status?: string[];
  tags?: string[];
  excludeTags?: string[];
  excludeRule: string[];
  excludeRules: string[];
  ruleId: string[];
}

/** Comma-separated values, repeatable. */
function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter((v) => v !== '')];
}

export function addRuleSelectionOptions(command: Command): Command {
  return command
    .option('--min-level <level>', 'load only rules at or above LEVEL', parseLevel)
    .option('--status <list>', 'load only rules with these statuses, comma-separated, or "all" (hunt default: all but deprecated and unsupported; rules check: all)', collectList)
    .option('--tags <list>', 'load only rules with a tag starting with one of these, e.g. attack.t1003 (comma-separated, repeatable)', collectList)
    .option('--exclude-tags <list>', 'leave out rules with a tag starting with one of these (comma-separated, repeatable)', collectList)
    .option('--exclude-rule <id>', 'leave out the rule with this id or name (repeatable)', collect, [])
    .option('--exclude-rules <file>', 'leave out the rules listed in FILE: one id per line, # starts a comment (repeatable)', collect, [])
    .option('--rule-id <id>', 'load only this rule, by id or name, with the rules it correlates (repeatable)', collect, []);
}

/** Ids listed in an exclusion file; a missing or unreadable file is a usage error. */
export function readRuleIdList(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--exclude-rules ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return text.split(/\r?\n/).map((line) => line.replace(/#.*/, '').trim()).filter((line) => line !== '');
}

export function ruleSelectionFrom(flags: RuleSelectionFlags): RuleSelection {
  const status = flags.status?.map((s) => s.toLowerCase());
  return {
    minLevel: flags.minLevel,
    statuses: status === undefined ? undefined : status.includes('all') ? 'all' : status,
    tags: flags.tags,
    excludeTags: flags.excludeTags,
    excludeIds: [...flags.excludeRule, ...flags.excludeRules.flatMap(readRuleIdList)],
    onlyIds: flags.ruleId,
  };
}
