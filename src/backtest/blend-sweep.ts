/**
 * Seed 001's blend-ratio sweep: for r = 0, 0.05, …, 1 (21 points), backtest the blended score
 * final = (1 − r) × base + r × ML — ML a predicted return mapped to [0, 1] by `mapReturnToScore`
 * (−10 % → 0, 0 → 0.5, +10 % → 1, clipped), base alone where ML is missing — and tabulate the
 * performance statistics per r.
 *
 * ```
 *  prices ──priceGrid──▶ grid (once)     predictions ──alignScores(base), alignScores(ml) + map──▶ two score grids (once)
 *      for r in ratios: blend grids ──simulateGrid(policy)──▶ net returns ──performanceStats──▶ one row
 * ```
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { blendRatios, mapReturnToScore } from './blend.js';
import { simulateGrid } from './engine.js';
import { type TableInput, type UnmatchedPredictions, alignScores, priceGrid } from './grid.js';
import {
  type PerformanceOptions,
  type PerformanceStats,
  flattenStats,
  performanceStats,
} from './performance.js';
import { type BacktestPolicy, resolvePolicy } from './policy.js';
import { checkInRange } from './validate.js';
import { ParameterError } from '../util/errors.js';

/** Options of {@link blendSweep}: the statistics' conventions, plus the blend's columns and ratios. */
export interface BlendSweepOptions extends PerformanceOptions {
  /** Blend ratios r in [0, 1]. Default 0, 0.05, …, 1. */
  ratios?: number[];
  /** Base score column, on [0, 1]. Default 'base'. */
  baseColumn?: string;
  /** ML column. Default 'ml'. */
  mlColumn?: string;
  /** The ML column is a predicted return to map to [0, 1] (true, default) or already a [0, 1] score (false). */
  mlIsReturn?: boolean;
  /** Return mapped to 1 by mapReturnToScore. Default 0.10. */
  span?: number;
}

/** What {@link blendSweep} returns. */
export interface BlendSweep {
  /** One row per ratio: ratio, then the flattened statistics (cagr, sharpe, max_drawdown, …, alpha, beta with a benchmark). */
  table: ColumnTable;
  stats: PerformanceStats[];
  unmatched: UnmatchedPredictions;
}

/**
 * Backtests the blended score at each ratio.
 *
 * @param predictions - Table or columns with symbol, date, and the base and ML columns.
 * @param policy - The backtest policy (its scoreColumn is ignored).
 * @throws ParameterError on a ratio outside [0, 1] or a bad policy; SchemaError on bad input;
 *   BenchmarkCoverageError when a benchmark misses part of the period.
 */
export function blendSweep(
  predictions: TableInput,
  prices: TableInput,
  policy: BacktestPolicy,
  options: BlendSweepOptions = {},
): BlendSweep {
  const what = 'blendSweep';
  const {
    ratios = blendRatios(0.05),
    baseColumn = 'base',
    mlColumn = 'ml',
    mlIsReturn = true,
    span = 0.1,
  } = options;
  if (!Array.isArray(ratios) || ratios.length === 0)
    throw new ParameterError(`${what}: ratios must be a non-empty array, got ${JSON.stringify(ratios)}`);
  for (const r of ratios) checkInRange(what, 'ratio', r, 0, 1, true);
  const resolved = resolvePolicy(policy, what);
  const grid = priceGrid(prices, { open: resolved.fillAt === 'open', what: `${what}: prices` });
  const base = alignScores(grid, predictions, baseColumn, `${what}: predictions`);
  const mlRaw = alignScores(grid, predictions, mlColumn, `${what}: predictions`).score;
  const ml = mlIsReturn ? mapReturnToScore(mlRaw, span) : mlRaw;
  const blended = new Float64Array(base.score.length);
  const stats: PerformanceStats[] = [];
  const rows: Record<string, number>[] = [];
  for (const r of ratios) {
    for (let c = 0; c < blended.length; c++)
      blended[c] = Number.isNaN(ml[c]) ? base.score[c] : (1 - r) * base.score[c] + r * ml[c];
    const run = simulateGrid(grid, { score: blended, firstIndex: base.firstIndex }, resolved, false);
    const s = performanceStats(
      { date: run.daily.date, returns: run.daily.net, turnover: run.daily.turnover },
      options,
    );
    stats.push(s);
    rows.push({ ratio: r, ...flattenStats(s) });
  }
  return { table: aq.from(rows), stats, unmatched: base.unmatched };
}
