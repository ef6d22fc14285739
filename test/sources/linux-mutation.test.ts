/**
 * Damaged Linux and web-server logs never crash their reader and lose nothing silently: seeded
 * random byte flips, insertions, cuts and truncations of valid access, auditd, syslog and journald
 * files are read to the end, and every non-blank line is an event or a reported problem.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../scripts/seeded-random.js';
import { auditExec, clfTime, combinedLine, sysmonProcess } from '../../scripts/linux-evidence-lines.js';
import { sniffers } from '../../src/sources/index.js';
import { TempDir, readAll, readWith } from './helpers.js';

const tmp = new TempDir();
after(() => tmp.remove());

const t0 = Date.UTC(2019, 2, 6, 9, 0, 0);
const proc = (i: number): string => sysmonProcess('app-wf03', new Date(t0 + i * 1000).toISOString(), {
  image: '/usr/bin/bash', cmd: `/bin/sh -c "echo ${i} & <x>"`, parentImage: '/usr/lib/jvm/jre/bin/java', parentCmd: 'java -Djboss.home.dir=/opt/wildfly', pid: 100 + i,
});
const samples: Record<string, string[]> = {
  access: Array.from({ length: 40 }, (_, i) => combinedLine({ ip: `10.0.0.${i}`, clf: clfTime(t0 + i * 1000, 60), method: 'GET', uri: `/p${i}?q="${i}"`, status: 200, bytes: i * 10, ua: `agent "${i}" [x]`, millis: i })),
  auditd: Array.from({ length: 8 }, (_, i) => auditExec('app-wf03', t0 / 1000 + i, 500 + i, { exe: '/usr/bin/curl', args: ['curl', '-o', `/tmp/a ${i}`, 'http://198.51.100.77/k'], ppid: 1, pid: 2 + i, uid: 993, cwd: '/' }).slice(0, 5)).flat(),
  syslog: Array.from({ length: 40 }, (_, i) => (i % 2 ? proc(i) : `Mar  6 09:00:${String(i).padStart(2, '0')} app-wf03 sshd[${i}]: Accepted publickey for ops`)),
  journald: Array.from({ length: 40 }, (_, i) => JSON.stringify({ __CURSOR: `s=1;i=${i}`, __REALTIME_TIMESTAMP: String((t0 + i) * 1000), _HOSTNAME: 'app-wf03', MESSAGE: i % 2 ? proc(i).slice(proc(i).indexOf('<Event>')) : `line ${i}` })),
};

function damage(text: string, random: () => number): Buffer {
  let data = Buffer.from(text, 'utf8');
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * data.length);
    const kind = random();
    if (kind < 0.4) data[at] = Math.floor(random() * 256);
    else if (kind < 0.7) data = Buffer.concat([data.subarray(0, at), Buffer.from('"[]<\\\n='.charAt(Math.floor(random() * 7))), data.subarray(at)]);
    else if (kind < 0.9) data = Buffer.concat([data.subarray(0, at), data.subarray(Math.min(data.length, at + 1 + Math.floor(random() * 80)))]);
    else data = data.subarray(0, at);
  }
  return data;
}

for (const [format, lines] of Object.entries(samples)) {
  test(`${format}: damaged copies are read to the end, every line an event or a problem`, async () => {
    const text = lines.join('\n') + '\n';
    const clean = await readAll(tmp.file(`clean-${format}`, text));
    assert.equal(clean.format, format);
    assert.equal(clean.events.length, lines.length);
    assert.deepEqual(clean.problems, []);
    const random = seededRandom(format.length * 7919);
    const sniffer = sniffers.find((s) => s.format === format)!;
    for (let round = 0; round < 60; round++) {
      const data = damage(text, random);
      const path = tmp.file(`damaged-${format}-${round}`, data, round % 5 === 0);
      const r = await readWith(sniffer.open(), path);
      for (const p of r.problems) {
        assert.equal(p.path, path);
        assert.ok(p.where.length > 0 && p.reason.length > 0 && !p.reason.includes('\n'), JSON.stringify(p));
      }
      // A gzip cut short is one problem for the rest of the file; otherwise lines add up exactly.
      if (r.problems.some((p) => p.where.startsWith('byte offset'))) continue;
      const nonBlank = data.toString('utf8').split('\n').filter((l) => l.trim().length > 0).length;
      assert.equal(r.events.length + r.problems.length, nonBlank, `round ${round}`);
    }
  });
}
