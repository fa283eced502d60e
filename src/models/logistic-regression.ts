/**
 * Binary logistic regression with an L2 penalty (or none), scikit-learn's objective and parameterization:
 *
 *   minimize over (w, b)   Σᵢ sᵢ · [log(1 + e^{zᵢ}) − yᵢ zᵢ] + ‖w‖² / (2C),      zᵢ = xᵢ·w + b,
 *
 * where sᵢ = sampleWeightᵢ · classWeight[yᵢ] and the intercept b is not penalized (`penalty: 'none'`
 * drops the ‖w‖² term). `classWeight: 'balanced'` is n / (2 · n_c), counted on y as sklearn does.
 *
 * Solver: Newton's method (IRLS) with a backtracking Armijo line search, from w = 0, b = 0:
 *
 * ```
 * ┌─▶ pass over X: z = Xw + b, loss f, gradient g = Xᵀ s(p − y) + w/C, Hessian H = Xᵀ diag(s p(1−p)) X + I/C
 * │   stop when ‖g‖∞ ≤ tol · Σsᵢ (the mean-loss gradient ≤ tol)  or after maxIter Newton steps
 * │   step d: solve H d = −g by Cholesky on the Jacobi-scaled H (adding a small ridge if H is singular)
 * │   pass over X: Δz = X d_w + d_b;  line search on z + αΔz, α = 1, ½, ¼ … until Armijo holds
 * └── (w, b) += α d
 * ```
 * Each Newton step costs two passes over X plus O(p³); it converges in a few steps (quadratically near
 * the optimum), so the tolerance can be tight. On the fixtures (test/fixtures/sklearn-models: synthetic
 * cases and real features) coefficients agree with sklearn 1.2's `LogisticRegression(solver='lbfgs',
 * tol=1e-10)` to 1e-5 — lbfgs itself stops about that far from the optimum, on SciPy's default relative
 * decrease test — and with its `solver='newton-cholesky'` (tol 1e-12) to 1e-6.
 * A run that stops at maxIter leaves `converged` false and emits a process warning (`ConvergenceWarning`),
 * as sklearn does — e.g. unpenalized fits on separable data, whose optimum is at infinity.
 *
 * NaN in X is an error (naming the first row and column): impute first. Float32 matrices are read as float64.
 *
 * @see scikit-learn `sklearn/linear_model/_logistic.py` (1.2); Nocedal & Wright (2006) Numerical
 *   Optimization §3.1 (backtracking), §3.4 (Newton with Hessian modification).
 * @example
 * const X = { data: Float64Array.of(-2, -1, 1, 2), rows: 4, cols: 1, columns: ['x'] };
 * const m = new LogisticRegression().fit(X, Float64Array.of(0, 1, 0, 1));
 * m.predict(X) // Float64Array [0, 0, 1, 1]
 */
import { checkKeys, paramsFromJSON, readEnvelope, readNumber, readNumbers } from '../calibration/checks.js';
import type { Classifier, FitOptions, Matrix, ModelJSON } from '../types.js';
import { DataFormatError, NotFittedError, ParameterError } from '../util/errors.js';
import {
  checkMatrix,
  checkMatrixValues,
  checkSampleWeight,
  checkTarget,
  checkTwoClasses,
} from './validate-input.js';

/** Per-class weights: `'balanced'` (n / (2 · n_c)), explicit weights (a missing class weighs 1), or none. */
export type ClassWeight = 'balanced' | { 0?: number; 1?: number } | null;

/** Parameters of {@link LogisticRegression}. */
export interface LogisticRegressionParams {
  /** Inverse L2 strength (sklearn `C`), > 0, finite. Default 1. */
  C?: number;
  /** `'l2'` or `'none'` (no penalty; C is then unused). Default `'l2'`. */
  penalty?: 'l2' | 'none';
  /** Fit an (unpenalized) intercept. Default true. */
  fitIntercept?: boolean;
  /** Per-class weights multiplying the sample weights. Default null (all 1). */
  classWeight?: ClassWeight;
  /** Maximum Newton steps, integer ≥ 1. Default 100. */
  maxIter?: number;
  /** Stop when the largest gradient component of the objective divided by Σ weights is ≤ tol; > 0. Default 1e-8. */
  tol?: number;
}

