/**
 * Relative Strength Index (Wilder 1978) with TTR::RSI's defaults (maType EMA, wilder = TRUE).
 *
 * ```
 *  Δ_t     = close_t − close_{t−1}                      t ≥ 1 (Δ_0 = NaN)
 *  U_t     = max(Δ_t, 0),  D_t = max(−Δ_t, 0)
 *  AU, AD  = Wilder EMA (α = 1/n) of U, D, each seeded with the mean of Δ_1 … Δ_n at index n
 *  RSI_t   = 100 · (AU_t / (AU_t + AD_t))               ∈ [0, 100]; = 100 − 100 / (1 + AU/AD)
 * ```
 * Edge cases, as TTR: only gains since the seed (AD = 0) → exactly 100; only losses (AU = 0) → 0;
 * no move at all (AU = AD = 0, a flat series) → NaN (0/0; some libraries print 50, technicalindicators 100).
 *
 * Computed here rather than through `technicalindicators` (v3.1.0): its `RSI.calculate` rounds every
 * value to 2 decimals (`parseFloat(x.toFixed(2))`, up to 0.005 off TTR on real prices), returns
 * `period` fewer values, gives 100 for a flat series, and silently counts a NaN close's two changes as 0.
 * Its seeding and smoothing are otherwise Wilder's (mean of the first n changes, then α = 1/n).
 */
import { checkPeriod, ema } from './rolling.js';
import type { FeatureDefinition } from './types.js';

/**
 * Wilder's RSI of `close` over `period` changes.
 *
 * @param close - Closes, `(nObs,)`.
 * @param period - Smoothing period n (integer ≥ 1), default 14.
 * @returns `(nObs,)` in [0, 100], never rounded; NaN for t < period (lookback `period`), and NaN
 *   where AU = AD = 0. NaN policy: a NaN close makes the two changes it enters NaN; the averages are
 *   NaN from there and re-seed on the next `period` valid changes (rolling.ts `ema`).
 * @throws ParameterError (RangeError) for a non-integer or < 1 `period`, echoing it.
 * @see TTR::RSI(price, n = 14); Wilder (1978) New Concepts in Technical Trading Systems; StockCharts
 *   ChartSchool "Relative Strength Index (RSI)" worked example (first RSI(14) 70.53 there,
 *   70.46413502109705 from the closes rounded to cents).
 * @example rsi(Float64Array.of(1, 2, 3, 2), 2) // [NaN, NaN, 100, 50]
 */
export function rsi(close: Float64Array, period = 14): Float64Array {
  checkPeriod('rsi', 'period', period);
  const n = close.length;
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  if (n > 0) up[0] = down[0] = NaN;
  for (let t = 1; t < n; t++) {
    const d = close[t] - close[t - 1];
    // NaN d → NaN in both (comparisons with NaN are false).
    up[t] = d > 0 ? d : d <= 0 ? 0 : NaN;
    down[t] = d < 0 ? -d : d >= 0 ? 0 : NaN;
  }
  const au = ema(up, period, { wilder: true });
  const ad = ema(down, period, { wilder: true });
  // 100 · (AU / (AU + AD)), not TTR's (100 · AU) / (AU + AD): the quotient is ≤ 1 after rounding, so
  // RSI never leaves [0, 100] (TTR gives 100.00000000000001 for a tiny loss among gains).
  for (let t = 0; t < n; t++) au[t] = 100 * (au[t] / (au[t] + ad[t]));
  return au;
}

/** Parameters of {@link rsiFeature}. */
export interface RsiParams {
  /** Wilder smoothing period, integer ≥ 1. Default 14. */
  period: number;
}

/** `rsi_<period>`: Wilder RSI in [0, 100] (TTR::RSI). Lookback `period`. */
export const rsiFeature: FeatureDefinition<RsiParams> = {
  name: 'rsi',
  description: "Wilder's relative strength index in [0, 100] (TTR::RSI, EMA with wilder = TRUE)",
  defaults: { period: 14 },
  validate: (p) => void checkPeriod('rsi', 'period', p.period),
  outputs: (p) => [`rsi_${p.period}`],
  lookback: (p) => p.period,
  compute: (s, p) => [rsi(s.close, p.period)],
};
