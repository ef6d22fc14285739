/**
 * Coverage of the loaded rules against the sources seen: the coverage module's rows, with
 * "events seen" judged from the event log instead of files. The log is scanned incrementally:
 * each request looks at the records appended since the last one (at most SCAN_PER_REQUEST of the
 * newest), and a selector once seen stays seen. The rule side is loaded again after a reload.
 */
import { coverageFrom, loadCoverageRules, markPresent, type CoverageRules } from '../../coverage/index.js';
import type { DetectorConfig } from '../../engine/hunt-options.js';
import type { EventSelector } from '../../sigma/mapping.js';
import type { EventLog } from '../event-log.js';
import { decodeLogEvent } from '../log-event.js';

export const SCAN_PER_REQUEST = 200_000;
const BATCH = 4096;

export class LogCoverage {
  private rules: CoverageRules | undefined;
  private version = -1;
  private present = new Set<EventSelector>();
  private pending = new Set<EventSelector>();
  private scannedTo = 0;
  private scanned = 0;
  private skipped = 0;

  constructor(private readonly log: EventLog, private readonly config: DetectorConfig) {}

  async view(rulesVersion: number): Promise<unknown> {
    if (!this.rules || rulesVersion !== this.version) {
      this.rules = await loadCoverageRules({ rulePaths: this.config.rulePaths, noBuiltin: this.config.noBuiltin, followSymlinks: this.config.followSymlinks });
      this.version = rulesVersion;
      this.present = new Set();
      this.pending = new Set(this.rules.selectors);
      this.scannedTo = 0;
      this.scanned = 0;
      this.skipped = 0;
    }
    await this.scan();
    const report = coverageFrom(this.rules, this.present);
    return {
      rules: report.rulesLoaded, unsupported: report.unsupported.length,
      log: { scanned: this.scanned, skipped: this.skipped, end: this.log.endOffset },
      rows: report.rows.map((r) => ({ technique: r.technique, name: r.name, rules: r.ruleDetails.map((d) => ({ id: d.id, title: d.title, present: d.present })), seen: r.logsources_present, reason: r.reason })),
    };
  }

  private async scan(): Promise<void> {
    const end = this.log.endOffset;
    if (this.pending.size === 0) {
      this.scannedTo = end;
      return;
    }
    let at = Math.max(this.scannedTo, this.log.startOffset, end - SCAN_PER_REQUEST);
    this.skipped += at - Math.max(this.scannedTo, this.log.startOffset);
    while (at < end && this.pending.size > 0) {
      const { entries, next } = await this.log.read(at, Math.min(BATCH, end - at), { detached: true });
      for (const entry of entries) {
        try {
          markPresent(decodeLogEvent(entry.data, entry.offset), this.pending, this.present);
        } catch {
          // Not an event: detection reported it.
        }
      }
      this.scanned += entries.length;
      if (next <= at) break;
      at = next;
    }
    this.scannedTo = this.pending.size > 0 ? at : end;
  }
}
