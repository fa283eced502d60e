/**
 * Expected and maximum calibration error over the bins of {@link calibrationCurve} — by default 10
 * equal-width bins on [0, 1], right-inclusive (a probability on an edge belongs to the lower bin, as in
 * sklearn's calibration_curve), empty bins ignored:
 *
 *   ECE = Σ_b (n_b / N) · |probTrue_b − probPred_b|        MCE = max_b |probTrue_b − probPred_b|
 *
 * scikit-learn has no ECE; these follow Naeini, Cooper & Hauskrecht (2015) on sklearn's binning. Both
 * depend on the binning: compare models only at the same nBins and strategy.
 *
 * @see Naeini, M. P., Cooper, G. F. & Hauskrecht, M. (2015) Obtaining well calibrated probabilities using Bayesian binning. AAAI.
 */
import { calibrationCurve, type CalibrationBinning } from './calibration-curve.js';
import type { Values } from './validate.js';

/**
 * Expected calibration error: the count-weighted mean gap between the fraction of positives and the
 * mean predicted probability per bin.
 *
 * @param y - Labels 0/1, `(n,)`.
 * @param prob - Predicted P(y = 1) in [0, 1], `(n,)`.
 * @param options - nBins (default 10), strategy (default 'uniform').
 * @returns ECE in [0, 1]; 0 when every bin's mean prediction equals its hit rate.
 * @throws SchemaError, ParameterError as {@link calibrationCurve}.
 * @example expectedCalibrationError([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], { nBins: 2 }) // 0.225
 */
export function expectedCalibrationError(y: Values, prob: Values, options: CalibrationBinning = {}): number {
  const { probTrue, probPred, counts } = calibrationCurve(y, prob, options);
  let total = 0;
  for (const c of counts) total += c;
  let ece = 0;
  for (let b = 0; b < counts.length; b++) ece += (counts[b] / total) * Math.abs(probTrue[b] - probPred[b]);
  return ece;
}

/**
 * Maximum calibration error: the largest gap between the fraction of positives and the mean
 * predicted probability over the non-empty bins.
 *
 * @returns MCE in [0, 1].
 * @throws SchemaError, ParameterError as {@link calibrationCurve}.
 * @example maxCalibrationError([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], { nBins: 2 }) // 0.25
 */
export function maxCalibrationError(y: Values, prob: Values, options: CalibrationBinning = {}): number {
  const { probTrue, probPred } = calibrationCurve(y, prob, options);
  let mce = 0;
  for (let b = 0; b < probTrue.length; b++) mce = Math.max(mce, Math.abs(probTrue[b] - probPred[b]));
  return mce;
}
