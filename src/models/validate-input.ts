/**
 * Input checks shared by the estimators in src/models/ (X, y, sample weights). Each throws an
 * {@link InputError} (a SchemaError, code `E_SCHEMA`) whose message names the caller, the argument, the
 * problem and the first offending index, and whose fields carry the same facts for programs:
 *
 * ```
 * checkMatrix        X is a Matrix, rows ≥ 1, cols ≥ 1, data.length = rows × cols, cols = the fitted count
 * checkMatrixValues  no ±Infinity; no NaN either unless the model routes missing values (`allowNaN`)
 * checkTarget        y: one finite value per row; 0 or 1 for a classifier
 * checkTwoClasses    a classifier's y holds both 0 and 1
 * checkSampleWeight  one finite weight ≥ 0 per row, positive sum (→ the weights, or all ones)
 * ```
 * @example
 * checkTarget('LogisticRegression.fit', Float64Array.of(0, 1, 2), 3, true);
 * // InputError: LogisticRegression.fit: y[2] is 2; class labels must be 0 or 1
 */
import type { Matrix } from '../types.js';
import { SchemaError } from '../util/errors.js';

/** Which argument an {@link InputError} is about. */
export type InputArgument = 'X' | 'y' | 'sampleWeight';

/** The facts of an {@link InputError}. */
export interface InputErrorDetails {
  argument: InputArgument;
  /** The first offending index into y or sampleWeight. */
  index?: number;
  /** The first offending row and column of X (0-based). */
  row?: number;
  column?: number;
  /** The offending value. */
  value?: number;
  hint?: string;
}

/** Bad X, y or sample weights given to an estimator: a {@link SchemaError} with the position of the problem. */
export class InputError extends SchemaError {
  readonly argument: InputArgument;
  readonly index: number | undefined;
  readonly row: number | undefined;
  readonly column: number | undefined;
  readonly value: number | undefined;

  constructor(message: string, details: InputErrorDetails) {
    super(message, details.hint === undefined ? {} : { hint: details.hint });
    this.argument = details.argument;
    this.index = details.index;
    this.row = details.row;
    this.column = details.column;
    this.value = details.value;
  }
}

/**
 * Checks that `X` is a non-empty {@link Matrix} whose data has `rows × cols` values and, when
 * `expectedCols` is given (at predict time), the number of features the model was fitted on.
 * @throws InputError for zero rows or columns, a data length that does not match, or a feature-count mismatch.
 */
export function checkMatrix(what: string, X: Matrix, expectedCols?: number): void {
  if (
    X === null ||
    typeof X !== 'object' ||
    !(X.data instanceof Float64Array || X.data instanceof Float32Array)
  )
    throw new InputError(
      `${what}: X must be a Matrix { data: Float64Array | Float32Array, rows, cols, columns }`,
      { argument: 'X' },
    );
  if (!Number.isInteger(X.rows) || X.rows < 1)
    throw new InputError(`${what}: X has ${String(X.rows)} rows; at least 1 is needed`, { argument: 'X' });
  if (!Number.isInteger(X.cols) || X.cols < 1)
    throw new InputError(`${what}: X has ${String(X.cols)} features (columns); at least 1 is needed`, {
      argument: 'X',
    });
  if (X.data.length !== X.rows * X.cols)
    throw new InputError(
      `${what}: X.data has ${X.data.length} values, expected rows × cols = ${X.rows} × ${X.cols} = ${X.rows * X.cols}`,
      { argument: 'X' },
    );
  if (expectedCols !== undefined && X.cols !== expectedCols)
    throw new InputError(`${what}: X has ${X.cols} features, the model was fitted on ${expectedCols}`, {
      argument: 'X',
    });
}

/**
 * Scans X (already shape-checked) in row-major order for the first non-finite value: ±Infinity always
 * fails; NaN fails unless `allowNaN` (models that route missing values).
 * @throws InputError naming the row, the column (and its name) and the value; for NaN the hint says to impute.
 */
export function checkMatrixValues(what: string, X: Matrix, allowNaN: boolean): void {
  const { data, cols } = X;
  for (let k = 0; k < data.length; k++) {
    const v = data[k];
    if (Number.isFinite(v) || (allowNaN && Number.isNaN(v))) continue;
    const row = Math.floor(k / cols);
    const column = k % cols;
    const name = X.columns?.[column];
    const where = `X[${row}, ${column}]${name === undefined ? '' : ` (column ${JSON.stringify(name)})`}`;
    if (Number.isNaN(v))
      throw new InputError(`${what}: ${where} is NaN; this model cannot handle missing values`, {
        argument: 'X',
        row,
        column,
        value: v,
        hint: 'Impute them first (e.g. drop the rows, or fill with the training mean or median)',
      });
    throw new InputError(`${what}: ${where} is ${v}; features must be finite`, {
      argument: 'X',
      row,
      column,
      value: v,
    });
  }
}

/**
 * Checks a target: a Float64Array with one finite value per row; 0 or 1 when `binary`.
 * @throws InputError naming the first bad index and value.
 */
export function checkTarget(what: string, y: Float64Array, rows: number, binary: boolean): void {
  if (!(y instanceof Float64Array))
    throw new InputError(`${what}: y must be a Float64Array`, { argument: 'y' });
  if (y.length !== rows)
    throw new InputError(`${what}: y has ${y.length} values, X has ${rows} rows`, { argument: 'y' });
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isFinite(v))
      throw new InputError(`${what}: y[${i}] is ${v}; targets must be finite`, {
        argument: 'y',
        index: i,
        value: v,
      });
    if (binary && v !== 0 && v !== 1)
      throw new InputError(`${what}: y[${i}] is ${v}; class labels must be 0 or 1`, {
        argument: 'y',
        index: i,
        value: v,
      });
  }
}

/**
 * Checks that 0/1 labels (already checked by {@link checkTarget}) hold both classes.
 * @throws InputError naming the only class present.
 */
export function checkTwoClasses(what: string, y: Float64Array): void {
  let ones = 0;
  for (let i = 0; i < y.length; i++) ones += y[i];
  if (ones === 0 || ones === y.length)
    throw new InputError(
      `${what}: y holds only class ${ones === 0 ? 0 : 1} (${y.length} rows); a classifier needs both 0 and 1`,
      { argument: 'y' },
    );
}

/**
 * Checks row weights — a Float64Array of `rows` finite values ≥ 0 with a positive sum — and returns them,
 * or `rows` ones when `sampleWeight` is undefined.
 * @throws InputError naming the first bad index and value, or a zero sum.
 */
export function checkSampleWeight(
  what: string,
  sampleWeight: Float64Array | undefined,
  rows: number,
): Float64Array {
  if (sampleWeight === undefined) return new Float64Array(rows).fill(1);
  if (!(sampleWeight instanceof Float64Array))
    throw new InputError(`${what}: sampleWeight must be a Float64Array`, { argument: 'sampleWeight' });
  if (sampleWeight.length !== rows)
    throw new InputError(`${what}: sampleWeight has ${sampleWeight.length} values, X has ${rows} rows`, {
      argument: 'sampleWeight',
    });
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const w = sampleWeight[i];
    if (!(Number.isFinite(w) && w >= 0))
      throw new InputError(`${what}: sampleWeight[${i}] is ${w}; weights must be finite and ≥ 0`, {
        argument: 'sampleWeight',
        index: i,
        value: w,
      });
    sum += w;
  }
  if (!(sum > 0))
    throw new InputError(`${what}: sampleWeight sums to 0; at least one row needs a positive weight`, {
      argument: 'sampleWeight',
    });
  return sampleWeight;
}
