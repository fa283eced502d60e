/**
 * Return features: simple returns over `period` days, and close relative to its simple moving average.
 *
 * ```
 *  ret_<period>            = close_t / close_{t−period} − 1          lookback period
 *  close_vs_sma_<period>   = close_t / SMA_period(close)_t − 1        lookback period − 1
 * ```
 * Both are fractions (0.01 = 1 %), simple (not log) and unannualized.
 */
import { checkPeriod, pctChange, rollingMean } from './rolling.js';
import type { FeatureDefinition } from './types.js';

/**
 * Simple return over `period` rows (trading days): close_t / close_{t−period} − 1.
 *
 * @param close - Closes, `(nObs,)`.
 * @param period - Lag in rows (integer ≥ 1).
 * @returns `(nObs,)`, fraction; NaN for t < period (lookback `period`) and where either close is NaN.
 *   A zero close at t − period gives ±Infinity (like pandas and TTR): prices are expected positive.
 * @throws ParameterError (RangeError) for a non-integer or < 1 `period`, echoing it.
 * @see TTR::ROC(x, n = period, type = "discrete"); pandas `Series.pct_change(period)`.
 * @example returns(Float64Array.of(100, 110, 99), 1) // [NaN, 0.10000000000000009, -0.09999999999999998]
 */
export function returns(close: Float64Array, period: number): Float64Array {
  checkPeriod('returns', 'period', period);
  return pctChange(close, period);
}

/**
 * Close relative to its simple moving average: close_t / SMA_period(close)_t − 1 (seed 000's
 * "price vs 200-day SMA").
 *
 * @param close - Closes, `(nObs,)`.
 * @param period - SMA window in rows (integer ≥ 1), default 200.
 * @returns `(nObs,)`, fraction; NaN for t < period − 1 (lookback period − 1) and while the window holds a NaN.
 * @throws ParameterError (RangeError) for a non-integer or < 1 `period`, echoing it.
 * @see TTR: `close / SMA(close, n = period) - 1`.
 * @example priceVsSma(Float64Array.of(1, 2, 3, 6), 2) // [NaN, 0.33333333333333326, 0.19999999999999996, 0.33333333333333326]
 */
export function priceVsSma(close: Float64Array, period = 200): Float64Array {
  checkPeriod('priceVsSma', 'period', period);
  const sma = rollingMean(close, period);
  const out = new Float64Array(close.length);
  for (let t = 0; t < close.length; t++) out[t] = close[t] / sma[t] - 1;
  return out;
}

/** Parameters of {@link returnsFeature}. */
export interface ReturnsParams {
  /** Lag in rows (trading days), integer ≥ 1. Default 1. */
  period: number;
}

/** `ret_<period>`: simple return over `period` days (1, 5, 20, 60 in the dataset). Lookback `period`. */
export const returnsFeature: FeatureDefinition<ReturnsParams> = {
  name: 'returns',
  description: 'simple return of close over `period` days, close_t / close_{t−period} − 1',
  defaults: { period: 1 },
  validate: (p) => void checkPeriod('returns', 'period', p.period),
  outputs: (p) => [`ret_${p.period}`],
  lookback: (p) => p.period,
  compute: (s, p) => [returns(s.close, p.period)],
};

/** Parameters of {@link priceVsSmaFeature}. */
export interface PriceVsSmaParams {
  /** SMA window in rows, integer ≥ 1. Default 200. */
  period: number;
}

/** `close_vs_sma_<period>`: close / SMA(period) − 1. Lookback period − 1. */
export const priceVsSmaFeature: FeatureDefinition<PriceVsSmaParams> = {
  name: 'price_vs_sma',
  description: 'close relative to its `period`-day simple moving average, close / SMA − 1',
  defaults: { period: 200 },
  validate: (p) => void checkPeriod('price_vs_sma', 'period', p.period),
  outputs: (p) => [`close_vs_sma_${p.period}`],
  lookback: (p) => p.period - 1,
  compute: (s, p) => [priceVsSma(s.close, p.period)],
};
