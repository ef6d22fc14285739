/**
 * Software inventory against the shipped catalogue and the KEV catalog: known-exploited versions
 * (high when internet-facing), other vulnerable versions, releases past end of support, and
 * products with KEV entries the catalogue cannot check by version.
 */
import type { Check, CheckContext } from './context.js';
import { STEPS } from '../gallium-steps.js';
import { affectedBy, effectiveVersion, findPlatform, supportWindow, type Platform } from '../catalogue.js';
import type { InventoryRecord } from '../inputs/inventory.js';
import type { KevEntry } from '../inputs/kev.js';
import type { Level } from '../../findings/finding.js';

function subject(r: InventoryRecord): string {
  return `${r.host}|${r.product}`;
}

function exposure(r: InventoryRecord): string {
  return r.internetFacing === true ? 'internet-facing' : r.internetFacing === false ? 'internal' : 'exposure unknown';
}

function kevFor(ctx: CheckContext, cve: string): KevEntry | undefined {
  return ctx.inputs.kev.find((k) => k.cveID === cve);
}

/** Per inventory row: platform and version, computed once per run. */
function rows(ctx: CheckContext): { r: InventoryRecord; p: Platform | null; v: string | null }[] {
  return ctx.inputs.inventory.map((r) => {
    const p = findPlatform(ctx.catalogue, r.vendor, r.product);
    return { r, p, v: p ? effectiveVersion(p, r.product, r.version) : r.version };
  });
}

export const knownExploitedVersion: Check = {
  id: 'patching-known-exploited-version',
  defence: 'patching',
  summary: 'Inventory rows in a version range with a known-exploited CVE (high internet-facing, medium internal); others vulnerable (medium/low)',
  run(ctx) {
    const { collector } = ctx;
    const haveKev = ctx.inputs.kev.length > 0;
    for (const { r, p, v } of rows(ctx)) {
      collector.examined('patching', subject(r));
      if (!p) continue;
      if (v === null) {
        collector.problem(r.source.path, `${r.host} ${r.product}: version ${r.version === null ? 'missing' : `"${r.version}" cannot be placed`}; not checked against ${p.name} ranges`, r.source.record);
        continue;
      }
      const hits = p.vulnerabilities.filter((x) => affectedBy(v, x));
      if (hits.length === 0) continue;
      const exploited = hits.filter((x) => (haveKev ? kevFor(ctx, x.cve) !== undefined : x.knownExploited));
      const others = hits.filter((x) => !exploited.includes(x));
      const facing = r.internetFacing === true;
      const emit = (list: typeof hits, known: boolean): void => {
        if (list.length === 0) return;
        const level: Level = known ? (facing ? 'high' : 'medium') : (facing ? 'medium' : 'low');
        const kevs = list.map((x) => kevFor(ctx, x.cve)).filter((k): k is KevEntry => k !== undefined);
        collector.gap({
          check: known ? this.id : 'patching-vulnerable-version',
          title: known ? `${facing ? 'Internet-facing' : 'Internal'} ${p.name} with known-exploited vulnerabilities` : `${p.name} with known vulnerabilities`,
          level, defence: 'patching',
          attack: STEPS.exploitPublicApp.attack, galliumStep: STEPS.exploitPublicApp.step,
          fix: `Update ${p.name} past every fixed release listed (${list.map((x) => `${x.cve}: fixed in ${x.ranges.map((g) => g.fixed ?? 'no fixed release in this branch').join(' / ')}`).join('; ')}); until then keep it off the internet or behind a filtering proxy.`,
          host: r.host, source: r.source, affected: `${r.host} ${r.product} ${r.version ?? v}`, subject: subject(r),
          evidence: `${r.product} ${r.version ?? ''}${v !== r.version ? ` (= ${v})` : ''}, ${exposure(r)}: ${list.map((x) => `${x.cve} ${x.title}`).join('; ')}`,
          matched: { host: r.host, product: r.product, version: r.version, internet_facing: r.internetFacing, cves: list.map((x) => x.cve) },
          details: {
            platform: p.id, version: v, knownExploited: known,
            kev: kevs.map((k) => ({ cveID: k.cveID, dateAdded: k.dateAdded, knownRansomwareCampaignUse: k.ransomware, source: `${k.source.path}:${k.source.record}` })),
          },
        });
      };
      emit(exploited, true);
      emit(others, false);
    }
  },
};

