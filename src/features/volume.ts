/**
 * Volume features: today's volume against its trailing mean, and a short mean against a long one.
 *
 * ```
 *  volume_ratio_<n>          = volume_t / SMA_n(volume)_t              lookback n − 1
 *  volume_trend_<s>_<n>      = SMA_s(volume)_t / SMA_n(volume)_t       lookback n − 1 (s < n)
 * ```
 * Both are dimensionless ratios (1 = average). Zero-volume policy: a zero mean volume in the
 * denominator (n zero-volume days, e.g. a halted stock) gives NaN, not ±Infinity or 0/0; a zero
 * volume on one day just gives ratio 0. NaN volume: NaN while it is in a window (rolling.ts).
 */
import { ParameterError } from '../util/errors.js';
import { checkPeriod, rollingMean } from './rolling.js';
import type { FeatureDefinition } from './types.js';

function ratio(num: Float64Array, den: Float64Array): Float64Array {
  const out = new Float64Array(num.length);
  for (let t = 0; t < num.length; t++) out[t] = den[t] === 0 ? NaN : num[t] / den[t];
  return out;
}

/**
 * Volume relative to its `period`-day mean: volume_t / SMA_period(volume)_t (the mean includes today).
 *
 * @param volume - Volumes (shares), `(nObs,)`.
 * @param period - Window (integer ≥ 1), default 20.
 * @returns `(nObs,)`, ratio; NaN for t < period − 1 (lookback period − 1), while the window holds a
 *   NaN, and where the mean volume is 0.
 * @throws ParameterError (RangeError) for a non-integer or < 1 `period`, echoing it.
 * @see TTR: `volume / SMA(volume, n = 20)`.
 * @example volumeRatio(Float64Array.of(100, 300, 0, 0), 2) // [NaN, 1.5, 0, NaN]
 */
export function volumeRatio(volume: Float64Array, period = 20): Float64Array {
  checkPeriod('volumeRatio', 'period', period);
  return ratio(volume, rollingMean(volume, period));
}

function checkTrend(what: string, short: number, long: number): void {
  checkPeriod(what, 'short', short);
  checkPeriod(what, 'long', long);
  if (short >= long)
    throw new ParameterError(
      `${what}: short must be less than long, got short = ${String(short)}, long = ${String(long)}`,
    );
}

/**
 * Volume trend: SMA_short(volume)_t / SMA_long(volume)_t.
 *
 * @param volume - Volumes, `(nObs,)`.
 * @param short - Short window (integer ≥ 1), default 5.
 * @param long - Long window (integer > short), default 20.
 * @returns `(nObs,)`, ratio; NaN for t < long − 1 (lookback long − 1), while a window holds a NaN,
 *   and where the long mean volume is 0.
 * @throws ParameterError (RangeError) for a non-integer or < 1 window, or short ≥ long, echoing them.
 * @see TTR: `SMA(volume, n = 5) / SMA(volume, n = 20)`.
 * @example volumeTrend(Float64Array.of(1, 2, 3, 6), 1, 2) // [NaN, 1.3333333333333333, 1.2, 1.3333333333333333]
 */
export function volumeTrend(volume: Float64Array, short = 5, long = 20): Float64Array {
  checkTrend('volumeTrend', short, long);
  return ratio(rollingMean(volume, short), rollingMean(volume, long));
}

/** Parameters of {@link volumeRatioFeature}. */
export interface VolumeRatioParams {
  /** Mean window, integer ≥ 1. Default 20. */
  period: number;
}

/** `volume_ratio_<period>`: volume / its `period`-day mean. Lookback period − 1. */
export const volumeRatioFeature: FeatureDefinition<VolumeRatioParams> = {
  name: 'volume_ratio',
  description: 'volume divided by its `period`-day mean (NaN when that mean is 0)',
  defaults: { period: 20 },
  validate: (p) => void checkPeriod('volume_ratio', 'period', p.period),
  outputs: (p) => [`volume_ratio_${p.period}`],
  lookback: (p) => p.period - 1,
  compute: (s, p) => [volumeRatio(s.volume, p.period)],
};

/** Parameters of {@link volumeTrendFeature}. */
export interface VolumeTrendParams {
  /** Short mean window. Default 5. */
  short: number;
  /** Long mean window (> short). Default 20. */
  long: number;
}

/** `volume_trend_<short>_<long>`: short-window mean volume / long-window mean volume. Lookback long − 1. */
export const volumeTrendFeature: FeatureDefinition<VolumeTrendParams> = {
  name: 'volume_trend',
  description:
    'mean volume over `short` days divided by mean volume over `long` days (NaN when the latter is 0)',
  defaults: { short: 5, long: 20 },
  validate: (p) => checkTrend('volume_trend', p.short, p.long),
  outputs: (p) => [`volume_trend_${p.short}_${p.long}`],
  lookback: (p) => p.long - 1,
  compute: (s, p) => [volumeTrend(s.volume, p.short, p.long)],
};
