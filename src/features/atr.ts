/**
 * Average True Range (Wilder 1978) and ATR as a fraction of close, with TTR::ATR's semantics.
 *
 * ```
 *  TR_t   = max(high_t, close_{t−1}) − min(low_t, close_{t−1})        t ≥ 1; TR_0 = NaN (no previous close)
 *  ATR_n  = mean(TR_1 … TR_n)                                          seed at index n
 *  ATR_t  = ATR_{t−1} + (TR_t − ATR_{t−1}) / n  (as α TR_t + (1 − α) ATR_{t−1}, α = 1/n, Wilder smoothing)
 * ```
 * So the first ATR is at index `period` (lookback `period`).
 *
 * Computed here rather than through `technicalindicators` (v3.1.0), whose `ATR.calculate` agrees
 * with TTR to ~1e-15 relative on real prices once padded with `period` leading NaNs, but: (1) its
 * `TrueRange` replaces a NaN |high − previous close| or |low − previous close| by 0 instead of
 * propagating it, and one NaN high or low makes every later ATR NaN (its Wilder EMA never re-seeds) —
 * eight symbols of the real panel have such rows; (2) it allocates objects and steps generators per
 * row: ≈ 90 ms against ≈ 10 ms here for the 505-symbol panel; (3) it returns `period` fewer values.
 */
import { SchemaError } from '../util/errors.js';
import { checkPeriod, ema } from './rolling.js';
import type { FeatureDefinition } from './types.js';

/**
 * True range: max(high_t, close_{t−1}) − min(low_t, close_{t−1}), i.e. the largest of high − low,
 * |high − previous close| and |low − previous close| (TTR::ATR's `tr` column).
 *
 * @param high - Highs, `(nObs,)`.
 * @param low - Lows, `(nObs,)`.
 * @param close - Closes, `(nObs,)`.
 * @returns `(nObs,)`, price units; NaN at t = 0 and where high_t, low_t or close_{t−1} is NaN.
 * @throws SchemaError when the three series differ in length.
 * @example trueRange(Float64Array.of(10, 12), Float64Array.of(8, 11), Float64Array.of(9, 11.5)) // [NaN, 3]
 */
export function trueRange(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  if (high.length !== low.length || high.length !== close.length)
    throw new SchemaError(
      `trueRange: high, low and close must have the same length, got ${high.length}, ${low.length}, ${close.length}`,
    );
  const out = new Float64Array(close.length);
  if (close.length > 0) out[0] = NaN;
  for (let t = 1; t < close.length; t++) {
    const prev = close[t - 1];
    const h = high[t];
    const l = low[t];
    // NaN-propagating max/min: Math.max(NaN, x) is NaN, as pmax(..., na.rm = FALSE) in R.
    out[t] = Math.max(h, prev) - Math.min(l, prev);
  }
  return out;
}

/**
 * Average True Range with Wilder smoothing (α = 1/`period`), seeded with the mean of the first
 * `period` true ranges (TR_1 … TR_period).
 *
 * @param high - Highs, `(nObs,)`.
 * @param low - Lows, `(nObs,)`.
 * @param close - Closes, `(nObs,)`.
 * @param period - Smoothing period n (integer ≥ 1), default 14.
 * @returns `(nObs,)`, price units; NaN for t < period (lookback `period`). NaN policy: a NaN true
 *   range (a NaN high or low at t, or a NaN close at t − 1) makes ATR NaN from t on until `period`
 *   further valid true ranges re-seed it (rolling.ts `ema`); TTR instead refuses series with NaN after
 *   the start.
 * @throws ParameterError (RangeError) for a non-integer or < 1 `period`; SchemaError for unequal lengths.
 * @see TTR::ATR(HLC, n = 14) (maType EMA, wilder = TRUE); Wilder (1978) New Concepts in Technical
 *   Trading Systems, ch. "Volatility".
 * @example
 * // TR = [NaN, 3, 2, 4, 1]: first ATR (3 + 2 + 4) / 3 = 3, then 3 + (1 − 3) / 3
 * atr(Float64Array.of(10, 12, 13, 14, 14), Float64Array.of(8, 9, 11, 10, 13), Float64Array.of(9, 11, 12, 13, 13.5), 3)
 * // [NaN, NaN, NaN, 3, 2.3333333333333335]
 */
export function atr(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkPeriod('atr', 'period', period);
  return ema(trueRange(high, low, close), period, { wilder: true });
}

/** Parameters of {@link atrFeature}. */
export interface AtrParams {
  /** Wilder smoothing period, integer ≥ 1. Default 14. */
  period: number;
}

/** `atr_<period>` (price units) and `atr_<period>_pct` (ATR / close, fraction). Lookback `period`. */
export const atrFeature: FeatureDefinition<AtrParams> = {
  name: 'atr',
  description: 'average true range with Wilder smoothing (TTR::ATR), and ATR divided by close',
  defaults: { period: 14 },
  validate: (p) => void checkPeriod('atr', 'period', p.period),
  outputs: (p) => [`atr_${p.period}`, `atr_${p.period}_pct`],
  lookback: (p) => p.period,
  compute: (s, p) => {
    const a = atr(s.high, s.low, s.close, p.period);
    const pct = new Float64Array(a.length);
    for (let t = 0; t < a.length; t++) pct[t] = a[t] / s.close[t];
    return [a, pct];
  },
};
