/** What every importer returns. */
import type { Indicator } from './indicator.js';

export interface ImportResult {
  indicators: Indicator[];
  /** One line each: `file:line N: reason` (text formats) or `file: <json path>: reason`. */
  problems: string[];
  /** Detected format: pack, csv, stix, misp, text. */
  format: string;
}
