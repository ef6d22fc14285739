import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { END, renderRulesDoc, RULES_DOC, START } from '../../scripts/build-rules-doc.js';

test('docs/rules.md is generated from the rules and their data (run npm run docs:rules when this fails)', async () => {
  const doc = readFileSync(RULES_DOC, 'utf8');
  assert.ok(doc.includes(START) && doc.includes(END), 'the generated block markers are in docs/rules.md');
  assert.equal(doc, await renderRulesDoc(doc), 'docs/rules.md is stale: run npm run docs:rules');
});

test('the generated table lists every rule once with its regression case', async () => {
  const doc = readFileSync(RULES_DOC, 'utf8');
  const rows = doc.split('\n').filter((l) => l.startsWith('| `'));
  const ids = rows.map((l) => l.slice(3, l.indexOf('`', 3)));
  assert.equal(new Set(ids).size, ids.length);
  const dynamicDns = rows.find((l) => l.includes('Dynamic DNS Name Resolved by a Windows Host'))!;
  assert.match(dynamicDns, /`rules\/gallium\/dns_query_win_gallium_dynamic_dns_lookup\/`: 1 match on 1 record/);
});

test('a doc without the generated block markers is refused', async () => {
  await assert.rejects(renderRulesDoc('# rules\n'), /markers .* are missing/);
});
