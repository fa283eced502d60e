/**
 * Backtests: scores → positions (lagged) → costs → returns → performance statistics; factor
 * analysis; event precision; score blending and a rules engine. See policy.ts for the trading
 * conventions and ratios.ts / performance.ts for the statistics' conventions.
 */
export { simulate, type SimulationResult } from './simulate.js';
export { type BacktestPolicy, type ResolvedPolicy, type FillAt, resolvePolicy } from './policy.js';
export {
  targetWeights,
  resolveSelection,
  weightScratch,
  type Selection,
  type Weighting,
  type SelectionPolicy,
  type ResolvedSelection,
  type WeightScratch,
} from './positions.js';
export { costModel, tradingCost, BPS, type CostModel } from './costs.js';
export { rebalanceMask, type RebalanceFrequency } from './schedule.js';
export {
  simulateGrid,
  type DailySeries,
  type GridSimulation,
  type GridPositions,
  type GridTrades,
} from './engine.js';
export {
  priceGrid,
  alignScores,
  type PriceGrid,
  type ScoreGrid,
  type UnmatchedPredictions,
  type TableInput,
  type Columns,
} from './grid.js';
export {
  performanceStats,
  flattenStats,
  type PerformanceStats,
  type PerformanceOptions,
  type ReturnSeries,
} from './performance.js';
export {
  totalReturn,
  annualReturn,
  annualVolatility,
  sharpeRatio,
  sortinoRatio,
  downsideRisk,
  hitRate,
  skewness,
  kurtosis,
  type AnnualizationOptions,
} from './ratios.js';
export { maxDrawdown, drawdownSeries, type MaxDrawdown } from './drawdown.js';
export { probabilisticSharpeRatio, psrFromMoments, type SharpeMoments, type PsrOptions } from './psr.js';
export { normalCdf, erfc } from './normal.js';
export {
  benchmarkReturns,
  relativeStats,
  BenchmarkCoverageError,
  type BenchmarkInput,
  type RelativeStats,
  type MissingRange,
} from './benchmark.js';
export { topDecileVsBenchmark, type BenchmarkComparison } from './excess-return.js';
export { factorAnalysis, type FactorAnalysis, type FactorOptions } from './factor.js';
export { forwardReturnsGrid } from './forward-returns.js';
export { quantilesByDate } from './quantiles.js';
export { eventPrecision, type EventPrecision, type EventPrecisionOptions } from './precision.js';
export {
  twoTrackScore,
  mapReturnToScore,
  blendScores,
  blendRatios,
  rankBlend,
  type TwoTrackScore,
} from './blend.js';
export { blendSweep, type BlendSweep, type BlendSweepOptions } from './blend-sweep.js';
export { rulesScore, type Rule, type RuleOp, type RulesScore } from './rules.js';
