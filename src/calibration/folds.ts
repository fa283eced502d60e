/**
 * Fold helpers of CalibratedClassifier (internal: not re-exported): row subsets of a Matrix and of a
 * column, and the checks a splitter's output must pass before any model is fitted on it.
 */
import type { Matrix, Split } from '../types.js';
import { ParameterError } from '../util/errors.js';

/** Rows `idx` of `X`, a copy with the same element type (Float32 stays Float32). */
export function takeRows(X: Matrix, idx: Int32Array): Matrix {
  const { cols } = X;
  const data =
    X.data instanceof Float32Array
      ? new Float32Array(idx.length * cols)
      : new Float64Array(idx.length * cols);
  for (let k = 0; k < idx.length; k++)
    data.set(X.data.subarray(idx[k] * cols, idx[k] * cols + cols), k * cols);
  return { data, rows: idx.length, cols, columns: X.columns };
}

/** `v[idx]`, a copy. */
export const take = (v: Float64Array, idx: Int32Array): Float64Array => Float64Array.from(idx, (i) => v[i]);

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
