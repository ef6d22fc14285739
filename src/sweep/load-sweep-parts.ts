/**
 * Loads what a sweep scanner needs (indicators, YARA rules, the public-tools table) and builds one
 * FileScanner; runs in the main thread and in every sweep worker.
 */
import { loadIntel } from '../intel/index.js';
import { createIocDetector } from '../ioc/index.js';
import { builtinYaraPath, loadYaraRules, type YaraRuleSet } from './yara-rules.js';
import { loadPublicTools } from './public-tools.js';
import { DEFAULT_ARCHIVE_LIMITS } from './archive-entries.js';
import { FileScanner } from './file-scanner.js';

export interface SweepPartsConfig {
  yaraPaths: string[];
  intelFiles: string[];
  noBuiltin: boolean;
  maxFileSize: number;
}

export async function loadSweepParts(o: SweepPartsConfig): Promise<{ scanner: FileScanner; yara: YaraRuleSet; indicators: number; intelProblems: string[] }> {
  const intel = await loadIntel({ builtin: !o.noBuiltin, files: o.intelFiles });
  const yara = await loadYaraRules([...(o.noBuiltin ? [] : [builtinYaraPath]), ...o.yaraPaths]);
  const ioc = intel.indicators.length ? createIocDetector(intel.indicators) : undefined;
  const scanner = new FileScanner({ ioc, yara, tools: loadPublicTools(), maxFileSize: o.maxFileSize, archiveLimits: DEFAULT_ARCHIVE_LIMITS });
  return { scanner, yara, indicators: intel.indicators.length, intelProblems: intel.problems };
}

