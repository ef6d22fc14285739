/**
 * One selector match for the rule index and for coverage: an event reaches a rule through a
 * selector in the engine exactly when coverage counts that event as the selector's log source.
 * Pinned here: event IDs compared as trimmed text, an empty Channel is no Windows channel, the
 * channel compared case-insensitively, formats and event IDs checked for every selector.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventFields, HuntEvent } from '../../src/events/event.js';
import { eventMatchesSelector } from '../../src/coverage/logsources.js';
import { EventView, FieldSlots } from '../../src/sigma/event-view.js';
import { selectorGuard, selectorMatcher } from '../../src/sigma/event-selector-match.js';
import type { EventSelector } from '../../src/sigma/mapping.js';
import { RuleIndex, type IndexedVariant } from '../../src/sigma/rule-index.js';

const sel = (over: Partial<EventSelector>): EventSelector => ({
  channels: null, eventIds: null, conditions: [], formats: null, fieldsAny: null, fieldsAll: null, file: null, fieldmap: {}, ...over,
});

const selectors: Record<string, EventSelector> = {
  security4688: sel({ channels: ['security'], eventIds: ['4688'] }),
  anyChannel: sel({ channels: ['*'] }),
  securityFromXml: sel({ channels: ['security'], formats: ['xml'] }),
  nonWindows: sel({}),
  zeekDns: sel({ formats: ['zeek'], conditions: [['_path', ['dns']]] }),
  authLog: sel({ formats: ['syslog'], file: /^auth\.log.*$/i }),
  webFields: sel({ fieldsAny: ['cs-method', 'c-uri'] }),
  idOutsideWindows: sel({ eventIds: ['7'] }),
};

const ev = (fields: EventFields, format = 'evtx', p = 'logs/a.evtx'): HuntEvent => ({ fields, raw: fields, time: 0, source: { path: p, record: 1, format } });

/** Each event with the selectors it belongs to (the agreed behaviour). */
const cases: Array<[string, HuntEvent, string[]]> = [
  ['numeric event ID', ev({ Channel: 'Security', EventID: 4688 }), ['security4688', 'anyChannel']],
  ['event ID text with spaces is trimmed', ev({ Channel: 'Security', EventID: ' 4688 ' }), ['security4688', 'anyChannel']],
  ['channel compared case-insensitively', ev({ Channel: 'SECURITY', EventID: '4688' }), ['security4688', 'anyChannel']],
  ['other event ID', ev({ Channel: 'Security', EventID: 4624 }), ['anyChannel']],
  ['format checked on channel selectors too', ev({ Channel: 'Security', EventID: 4624 }, 'xml', 'a.xml'), ['anyChannel', 'securityFromXml']],
  ['an empty Channel is no Windows channel', ev({ Channel: '', 'cs-method': 'GET' }, 'w3c', 'u_ex1.log'), ['nonWindows', 'webFields']],
  ['zeek dns by field value, case-insensitive', ev({ _path: 'DNS' }, 'zeek', 'dns.log'), ['nonWindows', 'zeekDns']],
  ['zeek conn', ev({ _path: 'conn' }, 'zeek', 'conn.log'), ['nonWindows']],
  ['file name glob', ev({ message: 'x' }, 'syslog', '/var/log/auth.log.1'), ['nonWindows', 'authLog']],
  ['event ID outside Windows', ev({ EventID: ' 7 ' }, 'json', 'a.json'), ['nonWindows', 'idOutsideWindows']],
  ['a Windows event is not a web log', ev({ Channel: 'Security', 'cs-method': 'GET' }, 'w3c'), ['anyChannel']],
];

function indexMembers(event: HuntEvent): string[] {
  const slots = new FieldSlots();
  const index = new RuleIndex();
  const names = Object.keys(selectors);
  names.forEach((name, i) => {
    const selector = selectors[name]!;
    const guard = selectorGuard(selector);
    const v: IndexedVariant = { ruleIndex: i, selector, test: (view) => guard === null || guard(view), necessity: null, eventIds: null };
    index.add(v);
  });
  const view = new EventView(slots.size);
  view.reset(event.fields, event.source.format, event.source.path);
  return index.bucket(event.fields, event.source.format).select(view).filter((v) => v.test(view)).map((v) => names[v.ruleIndex]!);
}

for (const [what, event, expected] of cases) {
  test(`selector match: ${what}`, () => {
    const byCoverage = Object.keys(selectors).filter((name) => eventMatchesSelector(event, selectors[name]!));
    const byMatcher = Object.keys(selectors).filter((name) => selectorMatcher(selectors[name]!)(event.fields, event.source));
    assert.deepEqual(byCoverage.sort(), [...expected].sort(), 'coverage');
    assert.deepEqual(byMatcher.sort(), [...expected].sort(), 'matcher');
    assert.deepEqual(indexMembers(event).sort(), [...expected].sort(), 'rule index');
  });
}
