/**
 * Messages between the hunt orchestrator and its worker threads. Everything is plain data
 * (structured-clone safe).
 */
import type { Finding } from '../findings/finding.js';
import type { CorrelationInput } from '../sigma/correlation/index.js';
import type { DetectorConfig } from './hunt-options.js';
import type { FileScanResult } from './scan-file.js';
import type { EventScope } from './event-scope.js';
import type { RuleSetSnapshot } from '../sigma/rule-set-snapshot.js';
import type { ScanTask } from './file-parts.js';

export type ToWorker =
  | { type: 'scan'; task: ScanTask }
  | { type: 'finish' };

export interface WorkerData {
  config: DetectorConfig;
  scope: EventScope;
  /** The orchestrator's loaded rule set: the worker builds on it instead of reading the rules. */
  sigma: RuleSetSnapshot;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'findings'; findings: Finding[] }
  | { type: 'correlation'; inputs: CorrelationInput[] }
  | { type: 'problem'; text: string }
  | { type: 'bytes'; bytes: number }
  | { type: 'scanned'; result: FileScanResult }
  | { type: 'failed'; path: string; message: string; unknownFormat: boolean }
  | { type: 'finished' }
  | { type: 'fatal'; message: string };
