/**
 * Loss functions of the booster: first and second derivatives of the loss with respect to the margin,
 * the margin of a base score, and the output transform — with XGBoost's names and formulas.
 *
 * ```
 *  binary:logistic          p = σ(m)              g = p − y                 h = max(p(1 − p), 1e-16)
 *  reg:squarederror         ŷ = m                 g = m − y                 h = 1
 *  reg:pseudohubererror     ŷ = m, z = m − y      g = z / √(1 + (z/δ)²)     h = 1 / (1 + (z/δ)²)^{3/2}
 * ```
 * Each g and h is multiplied by the row's weight (sample weight × class weight × scalePosWeight).
 * The margin of a base score is computed in float32 arithmetic, as XGBoost's `ProbToMargin` does
 * (`-logf(1.0f / base_score - 1.0f)` for the logistic loss), so both start from the same float.
 *
 * @see XGBoost src/objective/regression_loss.h (LogisticClassification, SquaredLoss) and
 *   regression_obj.cu (PseudoHuberRegression), v1.7.
 */
import { ParameterError } from '../../util/errors.js';

/** The objectives quantbook trains, by their XGBoost names. */
export type ObjectiveName = 'binary:logistic' | 'reg:squarederror' | 'reg:pseudohubererror';

/** Every objective name, in a stable order. */
export const OBJECTIVES: readonly ObjectiveName[] = [
  'binary:logistic',
  'reg:squarederror',
  'reg:pseudohubererror',
];

/** The logistic function in float64. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Weighted gradients and hessians of the loss at `margin`, written into `grad` and `hess`.
 *
 * @param objective - Which loss.
 * @param margin - Current margins, `(n,)`.
 * @param y - Targets, `(n,)` (0/1 for binary:logistic).
 * @param weight - Row weights `(n,)`, or null for all 1.
 * @param grad - Output, `(n,)`.
 * @param hess - Output, `(n,)`.
 * @param huberSlope - δ of reg:pseudohubererror (> 0).
 * @example
 * const g = new Float64Array(1), h = new Float64Array(1);
 * gradients('binary:logistic', Float32Array.of(0), Float64Array.of(1), null, g, h, 1); // g = [-0.5], h = [0.25]
 */
export function gradients(
  objective: ObjectiveName,
  margin: Float32Array | Float64Array,
  y: Float64Array,
  weight: Float64Array | null,
  grad: Float64Array,
  hess: Float64Array,
  huberSlope = 1,
): void {
  const n = margin.length;
  if (objective === 'binary:logistic') {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-margin[i]));
      const w = weight === null ? 1 : weight[i];
      grad[i] = (p - y[i]) * w;
      hess[i] = Math.max(p * (1 - p), 1e-16) * w;
    }
  } else if (objective === 'reg:squarederror') {
    for (let i = 0; i < n; i++) {
      const w = weight === null ? 1 : weight[i];
      grad[i] = (margin[i] - y[i]) * w;
      hess[i] = w;
    }
  } else {
    const d2 = huberSlope * huberSlope;
    for (let i = 0; i < n; i++) {
      const w = weight === null ? 1 : weight[i];
      const z = margin[i] - y[i];
      const s = 1 + (z * z) / d2;
      const r = Math.sqrt(s);
      grad[i] = (z / r) * w;
      hess[i] = (1 / (s * r)) * w;
    }
  }
}

/**
 * The float32 margin XGBoost starts from for a base score (`ProbToMargin`, float arithmetic).
 *
 * @throws ParameterError for a logistic base score outside (0, 1).
 * @example baseMargin('binary:logistic', 0.5) // 0
 */
export function baseMargin(objective: ObjectiveName, baseScore: number): number {
  const b = Math.fround(baseScore);
  if (objective !== 'binary:logistic') return b;
  if (!(b > 0 && b < 1))
    throw new ParameterError(`binary:logistic: baseScore must be in (0, 1), got ${String(baseScore)}`);
  return Math.fround(-Math.log(Math.fround(Math.fround(1 / b) - 1)));
}

/**
 * The default base score: the weighted mean of y (clipped to [1e-6, 1 − 1e-6] for the logistic loss),
 * as a float32 — LightGBM's `boost_from_average`. (XGBoost 1.7 starts from 0.5 unless told otherwise.)
 */
export function defaultBaseScore(
  objective: ObjectiveName,
  y: Float64Array,
  weight: Float64Array | null,
): number {
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weight === null ? 1 : weight[i];
    sw += w;
    swy += w * y[i];
  }
  const mean = sw > 0 ? swy / sw : 0;
  if (objective === 'binary:logistic') return Math.fround(Math.min(Math.max(mean, 1e-6), 1 - 1e-6));
  return Math.fround(mean);
}
