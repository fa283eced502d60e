/**
 * ROC and precision-recall curves, as scikit-learn 1.2's `roc_curve` (drop_intermediate=True) and
 * `precision_recall_curve`, on top of one shared pass — `binaryClfCurve`, sklearn's private
 * `_binary_clf_curve`:
 *
 * ```
 *  y, score[, w] ──drop zero weights──▶ one radix argsort (descending score; ties in descending row
 *  order, as sklearn's reversed mergesort) ──running sums──▶ per distinct score: fps, tps, threshold
 *      ├─ rocCurve:  drop collinear points ──▶ prepend (0, 0) at threshold max + 1 ──▶ fpr, tpr
 *      └─ precisionRecallCurve: precision = tps / (tps + fps), recall = tps / tps[-1], reversed + (1, 0)
 * ```
 *
 * A score ≥ threshold counts as a positive call. The curves need both classes (ROC) or a positive
 * (PR) with positive weight: otherwise they throw {@link UndefinedMetricError} where sklearn warns and
 * returns NaN (ROC) or sets recall to 1 (PR).
 *
 * @see https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.roc_curve.html
 */
import { UndefinedMetricError } from './errors.js';
import { argsortAscending } from './sort.js';
import { checkBinaryInputs, type Values } from './validate.js';

/** Cumulative weights of negatives (`fps`) and positives (`tps`) scoring ≥ each distinct threshold. */
export interface ClfCurve {
  /** False positives (weighted) at each threshold, `(nThresholds,)`, non-decreasing. */
  fps: Float64Array;
  /** True positives (weighted) at each threshold, `(nThresholds,)`, non-decreasing. */
  tps: Float64Array;
  /** The distinct scores of rows with non-zero weight, decreasing. */
  thresholds: Float64Array;
}

/**
 * sklearn's `_binary_clf_curve` on validated input: rows of zero weight are dropped, the rest are
 * visited by decreasing score and summed in that order (so weighted sums match NumPy's `cumsum`).
 * Unweighted counts are exact integers.
 */
export function binaryClfCurve(y: Values, score: Values, sampleWeight?: Values): ClfCurve {
  const n = y.length;
  const order = argsortAscending(score);
  const fps = new Float64Array(n);
  const tps = new Float64Array(n);
  const thresholds = new Float64Array(n);
  let k = 0;
  let tp = 0;
  let fp = 0;
  let seen = 0;
  let prev = NaN;
  for (let r = n - 1; r >= 0; r--) {
    const i = order[r];
    const w = sampleWeight === undefined ? 1 : sampleWeight[i];
    if (w === 0) continue;
    const s = score[i];
    if (seen > 0 && s !== prev) {
      fps[k] = fp;
      tps[k] = tp;
      thresholds[k++] = prev;
    }
    if (sampleWeight === undefined) {
      tp += y[i];
      fp = seen + 1 - tp;
    } else if (y[i] === 1) tp += w;
    else fp += w;
    seen++;
    prev = s;
  }
  if (seen > 0) {
    fps[k] = fp;
    tps[k] = tp;
    thresholds[k++] = prev;
  }
  if (k === n) return { fps, tps, thresholds }; // all scores distinct: no copy
  return { fps: fps.slice(0, k), tps: tps.slice(0, k), thresholds: thresholds.slice(0, k) };
}

/** Throws {@link UndefinedMetricError} unless the curve has positive weight in the classes `need`s. */
export function requireClasses(what: string, y: Values, curve: ClfCurve, need: 'both' | 'positive'): void {
  const k = curve.tps.length - 1;
  if (need === 'both') {
    let ones = 0;
    for (let i = 0; i < y.length; i++) ones += y[i];
    if (ones === 0 || ones === y.length) {
      throw new UndefinedMetricError(
        what,
        `only one class is present in y (all ${ones === 0 ? 0 : 1}); ROC AUC and the ROC curve are not defined in that case`,
        'Evaluate on a sample holding both classes',
      );
    }
  }
  if (!(curve.tps[k] > 0)) {
    throw new UndefinedMetricError(
      what,
      'no positive label with non-zero weight in y; the metric is undefined',
    );
  }
  if (need === 'both' && !(curve.fps[k] > 0)) {
    throw new UndefinedMetricError(
      what,
      'no negative label with non-zero weight in y; the metric is undefined',
    );
  }
}

