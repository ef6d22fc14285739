/**
 * Scans one file with every sweep detector: reads it once (hashes on the way), then runs the
 * indicator matcher on its hashes and name, YARA on its bytes, the PE reader for renamed tools,
 * and opens archives to do the same for each member. One scanner per thread.
 */
import type { Finding } from '../findings/finding.js';
import type { Detector } from '../findings/detector.js';
import type { HuntEvent } from '../events/event.js';
import { readFileOnce, hashBuffer, type FileHashes } from './read-file.js';
import { archiveMembers, isArchive, type ArchiveLimits } from './archive-entries.js';
import { readPeInfo } from './pe/pe-info.js';
import { renamedTool, type PublicTool } from './public-tools.js';
import { yaraVariables, type YaraRuleSet } from './yara-rules.js';
import { FILE_FORMAT, fileFacts, renamedToolFinding, yaraFinding } from './sweep-findings.js';

export interface FileJob {
  path: string;
  size: number;
  mtime: number;
}

export interface FileScanOutcome {
  findings: Finding[];
  /** `path: reason` lines (archive members not read, damaged PE headers). */
  problems: string[];
  bytes: number;
  /** False when the file was larger than the content limit: hashed, not scanned by content. */
  contentScanned: boolean;
}

export interface ScannerParts {
  ioc?: Detector;
  yara?: YaraRuleSet;
  tools: PublicTool[];
  maxFileSize: number;
  archiveLimits: ArchiveLimits;
}

const lastName = (p: string): string => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'), p.lastIndexOf('!/') + 1) + 1);

export class FileScanner {
  constructor(private readonly parts: ScannerParts) {}

  async scan(job: FileJob): Promise<FileScanOutcome> {
    const read = await readFileOnce(job.path, job.size, this.parts.maxFileSize);
    const out: FileScanOutcome = { findings: [], problems: [], bytes: read.size, contentScanned: read.content !== undefined };
    this.examine(job.path, job.mtime, read.size, read.hashes, read.content, out);
    if (read.content && isArchive(job.path, read.content)) {
      const onProblem = (path: string, reason: string): void => void out.problems.push(`${path}: ${reason}`);
      for (const m of archiveMembers(job.path, read.content, this.parts.archiveLimits, onProblem)) {
        this.examine(m.path, m.mtime, m.data.length, hashBuffer(m.data), m.data, out);
      }
    }
    return out;
  }

  private examine(path: string, mtime: number, size: number, hashes: FileHashes, content: Buffer | undefined, out: FileScanOutcome): void {
    const emit = (f: Finding): void => void out.findings.push(f);
    const pe = content ? readPeInfo(content) : undefined;
    if (pe?.problem) out.problems.push(`${path}: ${pe.problem}`);
    const facts = fileFacts(path, size, mtime, hashes, pe);
    if (this.parts.ioc) {
      const fields: HuntEvent['fields'] = { Path: path, MD5: hashes.md5, SHA1: hashes.sha1, SHA256: hashes.sha256 };
      if (pe?.version.OriginalFilename) fields.OriginalFileName = pe.version.OriginalFilename;
      // The finding's event is the file facts, as for the other sweep findings.
      this.parts.ioc.examine({ fields, source: { path, record: 0, format: FILE_FORMAT }, time: mtime, raw: facts }, (f) => emit({ ...f, matched: { path, ...f.matched }, event: facts }));
    }
    if (!content) return;
    const name = lastName(path);
    const scanner = this.parts.yara?.scanner;
    if (scanner) {
      for (const m of scanner.scan(content, yaraVariables(path, name))) emit(yaraFinding(m, facts, mtime));
    }
    if (pe) {
      const hit = renamedTool(this.parts.tools, pe, name);
      if (hit) emit(renamedToolFinding(hit, facts, mtime));
    }
  }
}
