/**
 * What a hunt is asked to do. Plain data, so it can be posted to worker threads unchanged.
 */
import type { Level } from '../findings/finding.js';
import type { EventScope } from './event-scope.js';
import type { RuleSelection } from '../sigma/index.js';

export interface DetectorConfig {
  /** Sigma rule files or folders (the built-in rules are added unless noBuiltin). */
  rulePaths: string[];
  /** Indicator files in any importable format. */
  intelFiles: string[];
  /** Leave out the shipped rules and intel pack. */
  noBuiltin: boolean;
  /** Values for Sigma `expand` placeholders. */
  placeholders?: Record<string, string[]>;
  /** Drop indicator matches outside the indicator's validity window (default: report them, marked). */
  strictValidity?: boolean;
  /** Follow symlinks that lead out of the given input and rule folders. */
  followSymlinks?: boolean;
  /** Sigma filter files or folders (hunt --filters), applied with those found among the rules. */
  filterPaths?: string[];
  /** Which rules to load (hunt --min-level, --status, --tags, --exclude-rule, --rule-id…). */
  selection?: RuleSelection;
  /** Folder of logsource mapping files (default: the shipped content/mappings). */
  mappingsDir?: string;
  /** Neither read nor write the on-disk rule cache (hunt --no-cache). */
  noCache?: boolean;
}

export interface HuntOptions extends DetectorConfig {
  /** Files or folders to hunt through. */
  inputs: string[];
  /** Report only findings at or above this level. */
  minLevel: Level;
  /** Worker threads; 0 = automatic (one per core for large inputs, inline for small ones). */
  threads: number;
  /** Files never read even when found under an input folder (the hunt's own output), by device and inode. */
  skipFiles?: string[];
  /** Which events are looked at (--from/--to, hosts, channels, Event IDs, excluded paths); default all. */
  scope?: EventScope;
}