/** What {@link rocCurve} returns: `fpr[i]`, `tpr[i]` of calling positive every score ≥ `thresholds[i]`. */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  /** Decreasing; `thresholds[0]` = max score + 1 (sklearn 1.2; 1.3 and later use +Infinity). */
  thresholds: Float64Array;
}

/**
 * Receiver operating characteristic, as sklearn 1.2 `roc_curve(y, score, sample_weight=w)` with
 * `drop_intermediate=True`: points collinear with their neighbours (zero second difference of both
 * fps and tps) are dropped, then (0, 0) is prepended at threshold `max(score) + 1`.
 *
 * @param y - Labels 0/1, `(n,)`.
 * @param score - Scores, any finite reals, `(n,)`; higher means more likely 1.
 * @param sampleWeight - Optional weights ≥ 0, `(n,)`; zero-weight rows are dropped.
 * @returns fpr, tpr, thresholds, each `(m,)` with m ≤ distinct scores + 1.
 * @throws SchemaError on a length mismatch, a label not 0/1, a non-finite score or a bad weight.
 * @throws UndefinedMetricError when only one class is present.
 * @example rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [1.8, 0.8, 0.4, 0.35, 0.1]
 */
export function rocCurve(y: Values, score: Values, sampleWeight?: Values): RocCurve {
  checkBinaryInputs('rocCurve', y, score, 'score', sampleWeight);
  const curve = binaryClfCurve(y, score, sampleWeight);
  requireClasses('rocCurve', y, curve, 'both');
  const { fps, tps, thresholds } = curve;
  const m = fps.length;
  const keep: number[] = [];
  for (let i = 0; i < m; i++) {
    if (m <= 2 || i === 0 || i === m - 1) keep.push(i);
    else if (
      fps[i + 1] - fps[i] - (fps[i] - fps[i - 1]) !== 0 ||
      tps[i + 1] - tps[i] - (tps[i] - tps[i - 1]) !== 0
    )
      keep.push(i);
  }
  const fpr = new Float64Array(keep.length + 1);
  const tpr = new Float64Array(keep.length + 1);
  const thr = new Float64Array(keep.length + 1);
  const fTotal = fps[m - 1];
  const tTotal = tps[m - 1];
  thr[0] = thresholds[0] + 1;
  for (let j = 0; j < keep.length; j++) {
    const i = keep[j];
    fpr[j + 1] = fps[i] / fTotal;
    tpr[j + 1] = tps[i] / tTotal;
    thr[j + 1] = thresholds[i];
  }
  return { fpr, tpr, thresholds: thr };
}

/** What {@link precisionRecallCurve} returns (sklearn's order: increasing thresholds). */
export interface PrecisionRecallCurve {
  /** `(m + 1,)`: precision of calling every score ≥ `thresholds[i]`, then a final 1. */
  precision: Float64Array;
  /** `(m + 1,)`: recall at `thresholds[i]`, decreasing, then a final 0. */
  recall: Float64Array;
  /** `(m,)`: the distinct scores (of rows with non-zero weight), increasing. */
  thresholds: Float64Array;
}

/**
 * Precision-recall pairs, as sklearn 1.2 `precision_recall_curve(y, score, sample_weight=w)`: every
 * distinct score is a threshold (nothing is dropped and the curve is not cut at full recall), the
 * arrays run by increasing threshold, and a last point (precision 1, recall 0) has no threshold.
 *
 * @param y - Labels 0/1, `(n,)`.
 * @param score - Finite scores, `(n,)`.
 * @param sampleWeight - Optional weights ≥ 0, `(n,)`.
 * @throws SchemaError on bad input; UndefinedMetricError when no positive has weight.
 * @example precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // precision [0.5, 2/3, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
 */
export function precisionRecallCurve(y: Values, score: Values, sampleWeight?: Values): PrecisionRecallCurve {
  checkBinaryInputs('precisionRecallCurve', y, score, 'score', sampleWeight);
  const curve = binaryClfCurve(y, score, sampleWeight);
  requireClasses('precisionRecallCurve', y, curve, 'positive');
  const { fps, tps, thresholds } = curve;
  const m = fps.length;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thr = new Float64Array(m);
  const total = tps[m - 1];
  for (let i = 0; i < m; i++) {
    const j = m - 1 - i;
    const ps = tps[i] + fps[i];
    precision[j] = ps !== 0 ? tps[i] / ps : 0;
    recall[j] = tps[i] / total;
    thr[j] = thresholds[i];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: thr };
}
