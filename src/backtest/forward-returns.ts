/**
 * Forward returns on the price grid, aligned causally for factor analysis: the value at (t, s) is the
 * return of symbol s from the close of t to the close h trading days later, close[t+h] / close[t] − 1,
 * so a score dated t is compared with what happened after t. NaN where either close is missing or
 * t + h runs past the calendar (no forward-filling of prices, unlike pandas' default `pct_change`).
 *
 * @see alphalens 0.4 `utils.compute_forward_returns`.
 */
import type { PriceGrid } from './grid.js';
import { checkInteger } from './validate.js';

/**
 * @param grid - The price grid.
 * @param h - Horizon in trading days of the grid's calendar, integer ≥ 1.
 * @returns `(nDates × nSymbols)`, date-major.
 */
export function forwardReturnsGrid(grid: PriceGrid, h: number): Float64Array {
  checkInteger('forwardReturnsGrid', 'horizon', h, 1);
  const { nDates: T, nSymbols: S, close } = grid;
  const out = new Float64Array(T * S).fill(NaN);
  for (let t = 0; t + h < T; t++) {
    const a = t * S;
    const b = (t + h) * S;
    for (let s = 0; s < S; s++) out[a + s] = close[b + s] / close[a + s] - 1;
  }
  return out;
}
