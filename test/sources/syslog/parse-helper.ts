/** Shared by the syslog parser tests: parse one message that must be syslog. */
import assert from 'node:assert/strict';
import type { EventFields } from '../../../src/events/event.js';
import { parseSyslogMessage, type SyslogRecord, type YearReference } from '../../../src/sources/syslog/parse-syslog-message.js';

/** The reference time of the tests: 10 March 2019, noon UTC. */
export const REF = Date.UTC(2019, 2, 10, 12);

export function parse(line: string, ref: YearReference = REF): SyslogRecord {
  const r = parseSyslogMessage(line, ref);
  assert.equal(typeof r, 'object', `not parsed: ${String(r)}`);
  return r as SyslogRecord;
}

/** The fields of a message without the named (header) fields. */
export function fieldsWithout(line: string, names: readonly string[]): EventFields {
  const fields = { ...parse(line).fields };
  for (const name of names) delete fields[name];
  return fields;
}
