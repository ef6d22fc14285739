/**
 * Regenerates the built-in GALLIUM intel content from the reference data beside the project:
 *   ../shared/intel/gallium/{indicators,techniques,software}.csv and SOURCES.md
 * → content/intel/gallium.json (cellwatch intel pack), gallium-techniques.json, gallium-software.json.
 *
 * Run: npx tsc -p . && node dist/scripts/build-intel-pack.js [SHARED_DIR]
 * The output is committed; cellwatch never reads ../shared at run time.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../src/intel/csv-indicators.js';
import { indicatorType, makeIndicator, parseTags } from '../src/intel/indicator.js';
import type { PackIndicator, PackSource } from '../src/intel/pack.js';
import { formatPack } from '../src/intel/pack.js';

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root');
    dir = up;
  }
  return dir;
}

/** CSV text → objects keyed by header names, each with its line number. */
function readTable(file: string): { line: number; row: Record<string, string> }[] {
  const text = readFileSync(file, 'utf8');
  const records = parseCsv(text, (line, reason) => {
    throw new Error(`${file}:line ${line}: ${reason}`);
  });
  const head = records[0]!.cells.map((c) => c.trim());
  return records.slice(1).map((r) => ({ line: r.line, row: Object.fromEntries(head.map((h, i) => [h, (r.cells[i] ?? '').trim()])) }));
}

/** The sources table of SOURCES.md: `| key | title | publisher | date | url | how it was read |`. */
function readSources(file: string): Record<string, PackSource> {
  const out: Record<string, PackSource> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^\|\s*key\s*\|\s*title\s*\|/.test(l));
  if (start < 0) throw new Error(`${file}: no sources table`);
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    const cells = lines[i]!.split('|').slice(1, -1).map((c) => c.trim());
    const [key, title, publisher, date, url] = cells;
    if (!key) continue;
    const src: PackSource = { title: /^"[^"]*"$/.test(title!) ? title!.slice(1, -1) : title! };
    if (publisher && publisher !== '—') src.publisher = publisher;
    if (date && date !== '—') src.date = date;
    const u = /https?:\/\/[^\s)]+/.exec(url ?? '');
    if (u) src.url = u[0];
    if (url && !/^https?:\/\/\S+$/.test(url) && url !== '—') src.note = url;
    out[key] = src;
  }
  return out;
}

export function buildIntelPack(sharedDir: string, outDir: string): { indicators: number; byType: Record<string, number> } {
  const dir = path.join(sharedDir, 'intel', 'gallium');
  const sources = readSources(path.join(dir, 'SOURCES.md'));
  const indicators: PackIndicator[] = [];
  for (const { line, row } of readTable(path.join(dir, 'indicators.csv'))) {
    const type = indicatorType(row.type ?? '', row.value ?? '');
    if (!type) throw new Error(`indicators.csv:line ${line}: unknown type ${row.type}`);
    const made = makeIndicator(type, row.value ?? '', { source: row.source ?? '', tags: parseTags(row.tags), note: row.note || undefined });
    if ('reason' in made) throw new Error(`indicators.csv:line ${line}: ${made.reason}`);
    if (!sources[made.indicator.source]) throw new Error(`indicators.csv:line ${line}: source ${made.indicator.source} is not in SOURCES.md`);
    const ind: PackIndicator = made.indicator;
    if (row.reported) ind.reported = row.reported;
    indicators.push(ind);
  }
  const pack = formatPack({
    name: 'gallium',
    description:
      'GALLIUM (Granite Typhoon, Alloy Taurus; Operation Soft Cell) indicators: MSTIC 2019 (via the Azure Sentinel rule), ' +
      'Microsoft 365 Defender hunting query, Unit 42 2022 and 2023 ATOM data. Old infrastructure: treat matches as leads.',
    sources,
    indicators,
  });
  writeFileSync(path.join(outDir, 'gallium.json'), pack);

  const techniques = readTable(path.join(dir, 'techniques.csv')).map(({ row }) => ({
    id: row.attack_id!, name: row.name!, tactic: row.tactic!, procedure: row.procedure!, evidence: row.evidence!, source: row.source!,
  }));
  writeFileSync(
    path.join(outDir, 'gallium-techniques.json'),
    `${JSON.stringify({ actor: 'GALLIUM', attackGroup: 'G0093', sources: pick(sources, techniques.map((t) => t.source)), techniques }, null, 2)}\n`,
  );
  const software = readTable(path.join(dir, 'software.csv')).map(({ row }) => ({
    name: row.name!, attackId: row.attack_id || null, kind: row.kind!, role: row.role!, aliases: parseTags(row.aliases),
  }));
  writeFileSync(path.join(outDir, 'gallium-software.json'), `${JSON.stringify({ actor: 'GALLIUM', attackGroup: 'G0093', software }, null, 2)}\n`);
  const byType: Record<string, number> = {};
  for (const i of indicators) byType[i.type] = (byType[i.type] ?? 0) + 1;
  return { indicators: indicators.length, byType };
}

function pick(all: Record<string, PackSource>, keys: string[]): Record<string, PackSource> {
  const out: Record<string, PackSource> = {};
  for (const k of keys) if (all[k]) out[k] = all[k]!;
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = repoRoot();
  const shared = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared'));
  try {
    const r = buildIntelPack(shared, path.join(root, 'content', 'intel'));
    process.stdout.write(`content/intel/gallium.json: ${r.indicators} indicators ${JSON.stringify(r.byType)}\n`);
  } catch (err) {
    process.stderr.write(`build-intel-pack: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  }
}
