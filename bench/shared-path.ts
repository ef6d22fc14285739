/** Where the reference corpora live (beside the repo), and whether they are there. */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { packageRoot } from '../src/content/content-path.js';

export const sharedDir = path.resolve(packageRoot, '..', 'shared');
export const sigmaDir = path.join(sharedDir, 'corpus', 'sigma');
export const attackSamplesDir = path.join(sharedDir, 'corpus', 'evtx-attack-samples');
export const hasShared = existsSync(sigmaDir);

export const sigmaRuleDirs = ['rules', 'rules-emerging-threats', 'rules-threat-hunting', 'rules-compliance', 'rules-placeholder']
  .map((d) => path.join(sigmaDir, d))
  .filter((d) => existsSync(d));
