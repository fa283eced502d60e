/**
 * Isotonic calibration: the non-decreasing step-then-linear map from score to probability that
 * minimizes weighted squared error, fitted by pool-adjacent-violators (PAVA).
 *
 * Reproduces scikit-learn 1.2's `IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1,
 * increasing=True)` operation for operation (test/fixtures/sklearn-calibration: thresholds and predictions
 * equal to the last bit on every fixture case):
 *
 * ```
 * (score, y, w) ─drop w = 0─▶ sort by (score, y) ─merge ties─▶ unique (x, ȳ, Σw) ─PAVA─▶ clip [yMin, yMax]
 *   ─drop interior points equal to both neighbours─▶ thresholds (x, y)
 * predict(s) = linear interpolation between thresholds of clip(s, x₀, x_last)       (np.interp)
 * ```
 *
 * One deliberate difference: an interpolated value is clamped to its two bracketing knots, so the map is
 * monotone to the last bit (np.interp's `slope·(s − xⱼ) + yⱼ` can overshoot the next knot by one ulp).
 *
 * Ties: scores closer than 1e-15 (NumPy's `finfo(float64).resolution`, absolute) to the first score of a
 * run are one tie group, as in sklearn's `_make_unique`; the group's y is the weighted mean.
 *
 * @see scikit-learn `sklearn/isotonic.py` and `sklearn/_isotonic.pyx` (1.2);
 *   Best, M. J. & Chakravarti, N. (1990) Active set algorithms for isotonic regression. Math. Prog. 47.
 * @example
 * new IsotonicCalibrator().fit(Float64Array.of(1, 2, 3, 4), Float64Array.of(0, 1, 0, 1))
 *   .predict(Float64Array.of(0, 2.5, 5)) // Float64Array [0, 0.5, 1]
 */
import type { Calibrator, ModelJSON } from '../types.js';
import { DataFormatError, NotFittedError, ParameterError } from '../util/errors.js';
import { checkFitInput, checkKeys, readCalibrator, readNumbers, writeEnvelope } from './checks.js';

/** Parameters of {@link IsotonicCalibrator}. */
export interface IsotonicParams {
  /** Lower clip of the fitted values (sklearn `y_min`), in [0, 1]. Default 0. */
  yMin?: number;
  /** Upper clip of the fitted values (sklearn `y_max`), in [0, 1], > yMin. Default 1. */
  yMax?: number;
}

/** Serialized state: the interpolation knots (sklearn `X_thresholds_`, `y_thresholds_`). */
export interface IsotonicState {
  xThresholds: number[];
  yThresholds: number[];
}

/** NumPy's `np.finfo(np.float64).resolution`: sklearn's `_make_unique` tie tolerance (absolute). */
const TIE_EPS = 1e-15;

/**
 * Weighted isotonic (non-decreasing) regression of `y` in the given order, by pool-adjacent-violators
 * (sklearn's `_inplace_contiguous_isotonic_regression`, single pass with backtracking, O(n)). Pure:
 * returns a new array. `w` must be > 0.
 * @example isotonicRegression(Float64Array.of(1, 3, 2, 4), Float64Array.of(1, 1, 1, 1)) // [1, 2.5, 2.5, 4]
 */
export function isotonicRegression(y: Float64Array, w: Float64Array): Float64Array {
  const n = y.length;
  const v = Float64Array.from(y);
  const ww = Float64Array.from(w);
  // target[i] = j and target[j] = i when [i..j] is an active block; v[i], ww[i] hold its mean and weight.
  const target = new Int32Array(n);
  for (let i = 0; i < n; i++) target[i] = i;
  let i = 0;
  while (i < n) {
    let k = target[i] + 1;
    if (k === n) break;
    if (v[i] < v[k]) {
      i = k;
      continue;
    }
    let sumWy = ww[i] * v[i];
    let sumW = ww[i];
    for (;;) {
      const prevY = v[k];
      sumWy += ww[k] * v[k];
      sumW += ww[k];
      k = target[k] + 1;
      if (k === n || prevY < v[k]) {
        v[i] = sumWy / sumW;
        ww[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1];
        break;
      }
    }
  }
  for (let s = 0; s < n;) {
    const k = target[s] + 1;
    v.fill(v[s], s + 1, k);
    s = k;
  }
  return v;
}

/** Isotonic calibrator (scikit-learn `IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1)`). */
export class IsotonicCalibrator implements Calibrator {
  static readonly format = 'quantbook/isotonic';
  static readonly version = 1;

  readonly yMin: number;
  readonly yMax: number;
  private xs: Float64Array | undefined;
  private ys: Float64Array | undefined;

  /** @throws ParameterError unless 0 ≤ yMin < yMax ≤ 1 (or for an unknown key). */
  constructor(params: IsotonicParams = {}) {
    checkKeys('IsotonicCalibrator', params, ['yMin', 'yMax']);
    const { yMin = 0, yMax = 1 } = params;
    if (typeof yMin !== 'number' || typeof yMax !== 'number' || !(0 <= yMin && yMin < yMax && yMax <= 1))
      throw new ParameterError(
        `IsotonicCalibrator: need 0 ≤ yMin < yMax ≤ 1, got yMin ${String(yMin)}, yMax ${String(yMax)}`,
      );
    this.yMin = yMin;
    this.yMax = yMax;
  }

