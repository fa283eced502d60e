/**
 * Dates on a grid: the sorted unique dates of a column and a date → index lookup. Dates are
 * epoch-ms UTC days (data/schema.ts); whole days go through dense tables over the day range, so no
 * Set or Map of every row is built. Anything else (timestamps, very sparse ranges) falls back to them.
 */
import { MS_PER_DAY } from '../data/schema.js';

/**
 * Date → grid index. Epoch-ms UTC days (whole multiples of a day) use a dense table over the day
 * range; anything else falls back to a Map.
 */
export class DateIndex {
  private readonly first: number;
  private readonly table: Int32Array | null;
  private readonly map: Map<number, number> | null;

  constructor(dates: Float64Array) {
    const n = dates.length;
    const whole = n > 0 && dates.every((d) => d % MS_PER_DAY === 0);
    const span = n > 0 ? (dates[n - 1] - dates[0]) / MS_PER_DAY + 1 : 0;
    this.first = n > 0 ? dates[0] / MS_PER_DAY : 0;
    if (whole && span <= 50 * n + 1_000_000) {
      this.table = new Int32Array(span).fill(-1);
      dates.forEach((d, k) => (this.table![d / MS_PER_DAY - this.first] = k));
      this.map = null;
    } else {
      this.table = null;
      this.map = new Map();
      dates.forEach((d, k) => this.map!.set(d, k));
    }
  }

  /** The index of `date`, or undefined when it is not a grid date. */
  get(date: number): number | undefined {
    if (this.map) return this.map.get(date);
    const j = date / MS_PER_DAY - this.first;
    if (!(j >= 0 && j < this.table!.length) || j !== Math.floor(j)) return undefined;
    const k = this.table![j];
    return k < 0 ? undefined : k;
  }
}

/** Sorted unique finite dates. Whole days go through a presence table (no Set of every row). */
export function uniqueDates(dateCol: Float64Array): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  let whole = true;
  for (let i = 0; i < dateCol.length; i++) {
    const d = dateCol[i];
    if (d < lo) lo = d;
    if (d > hi) hi = d;
    if (whole && d % MS_PER_DAY !== 0) whole = false;
  }
  if (dateCol.length === 0) return new Float64Array(0);
  const span = (hi - lo) / MS_PER_DAY + 1;
  if (!whole || span > 50 * dateCol.length + 1_000_000) return Float64Array.from(new Set(dateCol)).sort();
  const seen = new Uint8Array(span);
  const first = lo / MS_PER_DAY;
  for (let i = 0; i < dateCol.length; i++) seen[dateCol[i] / MS_PER_DAY - first] = 1;
  const out: number[] = [];
  for (let j = 0; j < span; j++) if (seen[j] === 1) out.push((first + j) * MS_PER_DAY);
  return Float64Array.from(out);
}
