#!/usr/bin/env node
/**
 * cellwatch command line: registers one command per file of src/cli/.
 * Each command module exports `register(program)`; add a line to COMMANDS for a new one.
 */
import { Command, CommanderError } from 'commander';
import { version } from '../content/package-version.js';
import { EXIT_INTERNAL, EXIT_SIGNAL, exitCodeFor } from './exit-codes.js';
import { visibleLine } from '../text/visible-controls.js';

/** `--debug` anywhere before `--`: print the stack of an internal error (also CELLWATCH_DEBUG=1). */
const argv = [...process.argv];
const dashes = argv.indexOf('--');
const debugAt = argv.slice(0, dashes < 0 ? argv.length : dashes).indexOf('--debug');
if (debugAt >= 2) argv.splice(debugAt, 1);
const debug = debugAt >= 2 || Boolean(process.env.CELLWATCH_DEBUG);

// Ctrl-C or a kill: exit through the 'exit' handlers, which remove temporary outputs and the
// finding store's spill files (the default signal action would skip them).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\ncellwatch: interrupted (${signal}); temporary files removed\n`);
    process.exit(EXIT_SIGNAL[signal]);
  });
}

const program = new Command();
program
  .name('cellwatch')
  .description('Hunt, detect and audit for GALLIUM-style intrusions: Sigma rules and threat intel over Windows and web logs.')
  .version(version)
  .option('--debug', 'on an internal error (exit 70), print its stack trace')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

// A reader of our stdout that goes away (`| head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

/**
 * The commands, in help order. A command's module (and everything it imports) is loaded only when
 * that command runs: a hunt then loads about two thirds of the project's modules, which saves
 * about 0.2 s of CPU at every start. Help, an unknown command or none at all load them all. The
 * paths are literals, which test/architecture.test.ts reads as imports (ranks and cycles).
 */
const COMMANDS: Record<string, () => Promise<{ register: (program: Command) => void }>> = {
  hunt: () => import('./hunt.js'),
  rules: () => import('./rules.js'),
  dump: () => import('./dump.js'),
  intel: () => import('./intel.js'),
  audit: () => import('./audit.js'),
  coverage: () => import('./coverage.js'),
  sweep: () => import('./sweep.js'),
  serve: () => import('./serve.js'),
  stats: () => import('./stats.js'),
  search: () => import('./search.js'),
};

/** The command the arguments name (the first one that is not an option), when it is one of ours. */
function commandNamed(args: readonly string[]): string | undefined {
  const first = args.slice(2).find((a) => !a.startsWith('-'));
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? first : undefined;
}

const named = commandNamed(argv);
for (const name of named === undefined ? Object.keys(COMMANDS) : [named]) (await COMMANDS[name]!()).register(program);

program.parseAsync(argv).catch((err: unknown) => {
  const code = exitCodeFor(err);
  process.exitCode = code;
  // Commander already printed its message; help and version are not errors.
  if (err instanceof CommanderError) return;
  const message = visibleLine(err instanceof Error ? err.message : String(err));
  if (code === EXIT_INTERNAL) {
    process.stderr.write(`cellwatch: internal error: ${message} (a bug: rerun with --debug for the stack and report it)\n`);
  } else process.stderr.write(`cellwatch: ${message}\n`);
  if (debug && err instanceof Error) process.stderr.write(`${err.stack}\n`);
});