  /**
   * Fits the map on `(scores, y)`, `(nSamples,)` each; rows with weight 0 are ignored.
   * @param y - Targets, usually 0/1 labels; any finite value (fitted values are clipped to [yMin, yMax]).
   * @throws SchemaError for mismatched lengths; ParameterError for non-finite scores or y (naming the first
   *   index), negative weights or no positive weight.
   */
  fit(scores: Float64Array, y: Float64Array, sampleWeight?: Float64Array): this {
    const { w, rows: order } = checkFitInput('IsotonicCalibrator.fit', scores, y, sampleWeight, 'finite');
    order.sort((a, b) => scores[a] - scores[b] || y[a] - y[b] || a - b); // np.lexsort((y, X)), stable
    // _make_unique: one point per tie group, weighted mean y, summed weight, first x.
    const ux: number[] = [];
    const uy: number[] = [];
    const uw: number[] = [];
    let cx = scores[order[0]];
    let cy = 0;
    let cw = 0;
    for (const j of order) {
      const x = scores[j];
      if (x - cx >= TIE_EPS) {
        ux.push(cx);
        uw.push(cw);
        uy.push(cy / cw);
        cx = x;
        cw = w[j];
        cy = y[j] * w[j];
      } else {
        cw += w[j];
        cy += y[j] * w[j];
      }
    }
    ux.push(cx);
    uw.push(cw);
    uy.push(cy / cw);
    const fitted = isotonicRegression(Float64Array.from(uy), Float64Array.from(uw));
    for (let i = 0; i < fitted.length; i++) fitted[i] = Math.min(Math.max(fitted[i], this.yMin), this.yMax);
    // Keep the ends and every point differing from at least one neighbour.
    const keep: number[] = [];
    const m = fitted.length;
    for (let i = 0; i < m; i++)
      if (i === 0 || i === m - 1 || fitted[i] !== fitted[i - 1] || fitted[i] !== fitted[i + 1]) keep.push(i);
    this.xs = Float64Array.from(keep, (i) => ux[i]);
    this.ys = Float64Array.from(keep, (i) => fitted[i]);
    return this;
  }

  /**
   * Calibrated probabilities, `(nSamples,)` in [yMin, yMax]: linear interpolation between the thresholds,
   * scores outside [first, last threshold] clipped to it (±Infinity too). NaN in → NaN out.
   * @throws NotFittedError before fit.
   */
  predict(scores: Float64Array): Float64Array {
    const { xs, ys } = this.knots();
    const n = xs.length;
    const lo = xs[0];
    const hi = xs[n - 1];
    const out = new Float64Array(scores.length);
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i];
      if (Number.isNaN(s)) {
        out[i] = NaN;
        continue;
      }
      const t = s < lo ? lo : s > hi ? hi : s;
      // Largest j with xs[j] ≤ t (np.interp's binary search).
      let a = 0;
      let b = n - 1;
      while (a < b) {
        const mid = (a + b + 1) >> 1;
        if (xs[mid] <= t) a = mid;
        else b = mid - 1;
      }
      if (a === n - 1 || t === xs[a]) out[i] = ys[a];
      else {
        // np.interp's formula; clamped to the bracketing knots, which rounding can overshoot by an ulp.
        const v = ((ys[a + 1] - ys[a]) / (xs[a + 1] - xs[a])) * (t - xs[a]) + ys[a];
        out[i] = v > ys[a + 1] ? ys[a + 1] : v < ys[a] ? ys[a] : v;
      }
    }
    return out;
  }

  /** The interpolation knots' scores (sklearn `X_thresholds_`), ascending. @throws NotFittedError. */
  get xThresholds(): Float64Array {
    return this.knots().xs.slice();
  }

  /** The knots' probabilities (sklearn `y_thresholds_`), non-decreasing. @throws NotFittedError. */
  get yThresholds(): Float64Array {
    return this.knots().ys.slice();
  }

  getParams(): Required<IsotonicParams> {
    return { yMin: this.yMin, yMax: this.yMax };
  }

  /** `{ format: 'quantbook/isotonic', version: 1, params, state: { xThresholds, yThresholds } }`. */
  toJSON(): ModelJSON<Required<IsotonicParams>, IsotonicState> {
    const { xs, ys } = this.knots();
    const state = { xThresholds: Array.from(xs), yThresholds: Array.from(ys) };
    return writeEnvelope(IsotonicCalibrator, this.getParams(), state);
  }

  /**
   * A fitted calibrator from {@link toJSON}'s output; predictions are identical.
   * @throws DataFormatError for another format or version, bad params, or knots that are not strictly
   *   increasing in x, non-decreasing in y within [yMin, yMax], of equal lengths.
   */
  static fromJSON(json: unknown): IsotonicCalibrator {
    const f = IsotonicCalibrator.format;
    const { model, state } = readCalibrator(json, IsotonicCalibrator);
    const xs = readNumbers(f, state, 'xThresholds');
    const ys = readNumbers(f, state, 'yThresholds');
    if (xs.length !== ys.length)
      throw new DataFormatError(`${f}: fromJSON: ${xs.length} xThresholds but ${ys.length} yThresholds`);
    for (let i = 0; i < xs.length; i++) {
      if (i > 0 && !(xs[i] > xs[i - 1] && ys[i] >= ys[i - 1]))
        throw new DataFormatError(`${f}: fromJSON: thresholds must increase, not at index ${i}`);
      if (ys[i] < model.yMin || ys[i] > model.yMax)
        throw new DataFormatError(`${f}: fromJSON: yThresholds[${i}] = ${ys[i]} is outside [yMin, yMax]`);
    }
    model.xs = xs;
    model.ys = ys;
    return model;
  }

  private knots(): { xs: Float64Array; ys: Float64Array } {
    if (this.xs === undefined || this.ys === undefined) throw new NotFittedError('IsotonicCalibrator');
    return { xs: this.xs, ys: this.ys };
  }
}
