/**
 * Reliability diagram data, as scikit-learn 1.2 `sklearn.calibration.calibration_curve(y, prob,
 * n_bins, strategy)`, plus the row count of each bin:
 *
 * ```
 *  prob ──edges: 'uniform' linspace(0, 1, nBins + 1) | 'quantile' percentiles of prob at i/nBins
 *       ──bin = searchsorted(inner edges, p) (right-inclusive: p on an edge goes to the lower bin)
 *       ──per bin: Σy, Σp, count ──drop empty bins──▶ probTrue = Σy/count, probPred = Σp/count
 * ```
 *
 * Quantile edges can repeat (ties in prob); the repeated bins are then empty and dropped, as in
 * sklearn. No sample weights (sklearn's calibration_curve has none). Default nBins is 10 (sklearn: 5).
 */
import { binIndex, quantileEdges, uniformEdges } from './binning.js';
import { checkBinaryInputs, checkInteger, checkProbability, type Values } from './validate.js';
import { ParameterError } from '../util/errors.js';

/** Options of {@link calibrationCurve} and the calibration errors. */
export interface CalibrationBinning {
  /** Number of bins (before empty ones are dropped). Default 10. */
  nBins?: number;
  /** `'uniform'` (default): equal-width bins on [0, 1]; `'quantile'`: equal-count bins from the percentiles of prob. */
  strategy?: 'uniform' | 'quantile';
}

/** What {@link calibrationCurve} returns: one entry per non-empty bin, by increasing probability. */
export interface CalibrationCurve {
  /** Fraction of positives in the bin. */
  probTrue: Float64Array;
  /** Mean predicted probability in the bin. */
  probPred: Float64Array;
  /** Rows in the bin. */
  counts: Int32Array;
  /** All nBins + 1 edges, empty bins included (quantile edges may repeat). */
  edges: Float64Array;
}

/**
 * Fraction of positives against mean predicted probability per bin.
 *
 * @param y - Labels 0/1, `(n,)`.
 * @param prob - Predicted P(y = 1) in [0, 1], `(n,)`.
 * @param options - nBins (default 10), strategy (default 'uniform').
 * @returns probTrue, probPred, counts for the non-empty bins, and the edges.
 * @throws SchemaError on a length mismatch, a label not 0/1, or a probability outside [0, 1] or NaN.
 * @throws ParameterError on a bad nBins or strategy.
 * @see https://scikit-learn.org/1.2/modules/generated/sklearn.calibration.calibration_curve.html
 * @example calibrationCurve([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], { nBins: 2 }) // probTrue [0, 1], probPred [0.2, 0.75], counts [2, 2]
 */
export function calibrationCurve(
  y: Values,
  prob: Values,
  options: CalibrationBinning = {},
): CalibrationCurve {
  const what = 'calibrationCurve';
  const { nBins = 10, strategy = 'uniform' } = options;
  checkInteger(what, 'nBins', nBins, 1);
  if (strategy !== 'uniform' && strategy !== 'quantile') {
    throw new ParameterError(`${what}: strategy must be 'uniform' or 'quantile', got ${String(strategy)}`);
  }
  checkBinaryInputs(what, y, prob, 'prob');
  checkProbability(what, 'prob', prob);
  const edges =
    strategy === 'uniform' ? uniformEdges(nBins) : quantileEdges(Float64Array.from(prob).sort(), nBins);
  const inner = edges.subarray(1, nBins);
  const sumP = new Float64Array(nBins);
  const sumY = new Float64Array(nBins);
  const count = new Int32Array(nBins);
  for (let i = 0; i < y.length; i++) {
    const b = binIndex(inner, prob[i]);
    sumP[b] += prob[i];
    sumY[b] += y[i];
    count[b]++;
  }
  const probTrue: number[] = [];
  const probPred: number[] = [];
  const counts: number[] = [];
  for (let b = 0; b < nBins; b++) {
    if (count[b] === 0) continue;
    probTrue.push(sumY[b] / count[b]);
    probPred.push(sumP[b] / count[b]);
    counts.push(count[b]);
  }
  return {
    probTrue: Float64Array.from(probTrue),
    probPred: Float64Array.from(probPred),
    counts: Int32Array.from(counts),
    edges,
  };
}
