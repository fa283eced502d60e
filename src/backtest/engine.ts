/**
 * The backtest engine on the (date × symbol) grid: value-based book-keeping in typed arrays.
 *
 * ```
 *  pass 1, signals (signals.ts): for each rebalance date t ≤ end − lag: fresh scores (dated after the
 *          previous rebalance, ≤ t) ──targetWeights──▶ an order filling on day t + lag
 *  pass 2, days i = start … end (equity 1 before start):
 *          fillAt 'close': mark holdings to close_i ─▶ fill the order due on i at close_i
 *          fillAt 'open' : mark to open_i ─▶ fill at open_i ─▶ mark to close_i
 *          fill: trade Δ_s = w_s·E′ − h_s, cost = rate · Σ|Δ| from cash, where E′ = E − cost is the
 *                equity after the fill's costs (costs.ts: weights after the fill equal the targets)
 *          record: net_i = E_i / E_{i−1} − 1; costs_i = cost paid on i / E_{i−1}; gross_i = net_i + costs_i;
 *                  turnover_i = Σ|Δ| / E (E = equity at the fill, before costs); positions = holdings / E_i
 * ```
 *
 * Holdings drift with prices between fills (buy-and-hold). A held symbol without a price on a day
 * keeps its last mark (return 0 that day); a trade whose fill price is missing is not executed and
 * is counted in `untradable`. Cash earns nothing (the risk-free rate enters only the statistics).
 */
import { Float64Buffer, Int32Buffer } from './buffer.js';
import type { PriceGrid } from './grid.js';
import type { ResolvedPolicy } from './policy.js';
import { equityAfterCosts } from './costs.js';
import { type Order, ordersFromScores } from './signals.js';

/** Daily series of a simulation, one entry per day of the period, `(nDays,)`. */
export interface DailySeries {
  /** Epoch-ms UTC days. */
  date: Float64Array;
  /** Return before costs, fraction of the previous close's equity. */
  gross: Float64Array;
  /** Costs paid that day, fraction of the previous close's equity. */
  costs: Float64Array;
  /** gross − costs = equity_i / equity_{i−1} − 1. */
  net: Float64Array;
  /** Σ |Δweight| traded that day (two-sided: a full switch of the book is 2), fraction of equity at the fill. */
  turnover: Float64Array;
  /** Equity at the close, starting from 1 before the first day. */
  equity: Float64Array;
  /** Σ of long weights at the close. */
  longExposure: Float64Array;
  /** Σ of short weights at the close (≤ 0). */
  shortExposure: Float64Array;
}

/** Sparse outputs: one entry per (day, symbol). `t` and `s` index the grid's dates and symbols. */
export interface GridPositions {
  t: Int32Array;
  s: Int32Array;
  weight: Float64Array;
}
export interface GridTrades {
  t: Int32Array;
  s: Int32Array;
  /** Traded value Δ as a fraction of the equity at the fill before costs (+ buy, − sell). */
  weightChange: Float64Array;
  /** Fill price. */
  price: Float64Array;
  /** Cost of the trade, fraction of the previous close's equity. */
  cost: Float64Array;
}

/** What {@link simulateGrid} returns. */
export interface GridSimulation {
  daily: DailySeries;
  /** Grid index of the first day of the period (-1 when the period is empty). */
  startIndex: number;
  positions: GridPositions | null;
  trades: GridTrades | null;
  /** Orders filled (rebalances that reached the market). */
  fills: number;
  /** Trades skipped because the symbol had no fill price that day. */
  untradable: number;
}

/**
 * Runs one backtest on the grid.
 *
 * @param grid - Prices (with `open` when `policy.fillAt` is 'open').
 * @param scores - `score[t · nSymbols + s]`, NaN = no score; and the first date index holding a prediction.
 * @param policy - From resolvePolicy.
 * @param record - Also return the sparse positions and trades (default true; a sweep turns it off).
 */
