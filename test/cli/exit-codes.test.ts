import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { CommanderError, InvalidArgumentError } from 'commander';
import { exitCodeFor, InternalError } from '../../src/cli/exit-codes.js';
import { UsageError } from '../../src/cli/usage-error.js';

test('the user\'s problems exit 2: usage, a loader\'s message naming the file, a failed system call', async () => {
  assert.equal(exitCodeFor(new UsageError('x: no such file or folder')), 2);
  assert.equal(exitCodeFor(new InvalidArgumentError('expected a number')), 2);
  assert.equal(exitCodeFor(new Error('rules/a.yml: no such file or folder')), 2);
  const enoent = await readFile('/no/such/cellwatch/file').catch((e: unknown) => e);
  assert.equal(exitCodeFor(enoent), 2);
});

test('help and version exit 0; programming errors and InternalError exit 70', () => {
  assert.equal(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', '')), 0);
  let typeError: unknown;
  try {
    (undefined as unknown as { x: number }).x;
  } catch (e) {
    typeError = e;
  }
  assert.equal(exitCodeFor(typeError), 70);
  assert.equal(exitCodeFor(new RangeError('Invalid array length')), 70);
  assert.equal(exitCodeFor(new InternalError('sink failed')), 70);
  assert.equal(exitCodeFor('a thrown string'), 70);
  let parseError: unknown;
  try {
    JSON.parse('{');
  } catch (e) {
    parseError = e;
  }
  assert.equal(exitCodeFor(parseError), 70, 'an uncaught parse error is a bug: input problems must name the file');
});
