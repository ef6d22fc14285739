/**
 * `cellwatch intel import FILE… [--output PACK] [--keep-private]`: read indicator files in any
 * importable format (cellwatch pack, CSV, STIX 2.1, MISP event, free text), print counts by type,
 * the private/reserved addresses dropped (or kept) and every problem, and write one normalised
 * cellwatch pack (to PACK, or to stdout when no --output is given).
 *
 * `cellwatch intel list [--intel FILE]… [--no-builtin] [--json]`: what a hunt would load: counts by
 * type and by source, as a table or JSON.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { BUILTIN_PACK, countByType, formatPack, importIntel, indicatorKey, INDICATOR_TYPES, listAddresses, loadIntel } from '../intel/index.js';
import type { Indicator, NonPublicAddress, PackIndicator, PackSource } from '../intel/index.js';
import { collect } from './options.js';
import { UsageError } from './usage-error.js';
import { refuseOutputOntoInput, writeOutputFile } from './output-file.js';
import { visibleLine, visibleText } from '../text/visible-controls.js';

async function readIntelFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new UsageError(`${file}: cannot read intel file: ${why}`);
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return visibleText(rows.map((r) => r.map((c, i) => (i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')).join('\n')) + '\n';
}

function countsTable(title: string, counts: Record<string, number>): string {
  const rows = [[title, 'indicators'], ...Object.entries(counts).map(([k, n]) => [k, String(n)])];
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  rows.push(['total', String(total)]);
  return table(rows);
}

function bySource(indicators: readonly Indicator[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of indicators) out[i.source] = (out[i.source] ?? 0) + 1;
  return out;
}

/** One line for the addresses the policy dropped (or kept, with --keep-private) across all files. */
function nonPublicLine(list: readonly NonPublicAddress[], kept: boolean): string {
  const n = `${list.length} private/reserved address${list.length === 1 ? '' : 'es'}`;
  return kept
    ? `kept ${n} (--keep-private): ${listAddresses(list)}\n`
    : `dropped ${n} (${listAddresses(list)}): they name other machines in every network; --keep-private keeps them\n`;
}

async function runImport(files: string[], flags: { output?: string; keepPrivate?: boolean }): Promise<void> {
  if (flags.output) refuseOutputOntoInput(flags.output, files);
  const indicators: PackIndicator[] = [];
  const seen = new Set<string>();
  const sources: Record<string, PackSource> = {};
  const problems: string[] = [];
  const formats: string[] = [];
  const dropped: NonPublicAddress[] = [];
  const kept: NonPublicAddress[] = [];
  let duplicates = 0;
  for (const file of files) {
    const text = await readIntelFile(file);
    const r = importIntel(file, text, { keepPrivate: flags.keepPrivate });
    const nonPublic = r.dropped.length > 0 ? `, ${r.dropped.length} private/reserved address(es) dropped` : '';
    formats.push(`${file}: ${r.format}, ${r.indicators.length} indicator(s), ${r.problems.length} problem(s)${nonPublic}`);
    Object.assign(sources, r.sources);
    for (const p of r.problems) problems.push(p);
    dropped.push(...r.dropped);
    kept.push(...r.keptNonPublic);
    for (const ind of r.indicators) {
      const key = `${indicatorKey(ind)}\u0000${ind.source}\u0000${ind.validFrom ?? ''}\u0000${ind.validUntil ?? ''}`;
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      indicators.push(ind);
      if (!sources[ind.source]) sources[ind.source] = { title: ind.source };
    }
  }
  const name = flags.output ? path.basename(flags.output).replace(/\.[^.]+$/, '') : 'imported';
  const pack = formatPack({ name, generated: new Date().toISOString(), sources, indicators });
  const report = process.stderr;
  const out = flags.output ? process.stdout : process.stderr;
  out.write(visibleText(formats.join('\n')) + '\n\n');
  out.write(countsTable('type', countByType(indicators)));
  if (duplicates > 0) out.write(`${duplicates} duplicate indicator(s) (same type, value, source and validity) kept once\n`);
  if (dropped.length > 0) out.write(nonPublicLine(dropped, false));
  if (kept.length > 0) out.write(nonPublicLine(kept, true));
  if (problems.length > 0) {
    report.write(`\n${problems.length} problem(s):\n`);
    for (const p of problems) report.write(`${visibleLine(p)}\n`);
  }
  if (flags.output) {
    await writeOutputFile(flags.output, pack);
    out.write(`wrote ${flags.output} (${indicators.length} indicators)\n`);
  } else {
    process.stdout.write(pack);
  }
}

async function runList(flags: { intel: string[]; builtin: boolean; json?: boolean }): Promise<void> {
  let loaded;
  try {
    loaded = await loadIntel({ builtin: flags.builtin, files: flags.intel });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { indicators, problems } = loaded;
  const byType = countByType(indicators);
  const sources = bySource(indicators);
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ total: indicators.length, builtin: flags.builtin ? BUILTIN_PACK : null, files: flags.intel, byType, bySource: sources, problems }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(countsTable('type', byType));
    process.stdout.write('\n');
    process.stdout.write(countsTable('source', sources));
    // Type × source breakdown, only when there is more than one source.
    if (Object.keys(sources).length > 1) {
      const types = INDICATOR_TYPES.filter((t) => byType[t]);
      const rows = [['source', ...types]];
      for (const s of Object.keys(sources)) rows.push([s, ...types.map((t) => String(indicators.filter((i) => i.source === s && i.type === t).length))]);
      process.stdout.write('\n' + table(rows.map((r) => [...r])));
    }
  }
  if (problems.length > 0) {
    process.stderr.write(`${problems.length} problem(s):\n`);
    for (const p of problems) process.stderr.write(`${visibleLine(p)}\n`);
  }
}

export function register(program: Command): void {
  const intel = program.command('intel').description('Import and inspect threat-intel indicator packs');
  intel
    .command('import')
    .description('validate indicator files (pack, CSV, STIX 2.1, MISP, free text) and write one normalised pack')
    .argument('<files...>', 'indicator files; format detected from content')
    .option('-o, --output <pack>', 'write the pack here (default: stdout, with the report on stderr)')
    .option('--keep-private', 'keep private and reserved addresses (10/8, 192.168/16, 100.64/10, loopback, documentation …): for your own internal indicators')
    .action(async (files: string[], flags: { output?: string; keepPrivate?: boolean }) => runImport(files, flags));
  intel
    .command('list')
    .description('show the indicators a hunt would load: counts by type and source')
    .option('--intel <file>', 'also load this indicator file (repeatable; any importable format)', collect, [])
    .option('--no-builtin', 'leave out the built-in GALLIUM pack')
    .option('--json', 'print JSON')
    .action(async (flags: { intel: string[]; builtin: boolean; json?: boolean }) => runList(flags));
}
