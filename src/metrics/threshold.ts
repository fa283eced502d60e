/**
 * Metrics of hard calls made from scores at a threshold: a row is called positive when its score is
 * ≥ the threshold (default 0.5; pass 0/1 predictions with the default to score predicted labels).
 * `confusionMatrix`, `accuracy`, `precision`, `recall` and `f1` equal scikit-learn 1.2's
 * `confusion_matrix(labels=[0, 1])`, `accuracy_score`, `precision_score`, `recall_score` and
 * `f1_score` of `score >= threshold`, with sample weights. `precisionAtThreshold` (seed 000's
 * precision_at_70) and `precisionAtK` are ranking conveniences without weights.
 *
 * Zero division: as sklearn's default `zero_division='warn'`, which returns 0 — precision is 0 when
 * nothing is called, recall is 0 when there is no positive, F1 is 0 when precision + recall = 0.
 * (sklearn's classifiers' `predict` calls p > 0.5 positive; here p = 0.5 exactly is a positive call.)
 */
import { checkBinaryInputs, checkInteger, type Values } from './validate.js';
import { ParameterError } from '../util/errors.js';

/** Options of the threshold metrics. */
export interface ThresholdOptions {
  /** A row is called positive when score ≥ threshold. Default 0.5. */
  threshold?: number;
  /** Optional weights ≥ 0, `(n,)`. */
  sampleWeight?: Values;
}

interface Counts {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
}

function counts(what: string, y: Values, score: Values, options: ThresholdOptions): Counts {
  const { threshold = 0.5, sampleWeight } = options;
  if (Number.isNaN(threshold)) throw new ParameterError(`${what}: threshold must be a number, got NaN`);
  checkBinaryInputs(what, y, score, 'score', sampleWeight);
  const c: Counts = { tn: 0, fp: 0, fn: 0, tp: 0 };
  for (let i = 0; i < y.length; i++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[i];
    const call = score[i] >= threshold;
    if (y[i] === 1) {
      if (call) c.tp += w;
      else c.fn += w;
    } else if (call) c.fp += w;
    else c.tn += w;
  }
  return c;
}

const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

/**
 * The 2 × 2 confusion matrix `[[tn, fp], [fn, tp]]` (rows: true 0, 1; columns: called 0, 1), as
 * sklearn `confusion_matrix(y, score >= threshold, labels=[0, 1], sample_weight=w)`; weighted cells
 * are weight sums.
 *
 * @throws SchemaError on a length mismatch, a label not 0/1, a non-finite score or a bad weight.
 * @example confusionMatrix([0, 1, 1, 0], [0.2, 0.7, 0.4, 0.6]) // [[1, 1], [1, 1]]
 */
export function confusionMatrix(y: Values, score: Values, options: ThresholdOptions = {}): number[][] {
  const c = counts('confusionMatrix', y, score, options);
  return [
    [c.tn, c.fp],
    [c.fn, c.tp],
  ];
}

/**
 * Share of rows called correctly, as sklearn `accuracy_score` (weighted).
 * @example accuracy([0, 1, 1, 0], [0.2, 0.7, 0.4, 0.6]) // 0.5
 */
export function accuracy(y: Values, score: Values, options: ThresholdOptions = {}): number {
  const c = counts('accuracy', y, score, options);
  return (c.tn + c.tp) / (c.tn + c.fp + c.fn + c.tp);
}

/**
 * tp / (tp + fp), as sklearn `precision_score`; 0 when nothing is called.
 * @example precision([0, 1, 1, 0], [0.2, 0.7, 0.9, 0.6]) // 0.6666666666666666
 */
export function precision(y: Values, score: Values, options: ThresholdOptions = {}): number {
  const c = counts('precision', y, score, options);
  return ratio(c.tp, c.tp + c.fp);
}

/**
 * tp / (tp + fn), as sklearn `recall_score`; 0 when there is no positive.
 * @example recall([0, 1, 1, 0], [0.2, 0.7, 0.4, 0.6]) // 0.5
 */
export function recall(y: Values, score: Values, options: ThresholdOptions = {}): number {
  const c = counts('recall', y, score, options);
  return ratio(c.tp, c.tp + c.fn);
}

/**
 * Harmonic mean of precision and recall, as sklearn `f1_score`: 2 P R / (P + R), 0 when P + R = 0.
 * @example f1([0, 1, 1, 0], [0.2, 0.7, 0.9, 0.6]) // 0.8
 */
export function f1(y: Values, score: Values, options: ThresholdOptions = {}): number {
  const c = counts('f1', y, score, options);
  const p = ratio(c.tp, c.tp + c.fp);
  const r = ratio(c.tp, c.tp + c.fn);
  const denom = p + r;
  return (2 * p * r) / (denom === 0 ? 1 : denom);
}

/** What {@link precisionAtThreshold} returns. */
export interface PrecisionAtThreshold {
  /** truePositives / calls; 0 when there is no call (sklearn's zero_division default). */
  precision: number;
  /** Rows with score ≥ threshold. */
  calls: number;
  /** Calls whose label is 1. */
  truePositives: number;
}

/**
 * Precision of the rows scoring at or above a threshold on a 0–100 score, with the number of calls
 * and of true positives — seed 000's `precision_at_70`: the share of alerts (score ≥ 70) that were
 * right. Equals sklearn `precision_score(y, score >= threshold, zero_division=0)`.
 *
 * @param y - Labels 0/1, `(n,)`.
 * @param score - Finite scores, `(n,)`, on the scale of `threshold` (0–100 for the default).
 * @param threshold - Default 70.
 * @throws SchemaError on bad input.
 * @example precisionAtThreshold([1, 0, 1, 1], [85, 72, 40, 70]) // { precision: 0.6666666666666666, calls: 3, truePositives: 2 }
 */
export function precisionAtThreshold(y: Values, score: Values, threshold = 70): PrecisionAtThreshold {
  const c = counts('precisionAtThreshold', y, score, { threshold });
  const calls = c.tp + c.fp;
  return { precision: ratio(c.tp, calls), calls, truePositives: c.tp };
}

/**
 * Precision among the k highest scores. Rows tied with the k-th highest score share the remaining
 * slots evenly — the expected precision under a random order of the ties — so the result does not
 * depend on row order: (positives above the tie + m · positives in the tie / tie size) / k, where m
 * is the number of slots left for the tie.
 *
 * @param y - Labels 0/1, `(n,)`.
 * @param score - Finite scores, `(n,)`.
 * @param k - An integer in [1, n].
 * @throws SchemaError on bad input; ParameterError for k outside [1, n].
 * @example precisionAtK([1, 0, 1, 0], [0.9, 0.8, 0.8, 0.1], 2) // 0.75
 */
export function precisionAtK(y: Values, score: Values, k: number): number {
  checkBinaryInputs('precisionAtK', y, score, 'score');
  checkInteger('precisionAtK', 'k', k, 1, y.length);
  const sorted = Float64Array.from(score).sort();
  const kth = sorted[y.length - k];
  let above = 0;
  let posAbove = 0;
  let tied = 0;
  let posTied = 0;
  for (let i = 0; i < y.length; i++) {
    if (score[i] > kth) {
      above++;
      posAbove += y[i];
    } else if (score[i] === kth) {
      tied++;
      posTied += y[i];
    }
  }
  return (posAbove + ((k - above) * posTied) / tied) / k;
}
