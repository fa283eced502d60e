/**
 * Performance statistics of a backtest (or any periodic return series) in one call. Definitions are
 * empyrical 0.5.5's (ratios.ts, drawdown.ts, benchmark.ts), the PSR is Bailey & López de Prado's
 * (psr.ts). The conventions — `periodsPerYear` (default 252), `riskFreeRate` (annual, default 0,
 * de-annualized geometrically) and multiplicative compounding of simple returns — are documented
 * once, in ratios.ts.
 */
import type { DailySeries } from './engine.js';
import { type BenchmarkInput, type RelativeStats, benchmarkReturns, relativeStats } from './benchmark.js';
import { type MaxDrawdown, maxDrawdown } from './drawdown.js';
import { probabilisticSharpeRatio } from './psr.js';
import {
  type AnnualizationOptions,
  annualReturn,
  annualVolatility,
  checkReturns,
  conventions,
  downsideRisk,
  hitRate,
  kurtosis,
  skewness,
  sharpeRatio,
  sortinoRatio,
  totalReturn,
} from './ratios.js';
import { SchemaError } from '../util/errors.js';

/** A return series with its dates (and optionally its turnover), `(n,)` each. */
export interface ReturnSeries {
  date: ArrayLike<number>;
  returns: ArrayLike<number>;
  turnover?: ArrayLike<number>;
}

/** Options of {@link performanceStats}. */
export interface PerformanceOptions extends AnnualizationOptions {
  /** The benchmark (SPY): closes or returns covering every date of the series. */
  benchmark?: BenchmarkInput;
  /** SR* of the probabilistic Sharpe ratio, annualized. Default 0. */
  psrBenchmarkSharpe?: number;
  /** Excess annual return over the benchmark to beat (seed 002: 5 % a year). Default 0.05. */
  hurdle?: number;
}

/** What {@link performanceStats} returns. Returns and rates are decimals. */
export interface PerformanceStats {
  periods: number;
  /** periods / periodsPerYear. */
  years: number;
  startDate: number;
  endDate: number;
  totalReturn: number;
  /** Compound annual growth rate. */
  cagr: number;
  annualVolatility: number;
  sharpe: number;
  sortino: number;
  /** Annualized downside deviation below rf (the Sortino denominator). */
  downsideDeviation: number;
  maxDrawdown: MaxDrawdown;
  /** CAGR / |max drawdown|; NaN without a drawdown. */
  calmar: number;
  /** Winning periods / periods with a non-zero return. */
  hitRate: number;
  /** Mean daily turnover (Σ|Δw| per period); NaN when no turnover was given. */
  averageTurnover: number;
  skewness: number;
  kurtosis: number;
  /** Probability that the true Sharpe ratio exceeds `psrBenchmarkSharpe`. */
  probabilisticSharpe: number;
  /** Present when a benchmark was given. */
  benchmark?: RelativeStats & { hurdle: number; beatsHurdle: boolean };
}

/**
 * All statistics of a return series; pass a `simulate` result or `{ date, returns, turnover? }`.
 *
 * @throws SchemaError on fewer than 2 returns or a non-finite one.
 * @throws BenchmarkCoverageError when the benchmark misses part of the period, naming the missing range.
 * @throws ParameterError on bad conventions.
 */
export function performanceStats(
  input: ReturnSeries | { daily: DailySeries },
  options: PerformanceOptions = {},
): PerformanceStats {
  const what = 'performanceStats';
  const { ppy } = conventions(options, what);
  const series: ReturnSeries =
    'daily' in input
      ? { date: input.daily.date, returns: input.daily.net, turnover: input.daily.turnover }
      : input;
  const r = series.returns;
  const n = r.length;
  if (n < 2) throw new SchemaError(`${what}: need at least 2 returns, got ${n}`);
  if (series.date.length !== n)
    throw new SchemaError(
      `${what}: date and returns must have the same length, got ${series.date.length} and ${n}`,
    );
  checkReturns(what, r);
  const dd = maxDrawdown(r, series.date);
  const cagr = annualReturn(r, options);
  let averageTurnover = NaN;
  if (series.turnover) {
    averageTurnover = 0;
    for (let i = 0; i < series.turnover.length; i++) averageTurnover += series.turnover[i];
    averageTurnover /= series.turnover.length;
  }
  const stats: PerformanceStats = {
    periods: n,
    years: n / ppy,
    startDate: series.date[0],
    endDate: series.date[n - 1],
    totalReturn: totalReturn(r),
    cagr,
    annualVolatility: annualVolatility(r, options),
    sharpe: sharpeRatio(r, options),
    sortino: sortinoRatio(r, options),
    downsideDeviation: downsideRisk(r, options),
    maxDrawdown: dd,
    calmar: dd.depth < 0 ? cagr / Math.abs(dd.depth) : NaN,
    hitRate: hitRate(r),
    averageTurnover,
    skewness: skewness(r),
    kurtosis: kurtosis(r),
    probabilisticSharpe: probabilisticSharpeRatio(r, {
      ...options,
      benchmarkSharpe: options.psrBenchmarkSharpe,
    }),
  };
  if (options.benchmark) {
    const hurdle = options.hurdle ?? 0.05;
    const rel = relativeStats(r, benchmarkReturns(options.benchmark, series.date, what), options);
    stats.benchmark = { ...rel, hurdle, beatsHurdle: rel.excessAnnualReturn > hurdle };
  }
  return stats;
}

/**
 * The statistics as a flat record of numbers (dates as epoch-ms, NaN where undefined), for tables
 * such as a blend sweep's: one key per statistic, drawdown fields prefixed `max_drawdown_`.
 */
export function flattenStats(s: PerformanceStats): Record<string, number> {
  const out: Record<string, number> = {
    periods: s.periods,
    total_return: s.totalReturn,
    cagr: s.cagr,
    annual_volatility: s.annualVolatility,
    sharpe: s.sharpe,
    sortino: s.sortino,
    max_drawdown: s.maxDrawdown.depth,
    max_drawdown_peak: s.maxDrawdown.peakDate ?? NaN,
    max_drawdown_trough: s.maxDrawdown.troughDate ?? NaN,
    max_drawdown_recovery: s.maxDrawdown.recoveryDate ?? NaN,
    calmar: s.calmar,
    hit_rate: s.hitRate,
    average_turnover: s.averageTurnover,
    probabilistic_sharpe: s.probabilisticSharpe,
  };
  if (s.benchmark) {
    out.alpha = s.benchmark.alpha;
    out.beta = s.benchmark.beta;
    out.information_ratio = s.benchmark.informationRatio;
    out.benchmark_cagr = s.benchmark.benchmarkAnnualReturn;
    out.excess_annual_return = s.benchmark.excessAnnualReturn;
  }
  return out;
}
