/**
 * Findings of the sweep, in the one Finding shape: YARA matches (`detector: "yara"`), renamed
 * public tools and web-root file times (`detector: "file"`). Indicator hits come from the ioc
 * detector itself. `source` is the file (`record` 0, `format` "file"); `ts` its modification time;
 * `event` the file facts.
 */
import { isLevel, type Finding, type Level } from '../findings/finding.js';
import { toIso } from '../events/timestamp.js';
import type { YaraMatch } from './yara-rules.js';
import type { RenamedTool } from './public-tools.js';
import type { ContextFinding } from './web-root-context.js';
import type { FileHashes } from './read-file.js';
import type { PeInfo } from './pe/pe-info.js';

export const FILE_FORMAT = 'file';
const MAX_SHOWN_STRINGS = 5;
const MAX_SHOWN_BYTES = 80;

/** What a finding's `event` holds for a swept file. */
export interface FileFacts {
  path: string;
  size: number;
  modified: string;
  md5: string;
  sha1: string;
  sha256: string;
  pe?: { imphash: string; version: Record<string, string> };
}

export function fileFacts(path: string, size: number, mtime: number, hashes: FileHashes, pe?: PeInfo): FileFacts {
  const facts: FileFacts = { path, size, modified: toIso(mtime), ...hashes };
  if (pe) facts.pe = { imphash: pe.imphash, version: pe.version };
  return facts;
}

const metaString = (meta: object, key: string): string | undefined => {
  const v = (meta as Record<string, unknown>)[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

function attackOf(match: YaraMatch): string[] {
  const fromMeta = (metaString(match.meta, 'attack') ?? '').split(/[\s,]+/).filter((t) => /^T\d{4}(\.\d{3})?$/i.test(t));
  const fromTags = match.tags.filter((t) => /^T\d{4}(_\d{3})?$/i.test(t)).map((t) => t.replace('_', '.'));
  return [...new Set([...fromMeta, ...fromTags].map((t) => t.toUpperCase()))];
}

const printable = (s: string): string => {
  const flat = s.replace(/[^\x20-\x7e]/g, '.');
  return flat.length > MAX_SHOWN_BYTES ? `${flat.slice(0, MAX_SHOWN_BYTES)}…` : flat;
};

export function yaraFinding(match: YaraMatch, facts: FileFacts, mtime: number): Finding {
  const level = metaString(match.meta, 'level')?.toLowerCase() ?? 'high';
  const strings: string[] = [];
  for (const m of match.matches) {
    if (strings.length >= MAX_SHOWN_STRINGS) break;
    strings.push(`${m.identifier}@${m.offset}: ${printable(m.data)}`);
  }
  return {
    ts: toIso(mtime),
    detector: 'yara',
    rule: { id: `yara:${match.ruleIdentifier}`, title: metaString(match.meta, 'title') ?? metaString(match.meta, 'description') ?? match.ruleIdentifier, level: isLevel(level) ? level : 'high' },
    attack: attackOf(match),
    host: '',
    source: { path: facts.path, record: 0, format: FILE_FORMAT },
    matched: strings.length ? { path: facts.path, strings } : { path: facts.path, condition: match.ruleIdentifier },
    event: facts,
  };
}

export function renamedToolFinding(hit: RenamedTool, facts: FileFacts, mtime: number): Finding {
  return {
    ts: toIso(mtime),
    detector: 'file',
    rule: { id: `file:renamed-tool:${hit.tool.tool.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, title: `Renamed public tool: ${hit.tool.tool}`, level: hit.tool.level },
    attack: hit.tool.attack,
    host: '',
    source: { path: facts.path, record: 0, format: FILE_FORMAT },
    matched: { path: facts.path, [hit.field]: hit.value },
    event: facts,
  };
}

const CONTEXT_RULES: Record<ContextFinding['kind'], { title: string; level: Level }> = {
  'added-after-install': { title: 'Script page added to a web root after the platform install', level: 'low' },
  'time-stomped': { title: 'Script page older than its web root (time-stomped?)', level: 'low' },
};

export function contextFinding(c: ContextFinding): Finding {
  const rule = CONTEXT_RULES[c.kind];
  return {
    ts: toIso(c.mtime),
    detector: 'file',
    rule: { id: `file:web-root:${c.kind}`, title: rule.title, level: rule.level },
    attack: c.kind === 'time-stomped' ? ['T1505.003', 'T1070.006'] : ['T1505.003'],
    host: '',
    source: { path: c.path, record: 0, format: FILE_FORMAT },
    matched: { path: c.path, ...c.detail },
    event: { path: c.path, modified: toIso(c.mtime), ...c.detail },
  };
}
