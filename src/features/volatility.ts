/**
 * Realized volatility: the sample standard deviation of daily simple returns over a trailing window,
 * annualized by √periodsPerYear.
 *
 * ```
 *  r_t            = close_t / close_{t−1} − 1                        simple (not log) daily return
 *  volatility_t   = sd(r_{t−window+1} … r_t) · √periodsPerYear       sd with ddof = 1 (divide by window − 1)
 * ```
 * The window holds `window` returns, i.e. `window + 1` closes, so the lookback is `window`.
 */
import { ParameterError } from '../util/errors.js';
import { checkPeriod, pctChange, rollingStd } from './rolling.js';
import type { FeatureDefinition } from './types.js';

/** Trading days per year, the default annualization factor (DESIGN.md §4). */
export const TRADING_DAYS_PER_YEAR = 252;

function checkPeriodsPerYear(what: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new ParameterError(`${what}: periodsPerYear must be a finite number > 0, got ${String(value)}`);
  return value;
}

/**
 * Realized volatility of `close`: sample standard deviation (ddof = 1) of the last `window` daily
 * simple returns, times √`periodsPerYear`.
 *
 * @param close - Closes, `(nObs,)`.
 * @param window - Number of returns in the window (integer ≥ 2).
 * @param periodsPerYear - Annualization factor, rows per year (finite, > 0): 252 (default) for daily
 *   rows annualized; 1 for the daily, unannualized standard deviation.
 * @returns `(nObs,)`, fraction per year (0.2 = 20 % annualized); NaN for t < window (lookback
 *   `window`) and while the window holds a NaN return (a NaN close spoils the two returns it enters).
 * @throws ParameterError (RangeError) for a non-integer or < 2 `window`, or a non-positive
 *   `periodsPerYear`, echoing it.
 * @see TTR: `runSD(ROC(close, type = "discrete"), n = window, sample = TRUE) * sqrt(periodsPerYear)`;
 *   pandas `close.pct_change().rolling(window).std() * sqrt(252)`.
 * @example realizedVolatility(Float64Array.of(100, 101, 100, 102), 2, 1) // [NaN, NaN, 0.014072125051336254, 0.021143192863201737]
 */
export function realizedVolatility(
  close: Float64Array,
  window: number,
  periodsPerYear = TRADING_DAYS_PER_YEAR,
): Float64Array {
  checkPeriod('realizedVolatility', 'window', window, 2);
  const scale = Math.sqrt(checkPeriodsPerYear('realizedVolatility', periodsPerYear));
  const sd = rollingStd(pctChange(close, 1), window, 1);
  if (scale !== 1) for (let t = 0; t < sd.length; t++) sd[t] *= scale;
  return sd;
}

/** Parameters of {@link volatilityFeature}. */
export interface VolatilityParams {
  /** Number of daily returns in the window, integer ≥ 2. Default 10 (the dataset also uses 30). */
  window: number;
  /** Annualization factor in rows per year. Default 252; 1 = daily, not annualized. */
  periodsPerYear: number;
}

/**
 * `volatility_<window>`: annualized realized volatility (sample sd of simple daily returns × √252).
 * With another `periodsPerYear` the column is `volatility_<window>_daily` (1) or
 * `volatility_<window>_ppy<periodsPerYear>`. Lookback `window`.
 */
export const volatilityFeature: FeatureDefinition<VolatilityParams> = {
  name: 'volatility',
  description: 'realized volatility: sample sd (ddof 1) of `window` daily simple returns × √periodsPerYear',
  defaults: { window: 10, periodsPerYear: TRADING_DAYS_PER_YEAR },
  validate: (p) => {
    checkPeriod('volatility', 'window', p.window, 2);
    checkPeriodsPerYear('volatility', p.periodsPerYear);
  },
  outputs: (p) => [
    p.periodsPerYear === TRADING_DAYS_PER_YEAR
      ? `volatility_${p.window}`
      : p.periodsPerYear === 1
        ? `volatility_${p.window}_daily`
        : `volatility_${p.window}_ppy${p.periodsPerYear}`,
  ],
  lookback: (p) => p.window,
  compute: (s, p) => [realizedVolatility(s.close, p.window, p.periodsPerYear)],
};
