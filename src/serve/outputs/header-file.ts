/**
 * `--webhook-header-file FILE`: extra HTTP headers for webhook requests, typically the receiver's
 * secret (`Authorization: Bearer …`, `X-Api-Key: …`), kept out of the command line and the process
 * list. One `Name: value` per line; blank lines and `#` comments are skipped. A malformed line is an
 * error naming the file and line (values are never shown).
 */
import { readFileSync } from 'node:fs';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Set by the webhook itself; a header file may not replace them. */
const RESERVED = new Set(['content-type', 'content-length', 'host', 'x-cellwatch-finding-id', 'transfer-encoding', 'connection']);

export function readHeaderFile(file: string): Record<string, string> {
  const headers: Record<string, string> = {};
  readFileSync(file, 'utf8').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    const value = line.slice(colon + 1).trim();
    const where = `${file}:${i + 1}`;
    if (!TOKEN.test(name)) throw new Error(`${where}: expected 'Name: value' (a header name of letters, digits and -)`);
    if (RESERVED.has(name.toLowerCase())) throw new Error(`${where}: ${name} is set by cellwatch and cannot be replaced`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw new Error(`${where}: the value of ${name} has a control character`);
    headers[name] = value;
  });
  return headers;
}
