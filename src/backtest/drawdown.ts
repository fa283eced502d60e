/**
 * Drawdowns of a return series: the wealth path W_k = Π_{j ≤ k}(1 + r_j) from a starting capital of 1
 * (which counts as a peak, as empyrical's `max_drawdown` prepends it), its running peak M_k, and the
 * drawdown W_k / M_k − 1.
 *
 * The maximum drawdown is the lowest drawdown (≤ 0). Its dates follow pyfolio's
 * `get_max_drawdown_underwater`: the trough is the first period with the lowest drawdown; the peak is
 * the last period at or before the trough where wealth stood at that running peak; the recovery is
 * the first period after the trough where wealth is back at (or above) the peak.
 *
 * @see empyrical 0.5.5 `max_drawdown`, `drawdown_series`; pyfolio 0.9 `timeseries.get_max_drawdown_underwater`.
 */

/** The maximum drawdown and where it happened. Indices are into the return series. */
export interface MaxDrawdown {
  /** min over k of W_k / M_k − 1, ≤ 0 (0 when wealth never fell below a previous peak). */
  depth: number;
  /** Period of the peak; -1 when the peak is the starting capital (before the first return) or there is no drawdown. */
  peakIndex: number;
  /** Period of the trough; -1 when there is no drawdown. */
  troughIndex: number;
  /** First period back at the peak; -1 when not recovered (or no drawdown). */
  recoveryIndex: number;
  /** The dates of those periods when dates were given; null where the index is -1. */
  peakDate: number | null;
  troughDate: number | null;
  recoveryDate: number | null;
  /** Periods from the peak to the recovery (or to the last period when not recovered); 0 without a drawdown. */
  durationPeriods: number;
}

/**
 * Drawdown per period, W_k / M_k − 1, `(n,)`.
 * @example drawdownSeries([0.1, -0.5, 0.2]) // [0, -0.5, ≈ -0.4]
 */
export function drawdownSeries(returns: ArrayLike<number>): Float64Array {
  const out = new Float64Array(returns.length);
  let w = 1;
  let peak = 1;
  for (let k = 0; k < returns.length; k++) {
    w *= 1 + returns[k];
    peak = Math.max(peak, w);
    out[k] = w / peak - 1;
  }
  return out;
}

/**
 * The maximum drawdown with its peak, trough and recovery.
 *
 * @param returns - Simple returns, `(n,)`.
 * @param dates - Optional date per return (epoch-ms), `(n,)`, for the `…Date` fields.
 * @example maxDrawdown([0.1, -0.5, 0.2]).depth // -0.5 (peak index 0, trough 1, not recovered)
 */
export function maxDrawdown(returns: ArrayLike<number>, dates?: ArrayLike<number>): MaxDrawdown {
  const n = returns.length;
  const wealth = new Float64Array(n);
  let w = 1;
  let peak = 1;
  let depth = 0;
  let trough = -1;
  let troughPeak = 1;
  for (let k = 0; k < n; k++) {
    w *= 1 + returns[k];
    wealth[k] = w;
    peak = Math.max(peak, w);
    const dd = w / peak - 1;
    if (dd < depth) {
      depth = dd;
      trough = k;
      troughPeak = peak;
    }
  }
  let peakIndex = -1;
  let recovery = -1;
  if (trough >= 0) {
    for (let k = trough; k >= 0; k--)
      if (wealth[k] >= troughPeak) {
        peakIndex = k;
        break;
      }
    for (let k = trough + 1; k < n; k++)
      if (wealth[k] >= troughPeak) {
        recovery = k;
        break;
      }
  }
  const dateOf = (k: number) => (k >= 0 && dates ? dates[k] : null);
  return {
    depth,
    peakIndex,
    troughIndex: trough,
    recoveryIndex: recovery,
    peakDate: dateOf(peakIndex),
    troughDate: dateOf(trough),
    recoveryDate: dateOf(recovery),
    durationPeriods: trough < 0 ? 0 : (recovery >= 0 ? recovery : n - 1) - peakIndex,
  };
}
