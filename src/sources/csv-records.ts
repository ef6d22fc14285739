/**
 * The RFC 4180 record splitter shared by every whole-text CSV parser (audit exports, indicator
 * files): quoted fields may hold delimiters, doubled quotes and newlines; CRLF or LF; blank lines
 * skipped. Each record keeps the 1-based line it starts on, and says when its quote never closed
 * (then it runs to the end of the text).
 */

export interface CsvTextRecord {
  line: number;
  fields: string[];
  unterminated: boolean;
}

/** Split `text` (from `startOffset`, which is on line `startLine`) into records of fields. */
export function splitCsvRecords(text: string, delimiter = ',', startOffset = 0, startLine = 1): CsvTextRecord[] {
  const out: CsvTextRecord[] = [];
  let i = startOffset;
  let line = startLine;
  const n = text.length;
  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    let field = '';
    let inQuotes = false;
    let quotedField = false;
    let done = false;
    while (i < n && !done) {
      const c = text[i]!;
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          inQuotes = false;
          i++;
          continue;
        }
        if (c === '\n') line++;
        field += c;
        i++;
        continue;
      }
      if (c === '"' && field === '' && !quotedField) {
        inQuotes = true;
        quotedField = true;
        i++;
        continue;
      }
      if (c === delimiter) {
        fields.push(field);
        field = '';
        quotedField = false;
        i++;
        continue;
      }
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
        continue;
      }
      if (c === '\n') {
        line++;
        i++;
        done = true;
        continue;
      }
      field += c;
      i++;
    }
    fields.push(field);
    const blank = fields.length === 1 && fields[0]!.trim() === '';
    if (!blank) out.push({ line: recordLine, fields, unterminated: inQuotes });
  }
  return out;
}
