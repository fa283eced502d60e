/**
 * Quantile of sorted finite values by linear interpolation between order statistics — Hyndman & Fan
 * type 7, the default of R's `quantile()` and NumPy's `np.quantile`.
 *
 * @param sorted - Ascending values without NaN, `(n,)`.
 * @param p - Probability in [0, 1].
 * @returns The quantile; NaN when `sorted` is empty.
 * @throws RangeError when `p` is outside [0, 1].
 * @see Hyndman, R. J. & Fan, Y. (1996) Sample quantiles in statistical packages. The American Statistician 50(4).
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantileSorted: p must be in [0, 1], got ${p}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The finite values of `values`, sorted ascending (a new array). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[k++] = values[i]!;
  return out.subarray(0, k).sort();
}
