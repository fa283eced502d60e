/**
 * A label's end time `t1`: the date on which the label of row t becomes known (DESIGN.md §1). It is the
 * date of the last row the label reads — row t + h for a fixed horizon, the first barrier touch for the
 * triple barrier. Splitters purge and embargo on it (cv/), so every label emits it next to its values.
 *
 * NaN policy shared by all labels: `t1[t]` is NaN exactly where the label of row t is NaN (not yet known
 * because the data end too soon, or undefined because an input it reads is NaN).
 */

/**
 * `t1` of a fixed-horizon label: `date[t + h]` where `value[t]` is not NaN, NaN elsewhere.
 *
 * @param date - Dates of the rows, epoch-ms, `(nObs,)`.
 * @param h - Horizon in rows (≥ 1; validated by the caller).
 * @param value - The label, `(nObs,)`; NaN where unknown (always for t ≥ nObs − h).
 * @returns `(nObs,)` epoch-ms.
 * @example t1AtHorizon(Float64Array.of(0, 10, 20), 1, Float64Array.of(0.1, 0.2, NaN)) // [10, 20, NaN]
 */
export function t1AtHorizon(date: Float64Array, h: number, value: Float64Array): Float64Array {
  const out = new Float64Array(value.length).fill(NaN);
  for (let t = 0; t + h < value.length; t++) if (!Number.isNaN(value[t])) out[t] = date[t + h];
  return out;
}

/**
 * `t1` from the row index at which each label became known (the triple barrier's first touch).
 *
 * @param date - Dates of the rows, epoch-ms, `(nObs,)`.
 * @param end - Row index per row, `(nObs,)`; −1 where the label is unknown.
 * @returns `(nObs,)` epoch-ms; NaN where `end` is −1.
 * @example t1AtIndex(Float64Array.of(0, 10, 20), Int32Array.of(2, -1, -1)) // [20, NaN, NaN]
 */
export function t1AtIndex(date: Float64Array, end: Int32Array): Float64Array {
  const out = new Float64Array(end.length).fill(NaN);
  for (let t = 0; t < end.length; t++) if (end[t] >= 0) out[t] = date[end[t]];
  return out;
}

/** A NaN result is "unknown": maps ±Infinity (a zero close in a denominator) to NaN as well. */
export function finiteOrNaN(x: number): number {
  return Number.isFinite(x) ? x : NaN;
}
