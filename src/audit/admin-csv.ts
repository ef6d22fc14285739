/**
 * CSV as administrators' tools write it (RFC 4180 plus PowerShell's habits): a UTF-8 BOM, an optional
 * `#TYPE …` first line from Export-Csv, fields quoted or not, quoted fields spanning lines (MemberOf
 * joined with newlines), CRLF or LF, a comma, semicolon (Export-Csv -UseCulture), tab or pipe
 * delimiter (the one the header uses most: the hunt's CSV reader's `detectDelimiter`).
 */

import { detectDelimiter } from '../sources/csv-reader.js';
import { splitCsvRecords } from '../sources/csv-records.js';

export interface CsvRow {
  /** 1-based line on which the record starts. */
  line: number;
  /** Values by header name (as written in the header). */
  values: Record<string, string>;
  /** Number of fields the record had (for column-count problems). */
  fieldCount: number;
}

export interface CsvTable {
  /** The `#TYPE` annotation, e.g. `Microsoft.ActiveDirectory.Management.ADUser`, or ''. */
  typeName: string;
  header: string[];
  headerLine: number;
  delimiter: string;
  rows: CsvRow[];
  /** Records whose field count differs from the header: `line N: reason`. */
  problems: { line: number; reason: string }[];
}

/** Parse CSV text. Throws when there is no header line at all (empty file). */
export function parseCsv(text: string): CsvTable {
  let offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  // Leading blank lines.
  while (offset < text.length && (text[offset] === '\n' || text[offset] === '\r')) {
    if (text[offset] === '\n') line++;
    offset++;
  }
  let typeName = '';
  if (text.startsWith('#TYPE', offset)) {
    const end = text.indexOf('\n', offset);
    typeName = text.slice(offset + 5, end < 0 ? text.length : end).trim();
    offset = end < 0 ? text.length : end + 1;
    line++;
  }
  const headEnd = text.indexOf('\n', offset);
  const delimiter = detectDelimiter(text.slice(offset, headEnd < 0 ? text.length : headEnd));
  const recs = splitCsvRecords(text, delimiter, offset, line);
  if (recs.length === 0) throw new Error('empty file: no header line');
  const head = recs[0]!;
  const header = head.fields.map((h) => h.trim());
  const rows: CsvRow[] = [];
  const problems: { line: number; reason: string }[] = [];
  for (const r of recs.slice(1)) {
    if (r.unterminated) {
      problems.push({ line: r.line, reason: 'quoted field never closed' });
      continue;
    }
    if (r.fields.length !== header.length) {
      problems.push({ line: r.line, reason: `${r.fields.length} fields where the header has ${header.length}` });
      if (r.fields.length < header.length / 2) continue;
    }
    const values: Record<string, string> = {};
    header.forEach((h, i) => {
      values[h] = r.fields[i] ?? '';
    });
    rows.push({ line: r.line, values, fieldCount: r.fields.length });
  }
  return { typeName, header, headerLine: head.line, delimiter, rows, problems };
}
