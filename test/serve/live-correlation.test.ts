import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caughtUp, getFindings, startServe, type Running } from './serve-helpers.js';

const BURST = 'd5fd0b28-a6e1-498b-9f2c-34adcbd83d31'; // built-in: 4 different discovery tools on one host in 10 min
const T0 = Date.parse('2026-11-28T22:00:00Z');

function sysmon(seconds: number, image: string, host = 'WS-0142'): Record<string, unknown> {
  const ts = new Date(T0 + seconds * 1000).toISOString();
  return {
    '@timestamp': ts, agent: { type: 'winlogbeat' }, event: { code: '1' },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', event_id: '1',
      computer_name: `${host}.corp.telco.example`, record_id: String(seconds),
      event_data: { Image: image, CommandLine: image.split('\\').pop(), User: 'CORP\\j.doe' },
    },
  };
}

async function send(r: Running, events: Record<string, unknown>[]): Promise<void> {
  const res = await fetch(`${r.base}/api/v1/events`, {
    method: 'POST', body: events.map((e) => JSON.stringify(e)).join('\n'), headers: { Authorization: `Bearer ${r.token}` },
  });
  assert.equal(res.status, 200);
  await caughtUp(r);
}

const burst = async (r: Running) => (await getFindings(r)).filter((f) => f.rule.id === BURST);

test('a correlation fires live once the watermark passes it, survives a rule reload and a restart without duplicates', async (t) => {
  const r = await startServe(t, { latenessMs: 30_000 });
  await send(r, [sysmon(0, 'C:\\Windows\\System32\\whoami.exe'), sysmon(10, 'C:\\Windows\\System32\\ipconfig.exe')]);
  // Reloading rules must not forget the two discovery commands already seen.
  await r.app.reload();
  await send(r, [sysmon(20, 'C:\\Windows\\System32\\netstat.exe'), sysmon(30, 'C:\\Windows\\System32\\nltest.exe')]);
  assert.deepEqual(await burst(r), [], 'the fourth tool is not behind the watermark yet (lateness 30 s)');
  await send(r, [sysmon(70, 'C:\\Windows\\System32\\svchost.exe', 'OTHER')]);
  const fired = await burst(r);
  assert.equal(fired.length, 1, 'fired without a shutdown, once the watermark (70 s - 30 s) passed the 30 s event');
  assert.equal(fired[0]!.host, 'WS-0142.corp.telco.example');
  assert.equal(fired[0]!.ts, new Date(T0 + 30_000).toISOString());
  assert.equal(fired[0]!.matched['value_count'], 4);

  await r.app.stop();
  const again = await startServe(t, { latenessMs: 30_000 }, r.dataDir);
  await send(again, [sysmon(80, 'C:\\Windows\\System32\\systeminfo.exe')]);
  assert.equal((await burst(again)).length, 1, 'the replay after the restart re-derives the same finding id');
});
