/**
 * Text for terminals and plain-text files: control characters from event data (ESC sequences that
 * erase, move or recolour lines, C1 controls, DEL, bidirectional overrides that reorder what is
 * shown) are rendered visibly as `\x1b` / `\u202e` instead of being sent raw. Backslashes are left
 * as they are (Windows paths), so the notation is for reading, not for round trips: JSONL is the
 * lossless output.
 */

// C0 (but not TAB/LF, handled by the caller's choice), DEL, C1, and the Unicode bidi controls.
const CONTROLS_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_BUT_LINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The visible notation of one UTF-16 code unit: `\x1b` up to 0xff, `\u202e` above. */
export function visibleCode(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function show(c: string): string {
  return visibleCode(c.charCodeAt(0));
}

/** One line of text: every control character, newlines included, made visible. */
export function visibleLine(text: string): string {
  return text.replace(CONTROLS_ALL, show);
}

/** A block of lines: line feeds kept, every other control character made visible. */
export function visibleText(text: string): string {
  return text.replace(CONTROLS_BUT_LINES, show);
}
