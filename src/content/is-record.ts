/** A parsed JSON or YAML value that is a plain map (not null, not an array, not a YAML timestamp's Date). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
