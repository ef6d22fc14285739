/**
 * CSV indicator files: `type,value[,source,tags,note,level]`, with or without a header row. With a
 * header, columns are found by name (also `reported`, `valid_from`, `valid_until`, `comment`).
 */
import type { Indicator } from './indicator.js';
import { indicatorType, makeIndicator, parseLevel, parseTags } from './indicator.js';
import type { ImportResult } from './import-result.js';
import { splitCsvRecords } from '../sources/csv-records.js';

/** One parsed CSV record with the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * RFC 4180 CSV: quoted cells may hold commas, doubled quotes and newlines. An unterminated quote is
 * reported through `onError` and ends the file.
 */
export function parseCsv(text: string, onError: (line: number, reason: string) => void): CsvRecord[] {
  const records: CsvRecord[] = [];
  for (const r of splitCsvRecords(text, ',', text.charCodeAt(0) === 0xfeff ? 1 : 0, 1)) {
    if (r.unterminated) {
      onError(r.line, 'unterminated quoted cell; the rest of the file was not read');
      break;
    }
    records.push({ line: r.line, cells: r.fields });
  }
  return records;
}

const HEADER_NAMES: Record<string, string> = {
  type: 'type', indicator_type: 'type', kind: 'type',
  value: 'value', indicator: 'value', ioc: 'value', observable: 'value',
  source: 'source', tags: 'tags', tag: 'tags', labels: 'tags',
  note: 'note', comment: 'note', description: 'note',
  level: 'level', severity: 'level',
  valid_from: 'validFrom', validfrom: 'validFrom', first_seen: 'validFrom',
  valid_until: 'validUntil', validuntil: 'validUntil', expires: 'validUntil',
  reported: 'reported',
};

/** Import a CSV indicator file. `defaultSource` names rows without a source column. */
export function importCsv(path: string, text: string, defaultSource: string): ImportResult {
  const indicators: Indicator[] = [];
  const problems: string[] = [];
  const records = parseCsv(text, (line, reason) => problems.push(`${path}:line ${line}: ${reason}`));
  let columns: Record<string, number> = { type: 0, value: 1, source: 2, tags: 3, note: 4, level: 5 };
  let first = 0;
  const head = records[0];
  if (head && head.cells.some((c) => c.trim().toLowerCase() === 'value') && head.cells.some((c) => /^(type|indicator_type|kind)$/i.test(c.trim()))) {
    columns = {};
    head.cells.forEach((c, idx) => {
      const name = HEADER_NAMES[c.trim().toLowerCase()];
      if (name && columns[name] === undefined) columns[name] = idx;
    });
    first = 1;
  }
  const get = (cells: string[], name: string): string => {
    const idx = columns[name];
    return idx === undefined ? '' : (cells[idx] ?? '').trim();
  };
  for (let r = first; r < records.length; r++) {
    const { line, cells } = records[r]!;
    if (cells[0]!.trim().startsWith('#')) continue;
    const where = `${path}:line ${line}`;
    const typeName = get(cells, 'type');
    const value = get(cells, 'value');
    if (typeName === '' || value === '') {
      problems.push(`${where}: needs a type and a value (got ${cells.length} column${cells.length === 1 ? '' : 's'})`);
      continue;
    }
    const type = indicatorType(typeName, value);
    if (!type) {
      problems.push(`${where}: unknown indicator type "${typeName}"`);
      continue;
    }
    const levelText = get(cells, 'level');
    const level = levelText ? parseLevel(levelText) : undefined;
    if (levelText && !level) {
      problems.push(`${where}: unknown level "${levelText}" (informational, low, medium, high, critical)`);
      continue;
    }
    const validFrom = isoDate(get(cells, 'validFrom'));
    const validUntil = isoDate(get(cells, 'validUntil'));
    if (validFrom === null || validUntil === null) {
      problems.push(`${where}: valid_from/valid_until is not a date`);
      continue;
    }
    const made = makeIndicator(type, value, {
      source: get(cells, 'source') || defaultSource,
      tags: parseTags(get(cells, 'tags')),
      note: get(cells, 'note') || undefined,
      level,
      validFrom,
      validUntil,
    });
    if ('reason' in made) problems.push(`${where}: ${made.reason}`);
    else indicators.push(made.indicator);
  }
  return { indicators, problems, format: 'csv' };
}

/** '' → undefined; a parseable date → ISO string; anything else → null. */
export function isoDate(text: string | undefined): string | undefined | null {
  if (!text) return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