export const endOfSupport: Check = {
  id: 'patching-end-of-support',
  defence: 'patching',
  summary: 'Inventory rows on a release past its end of support (high internet-facing, medium internal)',
  run(ctx) {
    const { collector, asOf } = ctx;
    for (const { r, p, v } of rows(ctx)) {
      if (!p || v === null) continue;
      const w = supportWindow(v, p);
      if (!w || Date.parse(w.date) > asOf) continue;
      const facing = r.internetFacing === true;
      collector.gap({
        check: this.id, title: `${facing ? 'Internet-facing' : 'Internal'} ${p.name} past end of support`,
        level: facing ? 'high' : 'medium', defence: 'patching',
        attack: STEPS.exploitPublicApp.attack, galliumStep: STEPS.exploitPublicApp.step,
        fix: `Move to a supported ${p.name} release; an unsupported release gets no security fixes for new vulnerabilities.`,
        host: r.host, source: r.source, affected: `${r.host} ${r.product} ${r.version ?? v}`, subject: subject(r),
        evidence: `${r.product} ${r.version ?? ''}${v !== r.version ? ` (= ${v})` : ''}, ${exposure(r)}: ${w.note}, support ended ${w.date}`,
        matched: { host: r.host, product: r.product, version: r.version, internet_facing: r.internetFacing },
        details: { platform: p.id, endOfSupport: w.date },
      });
    }
  },
};

function words(s: string): string {
  return ` ${s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()} `;
}

export const kevProductUnverified: Check = {
  id: 'patching-kev-product',
  defence: 'patching',
  summary: 'Inventory products with KEV entries (--kev) that the shipped ranges do not cover: patch level to verify (medium internet-facing, low internal)',
  run(ctx) {
    const { collector } = ctx;
    if (ctx.inputs.kev.length === 0) return;
    for (const { r, p } of rows(ctx)) {
      const covered = new Set(p?.vulnerabilities.map((x) => x.cve) ?? []);
      const text = words(`${r.vendor ?? ''} ${r.product}`);
      const matches = ctx.inputs.kev.filter((k) => {
        if (covered.has(k.cveID)) return false;
        if (p && p.kev.some((m) => k.vendorProject.toLowerCase().includes(m.vendor) && k.product.toLowerCase().includes(m.product))) return true;
        // Product name of the KEV entry appears in the row, and its vendor too when the row names one.
        const prod = words(k.product);
        if (prod.trim().length < 3 || !text.includes(prod)) return false;
        return r.vendor === null || text.includes(words(k.vendorProject)) || words(r.vendor).includes(words(k.vendorProject));
      });
      if (matches.length === 0) continue;
      const facing = r.internetFacing === true;
      const ransomware = matches.filter((k) => k.ransomware.toLowerCase() === 'known').length;
      collector.gap({
        check: this.id, title: `${r.product} has known-exploited vulnerabilities: confirm it is patched`,
        level: facing ? 'medium' : 'low', defence: 'patching',
        attack: STEPS.exploitPublicApp.attack, galliumStep: STEPS.exploitPublicApp.step,
        fix: `Check the installed ${r.product} build against each listed CVE's vendor advisory and apply the updates (KEV requiredAction).`,
        host: r.host, source: r.source, affected: `${r.host} ${r.product} ${r.version ?? ''}`.trim(), subject: subject(r),
        evidence: `${matches.length} KEV entr${matches.length === 1 ? 'y' : 'ies'} for ${matches[0]!.vendorProject} ${matches[0]!.product}${ransomware ? ` (${ransomware} used by ransomware)` : ''}: ${matches.slice(0, 6).map((k) => k.cveID).join(', ')}${matches.length > 6 ? ', …' : ''}; the version cannot be checked from the catalog`,
        matched: { host: r.host, product: r.product, version: r.version, cves: matches.map((k) => k.cveID) },
        details: { kev: matches.map((k) => ({ cveID: k.cveID, dateAdded: k.dateAdded, knownRansomwareCampaignUse: k.ransomware, source: `${k.source.path}:${k.source.record}` })) },
      });
    }
  },
};
