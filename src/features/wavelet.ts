/**
 * Causal Haar "à trous" (redundant, MODWT-like) wavelet details of log close (seed 001's
 * `wavelet_d1`, `wavelet_d4`), using no future samples:
 *
 * ```
 *  c_0(t) = log close_t
 *  c_j(t) = ( c_{j−1}(t) + c_{j−1}(t − 2^{j−1}) ) / 2          smooth at scale 2^j
 *  d_j(t) = c_{j−1}(t) − c_j(t) = ( c_{j−1}(t) − c_{j−1}(t − 2^{j−1}) ) / 2   detail
 * ```
 * Summing the details and the last smooth gives back the input exactly:
 * log close_t = d_1(t) + … + d_J(t) + c_J(t). c_j needs 2^j − 1 earlier rows, so `wavelet_d<j>` has
 * lookback 2^j − 1 (d1: 1, d4: 15).
 *
 * @see Renaud, Starck & Murtagh (2005) "Wavelet-based combined signal filtering and prediction",
 *   IEEE Trans. SMC-B 35(6) — the redundant Haar transform for causal use; Percival & Walden (2000)
 *   Wavelet Methods for Time Series Analysis, ch. 5 (MODWT).
 */
import { checkPeriod } from './rolling.js';
import type { FeatureDefinition } from './types.js';

/**
 * Causal Haar à trous detail coefficients of `x` at levels 1..`levels`.
 *
 * @param x - Series, `(nObs,)` (log close for the feature).
 * @param levels - Number of levels J (≥ 1).
 * @returns `{ details: [d_1 … d_J], smooth: c_J }`, each `(nObs,)`; NaN during warm-up (d_j: t < 2^j − 1)
 *   and wherever an input the coefficient uses is NaN.
 * @throws ParameterError for a non-integer or < 1 `levels`.
 * @example haarATrous(Float64Array.of(0, 2, 4, 8), 1).details[0] // [NaN, 1, 1, 2]
 */
export function haarATrous(
  x: Float64Array,
  levels: number,
): { details: Float64Array[]; smooth: Float64Array } {
  checkPeriod('haarATrous', 'levels', levels);
  const details: Float64Array[] = [];
  let c = x;
  for (let j = 1; j <= levels; j++) {
    const lag = 2 ** (j - 1);
    const next = new Float64Array(x.length).fill(NaN);
    const d = new Float64Array(x.length).fill(NaN);
    for (let t = lag; t < x.length; t++) {
      next[t] = (c[t] + c[t - lag]) / 2;
      d[t] = (c[t] - c[t - lag]) / 2;
    }
    details.push(d);
    c = next;
  }
  return { details, smooth: c };
}

/** Parameters of {@link waveletDetailFeature}. */
export interface WaveletParams {
  /** Decomposition level j (≥ 1): detail at scale 2^j days. */
  level: number;
}

/** `wavelet_d<level>`: causal Haar à trous detail of log close (seed 001). Lookback 2^level − 1. */
export const waveletDetailFeature: FeatureDefinition<WaveletParams> = {
  name: 'wavelet_detail',
  description:
    'causal Haar à trous detail coefficient of log close at level j (seed 001 wavelet_d1, wavelet_d4)',
  defaults: { level: 1 },
  validate: (p) => void checkPeriod('wavelet_detail', 'level', p.level),
  outputs: (p) => [`wavelet_d${p.level}`],
  lookback: (p) => 2 ** p.level - 1,
  compute: (s, p) => [haarATrous(s.close.map(Math.log), p.level).details[p.level - 1]],
};
