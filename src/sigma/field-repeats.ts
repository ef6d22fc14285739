/**
 * Whether a field's values are worth remembering: values of some fields repeat from event to
 * event (Provider, Computer, User, Image, Hashes...), others almost never (times, GUIDs, command
 * lines with random parts). A remembered lookup hashes the value and keeps it in memory, which only
 * pays when it is found again. Each field (by name) keeps count; once fewer than a quarter of its
 * last JUDGE_AFTER lookups found the value remembered, its values are scanned directly for a while
 * (RETRY_AFTER values) before remembering is tried again.
 * Used by the Sigma keyword scan (any-value-scan.ts) and the indicator detector (src/ioc).
 */

/** Lookups after which a field's repeat rate is judged; values scanned directly before it is tried again. */
const JUDGE_AFTER = 256;
const RETRY_AFTER = 4096;
/** Below this share of values found remembered, a field is scanned directly. */
const MIN_REPEAT_SHARE = 0.25;

export class FieldRepeats {
  private lookups = 0;
  private repeats = 0;
  /** While negative: values left to scan directly before remembering is tried again. */
  private skip = 0;

  /** Whether to look this field's next value up (and remember it); false: scan it directly. */
  remember(): boolean {
    if (this.skip < 0) {
      this.skip++;
      return false;
    }
    return true;
  }

  /** After a lookup: whether the value was found remembered. */
  looked(found: boolean): void {
    if (found) this.repeats++;
    if (++this.lookups === JUDGE_AFTER) {
      if (this.repeats < this.lookups * MIN_REPEAT_SHARE) this.skip = -RETRY_AFTER;
      this.lookups = 0;
      this.repeats = 0;
    }
  }
}
