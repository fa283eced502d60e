/**
 * Seed 002's claim made measurable: "the top decile beats the S&P 500 by more than 5 % a year".
 * Backtest the top decile of the score (long only, equal weights unless overridden) and compare its
 * CAGR with the benchmark's (SPY) over exactly the same days:
 *
 *     excess annual return = CAGR(top decile, net of costs) − CAGR(benchmark)
 *
 * and `beats` = excess > hurdle (default 0.05). The benchmark must cover the period.
 */
import type { BenchmarkInput } from './benchmark.js';
import type { TableInput } from './grid.js';
import { type PerformanceOptions, type PerformanceStats, performanceStats } from './performance.js';
import type { BacktestPolicy } from './policy.js';
import { type SimulationResult, simulate } from './simulate.js';

/** What {@link topDecileVsBenchmark} returns. */
export interface BenchmarkComparison {
  /** CAGR of the top decile, net of costs. */
  annualReturn: number;
  benchmarkAnnualReturn: number;
  excessAnnualReturn: number;
  hurdle: number;
  /** excessAnnualReturn > hurdle. */
  beats: boolean;
  stats: PerformanceStats;
  simulation: SimulationResult;
}

/**
 * @param policy - Overrides of the default top-decile policy `{ select: 'top-quantile', quantile: 0.1 }`
 *   (costs, lag, rebalance, …).
 * @param options - periodsPerYear, riskFreeRate, hurdle (default 0.05).
 * @throws BenchmarkCoverageError naming the missing range when the benchmark does not cover the period.
 */
export function topDecileVsBenchmark(
  predictions: TableInput,
  prices: TableInput,
  benchmark: BenchmarkInput,
  policy: Partial<BacktestPolicy> = {},
  options: Omit<PerformanceOptions, 'benchmark'> = {},
): BenchmarkComparison {
  const simulation = simulate(predictions, prices, { select: 'top-quantile', quantile: 0.1, ...policy });
  const stats = performanceStats(simulation, { ...options, benchmark });
  const b = stats.benchmark!;
  return {
    annualReturn: stats.cagr,
    benchmarkAnnualReturn: b.benchmarkAnnualReturn,
    excessAnnualReturn: b.excessAnnualReturn,
    hurdle: b.hurdle,
    beats: b.beatsHurdle,
    stats,
    simulation,
  };
}