/** The params as stored (every field filled). */
export type LogisticRegressionConfig = Required<LogisticRegressionParams>;

/** Serialized state. */
export interface LogisticRegressionState {
  featureNames: string[];
  coef: number[];
  intercept: number;
  nIter: number;
  converged: boolean;
}

interface Solution {
  coef: Float64Array;
  intercept: number;
  nIter: number;
  converged: boolean;
}

const KEYS = ['C', 'penalty', 'fitIntercept', 'classWeight', 'maxIter', 'tol'] as const;

/** log(1 + e^z), without overflow. */
function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** 1 / (1 + e^{−z}), without overflow. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Solves `A x = b` for a symmetric `A` (n × n, upper triangle used, row-major) by Cholesky on the
 * Jacobi-scaled matrix; when that is not positive definite (a singular Hessian: collinear or constant
 * columns without penalty, saturated probabilities) a growing ridge is added to the scaled matrix.
 */
function solveSpd(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const D = new Float64Array(n);
  for (let j = 0; j < n; j++) D[j] = A[j * n + j] > 0 ? 1 / Math.sqrt(A[j * n + j]) : 1;
  const L = new Float64Array(n * n);
  for (const ridge of [0, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1, 100]) {
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      for (let k = 0; k <= j; k++) {
        // Scaled A[k][j] (k ≤ j: upper triangle), minus the dot product of rows j and k of L.
        let s = A[k * n + j] * D[k] * D[j] + (j === k ? ridge : 0);
        for (let m = 0; m < k; m++) s -= L[j * n + m] * L[k * n + m];
        if (j === k) {
          if (!(s > 1e-13)) {
            ok = false;
            break;
          }
          L[j * n + j] = Math.sqrt(s);
        } else L[j * n + k] = s / L[k * n + k];
      }
    }
    if (!ok) continue;
    const x = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let s = b[j] * D[j];
      for (let m = 0; m < j; m++) s -= L[j * n + m] * x[m];
      x[j] = s / L[j * n + j];
    }
    for (let j = n - 1; j >= 0; j--) {
      let s = x[j];
      for (let m = j + 1; m < n; m++) s -= L[m * n + j] * x[m];
      x[j] = s / L[j * n + j];
    }
    for (let j = 0; j < n; j++) x[j] *= D[j];
    return x;
  }
  return new Float64Array(n); // not reached for a finite A: a ridge of 100 on a unit diagonal is positive definite
}

