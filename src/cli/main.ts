#!/usr/bin/env node
/**
 * cellwatch command line: registers one command per file of src/cli/.
 * Each command module exports `register(program)`; add a line below for a new one.
 */
import { Command } from 'commander';
import { version } from './version.js';

const program = new Command();
program
  .name('cellwatch')
  .description('Hunt, detect and audit for GALLIUM-style intrusions: Sigma rules and threat intel over Windows and web logs.')
  .version(version)
  .showHelpAfterError('(run with --help for usage)');

// Command registrations (one import per command file):
// -- commands --

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`cellwatch: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
