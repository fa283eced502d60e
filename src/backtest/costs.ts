/**
 * Trading costs, charged per side on the traded value: every buy and every sell of value V costs
 * V × (costBps + slippageBps) / 10 000. A round trip (buy, then sell) therefore costs twice the rate.
 *
 * - `costBps` — commission and fees in basis points of traded value, per side. Default 0.
 * - `slippageBps` — market impact / spread in basis points of traded value, per side. Default 0.
 *
 * Costs are paid from cash at the fill; the simulator reports them as a fraction of the previous
 * close's equity (see simulate.ts), so `net = gross − costs` holds exactly day by day.
 */
import { checkNonNegative } from './validate.js';

/** Basis points in one unit (1 bp = 0.01 %). */
export const BPS = 10_000;

/** A linear, symmetric cost model. */
export interface CostModel {
  /** Commission and fees, bps of traded value per side, ≥ 0. */
  costBps: number;
  /** Slippage, bps of traded value per side, ≥ 0. */
  slippageBps: number;
  /** (costBps + slippageBps) / 10 000: cost per unit of traded value. */
  rate: number;
}

/**
 * Validates and builds a cost model.
 *
 * @throws ParameterError (a RangeError) echoing a negative or non-finite value.
 * @example costModel(10, 5).rate // 0.0015
 */
export function costModel(costBps = 0, slippageBps = 0, what = 'costModel'): CostModel {
  checkNonNegative(what, 'costBps', costBps);
  checkNonNegative(what, 'slippageBps', slippageBps);
  return { costBps, slippageBps, rate: (costBps + slippageBps) / BPS };
}

/**
 * Cost of trading `turnover` (Σ |Δweight|, a fraction of equity) under `model`, as a fraction of equity.
 * @example tradingCost(0.5, costModel(10)) // 0.0005
 */
export function tradingCost(turnover: number, model: CostModel): number {
  return turnover * model.rate;
}

/**
 * Equity after a fill's costs, E′ = E − rate · Σ |w_s · E′ − h_s| over the tradable names (those with
 * a fill price), so that the weights after the fill are exactly the targets w. The map E′ ↦ E − rate·Σ|…| is a contraction
 * (factor rate · Σ|w| ≪ 1): a few fixed-point steps reach machine precision.
 *
 * @param book - Target weights, `(nSymbols,)`. @param hold - Holdings in currency, `(nSymbols,)`.
 * @param prices - Fill prices of the grid; `row` = t · nSymbols. @param equity - E, before costs.
 * @example with one name, E = 1, no holding, rate 0.001: E′ = 1 / 1.001
 */
export function equityAfterCosts(
  book: Float64Array,
  hold: Float64Array,
  prices: Float64Array,
  row: number,
  equity: number,
  rate: number,
): number {
  if (rate === 0) return equity;
  let post = equity;
  for (let iter = 0; iter < 100; iter++) {
    let traded = 0;
    for (let s = 0; s < book.length; s++) {
      if ((book[s] === 0 && hold[s] === 0) || !(prices[row + s] > 0)) continue;
      traded += Math.abs(book[s] * post - hold[s]);
    }
    const next = equity - rate * traded;
    if (Math.abs(next - post) <= 1e-15 * Math.abs(equity)) return next;
    post = next;
  }
  return post;
}
