import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { parseSigmaYaml } from '../../src/sigma/fast-yaml.js';

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
  for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: b\na: c\n', 'a: "multi\n  line"\n', 'a: plain\n  continued\n', '%YAML 1.2\n---\na: 1\n', 'a: {b: 1}\n', 'a:\n\t- x\n']) {
    assert.equal(parseSigmaYaml(text), null, text);
  }
});
