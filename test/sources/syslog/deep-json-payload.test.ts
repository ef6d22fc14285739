/**
 * A JSON payload nested 100,000 levels deep in a syslog message is one counted problem naming its
 * line (files) or message (the listener's parser), never a stack overflow; the lines around it are read.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseSyslogMessage } from '../../../src/sources/syslog/parse-syslog-message.js';
import { MAX_NESTING } from '../../../src/events/flatten.js';
import { TempDir, readAll } from '../helpers.js';

const tmp = new TempDir();
after(() => tmp.remove());

const nested = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const line = (payload: string): string => `<14>1 2019-03-06T09:20:11Z app-wf03 agent 812 - - ${payload}`;

test('syslog file: a 100k-deep payload is one problem; the lines around it are events', async () => {
  const text = [line('{"user":"nadia","action":"login"}'), line(nested(100_000)), line(`@cee: ${nested(MAX_NESTING)}`)].join('\n');
  const path = tmp.file('agent.log', `${text}\n`);
  const r = await readAll(path);
  assert.equal(r.format, 'syslog');
  assert.deepEqual(r.events.map((e) => e.source.record), [1, 3]);
  assert.equal(r.events[0]!.fields.user, 'nadia');
  // At the bound itself the payload is still read, flattened to one dotted key.
  assert.equal(r.events[1]!.fields[Array(MAX_NESTING).fill('a').join('.')], 1);
  assert.deepEqual(r.problems, [{ path, where: 'line 2', reason: `JSON payload nested deeper than ${MAX_NESTING} levels` }]);
});

test('the listener parser returns the same reason for a deep message instead of throwing', () => {
  assert.equal(parseSyslogMessage(line(nested(100_000)), Date.now()), `JSON payload nested deeper than ${MAX_NESTING} levels`);
  assert.equal(parseSyslogMessage(line(`@cee:${nested(MAX_NESTING + 1)}`), Date.now()), `JSON payload nested deeper than ${MAX_NESTING} levels`);
});
