/**
 * Every evtx_dump JSON sample of SigmaHQ's regression data reads completely: the record count
 * equals the number of top-level objects (lines that open with `{` in these pretty-printed files)
 * and the number of EventRecordID values, with no problem reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readAll } from './helpers.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const regression = resolve(repoRoot, '..', 'shared', 'corpus', 'sigma', 'regression_data');

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...jsonFiles(p));
    else if (e.name.endsWith('.json')) out.push(p);
  }
  return out.sort();
}

test('SigmaHQ regression_data JSON samples: every record read', { skip: existsSync(regression) ? false : `no ${regression}` }, async () => {
  const files = jsonFiles(regression);
  assert.ok(files.length > 0);
  let total = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const objects = text.split('\n').filter((l) => l.startsWith('{')).length;
    const ids = (text.match(/"EventRecordID"/g) ?? []).length;
    const r = await readAll(f);
    assert.deepEqual(r.problems, [], f);
    assert.equal(r.events.length, objects, f);
    assert.equal(r.events.length, ids, f);
    for (const e of r.events) {
      assert.equal(typeof e.fields.EventID, 'number', `${f}: EventID`);
      assert.ok(typeof e.fields.Channel === 'string' && e.fields.Channel.length > 0, `${f}: Channel`);
      assert.ok(!Number.isNaN(e.time), `${f}: time`);
    }
    total += r.events.length;
  }
  console.log(`# read ${total} records from ${files.length} regression JSON files`);
});
