import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { parseSigmaYaml } from '../../src/content/fast-yaml.js';

const full = (text: string): unknown[] => parseAllDocuments(text).map((d) => d.toJS());

test('the fast reader agrees with the yaml library on the Sigma subset', () => {
  const text = `title: 'It''s a "rule"'
id: 0e95725d-7320-415d-80f7-004da920fc11
status: test
description: |
    Line one
    Line two: with colon

    After blank
folded: >-
    folded text
    continues
references:
    - https://example.com/a#frag
    - "double \\"quoted\\" \\\\ \\u00e9"
tags: [attack.t1059, 'attack.execution']
date: 2024-01-02
logsource:
    category: process_creation # trailing comment
    product: windows
detection:
    selection:
        - Image|endswith: '\\cmd.exe'
          CommandLine|contains:
              - ' /c '
              - 123
              - 0x10
              - 1.5
              - true
              - null
              - ~
        - OriginalFileName: Cmd.Exe
    keywords:
    - 'a: b'
    - plain # comment
    empty:
    condition: selection or keywords
level: high
---
title: Second
detection: {}
`;
  assert.deepEqual(parseSigmaYaml(text), full(text));
});

test('constructs outside the subset return null so the full parser decides', () => {
  for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: b\na: c\n', 'a: "multi\n  line"\n', 'a: plain\n  continued\n', '%YAML 1.2\n---\na: 1\n', 'a:\n\t- x\n']) {
    assert.equal(parseSigmaYaml(text), null, text);
  }
});

test('flow lists and maps, nested and over several lines, read as the yaml library reads them', () => {
  const text = `logsources:
  - logsource: {product: windows, category: process_creation}
    events:
      - {channel: 'Microsoft-Windows-Sysmon/Operational', eventid: 1, fieldmap: sysmon}
      - {conditions: {_path: dns}, fields_any: [query, "qtype name"], none: , empty: {}, list: []}
    more: [{a: 1}, [b, 'c, d'], 0x1f, true, ~, http://example.com/x#y]
kinds:
  path:
    last: [image, imageloaded, # comment
      filepath, executable,

      targetpath]   # after
`;
  assert.deepEqual(parseSigmaYaml(text), full(text));
  const parsed = parseSigmaYaml(text)![0] as { logsources: Array<{ events: unknown[] }> };
  assert.deepEqual(parsed.logsources[0]!.events[1], { conditions: { _path: 'dns' }, fields_any: ['query', 'qtype name'], none: null, empty: {}, list: [] });
});

test('flow collections outside the subset return null so the full parser decides', () => {
  const refused = [
    'a: [x, y, ]\n', // trailing comma
    'a: {x, y}\n', // keys without values
    'a: [x: 1]\n', // a pair inside a list
    'a: [one\n  two]\n', // a plain scalar continued on the next line
    'a:\n  b: [x,\n  y]\n', // continuation not indented past its owner
    'a: {1: x}\n', // a number key
    'a: {x: 1, x: 2}\n', // duplicate key
    'a: {"x":1}\n', // a colon right after a quoted key
    'a: {<<: {b: 1}}\n', // merge key
    'a: [x] y\n', // text after the collection
    'a: [x\n', // never closed
    'a: [&x 1, *x]\n', // anchors
  ];
  for (const text of refused) assert.equal(parseSigmaYaml(text), null, text);
});
