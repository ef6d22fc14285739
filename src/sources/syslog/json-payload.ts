/**
 * Structured payloads inside a syslog message: a message that is a JSON object, or a CEE
 * (`@cee:`) cookie followed by a JSON object, as rsyslog's mmjsonparse and many agents send.
 * The object is flattened with dotted keys, as other JSON logs are. A key that is already a field
 * of the event (header fields, structured data, `message`) is kept as `json.<key>` so the header
 * is never overwritten. Text that only looks like JSON stays a plain message (no event is lost).
 * A payload nested deeper than the one bound of every JSON reader (flatten.ts MAX_NESTING) would
 * overflow the stack when flattened: the message is refused with a reason, one problem.
 */
import type { EventFields } from '../../events/event.js';
import { flattenObject, NestingTooDeep } from '../../events/flatten.js';

const CEE = '@cee:';

/** The JSON text of a message, or null when it carries none. */
function jsonText(message: string): string | null {
  let text = message.trim();
  if (text.startsWith(CEE)) text = text.slice(CEE.length).trim();
  return text.length >= 2 && text[0] === '{' && text[text.length - 1] === '}' ? text : null;
}

/**
 * Flatten a JSON payload of `message` into `fields`: true when added, false when the message has
 * none, a reason when the payload is too deeply nested to read.
 */
export function addJsonPayload(message: string, fields: EventFields): boolean | string {
  const text = jsonText(message);
  if (text === null) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  let flat: EventFields;
  try {
    flat = flattenObject(value as Parameters<typeof flattenObject>[0]);
  } catch (err) {
    if (err instanceof NestingTooDeep) return `JSON payload ${err.message}`;
    throw err;
  }
  for (const [key, v] of Object.entries(flat)) {
    if (key === '__proto__') continue;
    if (Object.prototype.hasOwnProperty.call(fields, key)) fields[`json.${key}`] = v;
    else fields[key] = v;
  }
  return true;
}
