/**
 * Cross-sectional transforms: computed per date across the symbols present that day, so they use
 * only same-day values (no look-ahead in time). NaN inputs are excluded from the day's statistics
 * and stay NaN.
 */
import { ParameterError } from '../util/errors.js';
import { quantileSorted } from '../util/quantile.js';

/** Rows grouped by date: `order` lists row indices sorted by date; group g is `order[start[g] .. start[g+1])`. */
export interface DateGroups {
  order: Int32Array;
  start: Int32Array;
}

/** Groups row indices by date (epoch-ms), dates ascending; NaN dates are left out. */
export function dateGroups(dates: Float64Array): DateGroups {
  const idx: number[] = [];
  for (let i = 0; i < dates.length; i++) if (!Number.isNaN(dates[i])) idx.push(i);
  const order = Int32Array.from(idx).sort((a, b) => dates[a] - dates[b] || a - b);
  const start: number[] = [];
  for (let k = 0; k < order.length; k++)
    if (k === 0 || dates[order[k]] !== dates[order[k - 1]]) start.push(k);
  start.push(order.length);
  return { order, start: Int32Array.from(start) };
}

function forEachGroup(groups: DateGroups, fn: (rows: Int32Array) => void): void {
  for (let g = 0; g + 1 < groups.start.length; g++)
    fn(groups.order.subarray(groups.start[g], groups.start[g + 1]));
}

function finiteRows(values: Float64Array, rows: Int32Array): number[] {
  const out: number[] = [];
  for (const r of rows) if (!Number.isNaN(values[r])) out.push(r);
  return out;
}

/**
 * Percentile rank per date in [0, 1]: (average rank − 1) / (n − 1), ties sharing their average rank;
 * a date with one value gets 0.5.
 *
 * @param values - `(nRows,)`; @param groups - from {@link dateGroups}.
 * @returns `(nRows,)`; NaN where the input is NaN.
 * @see scipy.stats.rankdata(method='average'); alphalens factor ranks.
 * @example on one date, values [10, 20, 20, 40] → [0, 0.5, 0.5, 1]
 */
export function crossSectionalRank(values: Float64Array, groups: DateGroups): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  forEachGroup(groups, (rows) => {
    const r = finiteRows(values, rows).sort((a, b) => values[a] - values[b]);
    const n = r.length;
    if (n === 1) out[r[0]] = 0.5;
    for (let i = 0; i < n;) {
      let j = i;
      while (j + 1 < n && values[r[j + 1]] === values[r[i]]) j++;
      const avgRank = (i + j) / 2; // 0-based average rank
      for (let k = i; k <= j; k++) if (n > 1) out[r[k]] = avgRank / (n - 1);
      i = j + 1;
    }
  });
  return out;
}

/**
 * Z-score per date: (x − mean) / std with the sample std (ddof = 1, pandas' default); NaN when the
 * date has fewer than 2 values or zero spread.
 *
 * @returns `(nRows,)`.
 */
export function crossSectionalZScore(values: Float64Array, groups: DateGroups): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  forEachGroup(groups, (rows) => {
    const r = finiteRows(values, rows);
    const n = r.length;
    if (n < 2) return;
    let mean = 0;
    for (const i of r) mean += values[i];
    mean /= n;
    let ss = 0;
    for (const i of r) ss += (values[i] - mean) ** 2;
    const sd = Math.sqrt(ss / (n - 1));
    if (!(sd > 0)) return;
    for (const i of r) out[i] = (values[i] - mean) / sd;
  });
  return out;
}

/**
 * Winsorizes per date: values below the day's `lower` quantile are set to it, above the `upper`
 * quantile likewise (type-7 quantiles, as NumPy/R default).
 *
 * @param lower - Lower quantile, 0 ≤ lower < upper. Default 0.01.
 * @param upper - Upper quantile, lower < upper ≤ 1. Default 0.99.
 * @throws ParameterError when the quantiles are out of range or crossed.
 * @see scipy.stats.mstats.winsorize (which clips by count; ours clips at interpolated quantiles).
 */
export function crossSectionalWinsorize(
  values: Float64Array,
  groups: DateGroups,
  lower = 0.01,
  upper = 0.99,
): Float64Array {
  if (!(lower >= 0 && lower < upper && upper <= 1))
    throw new ParameterError(`winsorize: need 0 ≤ lower < upper ≤ 1, got lower ${lower}, upper ${upper}`);
  const out = new Float64Array(values.length).fill(NaN);
  forEachGroup(groups, (rows) => {
    const r = finiteRows(values, rows);
    if (r.length === 0) return;
    const sorted = Float64Array.from(r, (i) => values[i]).sort();
    const lo = quantileSorted(sorted, lower);
    const hi = quantileSorted(sorted, upper);
    for (const i of r) out[i] = Math.min(hi, Math.max(lo, values[i]));
  });
  return out;
}

/**
 * Sector relative strength per row: the equal-weighted mean `period`-day return of the row's sector
 * on that date (over the sector's symbols with a value that day) minus the market's return.
 *
 * @param sectorReturn - Each row's own `period`-day return, `(nRows,)`.
 * @param sector - Sector per row (null when unknown → NaN), `(nRows,)`.
 * @param marketReturn - The market's `period`-day return aligned to each row, `(nRows,)`.
 * @returns `(nRows,)`, fraction.
 */
export function sectorRelativeStrength(
  sectorReturn: Float64Array,
  sector: ArrayLike<string | null>,
  marketReturn: Float64Array,
  groups: DateGroups,
): Float64Array {
  const out = new Float64Array(sectorReturn.length).fill(NaN);
  forEachGroup(groups, (rows) => {
    const sum = new Map<string, number>();
    const count = new Map<string, number>();
    for (const i of rows) {
      const s = sector[i];
      const v = sectorReturn[i];
      if (s === null || Number.isNaN(v)) continue;
      sum.set(s, (sum.get(s) ?? 0) + v);
      count.set(s, (count.get(s) ?? 0) + 1);
    }
    for (const i of rows) {
      const s = sector[i];
      if (s === null || !count.has(s)) continue;
      out[i] = sum.get(s)! / count.get(s)! - marketReturn[i];
    }
  });
  return out;
}
