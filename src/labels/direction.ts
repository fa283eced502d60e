/**
 * Direction label: whether the close rises over the next h rows.
 *
 * ```
 *  direction_<h> = 1 if close_{t+h} / close_t − 1 > 0, else 0      t1 = date_{t+h}; horizon h
 * ```
 * A zero return is 0 ("not up"). NaN (and NaN t1) where the forward return is NaN: the last h rows, and
 * NaN closes (see forward-return.ts). Equal to pandas `(close.shift(-h) / close - 1 > 0)` where that
 * return is known; pandas itself would write 0 (False) for the unknown last rows, we write NaN.
 */
import { checkPeriod } from '../features/rolling.js';
import type { LabelDefinition } from '../features/types.js';
import { forwardReturn } from './forward-return.js';
import { t1AtHorizon } from './t1.js';

/**
 * 1 where the h-row forward return is positive, 0 where it is zero or negative, NaN where unknown.
 *
 * @param close - Closes, `(nObs,)`.
 * @param h - Horizon in rows (integer ≥ 1).
 * @returns `(nObs,)` of 0 / 1 / NaN.
 * @throws ParameterError (RangeError) for a non-integer or < 1 `h`, echoing it.
 * @example direction(Float64Array.of(100, 110, 110, 99), 1) // [1, 0, 0, NaN]
 */
export function direction(close: Float64Array, h: number): Float64Array {
  checkPeriod('direction', 'h', h);
  const r = forwardReturn(close, h);
  for (let t = 0; t < r.length; t++) if (!Number.isNaN(r[t])) r[t] = r[t] > 0 ? 1 : 0;
  return r;
}

/** Parameters of {@link directionLabel}. */
export interface DirectionParams {
  /** Horizon in rows (trading days), integer ≥ 1. Default 5. */
  h: number;
}

/** `direction_<h>`: 1 if the h-row forward return is > 0, else 0; t1 = date_{t+h}. */
export const directionLabel: LabelDefinition<DirectionParams> = {
  name: 'direction',
  description: 'direction over h rows: 1 if close_{t+h} > close_t, else 0; t1 = date_{t+h}',
  defaults: { h: 5 },
  validate: (p) => void checkPeriod('direction', 'h', p.h),
  outputs: (p) => [`direction_${p.h}`],
  horizon: (p) => p.h,
  compute(series, p) {
    const value = direction(series.close, p.h);
    return { values: [value], t1: t1AtHorizon(series.date, p.h, value) };
  },
};
