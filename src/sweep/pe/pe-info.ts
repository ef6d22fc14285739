/**
 * What the sweep wants from a PE file, read in one call: version strings and imphash. A file that
 * is not a PE gives undefined; a damaged PE gives what could be read and the reason it stopped.
 */
import { looksLikePe, readPeHeaders } from './pe-headers.js';
import { imphash, readImports } from './pe-imphash.js';
import { readVersionStrings, type VersionStrings } from './pe-version-info.js';

export interface PeInfo {
  version: VersionStrings;
  imphash: string;
  isDll: boolean;
  /** Why part of the file could not be read ('' when all of it was). */
  problem: string;
}

export function readPeInfo(buf: Buffer): PeInfo | undefined {
  if (!looksLikePe(buf)) return undefined;
  const info: PeInfo = { version: {}, imphash: '', isDll: false, problem: '' };
  const problems: string[] = [];
  let headers;
  try {
    headers = readPeHeaders(buf);
  } catch (err) {
    info.problem = `PE headers: ${(err as Error).message}`;
    return info;
  }
  info.isDll = headers.isDll;
  try {
    info.version = readVersionStrings(buf, headers);
  } catch (err) {
    problems.push(`version resource: ${(err as Error).message}`);
  }
  try {
    info.imphash = imphash(readImports(buf, headers));
  } catch (err) {
    problems.push(`import table: ${(err as Error).message}`);
  }
  info.problem = problems.join('; ');
  return info;
}
