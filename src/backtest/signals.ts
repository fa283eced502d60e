/**
 * Signals → orders: on each rebalance date t, the scores known at t become a target portfolio that
 * fills on day t + executionLag.
 *
 * ```
 *  for t = 0 … end − lag:  latest[s] ← score(t, s) where present (NaN rows are no score)
 *    rebalance date t? candidates = latest scores dated after the previous rebalance date (fresh)
 *      none fresh → no order (the book is kept) · else targetWeights(candidates) → order filling on t + lag
 * ```
 *
 * Only rows dated ≤ t are read at t, so no score dated after t can reach a fill before t + lag + 1.
 */
import type { ResolvedPolicy } from './policy.js';
import { targetWeights, weightScratch } from './positions.js';
import { rebalanceMask } from './schedule.js';

/** A target portfolio, sparse: symbol indices and their weights. */
export interface Order {
  s: Int32Array;
  w: Float64Array;
}

/**
 * @param dates - The grid's dates, `(nDates,)`.
 * @param score - `score[t · nSymbols + s]`, NaN = no score.
 * @param startIdx - First day of the period: orders filling before it are dropped.
 * @param endIdx - Last day of the period: signals whose fill falls after it are not formed.
 * @returns Per grid day, the order filling that day (or null).
 */
export function ordersFromScores(
  dates: Float64Array,
  nSymbols: number,
  score: Float64Array,
  policy: ResolvedPolicy,
  startIdx: number,
  endIdx: number,
): (Order | null)[] {
  const S = nSymbols;
  const lag = policy.executionLag;
  const orders = new Array<Order | null>(dates.length).fill(null);
  const mask = rebalanceMask(dates, policy.rebalance);
  const latest = new Float64Array(S).fill(NaN);
  const latestIdx = new Int32Array(S).fill(-1);
  const candidates = new Float64Array(S);
  const target = new Float64Array(S);
  const scratch = weightScratch(S);
  let prevRebalance = -1;
  for (let t = 0; t + lag <= endIdx; t++) {
    const row = t * S;
    for (let s = 0; s < S; s++) {
      const v = score[row + s];
      if (!Number.isNaN(v)) {
        latest[s] = v;
        latestIdx[s] = t;
      }
    }
    if (mask[t] !== 1) continue;
    let fresh = 0;
    for (let s = 0; s < S; s++) {
      candidates[s] = latestIdx[s] > prevRebalance ? latest[s] : NaN;
      if (!Number.isNaN(candidates[s])) fresh++;
    }
    prevRebalance = t;
    if (fresh === 0 || t + lag < startIdx) continue;
    targetWeights(candidates, policy.selection, target, scratch);
    let m = 0;
    for (let s = 0; s < S; s++) if (target[s] !== 0) m++;
    const order: Order = { s: new Int32Array(m), w: new Float64Array(m) };
    for (let s = 0, j = 0; s < S; s++)
      if (target[s] !== 0) {
        order.s[j] = s;
        order.w[j++] = target[s];
      }
    orders[t + lag] = order;
  }
  return orders;
}
