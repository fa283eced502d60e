/**
 * Platt (sigmoid) calibration: p = 1 / (1 + exp(A·f + B)), with A and B minimizing the weighted log loss
 * against Platt's smoothed targets — scikit-learn 1.2's `_sigmoid_calibration`.
 *
 * ```
 * (f, y, w) ─priors─▶ N₋ = Σw[y=0], N₊ = Σw[y=1]; targets t = (N₊+1)/(N₊+2) for y=1, 1/(N₋+2) for y=0
 *   ─standardize─▶ x = (f − m)/r   (m = weighted mean of f, r = max|f − m|, rows with w > 0)
 *   ─Newton + Armijo backtracking on (a, c), z = a·x + c, from A = 0, B = log((N₋+1)/(N₊+1))─▶
 *   A = a/r, B = c − A·m
 * loss(A, B) = Σ wᵢ [softplus(zᵢ) − (1 − tᵢ) zᵢ]  (= −Σ w [t log p + (1−t) log(1−p)], zᵢ = A fᵢ + B)
 * ```
 *
 * The loss is convex; Newton's method (Lin, Lin & Weng 2007 use the same with a line search) converges
 * quadratically, to the exact optimum. sklearn stops scipy's BFGS at a gradient of 1e-5, so its (A, B) differ
 * from the optimum by up to ~3e-6 on the fixtures (test/fixtures/sklearn-calibration): ours agree with
 * sklearn's to 1e-5 and with the exact optimum to ~1e-10, and reach a loss never above sklearn's (on scores
 * like 1000 + N(0, 1) sklearn's BFGS does not move from its start; ours still converges). When all
 * scores (of positive weight) are equal the optimum is a line; we return the point sklearn's BFGS reaches:
 * it moves from (0, B₀) along the gradient direction (f, 1) only, so A = f·s, B = B₀ + s with
 * sigmoid(−(A f + B)) = Σ w t / Σ w. Scores spread over no more than 1e-12·max(1, |mean|) count as constant
 * (at the mean): any slope fitted to such differences would be round-off (or overflow).
 *
 * @see Platt, J. (1999) Probabilistic outputs for support vector machines. Lin, H.-T., Lin, C.-J. & Weng,
 *   R. C. (2007) A note on Platt's probabilistic outputs for support vector machines. Mach. Learn. 68.
 *   scikit-learn `sklearn/calibration.py` `_sigmoid_calibration` (1.2).
 * @example
 * new PlattCalibrator().fit(Float64Array.of(0.1, 0.4, 0.6, 0.9), Float64Array.of(0, 0, 1, 1))
 *   .predict(Float64Array.of(0.5)) // Float64Array [0.5] (symmetric data: B = −A/2)
 * // A = −3.339799, B = 1.669900 (sklearn's BFGS: −3.339797, 1.669900)
 */
import type { Calibrator, ModelJSON } from '../types.js';
import { DataFormatError, NotFittedError, ParameterError } from '../util/errors.js';
import { checkFitInput, checkKeys, readCalibrator, readNumber, writeEnvelope } from './checks.js';

/** Parameters of {@link PlattCalibrator}. */
export interface PlattParams {
  /** Newton iterations at most (integer ≥ 1). Default 100 (typically 5–10 are used). */
  maxIter?: number;
  /**
   * Convergence: stop once a full Newton step changes the standardized slope a and intercept c each by at
   * most `tol·(1 + |value|)` (the error after it is then ~tol²). In (0, 0.01]. Default 1e-10.
   */
  tol?: number;
}

/** Serialized state: the fitted sigmoid and how the fit ended. */
export interface PlattState {
  a: number;
  b: number;
  nIter: number;
  converged: boolean;
}

/** Scores spread over at most this × max(1, |mean|) are treated as constant (a slope would overflow). */
const CONSTANT = 1e-12;

const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** Platt calibrator (scikit-learn `_SigmoidCalibration`): p = 1 / (1 + exp(A·score + B)). */
export class PlattCalibrator implements Calibrator {
  static readonly format = 'quantbook/platt';
  static readonly version = 1;

