/**
 * The exit codes of every command (public API, README "Exit codes"): 0 ran; 2 bad usage or
 * unreadable input/output; 3 a finding at or above --fail-on, or a failed check (rules test, rules
 * check); 70 an internal error (a bug:
 * EX_SOFTWARE of sysexits.h), so scripts can tell "fix your command" from "report this".
 */
import { CommanderError } from 'commander';
import { UsageError } from './usage-error.js';

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
export const EXIT_FAIL_ON = 3;
/** A check the user ran found what it checks for: `rules test` failures, invalid YARA files, `rules check --fail-on-unsupported`. */
export const EXIT_CHECK_FAILED = EXIT_FAIL_ON;
export const EXIT_INTERNAL = 70;
/** Interrupted by a signal: 128 + its number, as shells report it. */
export const EXIT_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;

/** An error that is cellwatch's fault, whatever its message says. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

/**
 * Which code an uncaught error gets. Errors the program raises on purpose (UsageError, and the
 * plain Errors the loaders throw with a message naming the file) and operating-system errors
 * (ENOENT, EACCES, ENOSPC…) are the user's to fix: 2. Programming errors (TypeError, RangeError,
 * ReferenceError, an unparsed SyntaxError, failed assertions, InternalError, non-Error throws): 70.
 */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (err instanceof UsageError) return EXIT_USAGE;
  if (!(err instanceof Error)) return EXIT_INTERNAL;
  if (err instanceof InternalError || err.name === 'AssertionError') return EXIT_INTERNAL;
  if (typeof (err as NodeJS.ErrnoException).errno === 'number') return EXIT_USAGE; // a system call failed
  const programming = err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError
    || err instanceof SyntaxError || err instanceof EvalError || err instanceof URIError;
  return programming ? EXIT_INTERNAL : EXIT_USAGE;
}
