/**
 * Technique coverage from `cellwatch coverage` (src/coverage): for each GALLIUM technique, the Sigma
 * rules tagged with it and whether the data holds events those rules read. A coverage run that fails
 * costs the technique check alone: the audit goes on with its own log-source presence checks.
 */
import { computeCoverageReport } from '../../coverage/index.js';

export type CoverageRowLike = Awaited<ReturnType<typeof computeCoverageReport>>['rows'][number];

export interface TechniqueCoverage {
  rows: CoverageRowLike[];
  rulesLoaded: number;
}

export async function techniqueCoverage(dataPaths: string[], rulePaths: string[], followSymlinks = false): Promise<TechniqueCoverage | { error: string }> {
  try {
    const report = await computeCoverageReport({ dataPaths, rulePaths, followSymlinks });
    return { rows: report.rows, rulesLoaded: report.rulesLoaded };
  } catch (err) {
    return { error: `technique coverage failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
