/**
 * Builds the hunt benchmark's input: real Windows events (SigmaHQ regression samples and the EVTX
 * attack samples, as evtx_dump JSON) repeated to N events with varied values (record ids, times,
 * hosts, process ids, GUIDs), split into several JSONL files so worker threads have work to share.
 * Deterministic (seeded).
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openInput, walkFiles } from '../src/sources/index.js';
import { attackSamplesDir, sigmaDir } from './shared-path.js';
import { seededRandom as seeded } from '../scripts/seeded-random.js';

interface Template { json: string; }

async function collectTemplates(): Promise<Template[]> {
  const out: Template[] = [];
  const sources = [path.join(sigmaDir, 'regression_data'), attackSamplesDir].filter((d) => existsSync(d));
  for (const file of walkFiles(sources, { onProblem: () => {} })) {
    if (!/\.(json|evtx)$/i.test(file)) continue;
    if (file.endsWith('.evtx') && existsSync(file.replace(/\.evtx$/i, '.json'))) continue; // same records
    try {
      const reader = await openInput(file);
      for await (const batch of reader.read(file, { onProblem: () => {}, keepRaw: true })) {
        for (const e of batch) out.push({ json: JSON.stringify(e.raw) });
      }
    } catch {
      /* unreadable sample: not part of the benchmark */
    }
  }
  return out;
}

const HOSTS = ['WEB-IIS01', 'APP-JBOSS02', 'DC01', 'CDR-DB01', 'FS01', 'WS-0142', 'WS-0177', 'BILL-APP03'];

/** Returns the files of a dataset of `events` events, building it once under `dir`. */
export async function huntDataset(dir: string, events: number, files: number): Promise<{ files: string[]; templates: number }> {
  const marker = path.join(dir, `dataset-${events}-${files}.done`);
  const names = Array.from({ length: files }, (_, i) => path.join(dir, `events-${String(i).padStart(2, '0')}.jsonl`));
  if (existsSync(marker)) return { files: names, templates: Number(readFileSync(marker, 'utf8')) };
  mkdirSync(dir, { recursive: true });
  const templates = await collectTemplates();
  if (templates.length === 0) throw new Error('no sample events found (../shared is absent)');
  const rand = seeded(20190625);
  const perFile = Math.ceil(events / files);
  let written = 0;
  let time = Date.UTC(2019, 2, 1);
  for (const name of names) {
    const out = createWriteStream(name);
    const parts: string[] = [];
    for (let i = 0; i < perFile && written < events; i++, written++) {
      const t = templates[Math.floor(rand() * templates.length)]!;
      time += Math.floor(rand() * 400);
      const host = HOSTS[Math.floor(rand() * HOSTS.length)]!;
      const line = t.json
        .replace(/"EventRecordID":\d+/, `"EventRecordID":${written + 1}`)
        .replace(/"SystemTime":"[^"]*"/, `"SystemTime":"${new Date(time).toISOString()}"`)
        .replace(/"Computer":"[^"]*"/, `"Computer":"${host}.corp.telco.example"`)
        .replace(/"ProcessId":\d+/g, () => `"ProcessId":${1000 + Math.floor(rand() * 60000)}`)
        .replace(/-0000-0000-0000-/g, () => `-${Math.floor(rand() * 65536).toString(16).padStart(4, '0')}-0000-0000-`);
      parts.push(line);
      if (parts.length === 4096) {
        if (!out.write(`${parts.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
        parts.length = 0;
      }
    }
    if (parts.length) out.write(`${parts.join('\n')}\n`);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  writeFileSync(marker, String(templates.length));
  return { files: names, templates: templates.length };
}
