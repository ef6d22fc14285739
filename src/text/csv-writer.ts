/**
 * The one CSV writer of every command (hunt csv, timeline, audit csv): RFC 4180 quoting, CRLF row
 * ends, and spreadsheet formula neutralisation. Cells come from attacker-controlled event data
 * (host names, file names, command lines), so text a spreadsheet would run as a formula, i.e.
 * starting with `=`, `+`, `-`, `@`, tab or carriage return, is prefixed with an apostrophe
 * (OWASP "CSV Injection"). Numbers are written as they are.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: neutralised, then quoted when it holds a comma, quote, CR or LF. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated (RFC 4180). */
export function csvRow(values: readonly (string | number)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
