/**
 * Fold helpers: row subsets of a Matrix and of a column (public as `takeRows` / `takeValues`, what a
 * notebook needs to apply a split's indices), and the checks a splitter's output must pass before any
 * model is fitted on it (CalibratedClassifier, stacking, search).
 */
import type { Matrix, Split } from '../types.js';
import { ParameterError } from '../util/errors.js';

/**
 * Rows `idx` of `X` in the order given (numpy's `X[idx]`), a copy with the same element type (Float32
 * stays Float32): `(idx.length, nFeatures)`.
 * @param X - Row-major matrix `(nSamples, nFeatures)`.
 * @param idx - Row indices in `[0, nSamples)`, e.g. a split's `train` or `test` (not checked: an index out
 *   of range reads garbage, so pass a splitter's output or check first).
 */
export function takeRows(X: Matrix, idx: ArrayLike<number>): Matrix {
  const { cols } = X;
  const data =
    X.data instanceof Float32Array
      ? new Float32Array(idx.length * cols)
      : new Float64Array(idx.length * cols);
  for (let k = 0; k < idx.length; k++)
    data.set(X.data.subarray(idx[k] * cols, idx[k] * cols + cols), k * cols);
  return { data, rows: idx.length, cols, columns: X.columns };
}

/** `v[idx]` as a new Float64Array `(idx.length,)` (numpy's fancy indexing); indices as for {@link takeRows}. */
export const take = (v: ArrayLike<number>, idx: ArrayLike<number>): Float64Array =>
  Float64Array.from(idx, (i) => v[i]);

/** Splits must be non-empty, in range, train and test disjoint, and test folds disjoint across splits. */
export function checkSplits(what: string, splits: Split[], n: number): void {
  if (!Array.isArray(splits) || splits.length === 0)
    throw new ParameterError(`${what}: cv.split returned no splits`);
  const testOf = new Int32Array(n).fill(-1);
  splits.forEach(({ train, test }, k) => {
    if (train.length === 0 || test.length === 0)
      throw new ParameterError(
        `${what}: split ${k} has ${train.length} train and ${test.length} test rows; both must be > 0`,
      );
    for (const i of test) {
      if (!Number.isInteger(i) || i < 0 || i >= n)
        throw new ParameterError(`${what}: split ${k} has test row ${i}, outside [0, ${n})`);
      if (testOf[i] !== -1)
        throw new ParameterError(
          `${what}: row ${i} is in the test folds of splits ${testOf[i]} and ${k}; test folds must be disjoint`,
        );
      testOf[i] = k;
    }
    for (const i of train) {
      if (!Number.isInteger(i) || i < 0 || i >= n)
        throw new ParameterError(`${what}: split ${k} has train row ${i}, outside [0, ${n})`);
      if (testOf[i] === k)
        throw new ParameterError(`${what}: row ${i} is in both train and test of split ${k}`);
    }
  });
}
