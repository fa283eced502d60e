/**
 * Standardization: each feature centred on its training mean and divided by its training standard
 * deviation — scikit-learn 1.2's `StandardScaler` (population variance, ddof 0), as a fitted transformer:
 *
 * ```
 * fit:        X (rows × cols) ─per column, NaN skipped─▶ n_j, mean_j, var_j (corrected two-pass) ─▶ scale_j
 * transform:  x'_ij = (x_ij − mean_j) / scale_j        inverseTransform: x_ij = x'_ij · scale_j + mean_j
 * ```
 * `scale_j = √var_j`, or 1 for a constant column (sklearn's `_is_constant_feature`: var ≤ n·ε·var + (n·mean·ε)²).
 * `withMean: false` skips the centring, `withStd: false` the scaling.
 *
 * NaN policy (as sklearn ≥ 0.20): NaNs are ignored when fitting (each column's statistics use its non-NaN
 * values) and stay NaN in transform and inverseTransform. A column that is all NaN at fit has NaN mean,
 * variance and scale (serialized as `null`), so it transforms to NaN. ±Infinity is rejected.
 *
 * Statistics and transforms equal sklearn's to the last bit on test/fixtures/sklearn-models (sequential
 * float64 sums in row order, as NumPy's axis-0 reductions; the same corrected two-pass variance).
 *
 * @see scikit-learn `sklearn/preprocessing/_data.py` (`StandardScaler`), `sklearn/utils/extmath.py`
 *   (`_incremental_mean_and_var`); Chan, Golub & LeVeque (1983) Algorithms for computing the sample variance.
 * @example
 * const X = { data: Float64Array.of(1, 10, 3, 10), rows: 2, cols: 2, columns: ['a', 'b'] };
 * new StandardScaler().fitTransform(X).data // Float64Array [-1, 0, 1, 0]
 */
import { checkKeys, paramsFromJSON, readEnvelope } from '../calibration/checks.js';
import type { Matrix, ModelJSON } from '../types.js';
import { DataFormatError, NotFittedError, ParameterError } from '../util/errors.js';
import { checkMatrix, checkMatrixValues } from './validate-input.js';

/** Parameters of {@link StandardScaler}. */
export interface StandardScalerParams {
  /** Subtract the column mean. Default true. */
  withMean?: boolean;
  /** Divide by the column's population standard deviation. Default true. */
  withStd?: boolean;
}

/** Serialized state; `null` stands for NaN (a column with no non-NaN value at fit). */
export interface StandardScalerState {
  columns: string[];
  nSamplesSeen: number[];
  mean: (number | null)[];
  var: (number | null)[];
  scale: (number | null)[];
}

interface Fitted {
  columns: string[];
  nSamplesSeen: Float64Array;
  mean: Float64Array;
  var: Float64Array;
  scale: Float64Array;
}

const EPS = 2 ** -52;

/** Per-column standardization (scikit-learn `StandardScaler`). */
export class StandardScaler {
  static readonly format = 'quantbook/standard-scaler';
  static readonly version = 1;

  readonly withMean: boolean;
  readonly withStd: boolean;
  private fitted: Fitted | undefined;

  /** @throws ParameterError for a non-boolean flag or an unknown key, echoing it. */
  constructor(params: StandardScalerParams = {}) {
    checkKeys('StandardScaler', params, ['withMean', 'withStd']);
    const { withMean = true, withStd = true } = params;
    for (const [name, v] of [
      ['withMean', withMean],
      ['withStd', withStd],
    ] as const)
      if (typeof v !== 'boolean')
        throw new ParameterError(`StandardScaler: ${name} must be true or false, got ${JSON.stringify(v)}`);
    this.withMean = withMean;
    this.withStd = withStd;
  }