/** Newton/IRLS with line search on the objective in the file comment. `s` = effective row weights. */
function newton(
  X: Matrix,
  y: Float64Array,
  s: Float64Array,
  lambda: number,
  fitIntercept: boolean,
  maxIter: number,
  tol: number,
): Solution {
  const { data, rows: n, cols: p } = X;
  const d = p + (fitIntercept ? 1 : 0);
  const theta = new Float64Array(d); // [w, b]
  const z = new Float64Array(n);
  const dz = new Float64Array(n);
  const g = new Float64Array(d);
  const H = new Float64Array(d * d);
  const xi = new Float64Array(d);
  if (fitIntercept) xi[p] = 1;
  let sw = 0;
  for (let i = 0; i < n; i++) sw += s[i];
  const penalty = (t: Float64Array, step: Float64Array | undefined, alpha: number): number => {
    let q = 0;
    for (let j = 0; j < p; j++) {
      const v = t[j] + (step === undefined ? 0 : alpha * step[j]);
      q += v * v;
    }
    return 0.5 * lambda * q;
  };
  let nIter = 0;
  for (;;) {
    // 1. margins, loss, gradient and Hessian (upper triangle) at theta.
    g.fill(0);
    H.fill(0);
    let f = 0;
    const b = fitIntercept ? theta[p] : 0;
    for (let i = 0; i < n; i++) {
      const o = i * p;
      let zi = b;
      for (let j = 0; j < p; j++) zi += (xi[j] = data[o + j]) * theta[j];
      z[i] = zi;
      const wi = s[i];
      if (wi === 0) continue;
      const yi = y[i];
      // σ(z) and log(1 + e^z) from one exponential.
      const e = Math.exp(-Math.abs(zi));
      const pi = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
      f += wi * (Math.max(zi, 0) + Math.log1p(e) - yi * zi);
      const r = wi * (pi - yi);
      const h = wi * pi * (1 - pi);
      for (let j = 0; j < d; j++) {
        const xj = xi[j];
        g[j] += r * xj;
        const hx = h * xj;
        for (let k = j, at = j * d + j; k < d; k++, at++) H[at] += hx * xi[k];
      }
    }
    f += penalty(theta, undefined, 0);
    let gmax = 0;
    for (let j = 0; j < d; j++) {
      if (j < p) {
        g[j] += lambda * theta[j];
        H[j * d + j] += lambda;
      }
      gmax = Math.max(gmax, Math.abs(g[j]));
    }
    if (gmax <= tol * sw) return { ...split(theta, p, fitIntercept), nIter, converged: true };
    if (nIter >= maxIter) return { ...split(theta, p, fitIntercept), nIter, converged: false };
    nIter++;

    // 2. Newton direction and its effect on the margins.
    const negG = g.map((v) => -v);
    const step = solveSpd(H, negG, d);
    let slope = 0; // directional derivative gᵀd (< 0 for a descent direction)
    for (let j = 0; j < d; j++) slope += g[j] * step[j];
    if (!(slope < 0)) return { ...split(theta, p, fitIntercept), nIter, converged: false };
    const db = fitIntercept ? step[p] : 0;
    for (let i = 0; i < n; i++) {
      const o = i * p;
      let v = db;
      for (let j = 0; j < p; j++) v += data[o + j] * step[j];
      dz[i] = v;
    }

    // 3. Backtracking (Armijo, c = 1e-4) on f(theta + α d), from the margins; the slack absorbs the
    // rounding of a sum of n terms, so full steps are taken once the decrease is below it.
    const slack = 1e-13 * (Math.abs(f) + 1);
    let alpha = 1;
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      let fa = penalty(theta, step, alpha);
      for (let i = 0; i < n; i++) {
        const wi = s[i];
        if (wi === 0) continue;
        const zi = z[i] + alpha * dz[i];
        fa += wi * (log1pExp(zi) - y[i] * zi);
      }
      if (fa <= f + 1e-4 * alpha * slope + slack) {
        accepted = true;
        break;
      }
      alpha *= 0.5;
    }
    if (!accepted) return { ...split(theta, p, fitIntercept), nIter, converged: false };
    for (let j = 0; j < d; j++) theta[j] += alpha * step[j];
  }
}

function split(
  theta: Float64Array,
  p: number,
  fitIntercept: boolean,
): { coef: Float64Array; intercept: number } {
  return { coef: theta.slice(0, p), intercept: fitIntercept ? theta[p] : 0 };
}

function checkClassWeight(cw: unknown): ClassWeight {
  if (cw === null || cw === 'balanced') return cw;
  if (typeof cw === 'object' && !Array.isArray(cw)) {
    const out: { 0?: number; 1?: number } = {};
    for (const [k, v] of Object.entries(cw)) {
      if (k !== '0' && k !== '1')
        throw new ParameterError(
          `LogisticRegression: classWeight has key ${JSON.stringify(k)}; the classes are 0 and 1`,
        );
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        throw new ParameterError(
          `LogisticRegression: classWeight[${k}] must be a finite number ≥ 0, got ${JSON.stringify(v)}`,
        );
      out[k === '0' ? 0 : 1] = v;
    }
    return out;
  }
  throw new ParameterError(
    `LogisticRegression: classWeight must be 'balanced', { 0: w0, 1: w1 } or null, got ${JSON.stringify(cw)}`,
  );
}

/** Binary logistic regression (scikit-learn `LogisticRegression(solver='lbfgs')` objective), fitted by Newton/IRLS. */
export class LogisticRegression implements Classifier {
  static readonly format = 'quantbook/logistic-regression';
  static readonly version = 1;

  private readonly config: LogisticRegressionConfig;
  private fitted: (Solution & { featureNames: string[] }) | undefined;

