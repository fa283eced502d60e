/**
 * Score quantiles per date, as alphalens' `quantize_factor` (pandas `qcut(x, q, labels=False) + 1`
 * per date): edges e_0 … e_q are the type-7 quantiles of the date's scores at 0, 1/q, …, 1 (NumPy's
 * default), and a score x falls in quantile min{i ≥ 1 : x ≤ e_i} — right-closed bins, the lowest
 * score in quantile 1. Where pandas raises on repeated edges (heavy ties), the same rule still
 * applies: tied scores share the lowest quantile whose edge they reach.
 *
 * @see alphalens 0.4 `utils.quantize_factor`; pandas 1.5 `qcut`.
 */
import { quantileSorted } from '../util/quantile.js';
import { checkInteger } from './validate.js';

/**
 * Quantile (1 … q) of each score among the scores of its date; 0 where the score is NaN.
 *
 * @param score - `(nDates × nSymbols)` date-major grid; NaN = none.
 * @param nSymbols - Row width.
 * @param q - Number of quantiles, integer ≥ 1.
 * @returns `(nDates × nSymbols)` Int8Array-compatible quantile numbers in a Uint8Array.
 * @example on one date, scores [1, 2, 3, 4, 5] with q = 5 → [1, 2, 3, 4, 5]
 */
export function quantilesByDate(score: Float64Array, nSymbols: number, q: number): Uint8Array {
  checkInteger('quantilesByDate', 'quantiles', q, 1, 100);
  const out = new Uint8Array(score.length);
  const nDates = nSymbols === 0 ? 0 : score.length / nSymbols;
  const buf = new Float64Array(nSymbols);
  const edges = new Float64Array(q + 1);
  for (let t = 0; t < nDates; t++) {
    const row = t * nSymbols;
    let n = 0;
    for (let s = 0; s < nSymbols; s++) if (!Number.isNaN(score[row + s])) buf[n++] = score[row + s];
    if (n === 0) continue;
    const sorted = buf.subarray(0, n).sort();
    for (let i = 0; i <= q; i++) edges[i] = quantileSorted(sorted, i / q);
    for (let s = 0; s < nSymbols; s++) {
      const x = score[row + s];
      if (Number.isNaN(x)) continue;
      let k = 1;
      while (k < q && x > edges[k]) k++;
      out[row + s] = k;
    }
  }
  return out;
}
