/**
 * Daily volatility for the triple barrier's width (AFML snippet 3.1 `getDailyVol`, with one change):
 *
 * ```
 *  r_t = close_t / close_{t−1} − 1                        one-ROW return (the book: see below)
 *  σ_t = pandas r.ewm(span = volSpan, min_periods).std()  exponentially weighted, adjust = True, bias-corrected
 * ```
 * σ_t uses returns at rows ≤ t only. {@link ewmStd} is a line-by-line port of pandas 1.5's `ewmcov`
 * (pandas/_libs/window/aggregations.pyx, with x = y) followed by `zsqrt`, so it agrees with pandas
 * to the last bits, NaN handling included (`ignore_na = False`: a NaN return is skipped but still
 * decays the older weights; the output at a NaN input repeats the state).
 *
 * **Departure from the book.** `getDailyVol` aligns each date d with the last close strictly before
 * d − 1 calendar day (`searchsorted(index − 1 day)` − 1), written for intraday bars. On daily bars that
 * makes Tuesday–Friday returns two-trading-day returns and Monday's a one-day return (Friday → Monday).
 * We use the return over one row instead, the same span (100) and pandas' default `min_periods` (0:
 * σ exists from the second return on). Pass the book's series through `tripleBarrier`'s `vol` option to
 * reproduce the book exactly (test/fixtures/labels: on AAPL 2013–2018 the two choices give different
 * default labels on 128 of 1,256 rows).
 */
import { checkPeriod, pctChange } from '../features/rolling.js';
import { ParameterError } from '../util/errors.js';

/**
 * Exponentially weighted standard deviation, pandas `x.ewm(span=span, min_periods=minPeriods).std()`
 * (adjust = True, bias = False, ignore_na = False): α = 2 / (span + 1), weights (1 − α)^k on the k-th
 * previous observation, variance scaled by (Σw)² / ((Σw)² − Σw²).
 *
 * @param x - Series, `(nObs,)`.
 * @param span - Span (integer ≥ 2).
 * @param minPeriods - Observations needed for an output (pandas `min_periods`, integer ≥ 0). Default 0.
 *   The bias correction needs two, so the first observation's output is NaN whatever `minPeriods`.
 * @returns `(nObs,)`; NaN before the second non-NaN observation and while fewer than `minPeriods`
 *   non-NaN values have been seen.
 * @throws ParameterError (RangeError) for a bad `span` or `minPeriods`, echoing it.
 * @see pandas `DataFrame.ewm` (1.5.3), window/aggregations.pyx `ewmcov`; AFML snippet 3.1.
 * @example ewmStd(Float64Array.of(1, 2, 3), 3) // [NaN, 0.7071067811865476, 0.9636241116594314]
 */
export function ewmStd(x: Float64Array, span: number, minPeriods = 0): Float64Array {
  checkPeriod('ewmStd', 'span', span, 2);
  if (!Number.isInteger(minPeriods) || minPeriods < 0)
    throw new ParameterError(`ewmStd: minPeriods must be an integer ≥ 0, got ${String(minPeriods)}`);
  const n = x.length;
  const out = new Float64Array(n).fill(NaN);
  if (n === 0) return out;
  const minp = Math.max(minPeriods, 1);
  const com = (span - 1) / 2;
  const alpha = 1 / (1 + com);
  const oldWtFactor = 1 - alpha;
  const newWt = 1; // adjust = True
  let mean = x[0];
  let nobs = Number.isNaN(mean) ? 0 : 1;
  let cov = 0;
  let sumWt = 1;
  let sumWt2 = 1;
  let oldWt = 1;
  for (let i = 1; i < n; i++) {
    const cur = x[i];
    const isObs = !Number.isNaN(cur);
    if (isObs) nobs++;
    if (!Number.isNaN(mean)) {
      sumWt *= oldWtFactor;
      sumWt2 *= oldWtFactor * oldWtFactor;
      oldWt *= oldWtFactor;
      if (isObs) {
        const oldMean = mean;
        if (mean !== cur) mean = (oldWt * oldMean + newWt * cur) / (oldWt + newWt);
        cov =
          (oldWt * (cov + (oldMean - mean) * (oldMean - mean)) + newWt * ((cur - mean) * (cur - mean))) /
          (oldWt + newWt);
        sumWt += newWt;
        sumWt2 += newWt * newWt;
        oldWt += newWt;
      }
    } else if (isObs) mean = cur;
    if (nobs >= minp) {
      const numerator = sumWt * sumWt;
      const denominator = numerator - sumWt2;
      // zsqrt: negative variances (rounding) become 0.
      if (denominator > 0) out[i] = Math.sqrt(Math.max((numerator / denominator) * cov, 0));
    }
  }
  return out;
}

/**
 * Daily volatility σ_t: {@link ewmStd} of the one-row simple returns, span `span` (module docs).
 *
 * @param close - Closes, `(nObs,)`.
 * @param span - EWM span in rows (integer ≥ 2). Default 100 (AFML's `span0`).
 * @param minPeriods - pandas `min_periods` (returns needed). Default 0.
 * @returns `(nObs,)`, daily fraction; NaN at rows 0 and 1 (fewer than two returns).
 * @see López de Prado (2018), Advances in Financial Machine Learning, snippet 3.1 `getDailyVol`.
 */
export function dailyVolatility(close: Float64Array, span = 100, minPeriods = 0): Float64Array {
  return ewmStd(pctChange(close, 1), span, minPeriods);
}
