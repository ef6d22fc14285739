/**
 * Winlogbeat-shaped Sysmon process events for serve tests and the serve bench: mostly routine
 * processes, with a seeded share of attacker command lines the built-in rules detect. Each event
 * carries `labels.seq`, its position in the generated stream, so a test can check which were stored.
 */
import { seededRandom } from '../../scripts/seeded-random.js';

const ROUTINE = [
  ['C:\\Windows\\System32\\svchost.exe', 'svchost.exe -k netsvcs -p'],
  ['C:\\Windows\\System32\\conhost.exe', 'conhost.exe 0xffffffff -ForceV1'],
  ['C:\\Program Files\\Backup\\agent.exe', 'agent.exe --run nightly'],
  ['C:\\Windows\\System32\\taskhostw.exe', 'taskhostw.exe'],
] as const;

const ATTACK = [
  ['C:\\ProgramData\\m64.exe', 'm64.exe "privilege::debug" "sekurlsa::logonpasswords" exit'],
  ['C:\\Windows\\System32\\rundll32.exe', 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Users\\Public\\l.dmp full'],
  ['C:\\Windows\\System32\\netsh.exe', 'netsh interface portproxy add v4tov4 listenport=8443 connectaddress=10.20.1.5 connectport=3389'],
] as const;

const HOSTS = ['CDR-DB01', 'DC01', 'WEB-IIS01', 'APP-JBOSS02', 'FS01'];

export function winlogbeatEvents(count: number, seed: number, attackShare = 0.02, startMs = Date.parse('2026-11-28T20:00:00Z')): Record<string, unknown>[] {
  const rnd = seededRandom(seed);
  const out: Record<string, unknown>[] = [];
  for (let seq = 0; seq < count; seq++) {
    const [image, cmd] = rnd() < attackShare ? ATTACK[Math.floor(rnd() * ATTACK.length)]! : ROUTINE[Math.floor(rnd() * ROUTINE.length)]!;
    const host = HOSTS[Math.floor(rnd() * HOSTS.length)]!;
    const ts = new Date(startMs + seq * 250).toISOString();
    out.push({
      '@timestamp': ts,
      agent: { type: 'winlogbeat', version: '8.17.0', name: host },
      ecs: { version: '8.0.0' },
      host: { name: host.toLowerCase() },
      event: { code: '1', kind: 'event', provider: 'Microsoft-Windows-Sysmon', module: 'sysmon' },
      labels: { seq },
      winlog: {
        api: 'wineventlog', channel: 'Microsoft-Windows-Sysmon/Operational', computer_name: `${host}.corp.telco.example`,
        event_id: '1', provider_name: 'Microsoft-Windows-Sysmon', record_id: String(1000 + seq),
        event_data: {
          UtcTime: ts.replace('T', ' ').replace('Z', ''), Image: image, CommandLine: cmd, User: 'CORP\\svc-backup',
          ParentImage: 'C:\\Windows\\System32\\cmd.exe', ParentCommandLine: 'cmd.exe /c', IntegrityLevel: 'High',
        },
      },
    });
  }
  return out;
}

/** An Elasticsearch bulk body (Winlogbeat 8 sends `create` actions to its data stream). */
export function bulkBody(events: readonly Record<string, unknown>[]): string {
  let body = '';
  for (const e of events) body += `{"create":{"_index":"winlogbeat-8.17.0"}}\n${JSON.stringify(e)}\n`;
  return body;
}
