/** Small helpers shared by the format sniffers. */
import { basename } from 'node:path';

/** Lower-case extension without the dot, ignoring a trailing `.gz` (`dns.log.gz` → `log`). */
export function extensionOf(path: string): string {
  let name = basename(path).toLowerCase();
  if (name.endsWith('.gz')) name = name.slice(0, -3);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}

/**
 * Text, not binary: no NUL byte in the head, or so few control bytes (NUL and the other C0 codes
 * text never holds) that they are junk in a text file: at most one in 64. A stray NUL an attacker
 * writes into a log then does not hide the whole file, while binary files and a head of zeros (a
 * decompression bomb) still are no text.
 */
export function isText(head: Buffer): boolean {
  if (head.indexOf(0) < 0) return true;
  const allowed = head.length >> 6;
  let junk = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i]!;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b && ++junk > allowed) return false;
  }
  return true;
}

/**
 * Up to `max` complete lines of the head (a last line cut off by the head size is left out unless
 * it is the only one), without trailing `\r`.
 */
export function firstLines(head: Buffer, max: number): string[] {
  const text = head.toString('utf8');
  const out: string[] = [];
  let pos = 0;
  while (out.length < max && pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) {
      // Last line: complete only when the head is the whole file, which the caller cannot know;
      // keep it when it is the only line (small files).
      if (out.length === 0 || head.length < 64 * 1024) out.push(text.slice(pos));
      break;
    }
    let line = text.slice(pos, nl);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    out.push(line);
    pos = nl + 1;
  }
  return out;
}
