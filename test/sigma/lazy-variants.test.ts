/**
 * Variants from a snapshot compile their detection on first use: once per field mapping, and only
 * for an event their selector's guard takes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DetectionCompiler } from '../../src/sigma/compile.js';
import { EventView, FieldSlots } from '../../src/sigma/event-view.js';
import { lazyVariants } from '../../src/sigma/lazy-variants.js';
import type { EventSelector } from '../../src/sigma/mapping.js';
import { parseDetection } from '../../src/sigma/rule.js';

const detection = parseDetection({ sel: { 'Image|endswith': '\\procdump64.exe', 'CommandLine|contains': ' -ma ' }, condition: 'sel' }, { placeholders: {} });

function selector(over: Partial<EventSelector>): EventSelector {
  return { channels: null, eventIds: null, conditions: [], formats: null, fieldsAny: null, fieldsAll: null, file: null, fieldmap: {}, ...over };
}

test('a variant compiles on the first event its guard takes, once per field mapping', () => {
  const slots = new FieldSlots();
  const compiler = new DetectionCompiler(slots);
  let compiles = 0;
  const counting = { compile: (...a: Parameters<DetectionCompiler['compile']>) => (compiles++, compiler.compile(...a)) } as DetectionCompiler;
  let parses = 0;
  const sysmon = selector({ conditions: [['Provider_Name', ['microsoft-windows-sysmon']]] });
  const other = selector({ conditions: [['Provider_Name', ['other']]], fieldmap: sysmon.fieldmap });
  const renamed = selector({ fieldmap: { Image: ['NewProcessName'] } });
  const variants = lazyVariants(() => (parses++, detection), [sysmon, other, renamed], [null, null, null], undefined, 0, counting);
  const view = new EventView(slots.size + 8);
  const dump = { Image: 'C:\\Tools\\procdump64.exe', CommandLine: 'procdump64.exe -ma lsass.exe out.dmp' };

  view.reset({ ...dump, Provider_Name: 'Security' });
  assert.equal(variants[0]!.test(view), false);
  assert.equal(compiles, 0, 'an event the guard refuses compiles nothing');
  assert.equal(parses, 0);

  view.reset({ ...dump, Provider_Name: 'Microsoft-Windows-Sysmon' });
  assert.equal(variants[0]!.test(view), true);
  assert.equal(variants[1]!.test(view), false, 'the other selector still guards its variant');
  assert.equal(compiles, 1);
  view.reset({ ...dump, Provider_Name: 'Microsoft-Windows-Sysmon', CommandLine: 'procdump64.exe -accepteula' });
  assert.equal(variants[0]!.test(view), false);
  view.reset({ ...dump, Provider_Name: 'other' });
  assert.equal(variants[1]!.test(view), true);
  assert.equal(compiles, 1, 'selectors sharing a field mapping share one compiled detection');

  view.reset({ NewProcessName: 'C:\\Tools\\procdump64.exe', CommandLine: 'procdump64.exe -ma lsass.exe' });
  assert.equal(variants[2]!.test(view), true);
  assert.equal(compiles, 2, 'another field mapping compiles again');
});

test('a lazily compiled detection compiles each search identifier when the condition first needs it, with the same answers', () => {
  const filtered = parseDetection({
    selection: { 'Image|endswith': '\\rundll32.exe', 'CommandLine|contains': 'comsvcs' },
    filter_main: { 'ParentImage|startswith': 'C:\\Program Files\\' },
    unused: { User: 'SYSTEM' },
    condition: 'selection and not filter_main',
  }, { placeholders: {} });
  const events: Array<Record<string, string>> = [
    { Image: 'C:\\Windows\\System32\\notepad.exe', CommandLine: 'notepad' },
    { Image: 'C:\\Windows\\System32\\rundll32.exe', CommandLine: 'rundll32 comsvcs.dll MiniDump 624 out.dmp full', ParentImage: 'C:\\Windows\\explorer.exe' },
    { Image: 'C:\\Windows\\System32\\rundll32.exe', CommandLine: 'rundll32 comsvcs.dll', ParentImage: 'C:\\Program Files\\Agent\\agent.exe' },
  ];
  const eagerSlots = new FieldSlots();
  const eager = new DetectionCompiler(eagerSlots).compile(filtered, {});
  assert.equal(eagerSlots.size, 4, 'an eager compile reads every field item');
  const slots = new FieldSlots();
  const lazy = new DetectionCompiler(slots).compile(filtered, {}, { lazy: true });
  assert.equal(slots.size, 0, 'nothing compiled yet');
  const view = new EventView(8);
  const answers = events.map((fields) => {
    view.reset(fields);
    const a = lazy.test(view);
    if (fields.Image!.endsWith('notepad.exe')) assert.equal(slots.size, 2, 'a selection that fails leaves the filter uncompiled');
    return a;
  });
  assert.equal(slots.size, 3, 'the filter compiled once the selection matched; the unused identifier never');
  assert.deepEqual(answers, events.map((fields) => (view.reset(fields), eager.test(view))));
  assert.deepEqual(answers, [false, true, false]);
  assert.deepEqual(lazy.matchable.map((m) => m.fields), eager.matchable.map((m) => m.fields));
  assert.deepEqual([...lazy.fields].sort(), [...eager.fields].sort());
});
