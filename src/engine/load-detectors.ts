/**
 * Loads what the detectors need (Sigma rules, indicators) and builds detector instances. Runs in
 * the main thread and again in every worker, from the same plain DetectorConfig.
 */
import { loadSigmaRules, type SigmaRuleSet } from '../sigma/index.js';
import type { CorrelationInput } from '../sigma/correlation/index.js';
import { loadIntel, type Indicator } from '../intel/index.js';
import { createIocDetector } from '../ioc/index.js';
import { indicatorFieldsIn, loadFieldTaxonomy, type FieldTaxonomy } from '../ioc/field-kinds.js';
import type { Detector } from '../findings/detector.js';
import type { DetectorConfig } from './hunt-options.js';
import { builtinRulesPath } from '../content/content-path.js';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { RuleSetSnapshot } from '../sigma/rule-set-snapshot.js';
import { version as packageVersion } from '../content/package-version.js';

export interface LoadedDetectors {
  sigma: SigmaRuleSet;
  indicators: Indicator[];
  /** Intel rows that could not be read: `file:line N: reason`. */
  intelProblems: string[];
  /** Drop indicator matches outside their validity window (hunt --strict-validity). */
  strictValidity?: boolean;
  /** Paths skipped while walking the rule folders: `path:where: reason`. */
  ruleProblems: string[];
  /** Which fields the indicator detector reads how (`--mappings DIR/ioc/indicator-fields.yml`, else the shipped one). */
  fieldTaxonomy: FieldTaxonomy;
}

/** Where compiled rule sets are cached: $XDG_CACHE_HOME/cellwatch, else ~/.cache/cellwatch. */
export function ruleCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(homedir(), '.cache');
  return path.join(base, 'cellwatch');
}

/**
 * Loads the detectors. The Sigma rules come from `snapshot` when given (a worker thread gets its
 * orchestrator's), else from the rule cache (unless config.noCache), else from the rule files.
 */
export async function loadDetectors(config: DetectorConfig, snapshot?: RuleSetSnapshot): Promise<LoadedDetectors> {
  const rulePaths = [...config.rulePaths];
  if (!config.noBuiltin && existsSync(builtinRulesPath)) rulePaths.unshift(builtinRulesPath);
  const sigma = await loadSigmaRules(rulePaths, {
    placeholders: config.placeholders, followSymlinks: config.followSymlinks, filterPaths: config.filterPaths, selection: config.selection, mappingsDir: config.mappingsDir,
    cache: config.noCache ? undefined : { dir: ruleCacheDir(), version: packageVersion },
    snapshot,
  });
  const intel = await loadIntel({ builtin: !config.noBuiltin, files: config.intelFiles });
  const fieldTaxonomy = loadFieldTaxonomy(config.mappingsDir ? indicatorFieldsIn(config.mappingsDir) : undefined);
  return { sigma, indicators: intel.indicators, intelProblems: intel.problems, strictValidity: config.strictValidity, ruleProblems: sigma.skipped, fieldTaxonomy };
}

export type CorrelationMode =
  | { mode: 'inline'; onProblem?: (text: string) => void }
  | { mode: 'external'; onInput: (input: CorrelationInput) => void };

export function createDetectors(loaded: LoadedDetectors, correlation: CorrelationMode): Detector[] {
  const detectors: Detector[] = [];
  if (loaded.sigma.compiled > 0) {
    detectors.push(
      correlation.mode === 'inline'
        ? loaded.sigma.createDetector({ correlation: 'inline', onProblem: correlation.onProblem })
        : loaded.sigma.createDetector({ correlation: 'external', onCorrelationInput: correlation.onInput }),
    );
  }
  if (loaded.indicators.length > 0) detectors.push(createIocDetector(loaded.indicators, { strictValidity: loaded.strictValidity, fieldTaxonomy: loaded.fieldTaxonomy }));
  return detectors;
}
