/**
 * `simulate(predictions, prices, policy)`: a point-in-time backtest of a score, with the outputs as
 * Arquero tables. The conventions (lag, fills, costs, rebalancing, holding period) are the policy's
 * parameters, documented once in policy.ts; the book-keeping is in engine.ts.
 *
 * ```
 *  prices ──priceGrid──▶ (date × symbol) grid          predictions ──alignScores──▶ score grid + unmatched
 *                                  └──────────── simulateGrid(policy) ────────────┘
 *                                                        ▼
 *            returns (gross, costs, net) · positions · trades · turnover · equity — tables
 * ```
 *
 * Timing: a score dated t is known at the close of t; the target formed from it fills on t +
 * executionLag (default 1) at the close (or the open), so nothing dated after t is ever used at t.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { type DailySeries, simulateGrid } from './engine.js';
import {
  type PriceGrid,
  type TableInput,
  type UnmatchedPredictions,
  alignScores,
  priceGrid,
} from './grid.js';
import { type BacktestPolicy, type ResolvedPolicy, resolvePolicy } from './policy.js';

/** What {@link simulate} returns. Dates are epoch-ms UTC days; weights and returns are fractions. */
export interface SimulationResult {
  /** One row per day: date, gross, costs, net, turnover, long_exposure, short_exposure, equity. */
  returns: ColumnTable;
  /** One row per (day, held symbol) at the close: symbol, date, weight (negative = short). */
  positions: ColumnTable;
  /** One row per fill: symbol, date, weight_change, price, cost (fraction of the previous close's equity). */
  trades: ColumnTable;
  /** date, turnover (Σ |Δweight|, two-sided). */
  turnover: ColumnTable;
  /** date, equity (1 before the first day), drawdown (equity / running peak − 1, the start counting as a peak). */
  equity: ColumnTable;
  /** The daily series as typed arrays (what the tables hold), for the statistics. */
  daily: DailySeries;
  /** Prediction rows that could not be placed on the price grid, by reason. */
  unmatched: UnmatchedPredictions;
  /** Orders that reached the market. */
  fills: number;
  /** Trades skipped for want of a fill price. */
  untradable: number;
  policy: ResolvedPolicy;
}

/**
 * Backtests a score.
 *
 * @param predictions - Table or columns with `symbol`, `date` (epoch-ms UTC days) and the score
 *   column (`policy.scoreColumn`, default 'score'); one row per (symbol, date); NaN score = none.
 * @param prices - The OHLCV panel (symbol, date, close, and open when `fillAt` is 'open'); any row order.
 * @param policy - See policy.ts.
 * @throws ParameterError (RangeError) on a bad policy: negative costs, lag < 0, …
 * @throws SchemaError on missing columns, duplicate keys, non-positive prices.
 * @example
 * simulate(preds, panel, { select: 'top-quantile', quantile: 0.1, costBps: 5 }).returns // date, gross, costs, net, …
 */
export function simulate(
  predictions: TableInput,
  prices: TableInput,
  policy: BacktestPolicy,
): SimulationResult {
  const resolved = resolvePolicy(policy, 'simulate');
  const grid = priceGrid(prices, { open: resolved.fillAt === 'open', what: 'simulate: prices' });
  const scores = alignScores(grid, predictions, resolved.scoreColumn, 'simulate: predictions');
  const run = simulateGrid(grid, scores, resolved, true);
  return {
    ...simulationTables(grid, run.daily, run.positions, run.trades),
    daily: run.daily,
    unmatched: scores.unmatched,
    fills: run.fills,
    untradable: run.untradable,
    policy: resolved,
  };
}

function simulationTables(
  grid: PriceGrid,
  d: DailySeries,
  positions: ReturnType<typeof simulateGrid>['positions'],
  trades: ReturnType<typeof simulateGrid>['trades'],
): Pick<SimulationResult, 'returns' | 'positions' | 'trades' | 'turnover' | 'equity'> {
  const drawdown = new Float64Array(d.equity.length);
  let peak = 1;
  for (let k = 0; k < d.equity.length; k++) {
    peak = Math.max(peak, d.equity[k]);
    drawdown[k] = d.equity[k] / peak - 1;
  }
  const symbolsOf = (s: Int32Array | undefined) => Array.from(s ?? [], (j) => grid.symbols[j]);
  const datesOf = (t: Int32Array | undefined) => Float64Array.from(t ?? [], (j) => grid.dates[j]);
  return {
    returns: aq.table({
      date: d.date,
      gross: d.gross,
      costs: d.costs,
      net: d.net,
      turnover: d.turnover,
      long_exposure: d.longExposure,
      short_exposure: d.shortExposure,
      equity: d.equity,
    }),
    positions: aq.table({
      symbol: symbolsOf(positions?.s),
      date: datesOf(positions?.t),
      weight: positions?.weight ?? new Float64Array(0),
    }),
    trades: aq.table({
      symbol: symbolsOf(trades?.s),
      date: datesOf(trades?.t),
      weight_change: trades?.weightChange ?? new Float64Array(0),
      price: trades?.price ?? new Float64Array(0),
      cost: trades?.cost ?? new Float64Array(0),
    }),
    turnover: aq.table({ date: d.date, turnover: d.turnover }),
    equity: aq.table({ date: d.date, equity: d.equity, drawdown }),
  };
}
