/**
 * Streaming RFC 4180 parser for the CSV reader: push text, get rows with the line each starts on.
 * Quoted fields may hold delimiters, doubled quotes and newlines.
 *
 * A stray quote must not swallow the rest of a file. Once the header's width is known (`expect`),
 * a row whose quoted field runs past the end of its line is on probation: when it ends with a
 * field count other than the header's, grows more fields than the header has, or its quoted field
 * passes MAX_FIELD, its first line is reported as the bad one and parsing starts again at the line
 * after it, as if the quote had never opened. A quoted field past MAX_FIELD on one line is reported
 * and skipped to the end of its line.
 *
 * Cost stays linear: a row on probation is judged within the header's width in fields (a stray
 * quote that keeps reopening adds a field per line) or MAX_FIELD characters, and the lines after a
 * bad one are parsed again once.
 */

/** A quoted field longer than this is taken as a stray quote: reported, then skipped or resynchronised. */
export const MAX_FIELD = 1024 * 1024;

export interface CsvSink {
  row(values: string[], line: number): void;
  problem(line: number, reason: string): void;
}

/** Where parsing goes on after a bad row: the text after its first line, then the text from `at` on. */
interface Resync {
  rest: string;
  at: number;
}

export class CsvParser {
  private row: string[] = [];
  private field = '';
  private inQuotes = false;
  /** Just read a `"` inside a quoted field: an escaped quote or the end of the quotes. */
  private quoteSeen = false;
  /** The field began with a quote (so an empty row is not mistaken for a blank line). */
  private quoted = false;
  private line = 1;
  private rowLine = 1;
  private skipLine = false;
  /** A quoted field of this row ran past the end of the row's first line. */
  private multiLine = false;
  /** Text of the current row that came in earlier pushes (kept to resynchronise). */
  private carry = '';
  /** Fields a row must have (the header's); 0 until known, and then rows are never resynchronised. */
  private width = 0;
  private readonly delim: number;

