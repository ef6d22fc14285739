/**
 * The gram ids found in a field value, in a growable buffer that is reused from value to value and
 * event to event, so the prefilter's scans allocate nothing per event and call no callback per hit.
 */
const INITIAL_CAPACITY = 64;

export class GramHits {
  ids = new Int32Array(INITIAL_CAPACITY);
  /** Number of ids in `ids`. */
  n = 0;

  push(id: number): void {
    if (this.n === this.ids.length) this.grow(this.n + 1);
    this.ids[this.n++] = id;
  }

  /** Appends every id of `list`. */
  append(list: Int32Array): void {
    const need = this.n + list.length;
    if (need > this.ids.length) this.grow(need);
    this.ids.set(list, this.n);
    this.n = need;
  }

  private grow(min: number): void {
    const ids = new Int32Array(Math.max(min, this.ids.length * 2));
    ids.set(this.ids.subarray(0, this.n));
    this.ids = ids;
  }
}
