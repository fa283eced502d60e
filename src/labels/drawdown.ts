/**
 * Drawdown label (seed 000): whether the close h rows ahead is more than |threshold| below today's.
 *
 * ```
 *  drawdown_<h> = 1 if close_{t+h} / close_t − 1 < threshold, else 0      t1 = date_{t+h}; horizon h
 *  defaults: h = 14 rows, threshold = −0.10 (−10 %)
 * ```
 * As seed 000 defines it, this is the return AT t + h, not the worst point of the path in between (a
 * dip that recovers by t + h is 0; use the triple barrier's stop-loss for "touched −x % at any time").
 * The comparison is strict: a return of exactly `threshold` is 0. NaN (and NaN t1) where the forward
 * return is NaN (the last h rows, NaN closes; see forward-return.ts). Equal to pandas
 * `(close.shift(-h) / close - 1) < threshold` where that return is known (pandas writes 0 for the
 * unknown last rows, we write NaN).
 */
import { checkPeriod } from '../features/rolling.js';
import type { LabelDefinition } from '../features/types.js';
import { ParameterError } from '../util/errors.js';
import { forwardReturn } from './forward-return.js';
import { t1AtHorizon } from './t1.js';

function checkThreshold(what: string, threshold: number): void {
  if (!(threshold > -1 && threshold < 0))
    throw new ParameterError(
      `${what}: threshold must be a return in (−1, 0), e.g. −0.1 for −10 %, got ${String(threshold)}`,
    );
}

/**
 * 1 where the h-row forward return is below `threshold`, 0 where it is not, NaN where unknown.
 *
 * @param close - Closes, `(nObs,)`.
 * @param h - Horizon in rows (integer ≥ 1). Default 14.
 * @param threshold - Return threshold, a fraction in (−1, 0). Default −0.1.
 * @returns `(nObs,)` of 0 / 1 / NaN.
 * @throws ParameterError (RangeError) for a bad `h` or `threshold`, echoing it.
 * @example drawdown(Float64Array.of(100, 89, 95, 90), 1) // [1, 0, 0, NaN]
 */
export function drawdown(close: Float64Array, h = 14, threshold = -0.1): Float64Array {
  checkPeriod('drawdown', 'h', h);
  checkThreshold('drawdown', threshold);
  const r = forwardReturn(close, h);
  for (let t = 0; t < r.length; t++) if (!Number.isNaN(r[t])) r[t] = r[t] < threshold ? 1 : 0;
  return r;
}

/** Parameters of {@link drawdownLabel}. */
export interface DrawdownParams {
  /** Horizon in rows (trading days), integer ≥ 1. Default 14. */
  h: number;
  /** Return threshold in (−1, 0). Default −0.1. */
  threshold: number;
}

/** `drawdown_<h>`: 1 if the h-row forward return is below `threshold` (−10 %), else 0; t1 = date_{t+h}. */
export const drawdownLabel: LabelDefinition<DrawdownParams> = {
  name: 'drawdown',
  description:
    'drawdown (seed 000): 1 if close_{t+h} / close_t − 1 < threshold (−10 %), else 0; t1 = date_{t+h}',
  defaults: { h: 14, threshold: -0.1 },
  validate(p) {
    checkPeriod('drawdown', 'h', p.h);
    checkThreshold('drawdown', p.threshold);
  },
  outputs: (p) => [`drawdown_${p.h}`],
  horizon: (p) => p.h,
  compute(series, p) {
    const value = drawdown(series.close, p.h, p.threshold);
    return { values: [value], t1: t1AtHorizon(series.date, p.h, value) };
  },
};
