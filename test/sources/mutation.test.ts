/**
 * Damaged input never crashes a reader: seeded random byte flips, insertions and truncations of
 * valid files of every format are read to the end, with every lost record reported.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { TempDir, readAll } from './helpers.js';

const tmp = new TempDir();
after(() => tmp.remove());

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const samples: Record<string, string> = {
  jsonl: Array.from({ length: 40 }, (_, i) => JSON.stringify({ Event: { System: { EventID: 4688, Channel: 'Security', EventRecordID: i }, EventData: { CommandLine: `cmd /c "x{${i}}"` } } })).join('\n'),
  json: Array.from({ length: 40 }, (_, i) => JSON.stringify({ i, s: `a"b\\c]}${i}`, n: [1, { x: '}' }] }, null, 2)).join('\n'),
  xml: `<Events>${Array.from({ length: 40 }, (_, i) => `<Event xmlns="${NS}"><System><EventID>${i}</EventID><Channel>Security</Channel></System><EventData><Data Name="A">v &amp; ${i}</Data></EventData></Event>`).join('\n')}</Events>`,
  w3c: `#Version: 1.0\n#Fields: date time c-ip cs-method cs-uri-stem sc-status\n${Array.from({ length: 40 }, (_, i) => `2019-03-04 10:00:${String(i).padStart(2, '0')} 10.0.0.${i} GET /p${i}.aspx 200`).join('\n')}\n`,
  zeek: `#separator \\x09\n#fields\tts\tuid\tquery\tanswers\n#types\ttime\tstring\tstring\tvector[string]\n${Array.from({ length: 40 }, (_, i) => `${1551695000 + i}\tC${i}\tq${i}.example\ta,b`).join('\n')}\n`,
  syslog: Array.from({ length: 40 }, (_, i) => [
    `Mar  4 10:22:${String(i).padStart(2, '0')} web01 sshd[${2200 + i}]: Failed password for invalid user u${i} from 198.51.100.${i} port ${40000 + i} ssh2`,
    `<86>1 2019-03-04T10:22:${String(i).padStart(2, '0')}.120Z web01 sshd ${i} - [meta seq="${i}" note="a\\"b\\]"] Accepted publickey for alice from 203.0.113.7 port 5${i} ssh2`,
    `<166>Mar 04 2019 10:22:${String(i).padStart(2, '0')} fw01 : %ASA-6-302013: Built inbound TCP connection ${i} for outside:198.51.100.4/5${i} (198.51.100.4/5${i}) to inside:10.1.2.3/443 (203.0.113.10/443)`,
    `2019-03-04T10:22:${String(i).padStart(2, '0')}.5+01:00 web01 app: @cee: {"n":${i},"s":"x"}`,
  ][i % 4]).join('\n'),
  csv: `a,b,c\n${Array.from({ length: 40 }, (_, i) => `${i},"x, ""${i}""","multi\nline ${i}"`).join('\n')}\n`,
};

for (const [format, text] of Object.entries(samples)) {
  test(`${format}: damaged copies are read without crashing`, async () => {
    const clean = await readAll(tmp.file(`clean-${format}`, text));
    assert.equal(clean.format, format);
    assert.equal(clean.events.length, 40);
    assert.deepEqual(clean.problems, []);
    const random = rng(format.length * 7919);
    for (let round = 0; round < 60; round++) {
      const bytes = Buffer.from(text, 'utf8');
      const edits = 1 + Math.floor(random() * 4);
      let data = bytes;
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * data.length);
        const kind = random();
        if (kind < 0.4) data[at] = Math.floor(random() * 256);
        else if (kind < 0.7) data = Buffer.concat([data.subarray(0, at), Buffer.from('{"[<\\\n,'.charAt(Math.floor(random() * 8))), data.subarray(at)]);
        else if (kind < 0.9) data = Buffer.concat([data.subarray(0, at), data.subarray(Math.min(data.length, at + 1 + Math.floor(random() * 50)))]);
        else data = data.subarray(0, at);
      }
      const path = tmp.file(`damaged-${format}-${round}`, data, round % 5 === 0);
      const reader = (await import('../../src/sources/index.js')).sniffers.find((s) => s.format === format)!.open();
      const { readWith } = await import('./helpers.js');
      const r = await readWith(reader, path);
      for (const p of r.problems) {
        assert.equal(p.path, path);
        assert.ok(p.where.length > 0 && p.reason.length > 0 && !p.reason.includes('\n'), JSON.stringify(p));
      }
      for (const e of r.events) assert.equal(typeof e.source.record, 'number');
      if (format === 'jsonl' || format === 'syslog') {
        // Every non-blank line is an event or a reported problem.
        const lines = data.toString('utf8').split('\n').filter((l) => l.trim().length > 0).length;
        assert.equal(r.events.length + r.problems.length, lines, `round ${round}`);
      }
    }
  });
}
