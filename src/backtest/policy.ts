/**
 * A backtest policy: what to hold ({@link SelectionPolicy}) and how and when to trade it. Every
 * finance convention is a parameter, documented here once:
 *
 * | parameter       | unit / values                         | default   | meaning |
 * |-----------------|---------------------------------------|-----------|---------|
 * | `rebalance`     | 'daily' \| 'weekly' \| 'monthly'       | 'daily'   | dates on which a target portfolio is formed (schedule.ts) |
 * | `executionLag`  | trading days, integer ≥ 0             | 1         | a target formed from scores known at the close of day t trades on day t + lag |
 * | `fillAt`        | 'close' \| 'open'                      | 'close'   | fill price on the trade day; 'open' needs lag ≥ 1 |
 * | `costBps`       | bps of traded value, per side, ≥ 0    | 0         | commission and fees (costs.ts) |
 * | `slippageBps`   | bps of traded value, per side, ≥ 0    | 0         | spread / impact, added to costBps |
 * | `holdingPeriod` | trading days, integer ≥ 1             | none      | none: a target is held (drifting with prices) until the next one replaces it. h: each target is held h trading days from its fill, and the book is the mean of the targets filled in the last h days — overlapping portfolios (Jegadeesh & Titman 1993) when rebalancing more often than every h days, cash when no target is live |
 * | `start`, `end`  | date (epoch-ms, 'YYYY-MM-DD' or Date) | first fill, last price date | the simulated period |
 * | `scoreColumn`   | column name                           | 'score'   | the predictions column to rank |
 *
 * Scores known at a rebalance date t are each symbol's latest score dated after the previous
 * rebalance date and at or before t (exactly t's scores when rebalancing daily). A rebalance date
 * with no such score keeps the book unchanged; a date with scores but no selected name goes to cash.
 */
import { toDateMs } from '../data/schema.js';
import { type CostModel, costModel } from './costs.js';
import { type ResolvedSelection, type SelectionPolicy, resolveSelection } from './positions.js';
import type { RebalanceFrequency } from './schedule.js';
import { checkInteger, checkOneOf } from './validate.js';
import { ParameterError } from '../util/errors.js';

/** Where trades fill on the trade day. */
export type FillAt = 'close' | 'open';

/** What to hold and how to trade it. See the table above for units and defaults. */
export interface BacktestPolicy extends SelectionPolicy {
  rebalance?: RebalanceFrequency;
  executionLag?: number;
  fillAt?: FillAt;
  costBps?: number;
  slippageBps?: number;
  holdingPeriod?: number;
  start?: number | string | Date;
  end?: number | string | Date;
  scoreColumn?: string;
}

/** A validated {@link BacktestPolicy} with its defaults. */
export interface ResolvedPolicy {
  selection: ResolvedSelection;
  rebalance: RebalanceFrequency;
  executionLag: number;
  fillAt: FillAt;
  costs: CostModel;
  /** 0 = held until replaced. */
  holdingPeriod: number;
  /** Epoch-ms bounds; NaN = unbounded. */
  start: number;
  end: number;
  scoreColumn: string;
}

/**
 * Validates a policy and fills its defaults.
 *
 * @throws ParameterError (a RangeError) echoing the offending value: negative costs, a lag < 0 or
 *   not an integer, fillAt 'open' with lag 0, an unknown selection, …
 */
export function resolvePolicy(policy: BacktestPolicy, what = 'simulate'): ResolvedPolicy {
  if (typeof policy !== 'object' || policy === null)
    throw new ParameterError(`${what}: policy must be an object, got ${String(policy)}`);
  const { rebalance = 'daily', executionLag = 1, fillAt = 'close', holdingPeriod } = policy;
  checkOneOf(what, 'rebalance', rebalance, ['daily', 'weekly', 'monthly'] as const);
  checkInteger(what, 'executionLag', executionLag, 0);
  checkOneOf(what, 'fillAt', fillAt, ['close', 'open'] as const);
  if (fillAt === 'open' && executionLag < 1)
    throw new ParameterError(
      `${what}: fillAt 'open' needs executionLag ≥ 1 (a score known at the close of t first trades at the open of t + 1), got ${executionLag}`,
    );
  if (holdingPeriod !== undefined) checkInteger(what, 'holdingPeriod', holdingPeriod, 1);
  return {
    selection: resolveSelection(policy, what),
    rebalance,
    executionLag,
    fillAt,
    costs: costModel(policy.costBps ?? 0, policy.slippageBps ?? 0, what),
    holdingPeriod: holdingPeriod ?? 0,
    start: policy.start === undefined ? NaN : toDateMs(policy.start, `${what}: start`),
    end: policy.end === undefined ? NaN : toDateMs(policy.end, `${what}: end`),
    scoreColumn: policy.scoreColumn ?? 'score',
  };
}
