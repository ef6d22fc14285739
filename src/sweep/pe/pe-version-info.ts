/**
 * The version resource of a PE file (RT_VERSION): the VS_VERSIONINFO block's StringFileInfo
 * strings (OriginalFilename, InternalName, ProductName, CompanyName, FileDescription, …).
 *
 * Resource tree: three directory levels (type, name, language) of IMAGE_RESOURCE_DIRECTORY
 * entries, offsets relative to the resource section start, ending in a data entry that holds the
 * RVA and size of the data. Version blocks are `wLength, wValueLength, wType, szKey (UTF-16,
 * NUL-terminated)`, padded to 32 bits, then the value, then child blocks, also 32-bit aligned.
 */
import { DIR_RESOURCE, PeFormatError, rvaToOffset, u16, u32, type PeHeaders } from './pe-headers.js';

const RT_VERSION = 16;
const MAX_ENTRIES = 4096;
const MAX_DEPTH = 4;

/** StringFileInfo strings by key, first string table (language) wins. */
export type VersionStrings = Record<string, string>;

function findVersionData(buf: Buffer, headers: PeHeaders): { offset: number; size: number } | undefined {
  const dir = headers.directories[DIR_RESOURCE];
  if (!dir || dir.rva === 0 || dir.size === 0) return undefined;
  const base = rvaToOffset(headers, dir.rva, buf.length);
  let budget = MAX_ENTRIES;
  const visited = new Set<number>();
  // Level 0: the type directory, look for RT_VERSION; then take the first entry at each level.
  const walk = (dirOffset: number, level: number): { offset: number; size: number } | undefined => {
    if (visited.has(dirOffset)) throw new PeFormatError('resource directory loop');
    visited.add(dirOffset);
    const at = base + dirOffset;
    const count = u16(buf, at + 12) + u16(buf, at + 14);
    for (let i = 0; i < count; i++) {
      if (--budget < 0) throw new PeFormatError(`more than ${MAX_ENTRIES} resource entries`);
      const entry = at + 16 + i * 8;
      const name = u32(buf, entry);
      const target = u32(buf, entry + 4);
      if (level === 0 && name !== RT_VERSION) continue;
      if (target & 0x80000000) {
        if (level >= 2) continue;
        const found = walk(target & 0x7fffffff, level + 1);
        if (found) return found;
      } else {
        if (level === 0) continue;
        const dataEntry = base + target;
        const rva = u32(buf, dataEntry);
        const size = u32(buf, dataEntry + 4);
        return { offset: rvaToOffset(headers, rva, buf.length), size };
      }
    }
    return undefined;
  };
  return walk(0, 0);
}

interface Block {
  key: string;
  /** Value start and length in bytes. */
  valueAt: number;
  valueBytes: number;
  type: number;
  childrenAt: number;
  end: number;
}

const align4 = (base: number, off: number): number => base + ((off - base + 3) & ~3);

function readBlock(buf: Buffer, at: number, limit: number, origin: number): Block {
  const length = u16(buf, at);
  const valueLength = u16(buf, at + 2);
  const type = u16(buf, at + 4);
  if (length < 6 || at + length > limit) throw new PeFormatError(`version block of ${length} bytes at offset ${at} overruns its parent`);
  const end = at + length;
  let k = at + 6;
  while (k + 1 < end && buf.readUInt16LE(k) !== 0) k += 2;
  const key = buf.toString('utf16le', at + 6, k);
  const valueAt = align4(origin, k + 2);
  // wType 1: text, wValueLength counts UTF-16 units; wType 0: binary, counts bytes.
  const valueBytes = Math.min(type === 1 ? valueLength * 2 : valueLength, Math.max(0, end - valueAt));
  return { key, valueAt, valueBytes, type, childrenAt: align4(origin, valueAt + valueBytes), end };
}

function* children(buf: Buffer, parent: Block, origin: number): Generator<Block> {
  let at = parent.childrenAt;
  let count = 0;
  while (at + 6 <= parent.end) {
    if (++count > MAX_ENTRIES) throw new PeFormatError('too many version blocks');
    const child = readBlock(buf, at, parent.end, origin);
    yield child;
    at = align4(origin, child.end);
  }
}

/** StringFileInfo strings of a PE's version resource; {} when it has none. */
export function readVersionStrings(buf: Buffer, headers: PeHeaders): VersionStrings {
  const data = findVersionData(buf, headers);
  if (!data) return {};
  const origin = data.offset;
  const limit = Math.min(buf.length, origin + data.size);
  const root = readBlock(buf, origin, limit, origin);
  if (root.key !== 'VS_VERSION_INFO') throw new PeFormatError(`version resource key is '${root.key}'`);
  const out: VersionStrings = {};
  const visit = (block: Block, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    for (const child of children(buf, block, origin)) {
      if (depth === 0 && child.key !== 'StringFileInfo') continue;
      if (depth === 2) {
        if (!(child.key in out)) out[child.key] = buf.toString('utf16le', child.valueAt, child.valueAt + child.valueBytes).replace(/\0+$/, '');
      } else visit(child, depth + 1);
    }
  };
  visit(root, 0);
  return out;
}
