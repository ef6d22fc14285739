/**
 * `--format html`: the self-contained hunt report. Findings are held compactly while the hunt runs
 * (see finding-store.ts); `close` writes the page with the summary and every finding embedded.
 */
import type { Finding } from '../findings/finding.js';
import type { FindingSink, SinkTarget } from '../findings/sink.js';
import type { HuntSummary } from '../findings/summary.js';
import { createAttackCatalog, OTHER_TACTIC, TACTICS, type AttackCatalog } from './attack-catalog.js';
import { CompactFindingStore, type StoreLimits, type StoredFindings } from './compact-finding-table.js';
import { jsonChunksForScript, reportPageParts } from './html-page.js';
import { LEVEL_COLOURS, LEVELS } from './level-style.js';
import { BufferedText } from './stream-text.js';

export interface HtmlReportOptions {
  title?: string;
  catalog?: AttackCatalog;
  limits?: Partial<StoreLimits>;
  /** Fixed generation time (tests); defaults to now. */
  generatedAt?: string;
}

/** Everything the page script reads, embedded as JSON. */
export interface ReportData {
  summary: HuntSummary;
  generatedAt: string;
  levels: string[];
  levelColours: string[];
  tactics: string[];
  techniques: Record<string, { name: string; tactics: string[] }>;
  catalogSources: string[];
  findings: StoredFindings;
}

export function buildReportData(store: CompactFindingStore, summary: HuntSummary, catalog: AttackCatalog, generatedAt: string): ReportData {
  const techniques: ReportData['techniques'] = {};
  for (const id of store.attackIds()) {
    const info = catalog.lookup(id);
    techniques[id] = { name: info.name, tactics: info.tactics };
  }
  return {
    summary,
    generatedAt,
    levels: [...LEVELS],
    levelColours: LEVELS.map((l) => LEVEL_COLOURS[l]),
    tactics: [...TACTICS, OTHER_TACTIC],
    techniques,
    catalogSources: catalog.sources,
    findings: store.toJSON(),
  };
}

/** Parse the data block back out of a report page (tests and tools). */
export function readReportData(html: string): ReportData {
  const m = /<script type="application\/json" id="cw-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('report: no cw-data block');
  return JSON.parse(m[1]!) as ReportData;
}

export function createHtmlReportSink(target: SinkTarget, options: HtmlReportOptions = {}): FindingSink {
  const store = new CompactFindingStore(options.limits);
  let closed = false;
  return {
    write(finding: Finding): void {
      store.add(finding);
    },
    async close(summary: HuntSummary): Promise<void> {
      if (closed) return;
      closed = true;
      const catalog = options.catalog ?? createAttackCatalog();
      const data = buildReportData(store, summary, catalog, options.generatedAt ?? new Date().toISOString());
      const { head, tail } = reportPageParts(options.title ?? `${summary.tool?.name || 'cellwatch'} hunt report`);
      const out = new BufferedText(target.stream);
      out.write(head);
      for (const piece of jsonChunksForScript(data)) {
        out.write(piece);
        if (out.pendingChars > 1 << 20) await out.flush();
      }
      out.write(tail);
      await out.flush();
    },
  };
}
