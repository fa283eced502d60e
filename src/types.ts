/**
 * Shared data shapes (DESIGN.md §3). Domain types live next to their module (features/types.ts,
 * data/schema.ts); this file holds the ones every module passes around.
 */

/**
 * A dense row-major matrix: element (i, j) is `data[i * cols + j]`. Shape `(rows, cols)` =
 * `(nSamples, nFeatures)`; `columns` names the columns in order. NaN marks a missing value.
 */
export interface Matrix {
  data: Float64Array | Float32Array;
  rows: number;
  cols: number;
  columns: string[];
}

/** A train/test split: row indices, each ascending, disjoint. */
export interface Split {
  train: Int32Array;
  test: Int32Array;
}

/** Options every estimator's `fit` accepts (each estimator documents which it uses). */
export interface FitOptions {
  /** Per-row weights, `(nSamples,)`, finite and ≥ 0. Default: all 1. */
  sampleWeight?: Float64Array;
  /** Row dates (epoch-ms UTC days), `(nSamples,)`: what time-series splitters split on (e.g. inside CalibratedClassifier). */
  dates?: Float64Array;
  /** Row label end dates t1 (epoch-ms), `(nSamples,)`: what purged splitters purge on. */
  t1?: Float64Array;
  /** A held-out set for early stopping (estimators that support it). */
  evalSet?: { X: Matrix; y: Float64Array; sampleWeight?: Float64Array };
}

/** The serialized form of any fitted model: `loadModel(json)` dispatches on `format`. */
export interface ModelJSON<P = Record<string, unknown>, S = unknown> {
  /** `'quantbook/<kind>'`, e.g. `'quantbook/isotonic'`. */
  format: string;
  /** Format version of that kind. */
  version: number;
  params: P;
  state: S;
}

/**
 * The estimator contract (DESIGN.md §4): `new X(params)` validates params and fills defaults;
 * `fit(X, y, opts)` returns `this`; predicting before `fit` throws NotFittedError; `toJSON()`
 * round-trips through the class's static `fromJSON` with identical predictions.
 */
export interface Estimator {
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this;
  /** Regression value, or the class label (0/1) for classifiers. `(nSamples,)`. */
  predict(X: Matrix): Float64Array;
  getParams(): Record<string, unknown>;
  toJSON(): ModelJSON;
}

/** A binary classifier: `predictProba` gives P(y = 1), `(nSamples,)` in [0, 1]. */
export interface Classifier extends Estimator {
  predictProba(X: Matrix): Float64Array;
}

/**
 * A probability calibrator: maps raw scores `(nSamples,)` to calibrated probabilities in [0, 1].
 * Fitted on out-of-fold scores only (see CalibratedClassifier).
 */
export interface Calibrator {
  fit(scores: Float64Array, y: Float64Array, sampleWeight?: Float64Array): this;
  predict(scores: Float64Array): Float64Array;
  toJSON(): ModelJSON;
}

/** The time keys a splitter needs: row dates and, for purging, label end dates. */
export interface SplitData {
  /** Row dates (epoch-ms UTC days), `(nSamples,)`; rows of one date always fall on one side. */
  date: Float64Array;
  /** Label end dates t1 (epoch-ms), `(nSamples,)`; NaN = unknown label (such rows are never trained on by purging splitters). */
  t1?: Float64Array;
}

/** A cross-validation scheme over dates. */
export interface Splitter {
  /** Number of splits `split` yields. */
  readonly nSplits: number;
  /** The splits: train and test row indices, ascending and disjoint. */
  split(data: SplitData): Split[];
}