  /**
   * @throws ParameterError (a RangeError) echoing the value: C not a finite number > 0, an unknown penalty,
   *   a non-boolean fitIntercept, a bad classWeight, maxIter not an integer ≥ 1, tol not a finite number > 0,
   *   or an unknown key.
   */
  constructor(params: LogisticRegressionParams = {}) {
    const what = 'LogisticRegression';
    checkKeys(what, params, KEYS);
    const {
      C = 1,
      penalty = 'l2',
      fitIntercept = true,
      classWeight = null,
      maxIter = 100,
      tol = 1e-8,
    } = params;
    if (typeof C !== 'number' || !Number.isFinite(C) || C <= 0)
      throw new ParameterError(`${what}: C must be a finite number > 0, got ${String(C)}`);
    if (penalty !== 'l2' && penalty !== 'none')
      throw new ParameterError(`${what}: penalty must be 'l2' or 'none', got ${JSON.stringify(penalty)}`);
    if (typeof fitIntercept !== 'boolean')
      throw new ParameterError(
        `${what}: fitIntercept must be true or false, got ${JSON.stringify(fitIntercept)}`,
      );
    if (typeof maxIter !== 'number' || !Number.isInteger(maxIter) || maxIter < 1)
      throw new ParameterError(`${what}: maxIter must be an integer ≥ 1, got ${String(maxIter)}`);
    if (typeof tol !== 'number' || !Number.isFinite(tol) || tol <= 0)
      throw new ParameterError(`${what}: tol must be a finite number > 0, got ${String(tol)}`);
    this.config = { C, penalty, fitIntercept, classWeight: checkClassWeight(classWeight), maxIter, tol };
  }

