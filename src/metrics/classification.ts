/**
 * Binary classification metrics on scores and probabilities, with scikit-learn 1.2's definitions:
 * `rocAuc` (= `roc_auc_score`), `averagePrecision` (= `average_precision_score`), `brierScore`
 * (= `brier_score_loss`) and `logLoss` (= `log_loss`). Labels are 0/1; all four take sample weights.
 *
 * NaN policy: none — a NaN or infinite score, a label other than 0/1, or mismatched lengths throw a
 * SchemaError naming the first offending index or both lengths (d3-style silent skipping would change
 * the metric). A metric that has no value on the input throws {@link UndefinedMetricError}.
 */
import { binaryClfCurve, requireClasses } from './curves.js';
import { checkBinaryInputs, checkProbability, type Values } from './validate.js';

/**
 * Area under the ROC curve, as sklearn `roc_auc_score(y, score, sample_weight=w)`: the trapezoid
 * rule over the ROC curve whose points are the distinct scores, so tied scores form one diagonal
 * segment (each tied positive–negative pair counts ½) — the Mann–Whitney U / (n₁ n₀) when unweighted.
 * Zero-weight rows are dropped. Unweighted sums are exact integers divided once.
 *
 * @param y - Labels 0/1, `(n,)`.
 * @param score - Finite scores, `(n,)`; only their order matters.
 * @param sampleWeight - Optional weights ≥ 0, `(n,)`.
 * @returns AUC in [0, 1]; 0.5 when every score is equal.
 * @throws SchemaError on a length mismatch, a label not 0/1, a non-finite score or a bad weight.
 * @throws UndefinedMetricError when only one class is present (or one class has zero total weight).
 * @see https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.roc_auc_score.html
 * @example rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.75
 */
export function rocAuc(y: Values, score: Values, sampleWeight?: Values): number {
  checkBinaryInputs('rocAuc', y, score, 'score', sampleWeight);
  const curve = binaryClfCurve(y, score, sampleWeight);
  requireClasses('rocAuc', y, curve, 'both');
  const { fps, tps } = curve;
  let area2 = 0; // twice the area in (fps, tps) units
  let f0 = 0;
  let t0 = 0;
  for (let k = 0; k < fps.length; k++) {
    area2 += (fps[k] - f0) * (tps[k] + t0);
    f0 = fps[k];
    t0 = tps[k];
  }
  return area2 / (2 * f0 * t0);
}

/**
 * Average precision, as sklearn `average_precision_score(y, score, sample_weight=w)`: the step sum
 * Σₖ (Rₖ − Rₖ₋₁) Pₖ over the distinct score thresholds (decreasing), with R₋₁ = 0 — not the
 * interpolated (trapezoid or 11-point) area. Tied scores enter as one step.
 *
 * @param y - Labels 0/1, `(n,)`.
 * @param score - Finite scores, `(n,)`.
 * @param sampleWeight - Optional weights ≥ 0, `(n,)`.
 * @returns AP in (0, 1]; the prevalence when every score is equal.
 * @throws SchemaError on bad input.
 * @throws UndefinedMetricError when no positive label has weight (sklearn warns and returns 0 there).
 * @example averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.8333333333333333
 */
export function averagePrecision(y: Values, score: Values, sampleWeight?: Values): number {
  checkBinaryInputs('averagePrecision', y, score, 'score', sampleWeight);
  const curve = binaryClfCurve(y, score, sampleWeight);
  requireClasses('averagePrecision', y, curve, 'positive');
  const { fps, tps } = curve;
  const total = tps[tps.length - 1];
  let ap = 0;
  let r0 = 0;
  for (let k = 0; k < tps.length; k++) {
    const r = tps[k] / total;
    ap += (r - r0) * (tps[k] / (tps[k] + fps[k]));
    r0 = r;
  }
  return ap;
}

/**
 * Brier score, as sklearn `brier_score_loss(y, prob, sample_weight=w)`: the (weighted) mean of
 * (y − p)².
 *
 * @param y - Labels 0/1, `(n,)`.
 * @param prob - P(y = 1) in [0, 1], `(n,)`.
 * @param sampleWeight - Optional weights ≥ 0, `(n,)`.
 * @returns The score in [0, 1]; lower is better.
 * @throws SchemaError on bad input, including a probability outside [0, 1] (as sklearn).
 * @example brierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]) // 0.03749999999999999 (0.0375 up to rounding, as sklearn)
 */
export function brierScore(y: Values, prob: Values, sampleWeight?: Values): number {
  checkBinaryInputs('brierScore', y, prob, 'prob', sampleWeight);
  checkProbability('brierScore', 'prob', prob);
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < y.length; i++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[i];
    const d = y[i] - prob[i];
    sum += d * d * w;
    wsum += w;
  }
  return sum / wsum;
}

/**
 * The clipping bound of {@link logLoss}: sklearn 1.2's `eps='auto'`, the machine epsilon of float64,
 * 2⁻⁵² ≈ 2.22e-16 (sklearn ≤ 1.1 used 1e-15).
 */
export const LOG_LOSS_EPS = Number.EPSILON;

/**
 * Log loss (cross-entropy, natural log), as sklearn 1.2 `log_loss(y, prob, sample_weight=w,
 * labels=[0, 1])`: p is clipped to [ε, 1 − ε] with ε = {@link LOG_LOSS_EPS}, the pair (1 − p, p) is
 * renormalised to sum 1 (as sklearn does), and the loss is the weighted mean of −log of the true
 * class's probability. Labels are always {0, 1}, so one class present is fine (sklearn needs `labels`).
 *
 * @param y - Labels 0/1, `(n,)`.
 * @param prob - P(y = 1) in [0, 1], `(n,)`.
 * @param sampleWeight - Optional weights ≥ 0, `(n,)`.
 * @returns The loss ≥ 0; at most −log(ε) ≈ 36.04 per row.
 * @throws SchemaError on bad input, including a probability outside [0, 1] (sklearn 1.2 clips those silently).
 * @example logLoss([0, 1], [0.5, 0.5]) // 0.6931471805599453
 */
export function logLoss(y: Values, prob: Values, sampleWeight?: Values): number {
  checkBinaryInputs('logLoss', y, prob, 'prob', sampleWeight);
  checkProbability('logLoss', 'prob', prob);
  const hi = 1 - LOG_LOSS_EPS;
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < y.length; i++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[i];
    const p = Math.min(Math.max(prob[i], LOG_LOSS_EPS), hi);
    const q = 1 - p;
    const total = q + p;
    sum += -Math.log((y[i] === 1 ? p : q) / total) * w;
    wsum += w;
  }
  return sum / wsum;
}