  readonly maxIter: number;
  readonly tol: number;
  private fitted: PlattState | undefined;

  /** @throws ParameterError for maxIter not an integer ≥ 1, tol outside (0, 0.01], or an unknown key. */
  constructor(params: PlattParams = {}) {
    checkKeys('PlattCalibrator', params, ['maxIter', 'tol']);
    const { maxIter = 100, tol = 1e-10 } = params;
    if (!Number.isInteger(maxIter) || maxIter < 1)
      throw new ParameterError(`PlattCalibrator: maxIter must be an integer ≥ 1, got ${String(maxIter)}`);
    if (typeof tol !== 'number' || !(tol > 0 && tol <= 0.01))
      throw new ParameterError(`PlattCalibrator: tol must be a number in (0, 0.01], got ${String(tol)}`);
    this.maxIter = maxIter;
    this.tol = tol;
  }

  /**
   * Fits A and B on `(scores, y)`, `(nSamples,)` each.
   * @param y - 0/1 labels.
   * @throws SchemaError for mismatched lengths; ParameterError for non-finite scores or labels other than
   *   0/1 (naming the first index), negative weights or no positive weight.
   */
  fit(scores: Float64Array, y: Float64Array, sampleWeight?: Float64Array): this {
    // Rows of weight 0 do not enter the loss.
    const { w: w0, rows } = checkFitInput('PlattCalibrator.fit', scores, y, sampleWeight, 'binary');
    const f = Float64Array.from(rows, (i) => scores[i]);
    const w = Float64Array.from(rows, (i) => w0[i]);
    let prior0 = 0;
    let prior1 = 0;
    for (const i of rows) {
      if (y[i] === 1) prior1 += w0[i];
      else prior0 += w0[i];
    }
    const t1 = (prior1 + 1) / (prior1 + 2);
    const t0 = 1 / (prior0 + 2);
    const t = Float64Array.from(rows, (i) => (y[i] === 1 ? t1 : t0));
    const b0 = Math.log((prior0 + 1) / (prior1 + 1));
    const n = f.length;
    let total = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      total += w[i];
      mean += w[i] * f[i];
    }
    mean /= total;
    let range = 0;
    for (let i = 0; i < n; i++) range = Math.max(range, Math.abs(f[i] - mean));
    if (range <= CONSTANT * Math.max(1, Math.abs(mean))) {
      // Constant scores: the optimum along sklearn's path (0, B₀) + s·(f₀, 1) is z* = log((1 − t̄)/t̄).
      const f0 = f.every((v) => v === f[0]) ? f[0] : mean;
      let tw = 0;
      for (let i = 0; i < n; i++) tw += w[i] * t[i];
      const tBar = tw / total;
      const s = (Math.log((1 - tBar) / tBar) - b0) / (1 + f0 * f0);
      this.fitted = { a: f0 * s, b: b0 + s, nIter: 0, converged: true };
      return this;
    }
    const x = Float64Array.from(f, (v) => (v - mean) / range);
    const loss = (a: number, c: number): number => {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const z = a * x[i] + c;
        sum += w[i] * (softplus(z) - (1 - t[i]) * z);
      }
      return sum;
    };
    let a = 0;
    let c = b0; // A = 0, B = B₀  ⇔  a = 0, c = B₀
    let fCur = loss(a, c);
    let nIter = 0;
    let converged = false;
    while (nIter < this.maxIter && !converged) {
      nIter++;
      let ga = 0;
      let gc = 0;
      let haa = 0;
      let hac = 0;
      let hcc = 0;
      for (let i = 0; i < n; i++) {
        const z = a * x[i] + c;
        const e = Math.exp(-Math.abs(z));
        const q = z >= 0 ? 1 / (1 + e) : e / (1 + e); // 1 − p = sigmoid(z)
        const r = w[i] * (q - (1 - t[i])); // ∂loss/∂z
        const h = (w[i] * e) / ((1 + e) * (1 + e)); // w p (1 − p)
        ga += r * x[i];
        gc += r;
        haa += h * x[i] * x[i];
        hac += h * x[i];
        hcc += h;
      }
      // Newton direction; a tiny ridge (Lin et al.'s σ) keeps H invertible where every p saturates.
      const ridge = 1e-12 * (haa + hcc) + 1e-300;
      const det = (haa + ridge) * (hcc + ridge) - hac * hac;
      const da = -((hcc + ridge) * ga - hac * gc) / det;
      const dc = -(-hac * ga + (haa + ridge) * gc) / det;
      const slope = ga * da + gc * dc;
      if (Math.abs(da) <= this.tol * (1 + Math.abs(a)) && Math.abs(dc) <= this.tol * (1 + Math.abs(c))) {
        converged = true;
        a += da; // the last step is below tol: take it without a line search (loss changes ~1e-16 here)
        c += dc;
        break;
      }
      if (-slope <= 1e-10 * (1 + Math.abs(fCur))) {
        // Newton decrement λ² = −slope at round-off level of the loss: deep in the region of quadratic
        // convergence, where the loss cannot tell a better point from a worse one; take the full step.
        a += da;
        c += dc;
        fCur = loss(a, c);
        continue;
      }
      let step = 1;
      for (;;) {
        const fNew = loss(a + step * da, c + step * dc);
        if (fNew <= fCur + 1e-4 * step * slope) {
          a += step * da;
          c += step * dc;
          fCur = fNew;
          break;
        }
        step /= 2;
        if (step < 1e-10) {
          // No decrease at round-off level: the gradient is as small as the loss's precision allows.
          converged = true;
          break;
        }
      }
    }
    const A = a / range;
    this.fitted = { a: A, b: c - A * mean, nIter, converged };
    return this;
  }

  /**
   * Calibrated probabilities 1 / (1 + exp(A·score + B)), `(nSamples,)` in [0, 1]; NaN in → NaN out.
   * @throws NotFittedError before fit.
   */
  predict(scores: Float64Array): Float64Array {
    const { a, b } = this.state();
    const out = new Float64Array(scores.length);
    for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(a * scores[i] + b));
    return out;
  }

  /** The slope A (negative when higher scores mean higher probability). @throws NotFittedError. */
  get a(): number {
    return this.state().a;
  }

  /** The intercept B. @throws NotFittedError. */
  get b(): number {
    return this.state().b;
  }

  /**
   * Newton iterations used, and whether the fit met `tol` (else it stopped at `maxIter`).
   * @throws NotFittedError before fit.
   */
  get convergence(): { nIter: number; converged: boolean } {
    const { nIter, converged } = this.state();
    return { nIter, converged };
  }

  getParams(): Required<PlattParams> {
    return { maxIter: this.maxIter, tol: this.tol };
  }

  /** `{ format: 'quantbook/platt', version: 1, params, state: { a, b, nIter, converged } }`. */
  toJSON(): ModelJSON<Required<PlattParams>, PlattState> {
    return writeEnvelope(PlattCalibrator, this.getParams(), { ...this.state() });
  }

  /**
   * A fitted calibrator from {@link toJSON}'s output; predictions are identical.
   * @throws DataFormatError for another format or version, bad params or a non-finite a or b.
   */
  static fromJSON(json: unknown): PlattCalibrator {
    const f = PlattCalibrator.format;
    const { model, state } = readCalibrator(json, PlattCalibrator);
    const nIter = state.nIter ?? 0;
    const converged = state.converged ?? true;
    if (typeof nIter !== 'number' || typeof converged !== 'boolean')
      throw new DataFormatError(`${f}: fromJSON: state.nIter must be a number and state.converged a boolean`);
    model.fitted = { a: readNumber(f, state, 'a'), b: readNumber(f, state, 'b'), nIter, converged };
    return model;
  }

  private state(): PlattState {
    if (this.fitted === undefined) throw new NotFittedError('PlattCalibrator');
    return this.fitted;
  }
}
