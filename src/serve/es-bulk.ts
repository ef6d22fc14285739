/**
 * The Elasticsearch bulk API subset that shippers' Elasticsearch outputs use (Winlogbeat, Filebeat,
 * Vector, Fluent Bit, Logstash): `POST /_bulk` and `POST /<index>/_bulk`, NDJSON of action lines
 * (`index` / `create`, each followed by its document) answered item by item.
 *
 * An action line that is not a JSON object naming one action rejects the whole request (400), as
 * Elasticsearch does. A document that is not a JSON object gets its own item error (status 400,
 * the others are stored). `delete` and `update` are answered per item with 400: cellwatch only adds.
 */
import { reasonOf } from '../sources/batcher.js';
import { HttpError } from './http-error.js';
import { isObject, tooMany } from './json-events.js';

export interface BulkItem {
  action: string;
  index: string;
  id?: string;
  /** The document's JSON text and parsed value, for accepted items. */
  text?: string;
  value?: Record<string, unknown>;
  error?: { type: string; reason: string };
}

const ADD_ACTIONS = new Set(['index', 'create']);
const OTHER_ACTIONS = new Set(['delete', 'update']);

export function parseBulk(body: string, defaultIndex: string, maxEvents: number): BulkItem[] {
  const lines = body.split('\n');
  const items: BulkItem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const { action, meta } = actionOf(line, i + 1);
    const item: BulkItem = { action, index: typeof meta._index === 'string' ? meta._index : defaultIndex };
    if (typeof meta._id === 'string') item.id = meta._id;
    if (items.length >= maxEvents) throw tooMany(maxEvents);
    items.push(item);
    if (action === 'delete') {
      item.error = { type: 'illegal_argument_exception', reason: 'cellwatch stores events; delete is not supported' };
      continue;
    }
    const docLine = i + 1 < lines.length ? lines[++i]!.trim() : '';
    if (OTHER_ACTIONS.has(action)) {
      item.error = { type: 'illegal_argument_exception', reason: `cellwatch stores events; ${action} is not supported` };
      continue;
    }
    documentOf(docLine, i + 1, item);
  }
  return items;
}

function actionOf(line: string, lineNo: number): { action: string; meta: Record<string, unknown> } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new HttpError(400, `Malformed action/metadata line [${lineNo}]: ${reasonOf(err)}`);
  }
  const keys = isObject(value) ? Object.keys(value) : [];
  const action = keys[0];
  if (keys.length !== 1 || !(ADD_ACTIONS.has(action!) || OTHER_ACTIONS.has(action!))) {
    throw new HttpError(400, `Malformed action/metadata line [${lineNo}], expected one of index, create, update, delete`);
  }
  const meta = (value as Record<string, unknown>)[action!];
  return { action: action!, meta: isObject(meta) ? meta : {} };
}

function documentOf(line: string, lineNo: number, item: BulkItem): void {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    item.error = { type: 'mapper_parsing_exception', reason: `line ${lineNo}: invalid JSON: ${reasonOf(err)}` };
    return;
  }
  if (!isObject(value)) {
    item.error = { type: 'mapper_parsing_exception', reason: `line ${lineNo}: a document must be a JSON object` };
    return;
  }
  item.text = line;
  item.value = value;
}

/** The bulk response; `firstOffset` is the log offset of the first accepted item. */
export function bulkResponse(items: readonly BulkItem[], firstOffset: number, tookMs: number): unknown {
  let offset = firstOffset;
  let errors = false;
  const out = items.map((item) => {
    if (item.text === undefined) {
      errors = true;
      const error = item.error ?? { type: 'illegal_argument_exception', reason: 'not stored' };
      return { [item.action]: { _index: item.index, _id: item.id ?? null, status: 400, error } };
    }
    const seq = offset++;
    return {
      [item.action]: {
        _index: item.index, _id: item.id ?? `cw-${seq}`, _version: 1, result: 'created',
        _shards: { total: 1, successful: 1, failed: 0 }, _seq_no: seq, _primary_term: 1, status: 201,
      },
    };
  });
  return { took: tookMs, errors, items: out };
}