  /**
   * Learns each column's mean and scale from `X` `(nSamples, nFeatures)`, NaNs skipped.
   * @throws InputError (SchemaError) for an empty or malformed matrix, or ±Infinity (naming row and column).
   */
  fit(X: Matrix): this {
    const what = 'StandardScaler.fit';
    checkMatrix(what, X);
    checkMatrixValues(what, X, true);
    const { data, rows, cols } = X;
    const count = new Float64Array(cols);
    const sum = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = data[o + j];
        if (!Number.isNaN(v)) {
          sum[j] += v;
          count[j]++;
        }
      }
    }
    // sklearn's first _incremental_mean_and_var pass: T = sum / n; var = (Σ(x − T)² − (Σ(x − T))² / n) / n.
    const mean = new Float64Array(cols);
    for (let j = 0; j < cols; j++) mean[j] = sum[j] / count[j];
    const corr = new Float64Array(cols);
    const sq = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = data[o + j];
        if (!Number.isNaN(v)) {
          const d = v - mean[j];
          corr[j] += d;
          sq[j] += d * d;
        }
      }
    }
    const variance = new Float64Array(cols);
    const scale = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      const n = count[j];
      variance[j] = (sq[j] - (corr[j] * corr[j]) / n) / n;
      const bound = n * EPS * variance[j] + (n * mean[j] * EPS) ** 2;
      scale[j] = variance[j] <= bound ? 1 : Math.sqrt(variance[j]);
    }
    this.fitted = {
      columns: [...(X.columns ?? [])],
      nSamplesSeen: count,
      mean,
      var: variance,
      scale,
    };
    return this;
  }

  /**
   * `(x − mean) / scale` per column, as a new Float64 matrix with the same shape and column names. NaN stays NaN.
   * @throws NotFittedError before fit; InputError for a malformed matrix, a feature-count mismatch or ±Infinity.
   */
  transform(X: Matrix): Matrix {
    const f = this.state();
    const what = 'StandardScaler.transform';
    checkMatrix(what, X, f.mean.length);
    checkMatrixValues(what, X, true);
    return this.apply(X, f, false);
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: Matrix): Matrix {
    return this.fit(X).transform(X);
  }

  /**
   * `x · scale + mean` per column: undoes {@link transform} (to rounding). NaN stays NaN.
   * @throws NotFittedError before fit; InputError as {@link transform}.
   */
  inverseTransform(X: Matrix): Matrix {
    const f = this.state();
    const what = 'StandardScaler.inverseTransform';
    checkMatrix(what, X, f.mean.length);
    checkMatrixValues(what, X, true);
    return this.apply(X, f, true);
  }

  /** Per-column means (sklearn `mean_`); NaN for a column with no value. @throws NotFittedError. */
  get mean(): Float64Array {
    return this.state().mean.slice();
  }

  /** Per-column population variances (sklearn `var_`). @throws NotFittedError. */
  get var(): Float64Array {
    return this.state().var.slice();
  }

  /** Per-column divisors (sklearn `scale_`): √var, or 1 for a constant column. @throws NotFittedError. */
  get scale(): Float64Array {
    return this.state().scale.slice();
  }

  /** Non-NaN values per column at fit (sklearn `n_samples_seen_`). @throws NotFittedError. */
  get nSamplesSeen(): Float64Array {
    return this.state().nSamplesSeen.slice();
  }

  getParams(): Required<StandardScalerParams> {
    return { withMean: this.withMean, withStd: this.withStd };
  }

  /** `{ format: 'quantbook/standard-scaler', version: 1, params, state }`. @throws NotFittedError. */
  toJSON(): ModelJSON<Required<StandardScalerParams>, StandardScalerState> {
    const f = this.state();
    const out = (a: Float64Array): (number | null)[] => Array.from(a, (v) => (Number.isNaN(v) ? null : v));
    return {
      format: StandardScaler.format,
      version: StandardScaler.version,
      params: this.getParams(),
      state: {
        columns: [...f.columns],
        nSamplesSeen: Array.from(f.nSamplesSeen),
        mean: out(f.mean),
        var: out(f.var),
        scale: out(f.scale),
      },
    };
  }

  /**
   * A fitted scaler from {@link toJSON}'s output; transforms are identical.
   * @throws DataFormatError for another format or version, bad params, or inconsistent state.
   */
  static fromJSON(json: unknown): StandardScaler {
    const f = StandardScaler.format;
    const { params, state } = readEnvelope(json, f, StandardScaler.version);
    const model = paramsFromJSON(f, () => new StandardScaler(params as StandardScalerParams));
    const bad = (msg: string): DataFormatError => new DataFormatError(`${f}: fromJSON: ${msg}`);
    const read = (name: keyof StandardScalerState, allowNull: boolean): Float64Array => {
      const v = state[name];
      if (!Array.isArray(v) || v.length === 0)
        throw bad(`state.${name} must be a non-empty array, got ${JSON.stringify(v)}`);
      return Float64Array.from(v, (x: unknown, i) => {
        if (x === null && allowNull) return NaN;
        if (typeof x !== 'number' || !Number.isFinite(x))
          throw bad(`state.${name}[${i}] must be a finite number, got ${JSON.stringify(x)}`);
        return x;
      });
    };
    const nSamplesSeen = read('nSamplesSeen', false);
    const mean = read('mean', true);
    const variance = read('var', true);
    const scale = read('scale', true);
    const cols = mean.length;
    if (nSamplesSeen.length !== cols || variance.length !== cols || scale.length !== cols)
      throw bad(`state arrays must have equal lengths (mean has ${cols})`);
    for (let j = 0; j < cols; j++) {
      if (!Number.isInteger(nSamplesSeen[j]) || nSamplesSeen[j] < 0)
        throw bad(`state.nSamplesSeen[${j}] must be an integer ≥ 0, got ${nSamplesSeen[j]}`);
      if (scale[j] <= 0) throw bad(`state.scale[${j}] must be > 0, got ${scale[j]}`);
    }
    const columns = state.columns;
    if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string'))
      throw bad('state.columns must be an array of strings');
    if (columns.length !== 0 && columns.length !== cols)
      throw bad(`state.columns has ${columns.length} names for ${cols} columns`);
    model.fitted = { columns: columns, nSamplesSeen, mean, var: variance, scale };
    return model;
  }

  private apply(X: Matrix, f: Fitted, inverse: boolean): Matrix {
    const { data, rows, cols } = X;
    const out = new Float64Array(rows * cols);
    const mean = this.withMean ? f.mean : new Float64Array(cols);
    const scale = this.withStd ? f.scale : new Float64Array(cols).fill(1);
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++)
        out[o + j] = inverse ? data[o + j] * scale[j] + mean[j] : (data[o + j] - mean[j]) / scale[j];
    }
    return { data: out, rows, cols, columns: [...X.columns] };
  }

  private state(): Fitted {
    if (this.fitted === undefined) throw new NotFittedError('StandardScaler');
    return this.fitted;
  }
}
