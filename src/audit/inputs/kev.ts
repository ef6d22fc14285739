/**
 * CISA Known Exploited Vulnerabilities catalog (`known_exploited_vulnerabilities.json`):
 * `{"title","catalogVersion","dateReleased","count","vulnerabilities":[{cveID, vendorProject,
 * product, vulnerabilityName, dateAdded, shortDescription, requiredAction, dueDate,
 * knownRansomwareCampaignUse, notes, cwes}]}`.
 */
import type { SourceRef } from '../../events/event.js';
import type { AuditCollector } from '../model.js';
import type { JsonDocument } from '../json-records.js';

export interface KevEntry {
  source: SourceRef;
  cveID: string;
  vendorProject: string;
  product: string;
  name: string;
  dateAdded: string;
  ransomware: string;
  requiredAction: string;
}

const CVE = /^CVE-\d{4}-\d{4,}$/i;

export function isKevDocument(root: unknown): boolean {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return false;
  const vulns = (root as Record<string, unknown>).vulnerabilities;
  if (!Array.isArray(vulns)) return false;
  const first = vulns[0];
  return vulns.length === 0 || (first !== null && typeof first === 'object' && 'cveID' in (first as object));
}

export function readKev(path: string, doc: JsonDocument, collector: AuditCollector): KevEntry[] | null {
  if (!isKevDocument(doc.root)) {
    collector.problem(path, 'not a CISA KEV catalog (expected {"vulnerabilities":[{"cveID":…}]})', undefined, true);
    return null;
  }
  if (doc.records.length === 0) {
    collector.problem(path, 'KEV catalog lists no vulnerabilities', undefined, true);
    return null;
  }
  const out: KevEntry[] = [];
  for (const rec of doc.records) {
    const v = rec.value as Record<string, unknown>;
    const text = (k: string): string => (typeof v?.[k] === 'string' ? (v[k] as string).trim() : '');
    const cve = text('cveID');
    if (!CVE.test(cve)) {
      collector.problem(path, `cveID: ${JSON.stringify(v?.cveID ?? null)} is not a CVE id (entry skipped)`, rec.line);
      continue;
    }
    if (text('vendorProject') === '' || text('product') === '') {
      collector.problem(path, `${cve}: vendorProject or product missing (entry skipped)`, rec.line);
      continue;
    }
    out.push({
      source: { path, record: rec.line, format: 'kev' },
      cveID: cve.toUpperCase(),
      vendorProject: text('vendorProject'),
      product: text('product'),
      name: text('vulnerabilityName'),
      dateAdded: text('dateAdded'),
      ransomware: text('knownRansomwareCampaignUse'),
      requiredAction: text('requiredAction'),
    });
  }
  return out;
}
