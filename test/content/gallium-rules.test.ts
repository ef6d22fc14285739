/**
 * The shipped GALLIUM rules are valid Sigma with the metadata analysts rely on, and compile.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { loadSigmaRules } from '../../src/sigma/index.js';
import { CORRELATION_BASES, galliumRules } from './hunt-helper.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TACTICS = new Set(['reconnaissance', 'resource-development', 'initial-access', 'execution', 'persistence', 'privilege-escalation', 'defense-evasion', 'credential-access', 'discovery', 'lateral-movement', 'collection', 'command-and-control', 'exfiltration', 'impact']);
const LEVELS = new Set(['informational', 'low', 'medium', 'high', 'critical']);

const files = readdirSync(galliumRules).filter((f) => f.endsWith('.yml')).sort();
const docs = files.flatMap((f) =>
  parseAllDocuments(readFileSync(path.join(galliumRules, f), 'utf8')).map((d, i) => ({ file: f, index: i, rule: d.toJS() as Record<string, unknown> })),
);

describe('content/rules/gallium', () => {
  it('holds rule files', () => {
    assert.ok(files.length >= 60, `${files.length} files`);
  });

  it('every rule parses and compiles with the engine', async () => {
    const set = await loadSigmaRules([galliumRules]);
    assert.deepEqual(set.unsupported, []);
    assert.equal(set.total, docs.length);
    assert.equal(set.compiled, docs.length);
  });

  for (const { file, index, rule } of docs) {
    const where = `${file}#${index}`;
    it(`${where}: ${String(rule.title)}`, () => {
      assert.match(String(rule.id), UUID, 'id is a v4 UUID');
      assert.equal(rule.author, 'cellwatch');
      assert.match(String(rule.date), /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(['experimental', 'test', 'stable'].includes(String(rule.status)));
      assert.ok(typeof rule.description === 'string' && rule.description.length > 20);
      assert.ok(LEVELS.has(String(rule.level)));
      const tags = (rule.tags as string[] | undefined) ?? [];
      assert.ok(tags.some((t) => TACTICS.has(t.replace(/^attack\./, ''))), 'an attack.<tactic> tag');
      for (const t of tags) assert.match(t, /^attack\.([a-z-]+|t\d{4}(\.\d{3})?)$/, `tag ${t}`);
      const isBase = CORRELATION_BASES.includes(String(rule.title)) || (rule.level === 'informational' && typeof rule.name === 'string');
      if (rule.correlation) {
        assert.ok(typeof rule.correlation === 'object');
      } else {
        assert.ok(typeof rule.logsource === 'object' && rule.logsource !== null, 'logsource');
        assert.ok(typeof rule.detection === 'object' && rule.detection !== null, 'detection');
      }
      if (!isBase) {
        assert.ok(tags.some((t) => /^attack\.t\d{4}/.test(t)), 'an ATT&CK technique tag');
        assert.ok(Array.isArray(rule.references) && rule.references.length > 0, 'references');
        assert.ok(Array.isArray(rule.falsepositives) && rule.falsepositives.length > 0, 'falsepositives');
      }
    });
  }

  it('ids and titles are unique', () => {
    const ids = docs.map((d) => String(d.rule.id));
    assert.equal(new Set(ids).size, ids.length);
    const titles = docs.map((d) => String(d.rule.title));
    assert.equal(new Set(titles).size, titles.length);
  });
});
