/**
 * Causal rolling-window primitives on `Float64Array` series: every output at index t uses inputs at
 * indices ≤ t only, has the input's length, and is NaN until its window is full ("warm-up").
 *
 * NaN policy: a window containing a NaN yields NaN (like pandas `rolling(n)` with the default
 * `min_periods = n`, and R TTR's `runMean`/`runSD` after the first NA); the window recovers once the
 * NaN leaves it. {@link ema} instead restarts its seed after a NaN (see there).
 *
 * These are the building blocks of `features/` and `labels/`; indicators export their `lookback`,
 * the index of their first non-NaN output on a series without NaN.
 */
import { ParameterError } from '../util/errors.js';

/**
 * Validates a window length or period: an integer ≥ `min`.
 *
 * @throws ParameterError (a RangeError) echoing the value, e.g. `rsi: period must be an integer ≥ 1, got 0`.
 */
export function checkPeriod(what: string, name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min)
    throw new ParameterError(`${what}: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  return value;
}

/**
 * Rolling mean over `n` observations (simple moving average).
 *
 * @param x - Series, `(nObs,)`.
 * @param n - Window length (≥ 1).
 * @returns `(nObs,)`; NaN for t < n − 1 and for windows holding a NaN. Lookback n − 1.
 * @see TTR::runMean / SMA; pandas `Series.rolling(n).mean()`.
 * @example rollingMean(Float64Array.of(1, 2, 3, 4), 2) // [NaN, 1.5, 2.5, 3.5]
 */
export function rollingMean(x: Float64Array, n: number): Float64Array {
  checkPeriod('rollingMean', 'n', n);
  const out = new Float64Array(x.length).fill(NaN);
  // Running Neumaier-compensated sum; NaN and non-zero counts make an all-zero window exactly 0 and
  // a window with a NaN NaN, with no drift from long add/subtract chains.
  let sum = 0;
  let comp = 0;
  let nan = 0;
  let nonZero = 0;
  const add = (v: number) => {
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  };
  for (let t = 0; t < x.length; t++) {
    const v = x[t];
    if (Number.isNaN(v)) nan++;
    else if (v !== 0) {
      nonZero++;
      add(v);
    }
    if (t >= n) {
      const old = x[t - n];
      if (Number.isNaN(old)) nan--;
      else if (old !== 0) {
        nonZero--;
        add(-old);
      }
    }
    if (nonZero === 0) sum = comp = 0;
    if (t >= n - 1 && nan === 0) out[t] = (sum + comp) / n;
  }
  return out;
}

/**
 * Rolling standard deviation over `n` observations, sample (`ddof = 1`, pandas' default) or
 * population (`ddof = 0`, TTR's `runSD(sample = FALSE)` and Bollinger's bands).
 * Computed per window with Welford's algorithm (numerically stable, O(n) per point).
 *
 * @param x - Series, `(nObs,)`.
 * @param n - Window length (≥ 1, ≥ 2 when `ddof = 1`).
 * @param ddof - Delta degrees of freedom: 1 (sample, default) or 0 (population).
 * @returns `(nObs,)`; NaN during warm-up (t < n − 1) and for windows holding a NaN. Lookback n − 1.
 * @see pandas `Series.rolling(n).std(ddof)`; TTR::runSD; Welford (1962) Technometrics 4(3).
 * @example rollingStd(Float64Array.of(1, 2, 3, 4), 2) // [NaN, 0.7071…, 0.7071…, 0.7071…]
 */
export function rollingStd(x: Float64Array, n: number, ddof: 0 | 1 = 1): Float64Array {
  checkPeriod('rollingStd', 'n', n, ddof + 1);
  const out = new Float64Array(x.length).fill(NaN);
  let lastNan = -1;
  for (let t = 0; t < x.length; t++) {
    if (Number.isNaN(x[t])) lastNan = t;
    if (t < n - 1 || lastNan > t - n) continue;
    let mean = 0;
    let m2 = 0;
    for (let k = 0; k < n; k++) {
      const v = x[t - n + 1 + k];
      const d = v - mean;
      mean += d / (k + 1);
      m2 += d * (v - mean);
    }
    out[t] = Math.sqrt(Math.max(m2, 0) / (n - ddof));
  }
  return out;
}

/** Options of {@link ema}. */
export interface EmaOptions {
  /** Wilder's smoothing α = 1/n (RSI, ATR) instead of the standard α = 2/(n + 1). Default false. */
  wilder?: boolean;
}

/**
 * Exponential moving average seeded with the simple mean of the first `n` values — TTR's `EMA`
 * (and TA-Lib's default): EMA_{n−1} = mean(x_0…x_{n−1}), then EMA_t = α x_t + (1 − α) EMA_{t−1}.
 * Leading NaNs are skipped (the seed window starts at the first non-NaN); a NaN after the start
 * makes the output NaN from there and the EMA re-seeds on the next `n` non-NaN values.
 *
 * @param x - Series, `(nObs,)`.
 * @param n - Period (≥ 1).
 * @param options - {@link EmaOptions}: `wilder` for α = 1/n.
 * @returns `(nObs,)`; lookback n − 1 (after leading NaNs).
 * @see TTR::EMA (ratio 2/(n+1), or 1/n with wilder = TRUE); Wilder (1978) New Concepts in Technical Trading Systems.
 * @example ema(Float64Array.of(1, 2, 3, 4), 2) // [NaN, 1.5, 2.5, 3.5]
 */
export function ema(x: Float64Array, n: number, options: EmaOptions = {}): Float64Array {
  checkPeriod('ema', 'n', n);
  const alpha = options.wilder ? 1 / n : 2 / (n + 1);
  const out = new Float64Array(x.length).fill(NaN);
  let count = 0;
  let sum = 0;
  let prev = NaN;
  for (let t = 0; t < x.length; t++) {
    const v = x[t];
    if (Number.isNaN(v)) {
      count = 0;
      sum = 0;
      prev = NaN;
      continue;
    }
    if (count < n) {
      sum += v;
      count++;
      if (count === n) prev = out[t] = sum / n;
      continue;
    }
    prev = out[t] = alpha * v + (1 - alpha) * prev;
  }
  return out;
}

/**
 * Simple return over `period` observations: x_t / x_{t−period} − 1.
 *
 * @param x - Prices, `(nObs,)`.
 * @param period - Lag (≥ 1).
 * @returns `(nObs,)`, fraction; NaN for t < period or when either price is NaN. Lookback `period`.
 * @see pandas `Series.pct_change(period)`; TTR::ROC(type = "discrete").
 * @example pctChange(Float64Array.of(100, 110, 99), 1) // [NaN, 0.1, -0.1]
 */
export function pctChange(x: Float64Array, period = 1): Float64Array {
  checkPeriod('pctChange', 'period', period);
  const out = new Float64Array(x.length).fill(NaN);
  for (let t = period; t < x.length; t++) out[t] = x[t] / x[t - period] - 1;
  return out;
}

/**
 * Rolling median over `n` observations (sorted window; O(n log n) per point).
 *
 * @returns `(nObs,)`; NaN during warm-up and for windows holding a NaN. Lookback n − 1.
 * @see pandas `Series.rolling(n).median()`.
 */
export function rollingMedian(x: Float64Array, n: number): Float64Array {
  checkPeriod('rollingMedian', 'n', n);
  const out = new Float64Array(x.length).fill(NaN);
  const w = new Float64Array(n);
  let lastNan = -1;
  for (let t = 0; t < x.length; t++) {
    if (Number.isNaN(x[t])) lastNan = t;
    if (t < n - 1 || lastNan > t - n) continue;
    w.set(x.subarray(t - n + 1, t + 1));
    w.sort();
    out[t] = n % 2 ? w[(n - 1) / 2] : (w[n / 2 - 1] + w[n / 2]) / 2;
  }
  return out;
}
