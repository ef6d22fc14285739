/**
 * Technique coverage from `cellwatch coverage` (src/coverage): for each GALLIUM technique, the Sigma
 * rules tagged with it and whether the data holds events those rules read. Loaded on demand, so the
 * audit still runs (with its own log-source presence checks) when that module is unavailable.
 */
import type * as Coverage from '../../coverage/index.js';

export type CoverageRowLike = Awaited<ReturnType<typeof Coverage.computeCoverageReport>>['rows'][number];

export interface TechniqueCoverage {
  rows: CoverageRowLike[];
  rulesLoaded: number;
}

export async function techniqueCoverage(dataPaths: string[], rulePaths: string[], followSymlinks = false): Promise<TechniqueCoverage | { error: string }> {
  let mod: Partial<typeof Coverage>;
  try {
    mod = (await import(new URL('../../coverage/index.js', import.meta.url).href)) as Partial<typeof Coverage>;
  } catch (err) {
    return { error: `cellwatch coverage is not available (${err instanceof Error ? err.message : String(err)})` };
  }
  if (typeof mod.computeCoverageReport !== 'function') return { error: 'cellwatch coverage is not available (no computeCoverageReport)' };
  try {
    const report = await mod.computeCoverageReport({ dataPaths, rulePaths, followSymlinks });
    return { rows: report.rows, rulesLoaded: report.rulesLoaded };
  } catch (err) {
    return { error: `technique coverage failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
