/**
 * The detector interface: sigma, ioc (and later yara) implement it. A detector is a pure function
 * of an event plus bounded state (Sigma correlations), so the engine can run one copy per worker.
 */
import type { HuntEvent } from '../events/event.js';
import type { Finding } from './finding.js';

export type Emit = (finding: Finding) => void;

export interface Detector {
  readonly name: Finding['detector'];
  /** Examine one event; call `emit` for each finding. Must not keep a reference to `event`. */
  examine(event: HuntEvent, emit: Emit): void;
  /** End of input: emit what stateful logic still holds. */
  finish?(emit: Emit): void;
}
