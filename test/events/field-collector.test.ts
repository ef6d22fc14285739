import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FieldCollector } from '../../src/events/field-collector.js';
import type { EventFields, FieldValue } from '../../src/events/event.js';

type Pairs = Array<[string, FieldValue]>;

/** What the collector must equal: the fields assigned one by one to `{}`. */
function assigned(pairs: Pairs): EventFields {
  const out: EventFields = {};
  for (const [k, v] of pairs) out[k] = v;
  return out;
}

function collected(c: FieldCollector, pairs: Pairs): EventFields {
  c.reset();
  for (const [k, v] of pairs) c.add(k, v);
  return c.build();
}

const sysmon: Pairs = [
  ['Provider_Name', 'Microsoft-Windows-Sysmon'], ['EventID', 1], ['Channel', 'Microsoft-Windows-Sysmon/Operational'],
  ['Computer', 'WEB-IIS01'], ['Image', 'C:\\Windows\\System32\\cmd.exe'], ['CommandLine', 'cmd /c whoami'], ['Hashes', ['a', 'b']],
];

test('a record built by the collector equals assignment, before and after its shape is compiled', () => {
  const c = new FieldCollector();
  for (let i = 0; i < 8; i++) {
    const pairs: Pairs = sysmon.map(([k, v]) => [k, typeof v === 'string' ? `${v}-${i}` : v]);
    const got = collected(c, pairs);
    assert.deepEqual(Object.entries(got), Object.entries(assigned(pairs)), `record ${i}`);
  }
});

test('repeated keys keep their first place and last value; integer-like keys come first; __proto__ as assignment', () => {
  const c = new FieldCollector();
  const shapes: Pairs[] = [
    [['Level', 4], ['Channel', 'Security'], ['Level', 'High']],
    [['b', 1], ['10', 'ten'], ['a', 2], ['2', 'two']],
    [['x', 1], ['__proto__', 'text'], ['y', 2]],
    [['x', 1], ['__proto__', ['an', 'array']], ['y', 2]],
    [],
  ];
  for (let round = 0; round < 5; round++) {
    for (const pairs of shapes) {
      const got = collected(c, pairs);
      const want = assigned(pairs);
      assert.deepEqual(Object.entries(got), Object.entries(want));
      assert.equal(Object.getPrototypeOf(got), Object.getPrototypeOf(want));
      assert.equal(Object.prototype.hasOwnProperty.call(got, '__proto__'), false);
    }
  }
});

test('a record abandoned half-way (reset) leaves nothing behind', () => {
  const c = new FieldCollector();
  c.add('half', 1);
  assert.deepEqual(collected(c, [['a', 1]]), { a: 1 });
});

test('every record with new keys (no shape repeats) is still built right, with the cache bounded', () => {
  const c = new FieldCollector();
  for (let i = 0; i < 20_000; i++) {
    const pairs: Pairs = [[`k${i}`, i], [`j${i % 7}`, 'v'], ['ts', i]];
    assert.deepEqual(Object.entries(collected(c, pairs)), Object.entries(assigned(pairs)));
  }
});

test('records of a repeated shape are fast objects, not dictionaries (V8)', () => {
  // Forty fields assigned by name make a dictionary; the compiled shape must not.
  const collector = fileURLToPath(new URL('../../src/events/field-collector.js', import.meta.url));
  const script = `
    import { FieldCollector } from ${JSON.stringify(collector)};
    const c = new FieldCollector();
    let last;
    for (let i = 0; i < 5; i++) { c.reset(); for (let k = 0; k < 40; k++) c.add('Field' + k, i); last = c.build(); }
    const plain = {}; for (let k = 0; k < 40; k++) plain['Field' + k] = 1;
    console.log(%HasFastProperties(last), %HasFastProperties(plain));`;
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(out.trim(), 'true false');
});
