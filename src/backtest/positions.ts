/**
 * Target weights for one rebalance date, from that date's scores (NaN = no score: not a candidate).
 *
 * ```
 *  scores ──candidates (finite)──▶ select ──▶ raw weights (equal | score) ──▶ cap at maxWeight,
 *  redistributing the excess (water-filling) ──▶ weights: long-only Σ ≤ 1; long-short +½ / −½
 * ```
 *
 * Selections:
 * - `'top-k'`: the k highest scores (k ≥ 1; all candidates when fewer);
 * - `'top-quantile'`: the m = ⌈n·quantile⌉ highest of n candidates (at least 1), long only;
 * - `'long-short'`: long the m = min(⌈n·quantile⌉, ⌊n/2⌋) highest, short the m lowest; each side
 *   carries half the capital (Σ|w| = 1, alphalens' convention), so |long| = |short|;
 * - `'threshold'`: every candidate with score ≥ threshold, long only.
 *
 * Ties at the cut are broken by symbol (codepoint order), so results do not depend on row order.
 * A rank-based selection (top-k, top-quantile, long-short) over a flat cross-section (two or more
 * candidates, all with the same score) selects nothing: it carries no ranking, and the book goes to cash.
 *
 * Weightings: `'equal'`; `'score'` — long-only weights ∝ score (a selected name with score ≤ 0 gets 0,
 * so use non-negative scores: 0–100, probabilities); long-short weights ∝ |score − median of the
 * day's candidates| (a side whose names all sit at the median is weighted equally). `maxWeight` caps
 * |w| per name (default 1); the excess goes to the uncapped names in proportion, and what cannot be
 * placed stays in cash — on both sides alike: when caps leave one side below ½, the other is scaled
 * down to match, so |long| = |short| always.
 */
import { checkInRange, checkInteger, checkOneOf } from './validate.js';
import { ParameterError } from '../util/errors.js';

export type Selection = 'top-k' | 'top-quantile' | 'long-short' | 'threshold';
export type Weighting = 'equal' | 'score';

/** How to turn one date's scores into weights. */
export interface SelectionPolicy {
  select: Selection;
  /** Names held by `'top-k'`, an integer ≥ 1. */
  k?: number;
  /** Fraction of candidates per side: `'top-quantile'` in (0, 1], `'long-short'` in (0, 0.5]. Default 0.1 (a decile). */
  quantile?: number;
  /** `'threshold'`: hold every name with score ≥ threshold (e.g. 70 on a 0–100 score). */
  threshold?: number;
  /** Default 'equal'. */
  weighting?: Weighting;
  /** Largest |weight| of one name, in (0, 1]. Default 1. */
  maxWeight?: number;
}

/** A validated {@link SelectionPolicy} with defaults filled in. */
export interface ResolvedSelection {
  select: Selection;
  k: number;
  quantile: number;
  threshold: number;
  weighting: Weighting;
  maxWeight: number;
}

const SELECTIONS: readonly Selection[] = ['top-k', 'top-quantile', 'long-short', 'threshold'];
const WEIGHTINGS: readonly Weighting[] = ['equal', 'score'];

/**
 * Validates a selection policy and fills its defaults.
 * @throws ParameterError echoing the offending field.
 */
export function resolveSelection(policy: SelectionPolicy, what = 'targetWeights'): ResolvedSelection {
  const { select, weighting = 'equal', maxWeight = 1, quantile = 0.1 } = policy;
  checkOneOf(what, 'select', select, SELECTIONS);
  checkOneOf(what, 'weighting', weighting, WEIGHTINGS);
  checkInRange(what, 'maxWeight', maxWeight, 0, 1);
  let k = 0;
  let threshold = NaN;
  if (select === 'top-k') {
    if (policy.k === undefined) throw new ParameterError(`${what}: select 'top-k' needs k, got undefined`);
    checkInteger(what, 'k', policy.k, 1);
    k = policy.k;
  } else if (select === 'threshold') {
    threshold = policy.threshold ?? NaN;
    if (!Number.isFinite(threshold))
      throw new ParameterError(
        `${what}: select 'threshold' needs a finite threshold, got ${String(policy.threshold)}`,
      );
  } else checkInRange(what, 'quantile', quantile, 0, select === 'long-short' ? 0.5 : 1);
  return { select, k, quantile, threshold, weighting, maxWeight };
}

/** Reusable buffers for {@link targetWeights} (sized to the number of symbols). */
export interface WeightScratch {
  idx: Int32Array;
  vals: Float64Array;
  raw: Float64Array;
  side: Int8Array;
}

export function weightScratch(nSymbols: number): WeightScratch {
  return {
    idx: new Int32Array(nSymbols),
    vals: new Float64Array(nSymbols),
    raw: new Float64Array(nSymbols),
    side: new Int8Array(nSymbols),
  };
}

/**
 * Target weights of one date.
 *
 * @param scores - Score per symbol, `(nSymbols,)`; NaN = not a candidate.
 * @param sel - From {@link resolveSelection}.
 * @returns `(nSymbols,)` weights (0 for names not held; negative = short). `out` when given.
 * @example targetWeights([3, 1, 2, NaN], resolveSelection({ select: 'top-k', k: 2 })) // [0.5, 0, 0.5, 0]
 */
