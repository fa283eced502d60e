/**
 * Regression metrics with scikit-learn 1.2's definitions and argument order (actual, predicted):
 * `rmse` (= `mean_squared_error(squared=False)`), `mae` (= `mean_absolute_error`), `r2`
 * (= `r2_score`, force_finite=True), and `directionAccuracy` (NumPy:
 * `np.average(np.sign(pred) == np.sign(actual), weights=w)`). All take sample weights.
 *
 * NaN policy: none — a NaN or infinite value throws a SchemaError naming the first index.
 */
import { UndefinedMetricError } from './errors.js';
import { checkFinite, checkNonEmpty, checkSameLength, checkWeights, type Values } from './validate.js';

function checkRegression(what: string, actual: Values, predicted: Values, sampleWeight?: Values): void {
  checkSameLength(what, 'actual', actual, 'predicted', predicted);
  checkNonEmpty(what, 'actual', actual);
  checkFinite(what, 'actual', actual);
  checkFinite(what, 'predicted', predicted);
  if (sampleWeight !== undefined) checkWeights(what, sampleWeight, actual.length);
}

const weightAt = (w: Values | undefined, i: number): number => (w === undefined ? 1 : w[i]);

/**
 * Root mean squared error: √(Σ wᵢ (yᵢ − ŷᵢ)² / Σ wᵢ), as sklearn `mean_squared_error(y, ŷ,
 * sample_weight=w, squared=False)`. In the unit of y.
 *
 * @throws SchemaError on a length mismatch, an empty input, a non-finite value or a bad weight.
 * @example rmse([1, 2, 3], [1, 2, 5]) // 1.1547005383792515
 */
export function rmse(actual: Values, predicted: Values, sampleWeight?: Values): number {
  checkRegression('rmse', actual, predicted, sampleWeight);
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < actual.length; i++) {
    const w = weightAt(sampleWeight, i);
    const d = actual[i] - predicted[i];
    sum += d * d * w;
    wsum += w;
  }
  return Math.sqrt(sum / wsum);
}

/**
 * Mean absolute error: Σ wᵢ |yᵢ − ŷᵢ| / Σ wᵢ, as sklearn `mean_absolute_error`. In the unit of y.
 *
 * @throws SchemaError on bad input.
 * @example mae([1, 2, 3], [1, 2, 5]) // 0.6666666666666666
 */
export function mae(actual: Values, predicted: Values, sampleWeight?: Values): number {
  checkRegression('mae', actual, predicted, sampleWeight);
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < actual.length; i++) {
    const w = weightAt(sampleWeight, i);
    sum += Math.abs(actual[i] - predicted[i]) * w;
    wsum += w;
  }
  return sum / wsum;
}

/**
 * Coefficient of determination, as sklearn `r2_score(y, ŷ, sample_weight=w)` (force_finite=True):
 * 1 − Σ w (y − ŷ)² / Σ w (y − ȳ_w)². Constant y (among rows of non-zero weight): 1.0 when every
 * prediction is exact, else 0.0 — never NaN or −∞. Constancy is tested exactly (sklearn compares its
 * floating-point denominator with 0, which a mean like 0.1·3/3 can miss).
 *
 * @returns R², at most 1, unbounded below.
 * @throws SchemaError on bad input.
 * @throws UndefinedMetricError with fewer than two rows (sklearn warns and returns NaN).
 * @example r2([1, 2, 3], [1, 2, 5]) // -1
 */
export function r2(actual: Values, predicted: Values, sampleWeight?: Values): number {
  checkRegression('r2', actual, predicted, sampleWeight);
  const n = actual.length;
  if (n < 2) throw new UndefinedMetricError('r2', `R² is not defined with fewer than two rows, got ${n}`);
  let ysum = 0;
  let wsum = 0;
  let numerator = 0;
  let first = NaN;
  let constant = true;
  for (let i = 0; i < n; i++) {
    const w = weightAt(sampleWeight, i);
    const d = actual[i] - predicted[i];
    numerator += w * (d * d);
    ysum += actual[i] * w;
    wsum += w;
    if (w !== 0) {
      if (Number.isNaN(first)) first = actual[i];
      else if (actual[i] !== first) constant = false;
    }
  }
  if (numerator === 0) return 1;
  if (constant) return 0;
  const mean = ysum / wsum;
  let denominator = 0;
  for (let i = 0; i < n; i++) {
    const d = actual[i] - mean;
    denominator += weightAt(sampleWeight, i) * (d * d);
  }
  return 1 - numerator / denominator;
}

/**
 * Share of rows whose predicted sign equals the actual sign: mean of [sign(ŷ) = sign(y)] with
 * sign(0) = 0, so a zero prediction is right only when the actual value is exactly 0 too (and a
 * zero actual is matched only by a zero prediction). Weighted like sklearn's scores:
 * NumPy `np.average(np.sign(pred) == np.sign(actual), weights=w)`.
 *
 * @returns A share in [0, 1]; 0.5 is a coin flip when zeros are rare.
 * @throws SchemaError on bad input.
 * @example directionAccuracy([0.02, -0.01, 0, 0.03], [0.01, 0.02, 0, -0.01]) // 0.5
 */
export function directionAccuracy(actual: Values, predicted: Values, sampleWeight?: Values): number {
  checkRegression('directionAccuracy', actual, predicted, sampleWeight);
  let hit = 0;
  let wsum = 0;
  for (let i = 0; i < actual.length; i++) {
    const w = weightAt(sampleWeight, i);
    if (Math.sign(actual[i]) === Math.sign(predicted[i])) hit += w;
    wsum += w;
  }
  return hit / wsum;
}
