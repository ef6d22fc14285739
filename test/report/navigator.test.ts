import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createNavigatorSink, type NavigatorLayer } from '../../src/report/index.js';
import type { Finding } from '../../src/findings/finding.js';
import { intrusionFindings, memoryTarget, summaryFor } from './fixtures.js';

async function layerOf(findings: Finding[]): Promise<{ layer: NavigatorLayer; ended: boolean }> {
  const out = memoryTarget();
  const sink = createNavigatorSink(out.target);
  for (const f of findings) sink.write(f);
  await sink.close(summaryFor(findings));
  return { layer: JSON.parse(out.text()) as NavigatorLayer, ended: out.ended() };
}

test('navigator layer 4.5: one entry per technique, scored by highest level, rules and counts in the comment', async () => {
  const findings = intrusionFindings();
  const { layer, ended } = await layerOf(findings);
  assert.equal(ended, false);
  assert.equal(layer.versions.layer, '4.5');
  assert.equal(layer.domain, 'enterprise-attack');
  assert.ok(layer.name.length > 0);
  const ids = layer.techniques.map((t) => t.techniqueID);
  assert.equal(new Set(ids).size, ids.length, 'one entry per id');
  const expected = new Set(findings.flatMap((f) => f.attack));
  assert.deepEqual(new Set(ids), expected);
  const ws = layer.techniques.find((t) => t.techniqueID === 'T1505.003')!;
  assert.equal(ws.score, 4, 'highest level high');
  assert.match(ws.comment, /^3 finding\(s\), highest high: /);
  assert.match(ws.comment, /Web server process spawned a command shell \[high\] ×1/);
  assert.match(ws.comment, /POST to a new ASPX page in the web root \[medium\] ×1/);
  assert.match(ws.comment, /Script file written in a web root \[medium\] ×1/);
  const lsass = layer.techniques.find((t) => t.techniqueID === 'T1003.001')!;
  assert.equal(lsass.score, 5);
  assert.equal(lsass.color, '#d62f2f');
  assert.equal(lsass.metadata.find((m) => m.name === 'hosts')!.value, 'WEB01 (1), DC01 (1)');
  assert.equal(layer.techniques.find((t) => t.techniqueID === 'T1999')!.score, 1);
  assert.ok(layer.gradient.maxValue > layer.gradient.minValue);
  assert.equal(layer.legendItems.length, 5);
});

test('navigator layer with zero findings is valid and empty', async () => {
  const { layer } = await layerOf([]);
  assert.deepEqual(layer.techniques, []);
  assert.equal(layer.domain, 'enterprise-attack');
});
