/**
 * Shared option parsers for commands: each throws a UsageError with a one-line message.
 */
import { InvalidArgumentError } from 'commander';
import { isLevel, LEVELS, type Level } from '../findings/finding.js';

export function parseLevel(value: string): Level {
  const v = value.toLowerCase();
  const alias: Record<string, Level> = { info: 'informational', med: 'medium', crit: 'critical' };
  const level = alias[v] ?? v;
  if (!isLevel(level)) throw new InvalidArgumentError(`expected one of ${LEVELS.join(', ')}`);
  return level;
}

export function parseThreads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 256) throw new InvalidArgumentError('expected a whole number from 0 (automatic) to 256');
  return n;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--filters PATH` means the same in every command that runs detection (hunt, serve). */
export const FILTERS_HELP = 'Sigma filter file or folder: suppress known-benign findings (repeatable; filters among the rules apply too)';

export function choice<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}`);
    return value as T;
  };
}

/**
 * `NAME=VALUE[,VALUE…]` for Sigma placeholders (every command, one syntax), collected into
 * NAME → [values]; `%NAME%` is taken for NAME.
 */
export function collectPlaceholder(value: string, previous: Record<string, string[]> = {}): Record<string, string[]> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected NAME=VALUE[,VALUE…]');
  const name = value.slice(0, eq).replace(/^%|%$/g, '');
  const values = value.slice(eq + 1).split(',').filter((x) => x !== '');
  return { ...previous, [name]: [...(previous[name] ?? []), ...values] };
}