  constructor(
    delimiter: string,
    private readonly sink: CsvSink,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  /** The number of fields every row must have (from the header): enables resynchronisation. */
  expect(width: number): void {
    this.width = width;
  }

  /** Between rows: nothing of a row read yet, so empty lines may be counted without parsing them. */
  atRowStart(): boolean {
    return !this.inQuotes && !this.quoteSeen && !this.skipLine && !this.quoted && this.row.length === 0 && this.field.length === 0 && this.carry.length === 0;
  }

  /** Count `n` empty lines read elsewhere (at a row start). */
  skipLines(n: number): void {
    this.line += n;
    this.rowLine = this.line;
  }

  push(text: string): void {
    // Pieces still to parse, last first: a resynchronisation parses a row's later lines again
    // before the rest of the text, without recursion and without joining strings.
    const later: string[] = [];
    let next: string | undefined = text;
    while (next !== undefined) {
      const r = this.parse(next);
      if (r) {
        later.push(next.slice(r.at));
        next = r.rest;
      } else next = later.pop();
    }
  }

  /** End of input: the last row, or what a quote left open (resynchronised or reported). */
  end(): void {
    for (;;) {
      if (this.quoteSeen) {
        this.inQuotes = false; // the file ends right after a closing quote
        this.quoteSeen = false;
      }
      const open = this.inQuotes;
      if (!open && this.row.length === 0 && this.field.length === 0 && !this.quoted) break;
      if (this.onProbation && (open || this.row.length + 1 !== this.width)) {
        this.push(this.resync(this.carry).rest);
        continue;
      }
      if (open) {
        this.sink.problem(this.rowLine, 'unterminated quoted field at end of file, row skipped');
        this.resetRow();
        break;
      }
      let f = this.field;
      if (f.endsWith('\r')) f = f.slice(0, -1);
      this.endRow(f);
      break;
    }
    this.carry = '';
  }

  /** Parse `text`; a Resync when a row on probation turned out bad. */
  // size-exempt: one pass over the characters; quote, field and row states share locals that a split would turn into per-character calls or object fields on the hot path.
  private parse(text: string): Resync | null {
    const delim = this.delim;
    const n = text.length;
    let i = 0;
    let seg = 0; // start of the pending slice of the current field
    let rowStart = 0; // where the current row starts in `text` (earlier text is in `carry`)
    while (i < n) {
      if (this.skipLine) {
        const nl = text.indexOf('\n', i);
        if (nl < 0) return null;
        this.skipLine = false;
        this.line++;
        this.rowLine = this.line;
        i = nl + 1;
        seg = rowStart = i;
        continue;
      }
      if (this.quoteSeen) {
        this.quoteSeen = false;
        if (text.charCodeAt(i) === 34) {
          this.field += '"';
          i++;
          seg = i;
          continue;
        }
        this.inQuotes = false;
        seg = i;
      }
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        const stop = q < 0 ? n : q;
        for (let k = text.indexOf('\n', i); k >= 0 && k < stop; k = text.indexOf('\n', k + 1)) {
          this.line++;
          this.multiLine = true;
        }
        this.field += text.slice(i, stop);
        if (this.field.length > MAX_FIELD) {
          if (this.onProbation) return this.resync(this.carry + text.slice(rowStart, stop), stop);
          this.sink.problem(this.rowLine, `quoted field not closed within ${MAX_FIELD / 1048576} MiB, row skipped`);
          this.resetRow();
          this.skipLine = true;
          i = stop;
          continue;
        }
        if (q < 0) break;
        i = q + 1;
        this.quoteSeen = true;
        seg = i;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === delim) {
        if (this.onProbation && this.row.length + 1 >= this.width) return this.resync(this.carry + text.slice(rowStart, i), i);
        this.field += text.slice(seg, i);
        this.row.push(this.field);
        this.field = '';
        this.quoted = false;
        i++;
        seg = i;
      } else if (c === 10) {
        if (this.row.length === 0 && this.field.length === 0 && !this.quoted && (i === seg || (i === seg + 1 && text.charCodeAt(seg) === 13))) {
          // Empty lines, however many: counted in one tight loop, no row built.
          i = this.skipBlankLines(text, i);
          seg = rowStart = i;
          continue;
        }
        if (this.onProbation && this.row.length + 1 !== this.width) return this.resync(this.carry + text.slice(rowStart, i), i);
        let f = this.field + text.slice(seg, i);
        if (f.endsWith('\r')) f = f.slice(0, -1);
        this.endRow(f);
        this.line++;
        this.rowLine = this.line;
        i++;
        seg = rowStart = i;
      } else if (c === 34 && this.field.length === 0 && i === seg) {
        this.inQuotes = true;
        this.quoted = true;
        i++;
        seg = i;
      } else {
        i++;
      }
    }
    if (!this.inQuotes && !this.quoteSeen && !this.skipLine) this.field += text.slice(seg, n);
    if (!this.skipLine) this.carry += rowStart === 0 ? text : text.slice(rowStart);
    return null;
  }

  private get onProbation(): boolean {
    return this.multiLine && this.width > 0;
  }

  /**
   * The current row (whose text is `rowText`) started with a stray quote: report its first line,
   * forget the row and go back to the start of its second line.
   */
  private resync(rowText: string, at = 0): Resync {
    const nl = rowText.indexOf('\n');
    this.sink.problem(this.rowLine, 'quote not closed on its line (stray quote), line skipped; reading resumes on the next line');
    this.resetRow();
    this.line = this.rowLine + 1;
    this.rowLine = this.line;
    return { rest: nl < 0 ? '' : rowText.slice(nl + 1), at };
  }

  /** From the `\n` at `i` that ends an empty line: count it and the empty lines after it; the position after them. */
  private skipBlankLines(text: string, i: number): number {
    const n = text.length;
    let lines = 1;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) i++;
      else if (c === 13 && i + 1 < n && text.charCodeAt(i + 1) === 10) i += 2;
      else break;
      lines++;
    }
    this.line += lines;
    this.rowLine = this.line;
    return i;
  }

  private endRow(last: string): void {
    const row = this.row;
    row.push(last);
    const blank = row.length === 1 && last.length === 0 && !this.quoted;
    this.row = [];
    this.field = '';
    this.quoted = false;
    this.multiLine = false;
    this.carry = '';
    if (!blank) this.sink.row(row, this.rowLine);
  }

  private resetRow(): void {
    this.row = [];
    this.field = '';
    this.inQuotes = false;
    this.quoteSeen = false;
    this.quoted = false;
    this.multiLine = false;
    this.carry = '';
  }
}