export function simulateGrid(
  grid: PriceGrid,
  scores: { score: Float64Array; firstIndex: number },
  policy: ResolvedPolicy,
  record = true,
): GridSimulation {
  const { nDates: T, nSymbols: S, dates } = grid;
  const lag = policy.executionLag;
  let startIdx = scores.firstIndex < 0 ? T : scores.firstIndex + lag;
  let endIdx = T - 1;
  if (!Number.isNaN(policy.start)) while (startIdx < T && dates[startIdx] < policy.start) startIdx++;
  if (!Number.isNaN(policy.end)) while (endIdx >= 0 && dates[endIdx] > policy.end) endIdx--;
  const nDays = Math.max(0, endIdx - startIdx + 1);
  const daily: DailySeries = {
    date: dates.slice(startIdx, startIdx + nDays),
    gross: new Float64Array(nDays),
    costs: new Float64Array(nDays),
    net: new Float64Array(nDays),
    turnover: new Float64Array(nDays),
    equity: new Float64Array(nDays),
    longExposure: new Float64Array(nDays),
    shortExposure: new Float64Array(nDays),
  };
  if (nDays === 0) return { daily, startIndex: -1, positions: null, trades: null, fills: 0, untradable: 0 };

  // Pass 1: orders from the signals.
  const orders = ordersFromScores(dates, S, scores.score, policy, startIdx, endIdx);

  // Pass 2: the days.
  const hold = new Float64Array(S);
  const lastPx = new Float64Array(S).fill(NaN);
  const book = new Float64Array(S);
  const rate = policy.costs.rate;
  const h = policy.holdingPeriod;
  const live: { exec: number; order: Order }[] = [];
  const pos = record ? { t: new Int32Buffer(), s: new Int32Buffer(), w: new Float64Buffer() } : null;
  const tr = record
    ? {
        t: new Int32Buffer(),
        s: new Int32Buffer(),
        dw: new Float64Buffer(),
        px: new Float64Buffer(),
        abs: new Float64Buffer(),
      }
    : null;
  let cash = 1;
  let fills = 0;
  let untradable = 0;

  const mark = (prices: Float64Array, row: number) => {
    for (let s = 0; s < S; s++) {
      if (hold[s] === 0) continue;
      const px = prices[row + s];
      if (px > 0) {
        hold[s] *= px / lastPx[s];
        lastPx[s] = px;
      }
    }
  };

  for (let k = 0; k < nDays; k++) {
    const i = startIdx + k;
    const row = i * S;
    let prevEquity = cash;
    for (let s = 0; s < S; s++) prevEquity += hold[s];
    if (k === 0) prevEquity = 1;
    const fillPrices = policy.fillAt === 'open' ? grid.open! : grid.close;
    if (policy.fillAt === 'open') mark(grid.open!, row);
    else mark(grid.close, row);

    // Which targets are live at this fill, and did that change?
    let changed = false;
    const order = orders[i];
    if (order) {
      if (h === 0) live.length = 0;
      live.push({ exec: i, order });
      changed = true;
      fills++;
    }
    if (h > 0)
      for (let j = live.length - 1; j >= 0; j--)
        if (i - live[j].exec >= h) {
          live.splice(j, 1);
          changed = true;
        }
    let traded = 0;
    let fillEquity = cash;
    for (let s = 0; s < S; s++) fillEquity += hold[s];
    if (changed) {
      book.fill(0);
      for (const { order: o } of live)
        for (let j = 0; j < o.s.length; j++) book[o.s[j]] += o.w[j] / live.length;
      const post = equityAfterCosts(book, hold, fillPrices, row, fillEquity, rate);
      const tol = 1e-12 * Math.abs(fillEquity);
      for (let s = 0; s < S; s++) {
        if (book[s] === 0 && hold[s] === 0) continue;
        const delta = book[s] * post - hold[s];
        if (Math.abs(delta) <= tol) continue;
        const px = fillPrices[row + s];
        if (!(px > 0)) {
          untradable++;
          continue;
        }
        hold[s] = book[s] === 0 ? 0 : book[s] * post;
        cash -= delta;
        lastPx[s] = px;
        traded += Math.abs(delta);
        if (tr) {
          tr.t.push(i);
          tr.s.push(s);
          tr.dw.push(delta / fillEquity);
          tr.px.push(px);
          tr.abs.push(Math.abs(delta));
        }
      }
    }
    const dayCost = rate * traded;
    cash -= dayCost;
    if (policy.fillAt === 'open') mark(grid.close, row);

    let equity = cash;
    let longW = 0;
    let shortW = 0;
    for (let s = 0; s < S; s++) {
      const v = hold[s];
      if (v === 0) continue;
      equity += v;
      if (v > 0) longW += v;
      else shortW += v;
    }
    if (pos)
      for (let s = 0; s < S; s++)
        if (hold[s] !== 0) {
          pos.t.push(i);
          pos.s.push(s);
          pos.w.push(hold[s] / equity);
        }
    daily.net[k] = equity / prevEquity - 1;
    daily.costs[k] = dayCost / prevEquity;
    daily.gross[k] = daily.net[k] + daily.costs[k];
    daily.turnover[k] = traded === 0 ? 0 : traded / fillEquity;
    daily.equity[k] = equity;
    daily.longExposure[k] = longW / equity;
    daily.shortExposure[k] = shortW / equity;
  }

  let trades: GridTrades | null = null;
  if (tr) {
    const tIdx = tr.t.toArray();
    const abs = tr.abs.toArray();
    // A trade's cost as a fraction of the equity at the previous close of its day.
    const cost = Float64Array.from(abs, (a, j) => {
      const k = tIdx[j] - startIdx;
      const prev = k === 0 ? 1 : daily.equity[k - 1];
      return (rate * a) / prev;
    });
    trades = { t: tIdx, s: tr.s.toArray(), weightChange: tr.dw.toArray(), price: tr.px.toArray(), cost };
  }
  return {
    daily,
    startIndex: startIdx,
    positions: pos ? { t: pos.t.toArray(), s: pos.s.toArray(), weight: pos.w.toArray() } : null,
    trades,
    fills,
    untradable,
  };
}
