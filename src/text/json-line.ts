/**
 * One JSON value per line for JSONL outputs. JSON.stringify already escapes C0 controls (ESC
 * becomes `\u001b`); DEL, the C1 controls (U+0080–U+009F, which some terminals obey as CSI and
 * friends) and the line/paragraph separators are escaped too, so `cat findings.jsonl` on a
 * terminal is as harmless as the table. The parsed value is unchanged.
 */
const UNSAFE = /[\u007f-\u009f\u2028\u2029]/g;

export function jsonLine(value: unknown): string {
  const text = JSON.stringify(value);
  UNSAFE.lastIndex = 0;
  return `${UNSAFE.test(text) ? text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text}\n`;
}
