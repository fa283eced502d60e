/**
 * Bin edges and bin assignment shared by the calibration curve, the calibration errors and the
 * population stability index, computed with NumPy 1.24's exact floating-point operations so a value
 * lying on an edge lands in the same bin as in scikit-learn / NumPy:
 *
 * - `np.linspace(0, 1, n + 1)`: edge i = i · (1/n), the last edge exactly 1;
 * - `np.quantile(x, q)` (method 'linear' = Hyndman & Fan type 7) with NumPy's two-sided lerp;
 * - `np.searchsorted(inner, v)` (side 'left'): a value equal to an edge goes to the lower bin, so bins
 *   are (e₀, e₁], (e₁, e₂], …, the first one closed at e₀ too (right-inclusive).
 */

/** `np.linspace(0, 1, nBins + 1)`, bit for bit. */
export function uniformEdges(nBins: number): Float64Array {
  const edges = new Float64Array(nBins + 1);
  const step = 1 / nBins;
  for (let i = 0; i < nBins; i++) edges[i] = i * step;
  edges[nBins] = 1;
  return edges;
}

/** `np.percentile(x, np.linspace(0, 1, nBins + 1) * 100)` of ascending `sorted`, bit for bit. */
export function quantileEdges(sorted: Float64Array, nBins: number): Float64Array {
  const q = uniformEdges(nBins);
  return q.map((p) => npQuantileSorted(sorted, (p * 100) / 100));
}

/**
 * NumPy 1.24 `np.quantile(sorted, q)` with the default method 'linear': virtual index (n − 1) q,
 * then `a + (b − a) γ` for γ < 0.5 and `b − (b − a)(1 − γ)` otherwise (NumPy's `_lerp`).
 *
 * @param sorted - Ascending finite values, non-empty.
 * @param q - Probability in [0, 1].
 * @example npQuantileSorted(Float64Array.of(1, 2, 3, 4), 0.5) // 2.5
 */
export function npQuantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const v = (n - 1) * q;
  if (v >= n - 1) return sorted[n - 1];
  if (v < 0) return sorted[0];
  const lo = Math.floor(v);
  const g = v - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  const diff = b - a;
  return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
}

/**
 * `np.searchsorted(edges, v)` (side 'left'): the number of edges strictly below v — the bin index of
 * v among the bins the ascending inner `edges` delimit.
 */
export function binIndex(edges: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