export function targetWeights(
  scores: ArrayLike<number>,
  sel: ResolvedSelection,
  out: Float64Array = new Float64Array(scores.length),
  scratch: WeightScratch = weightScratch(scores.length),
): Float64Array {
  out.fill(0);
  const { idx, vals, raw, side } = scratch;
  let n = 0;
  for (let s = 0; s < scores.length; s++) {
    const v = scores[s];
    if (!Number.isNaN(v)) {
      idx[n] = s;
      vals[n++] = v;
    }
  }
  if (n === 0) return out;
  side.fill(0, 0, n);
  if (sel.select === 'threshold') {
    for (let j = 0; j < n; j++) if (vals[j] >= sel.threshold) side[j] = 1;
  } else {
    const sorted = vals.subarray(0, n).slice().sort();
    if (n >= 2 && sorted[0] === sorted[n - 1]) return out; // flat: no ranking
    let m: number;
    if (sel.select === 'top-k') m = Math.min(sel.k, n);
    else if (sel.select === 'top-quantile') m = Math.min(n, Math.max(1, Math.ceil(n * sel.quantile - 1e-9)));
    else m = Math.min(Math.ceil(n * sel.quantile - 1e-9), Math.floor(n / 2));
    if (m === 0) return out;
    markExtreme(vals, side, n, m, sorted[n - m], 1);
    if (sel.select === 'long-short') markExtreme(vals, side, n, m, sorted[m - 1], -1);
  }
  let median = 0;
  if (sel.weighting === 'score' && sel.select === 'long-short') {
    const sorted = vals.subarray(0, n).slice().sort();
    median = n % 2 === 1 ? sorted[(n - 1) >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
  const longShort = sel.select === 'long-short';
  const totals = [0, 0];
  for (const sign of longShort ? [1, -1] : [1]) {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      raw[j] = 0;
      if (side[j] !== sign) continue;
      if (sel.weighting === 'equal') raw[j] = 1;
      else if (longShort) raw[j] = Math.max(0, sign * (vals[j] - median));
      else raw[j] = Math.max(0, vals[j]);
      sum += raw[j];
    }
    // Long-short names all tied with the median carry no score weight: weight that side equally.
    if (longShort && sum === 0) for (let j = 0; j < n; j++) if (side[j] === sign) raw[j] = 1;
    waterFill(raw, n, longShort ? 0.5 : 1, sel.maxWeight, (j, w) => {
      out[idx[j]] = sign * w;
      totals[sign > 0 ? 0 : 1] += w;
    });
  }
  // Keep |long| = |short|: caps can leave one side short of ½; scale the other side down to match.
  if (longShort && totals[0] !== totals[1]) {
    const keep = Math.min(totals[0], totals[1]);
    const scaleLong = keep / totals[0];
    const scaleShort = keep / totals[1];
    for (let j = 0; j < n; j++) out[idx[j]] *= out[idx[j]] > 0 ? scaleLong : scaleShort;
  }
  return out;
}

/**
 * Marks the m most extreme candidates on one side: all strictly beyond `cut`, then those equal to
 * `cut` in candidate (symbol) order until m are marked.
 */
function markExtreme(vals: Float64Array, side: Int8Array, n: number, m: number, cut: number, sign: 1 | -1) {
  let marked = 0;
  for (let j = 0; j < n; j++)
    if (sign * (vals[j] - cut) > 0) {
      side[j] = sign;
      marked++;
    }
  for (let j = 0; j < n && marked < m; j++)
    if (vals[j] === cut && side[j] === 0) {
      side[j] = sign;
      marked++;
    }
}

/**
 * Splits `budget` in proportion to `raw[0..n)` with no share above `cap`: capped names get `cap`,
 * the rest is re-split among the others; names with raw 0 get nothing. Calls `set(j, w)` for w > 0.
 */
function waterFill(
  raw: Float64Array,
  n: number,
  budget: number,
  cap: number,
  set: (j: number, w: number) => void,
): void {
  const capped = new Uint8Array(n);
  let remaining = budget;
  for (;;) {
    let sum = 0;
    for (let j = 0; j < n; j++) if (!capped[j] && raw[j] > 0) sum += raw[j];
    if (!(sum > 0) || remaining <= 0) break;
    let over = false;
    for (let j = 0; j < n; j++)
      if (!capped[j] && raw[j] > 0 && (remaining * raw[j]) / sum > cap * (1 + 1e-12)) {
        capped[j] = 1;
        over = true;
      }
    if (!over) {
      for (let j = 0; j < n; j++) if (!capped[j] && raw[j] > 0) set(j, (remaining * raw[j]) / sum);
      break;
    }
    remaining = budget;
    for (let j = 0; j < n; j++) if (capped[j]) remaining -= cap;
  }
  for (let j = 0; j < n; j++) if (capped[j]) set(j, cap);
}
