/**
 * Rebalance schedules on a trading calendar. A schedule marks the dates on which a new target
 * portfolio is formed from the scores known at that date's close:
 *
 * - `'daily'`: every trading day;
 * - `'weekly'`: the last trading day of each calendar week (Monday–Sunday, UTC);
 * - `'monthly'`: the last trading day of each calendar month.
 *
 * "Last trading day" is read off the calendar itself (the exchange calendar is known in advance;
 * no price is looked at). The calendar's final date always counts as the end of its (possibly
 * partial) week or month.
 */
import { checkOneOf } from './validate.js';

/** How often the target portfolio is re-formed. */
export type RebalanceFrequency = 'daily' | 'weekly' | 'monthly';

const FREQUENCIES: readonly RebalanceFrequency[] = ['daily', 'weekly', 'monthly'];
const DAY = 86_400_000;

/** Monday-based week number since the epoch (1970-01-01 was a Thursday, so day 4 starts week 1). */
function weekKey(ms: number): number {
  return Math.floor((Math.floor(ms / DAY) + 3) / 7);
}

function monthKey(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/**
 * Marks the rebalance dates of a calendar.
 *
 * @param dates - Trading days, epoch-ms UTC, ascending, `(nDates,)`.
 * @returns `(nDates,)`, 1 on a rebalance date.
 * @throws ParameterError for an unknown frequency.
 * @example rebalanceMask([Mon, Tue, Fri, nextMon], 'weekly') // [0, 0, 1, 1]
 */
export function rebalanceMask(dates: ArrayLike<number>, frequency: RebalanceFrequency = 'daily'): Uint8Array {
  checkOneOf('rebalanceMask', 'rebalance', frequency, FREQUENCIES);
  const n = dates.length;
  const mask = new Uint8Array(n);
  if (frequency === 'daily') return mask.fill(1);
  const key = frequency === 'weekly' ? weekKey : monthKey;
  for (let t = 0; t < n; t++) mask[t] = t === n - 1 || key(dates[t]) !== key(dates[t + 1]) ? 1 : 0;
  return mask;
}
