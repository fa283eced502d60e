/**
 * Input checks of the GBDT estimators: shapes and values of X, y and weights, with errors that name
 * the offending row and value. Missing feature values (NaN) are allowed in X; y and weights must be finite.
 */
import type { Matrix } from '../../types.js';
import { SchemaError } from '../../util/errors.js';

/**
 * Checks that `X` is a non-empty matrix whose data has `rows × cols` values (and, if given, `cols` columns).
 *
 * @throws SchemaError for zero rows, zero features, a data length that does not match, or a feature-count mismatch.
 */
export function checkMatrix(what: string, X: Matrix, expectedCols?: number): void {
  if (
    X === null ||
    typeof X !== 'object' ||
    !(X.data instanceof Float64Array || X.data instanceof Float32Array)
  )
    throw new SchemaError(
      `${what}: X must be a Matrix { data: Float64Array | Float32Array, rows, cols, columns }`,
    );
  if (!Number.isInteger(X.rows) || X.rows < 1)
    throw new SchemaError(`${what}: X has ${String(X.rows)} rows; at least 1 is needed`);
  if (!Number.isInteger(X.cols) || X.cols < 1)
    throw new SchemaError(`${what}: X has ${String(X.cols)} features (columns); at least 1 is needed`);
  if (X.data.length !== X.rows * X.cols)
    throw new SchemaError(
      `${what}: X.data has ${X.data.length} values, expected rows × cols = ${X.rows} × ${X.cols} = ${X.rows * X.cols}`,
    );
  if (expectedCols !== undefined && X.cols !== expectedCols)
    throw new SchemaError(`${what}: X has ${X.cols} features, the model was fitted on ${expectedCols}`);
}

/**
 * Checks a target: one finite value per row; 0 or 1 for a classifier.
 *
 * @throws SchemaError naming the first bad index and value.
 */
export function checkTarget(what: string, y: Float64Array, rows: number, binary: boolean): void {
  if (!(y instanceof Float64Array)) throw new SchemaError(`${what}: y must be a Float64Array`);
  if (y.length !== rows) throw new SchemaError(`${what}: y has ${y.length} values, X has ${rows} rows`);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isFinite(v))
      throw new SchemaError(`${what}: y[${i}] is ${String(v)}; targets must be finite`);
    if (binary && v !== 0 && v !== 1)
      throw new SchemaError(`${what}: y[${i}] is ${String(v)}; class labels must be 0 or 1`);
  }
}

/**
 * Checks row weights: one finite value ≥ 0 per row, not all zero.
 *
 * @throws SchemaError naming the first bad index and value.
 */
export function checkWeights(what: string, name: string, w: Float64Array, rows: number): void {
  if (!(w instanceof Float64Array)) throw new SchemaError(`${what}: ${name} must be a Float64Array`);
  if (w.length !== rows) throw new SchemaError(`${what}: ${name} has ${w.length} values, X has ${rows} rows`);
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    if (!Number.isFinite(w[i]) || w[i] < 0)
      throw new SchemaError(`${what}: ${name}[${i}] is ${String(w[i])}; weights must be finite and ≥ 0`);
    sum += w[i];
  }
  if (!(sum > 0))
    throw new SchemaError(`${what}: ${name} sums to 0; at least one row needs a positive weight`);
}