  /**
   * Fits on `X` `(nSamples, nFeatures)` and 0/1 labels `y` `(nSamples,)`; `options.sampleWeight` (finite,
   * ≥ 0) multiplies each row's loss. Other options are ignored.
   * @throws InputError (SchemaError) naming the first problem: an empty or malformed X, NaN or ±Infinity in X
   *   (row and column), y not finite or not 0/1 (index), y holding one class only, bad sample weights (index).
   */
  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    const what = 'LogisticRegression.fit';
    checkMatrix(what, X);
    checkTarget(what, y, X.rows, true);
    const sampleWeight = checkSampleWeight(what, options.sampleWeight, X.rows);
    checkMatrixValues(what, X, false);
    checkTwoClasses(what, y);
    const n = X.rows;
    const cw = this.config.classWeight;
    let w0 = 1;
    let w1 = 1;
    if (cw === 'balanced') {
      let n1 = 0;
      for (let i = 0; i < n; i++) n1 += y[i];
      w0 = n / (2 * (n - n1));
      w1 = n / (2 * n1);
    } else if (cw !== null) {
      w0 = cw[0] ?? 1;
      w1 = cw[1] ?? 1;
    }
    const s = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      s[i] = sampleWeight[i] * (y[i] === 1 ? w1 : w0);
      total += s[i];
    }
    if (!(total > 0))
      throw new ParameterError(
        `${what}: sample weights × class weights sum to ${total}; need a positive sum`,
      );
    const { C, penalty, fitIntercept, maxIter, tol } = this.config;
    const solution = newton(X, y, s, penalty === 'l2' ? 1 / C : 0, fitIntercept, maxIter, tol);
    if (!solution.converged)
      process.emitWarning(
        `LogisticRegression: Newton stopped after ${solution.nIter} steps without reaching tol ${tol}; ` +
          'raise maxIter, standardize X, or use a penalty',
        'ConvergenceWarning',
      );
    this.fitted = { ...solution, featureNames: [...(X.columns ?? [])] };
    return this;
  }

  /**
   * The margins `z = X·coef + intercept`, `(nSamples,)` (sklearn `decision_function`).
   * @throws NotFittedError before fit; InputError for a malformed X, a feature-count mismatch, NaN or ±Infinity.
   */
  decisionFunction(X: Matrix): Float64Array {
    const m = this.state();
    const what = 'LogisticRegression.predict';
    checkMatrix(what, X, m.coef.length);
    checkMatrixValues(what, X, false);
    const { data, rows, cols } = X;
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let v = 0;
      for (let j = 0; j < cols; j++) v += data[i * cols + j] * m.coef[j];
      out[i] = v + m.intercept;
    }
    return out;
  }

  /** P(y = 1) = σ(z), `(nSamples,)` in [0, 1]. @throws as {@link decisionFunction}. */
  predictProba(X: Matrix): Float64Array {
    return this.decisionFunction(X).map(sigmoid);
  }

  /** Class labels, 1 where z > 0 (P > 0.5), else 0; `(nSamples,)`. @throws as {@link decisionFunction}. */
  predict(X: Matrix): Float64Array {
    return this.decisionFunction(X).map((z) => (z > 0 ? 1 : 0));
  }

  /** Feature coefficients w, `(nFeatures,)` (sklearn `coef_[0]`). @throws NotFittedError. */
  get coef(): Float64Array {
    return this.state().coef.slice();
  }

  /** The intercept b (0 when fitIntercept is false). @throws NotFittedError. */
  get intercept(): number {
    return this.state().intercept;
  }

  /** Newton steps taken by the last fit. @throws NotFittedError. */
  get nIter(): number {
    return this.state().nIter;
  }

  /** Whether the last fit reached tol within maxIter. @throws NotFittedError. */
  get converged(): boolean {
    return this.state().converged;
  }

  /** Column names seen at fit. @throws NotFittedError. */
  get featureNames(): string[] {
    return [...this.state().featureNames];
  }

  getParams(): LogisticRegressionConfig {
    const { classWeight } = this.config;
    return {
      ...this.config,
      classWeight: classWeight !== null && typeof classWeight === 'object' ? { ...classWeight } : classWeight,
    };
  }

  /** `{ format: 'quantbook/logistic-regression', version: 1, params, state }`. @throws NotFittedError. */
  toJSON(): ModelJSON<LogisticRegressionConfig, LogisticRegressionState> {
    const m = this.state();
    return {
      format: LogisticRegression.format,
      version: LogisticRegression.version,
      params: this.getParams(),
      state: {
        featureNames: [...m.featureNames],
        coef: Array.from(m.coef),
        intercept: m.intercept,
        nIter: m.nIter,
        converged: m.converged,
      },
    };
  }

  /**
   * A fitted model from {@link toJSON}'s output: identical coefficients, so identical predictions.
   * @throws DataFormatError for another format or version, bad params, or a malformed state.
   */
  static fromJSON(json: unknown): LogisticRegression {
    const f = LogisticRegression.format;
    const { params, state } = readEnvelope(json, f, LogisticRegression.version);
    const model = paramsFromJSON(f, () => new LogisticRegression(params as LogisticRegressionParams));
    const coef = readNumbers(f, state, 'coef');
    const intercept = readNumber(f, state, 'intercept');
    const nIter = readNumber(f, state, 'nIter');
    const { featureNames, converged } = state;
    if (!Number.isInteger(nIter) || nIter < 0)
      throw new DataFormatError(`${f}: fromJSON: state.nIter must be an integer ≥ 0, got ${nIter}`);
    if (typeof converged !== 'boolean')
      throw new DataFormatError(
        `${f}: fromJSON: state.converged must be a boolean, got ${JSON.stringify(converged)}`,
      );
    if (!Array.isArray(featureNames) || !featureNames.every((c) => typeof c === 'string'))
      throw new DataFormatError(`${f}: fromJSON: state.featureNames must be an array of strings`);
    if (featureNames.length !== 0 && featureNames.length !== coef.length)
      throw new DataFormatError(
        `${f}: fromJSON: state.featureNames has ${featureNames.length} names for ${coef.length} coefficients`,
      );
    if (!model.config.fitIntercept && intercept !== 0)
      throw new DataFormatError(
        `${f}: fromJSON: intercept must be 0 when fitIntercept is false, got ${intercept}`,
      );
    model.fitted = { coef, intercept, nIter, converged, featureNames: featureNames };
    return model;
  }

  private state(): Solution & { featureNames: string[] } {
    if (this.fitted === undefined) throw new NotFittedError('LogisticRegression');
    return this.fitted;
  }
}
