/**
 * Return statistics of one periodic return series, with empyrical 0.5.5's definitions (ported, not
 * called: golden values in test/fixtures/backtest from generate.py). The conventions, documented here
 * once for every statistic of the backtest module:
 *
 * - `periodsPerYear` — return periods in a year, the annualization factor. Default 252 (trading days).
 * - `riskFreeRate` — annual risk-free rate as a decimal (0.02 = 2 %). Default 0. It is converted to a
 *   per-period rate geometrically, rf_p = (1 + rf)^(1 / periodsPerYear) − 1 (as quantstats'
 *   `to_excess_returns`), and subtracted from each return where a statistic is "in excess of rf"
 *   (Sharpe, Sortino, alpha, PSR).
 * - Compounding: returns are simple (not log) and compound multiplicatively: wealth = Π(1 + r),
 *   CAGR = (Π(1 + r))^(periodsPerYear / n) − 1.
 *
 * Inputs are simple returns as fractions, `(n,)`, finite. Statistics undefined for the
 * input (fewer than 2 returns, zero spread) are NaN, as in empyrical.
 *
 * @see empyrical 0.5.5 `stats.py` (Quantopian, Apache-2.0); quantstats 0.0.62 `stats.win_rate`.
 */
import { ParameterError, SchemaError } from '../util/errors.js';

/** The annualization conventions. */
export interface AnnualizationOptions {
  /** Return periods per year. Default 252. */
  periodsPerYear?: number;
  /** Annual risk-free rate, decimal. Default 0. */
  riskFreeRate?: number;
}

/** Validated conventions: the factor and the per-period risk-free rate. */
export function conventions(options: AnnualizationOptions, what: string): { ppy: number; rf: number } {
  const { periodsPerYear = 252, riskFreeRate = 0 } = options;
  if (!(Number.isFinite(periodsPerYear) && periodsPerYear > 0))
    throw new ParameterError(
      `${what}: periodsPerYear must be a finite number > 0, got ${String(periodsPerYear)}`,
    );
  if (!(Number.isFinite(riskFreeRate) && riskFreeRate > -1))
    throw new ParameterError(
      `${what}: riskFreeRate must be a finite annual rate > -1, got ${String(riskFreeRate)}`,
    );
  return { ppy: periodsPerYear, rf: Math.pow(1 + riskFreeRate, 1 / periodsPerYear) - 1 };
}

/** Throws a SchemaError on the first non-finite return. */
export function checkReturns(what: string, returns: ArrayLike<number>, name = 'returns'): void {
  for (let i = 0; i < returns.length; i++)
    if (!Number.isFinite(returns[i]))
      throw new SchemaError(`${what}: ${name} must be finite, got ${returns[i]} at index ${i}`);
}

function mean(x: ArrayLike<number>, shift = 0): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] - shift;
  return s / x.length;
}

/** Sample standard deviation (ddof = 1) of x − shift. */
export function stdDev(x: ArrayLike<number>, shift = 0): number {
  const n = x.length;
  if (n < 2) return NaN;
  const m = mean(x, shift);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - shift - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * Total compounded return Π(1 + r) − 1 (empyrical `cum_returns_final`).
 * @example totalReturn([0.1, -0.1]) // -0.01 (≈ −0.010000000000000009)
 */
export function totalReturn(returns: ArrayLike<number>): number {
  let w = 1;
  for (let i = 0; i < returns.length; i++) w *= 1 + returns[i];
  return w - 1;
}

/**
 * Compound annual growth rate, (Π(1 + r))^(periodsPerYear / n) − 1 (empyrical `annual_return` / `cagr`).
 * @example annualReturn([0.01, 0.01], { periodsPerYear: 2 }) // 0.0201 (≈)
 */
export function annualReturn(returns: ArrayLike<number>, options: AnnualizationOptions = {}): number {
  const { ppy } = conventions(options, 'annualReturn');
  if (returns.length < 1) return NaN;
  return Math.pow(1 + totalReturn(returns), ppy / returns.length) - 1;
}

/** std(r, ddof = 1) · √periodsPerYear (empyrical `annual_volatility`). */
export function annualVolatility(returns: ArrayLike<number>, options: AnnualizationOptions = {}): number {
  const { ppy } = conventions(options, 'annualVolatility');
  return stdDev(returns) * Math.sqrt(ppy);
}

/**
 * mean(r − rf_p) / std(r − rf_p, ddof = 1) · √periodsPerYear (empyrical `sharpe_ratio`); NaN for zero spread.
 */
export function sharpeRatio(returns: ArrayLike<number>, options: AnnualizationOptions = {}): number {
  const { ppy, rf } = conventions(options, 'sharpeRatio');
  if (returns.length < 2) return NaN;
  const sd = stdDev(returns, rf);
  return sd > 0 ? (mean(returns, rf) / sd) * Math.sqrt(ppy) : NaN;
}

/**
 * Annualized downside deviation below rf_p: √(mean(min(r − rf_p, 0)²)) · √periodsPerYear, the mean
 * taken over all n periods, not only the losing ones (empyrical `downside_risk`; Sortino & Price 1994).
 */
export function downsideRisk(returns: ArrayLike<number>, options: AnnualizationOptions = {}): number {
  const { ppy, rf } = conventions(options, 'downsideRisk');
  const n = returns.length;
  if (n < 1) return NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += Math.min(returns[i] - rf, 0) ** 2;
  return Math.sqrt(ss / n) * Math.sqrt(ppy);
}

/**
 * mean(r − rf_p) · periodsPerYear / downsideRisk (empyrical `sortino_ratio` with required_return = rf_p);
 * NaN when there is no downside (0 / 0 or x / 0 → NaN rather than ±Infinity).
 */
export function sortinoRatio(returns: ArrayLike<number>, options: AnnualizationOptions = {}): number {
  const { ppy, rf } = conventions(options, 'sortinoRatio');
  if (returns.length < 2) return NaN;
  const dd = downsideRisk(returns, options);
  return dd > 0 ? (mean(returns, rf) * ppy) / dd : NaN;
}

/**
 * Share of winning periods among the periods with a non-zero return (quantstats `win_rate`:
 * `len(r[r > 0]) / len(r[r != 0])`); NaN when every return is 0.
 * @example hitRate([0.01, 0, -0.02, 0.03]) // 0.6666666666666666
 */
export function hitRate(returns: ArrayLike<number>): number {
  let wins = 0;
  let nonzero = 0;
  for (let i = 0; i < returns.length; i++) {
    if (returns[i] !== 0) nonzero++;
    if (returns[i] > 0) wins++;
  }
  return nonzero === 0 ? NaN : wins / nonzero;
}

/** Population skewness m3 / m2^1.5 (scipy.stats.skew, bias=True); NaN for zero spread. */
export function skewness(x: ArrayLike<number>): number {
  const m = mean(x);
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - m;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= x.length;
  m3 /= x.length;
  return m2 > 0 ? m3 / Math.pow(m2, 1.5) : NaN;
}

/** Population kurtosis m4 / m2² — not excess: 3 for a normal (scipy.stats.kurtosis, fisher=False, bias=True). */
export function kurtosis(x: ArrayLike<number>): number {
  const m = mean(x);
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < x.length; i++) {
    const d2 = (x[i] - m) ** 2;
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= x.length;
  m4 /= x.length;
  return m2 > 0 ? m4 / (m2 * m2) : NaN;
}
