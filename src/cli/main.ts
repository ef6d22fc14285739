#!/usr/bin/env node
/**
 * cellwatch command line: registers one command per file of src/cli/.
 * Each command module exports `register(program)`; add a line below for a new one.
 */
import { Command, CommanderError } from 'commander';
import { version } from '../content/package-version.js';
import { EXIT_INTERNAL, EXIT_SIGNAL, exitCodeFor } from './exit-codes.js';
import { visibleLine } from '../text/visible-controls.js';
import { register as registerHunt } from './hunt.js';
import { register as registerRules } from './rules.js';
import { register as registerDump } from './dump.js';
import { register as registerIntel } from './intel.js';
import { register as registerAudit } from './audit.js';
import { register as registerCoverage } from './coverage.js';
import { register as registerSweep } from './sweep.js';
import { register as registerStats } from './stats.js';
import { register as registerSearch } from './search.js';

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
import { register as registerServe } from './serve.js';

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

// Command registrations (one import per command file):
// -- commands --
registerHunt(program);
registerRules(program);
registerDump(program);
registerIntel(program);
registerAudit(program);
registerCoverage(program);
registerSweep(program);
registerServe(program);
registerStats(program);
registerSearch(program);

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
