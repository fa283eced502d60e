/**
 * Bollinger Bands on close (Bollinger 2001; TTR::BBands on a univariate series): %B and bandwidth.
 *
 * ```
 *  middle_t  = SMA_n(close)_t
 *  σ_t       = POPULATION sd of the last n closes (divide by n, ddof = 0 — Bollinger's definition, TTR's runSD(sample = FALSE))
 *  upper/lower = middle ± k σ
 *  %B_t      = (close_t − lower_t) / (upper_t − lower_t)      0 at the lower band, 1 at the upper
 *  width_t   = (upper_t − lower_t) / middle_t                 = 2kσ / middle
 * ```
 * Zero-width band (n equal closes): %B is NaN and width 0. Our σ is exactly 0 there (Welford on equal
 * values); TTR's runSD leaves rounding noise (1e-17 … 1e-15), so its %B on a flat window is an
 * arbitrary number (0.25 for twenty closes of 0.1, 0.75 for twenty of 3 after other prices) or NaN —
 * a deliberate departure from TTR. A zero middle gives NaN width.
 *
 * Computed here rather than through `technicalindicators` (v3.1.0). Its `BollingerBands.calculate`
 * does use the population sd (like TTR), and agrees with TTR to ~1e-11 relative (%B), but returns
 * n − 1 fewer rows, and after a NaN close its running SMA stays NaN, which its `if (calcSMA)` test
 * treats as "no value": it then repeats the last bands and %B for every later row.
 */
import { checkPeriod, rollingMean, rollingStd } from './rolling.js';
import { ParameterError } from '../util/errors.js';
import type { FeatureDefinition } from './types.js';

/** The two Bollinger features. */
export interface BollingerResult {
  /** %B: position of close between the bands (fraction; may leave [0, 1]). */
  pctB: Float64Array;
  /** Bandwidth: (upper − lower) / middle (fraction of price). */
  width: Float64Array;
}

function checkK(what: string, k: number): number {
  if (typeof k !== 'number' || !Number.isFinite(k) || k <= 0)
    throw new ParameterError(`${what}: k must be a finite number > 0, got ${String(k)}`);
  return k;
}

/**
 * Bollinger %B and bandwidth of `close` with an n-day SMA and bands at ± k population sds.
 *
 * @param close - Closes, `(nObs,)`.
 * @param period - Window n (integer ≥ 2), default 20.
 * @param k - Band half-width in sds (finite, > 0), default 2.
 * @returns `{ pctB, width }`, each `(nObs,)`; NaN for t < n − 1 (lookback n − 1) and while the
 *   window holds a NaN; %B NaN where the band has zero width.
 * @throws ParameterError (RangeError) for a non-integer or < 2 `period` or a non-positive `k`.
 * @see TTR::BBands(close, n = 20, sd = 2) (pctB; bandwidth from its up, dn, mavg); Bollinger (2001)
 *   Bollinger on Bollinger Bands, ch. 7 (population sd).
 * @example bollinger(Float64Array.of(1, 2, 3, 4), 2, 2).pctB // [NaN, 0.75, 0.75, 0.75]
 */
export function bollinger(close: Float64Array, period = 20, k = 2): BollingerResult {
  checkPeriod('bollinger', 'period', period, 2);
  checkK('bollinger', k);
  const middle = rollingMean(close, period);
  const sd = rollingStd(close, period, 0);
  const pctB = sd; // reuse the buffer: sd[t] is read before pctB[t] is written
  const width = middle;
  for (let t = 0; t < close.length; t++) {
    const s = sd[t];
    const m = middle[t];
    const upper = m + k * s;
    const lower = m - k * s;
    pctB[t] = s === 0 ? NaN : (close[t] - lower) / (upper - lower);
    width[t] = m === 0 ? NaN : (upper - lower) / m;
  }
  return { pctB, width };
}

/** Parameters of {@link bollingerFeature}. */
export interface BollingerParams {
  /** SMA / sd window, integer ≥ 2. Default 20. */
  period: number;
  /** Band half-width in population sds. Default 2. */
  k: number;
}

/**
 * `bb_pctb_<period>` and `bb_width_<period>` (k = 2; other k add `_k<k>`). Lookback period − 1.
 */
export const bollingerFeature: FeatureDefinition<BollingerParams> = {
  name: 'bollinger',
  description: 'Bollinger %B and bandwidth: SMA ± k population sds of close (TTR::BBands)',
  defaults: { period: 20, k: 2 },
  validate: (p) => {
    checkPeriod('bollinger', 'period', p.period, 2);
    checkK('bollinger', p.k);
  },
  outputs: (p) => {
    const suffix = p.k === 2 ? '' : `_k${p.k}`;
    return [`bb_pctb_${p.period}${suffix}`, `bb_width_${p.period}${suffix}`];
  },
  lookback: (p) => p.period - 1,
  compute: (s, p) => {
    const b = bollinger(s.close, p.period, p.k);
    return [b.pctB, b.width];
  },
};
