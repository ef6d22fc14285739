#!/usr/bin/env node
/**
 * cellwatch command line: registers one command per file of src/cli/.
 * Each command module exports `register(program)`; add a line below for a new one.
 */
import { Command, CommanderError } from 'commander';
import { version } from './version.js';
import { register as registerHunt } from './hunt.js';
import { register as registerRules } from './rules.js';
import { register as registerDump } from './dump.js';
import { register as registerIntel } from './intel.js';
import { register as registerAudit } from './audit.js';
import { register as registerCoverage } from './coverage.js';
import { register as registerServe } from './serve.js';

const program = new Command();
program
  .name('cellwatch')
  .description('Hunt, detect and audit for GALLIUM-style intrusions: Sigma rules and threat intel over Windows and web logs.')
  .version(version)
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
registerServe(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    // Commander already printed its message; help and version are not errors.
    process.exitCode = err.exitCode === 0 ? 0 : 2;
    return;
  }
  process.stderr.write(`cellwatch: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.CELLWATCH_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 2;
});
