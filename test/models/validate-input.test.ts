import { expect } from 'chai';
import {
  InputError,
  checkMatrix,
  checkMatrixValues,
  checkSampleWeight,
  checkTarget,
  checkTwoClasses,
} from '../../src/models/validate-input.js';
import type { Matrix } from '../../src/types.js';
import { SchemaError } from '../../src/util/errors.js';

const X = (data: number[], rows: number, cols: number, columns?: string[]): Matrix => ({
  data: Float64Array.from(data),
  rows,
  cols,
  columns: columns ?? Array.from({ length: cols }, (_, j) => `x${j}`),
});

/** Runs fn, expecting an InputError; returns it. */
function inputError(fn: () => unknown, ...fragments: string[]): InputError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).to.be.instanceOf(InputError).and.instanceOf(SchemaError);
  const err = caught as InputError;
  expect(err.code).to.equal('E_SCHEMA');
  for (const f of fragments) expect(err.message).to.include(f);
  return err;
}

describe('models/validate-input', () => {
  it('checkMatrix accepts a Float64 or Float32 matrix and rejects non-matrices, empty shapes and bad lengths', () => {
    checkMatrix('f', X([1, 2, 3, 4], 2, 2));
    checkMatrix('f', { ...X([1, 2], 1, 2), data: Float32Array.of(1, 2) }, 2);
    inputError(() => checkMatrix('f', null as unknown as Matrix), 'f: X must be a Matrix');
    inputError(() => checkMatrix('f', { ...X([], 0, 2), data: [1, 2] as unknown as Float64Array }), 'Matrix');
    expect(inputError(() => checkMatrix('f', X([], 0, 2)), 'X has 0 rows').argument).to.equal('X');
    inputError(() => checkMatrix('f', X([], 3, 0)), 'X has 0 features');
    inputError(
      () => checkMatrix('f', X([1, 2, 3], 2, 2)),
      'X.data has 3 values, expected rows × cols = 2 × 2 = 4',
    );
    inputError(
      () => checkMatrix('m.predict', X([1, 2, 3], 1, 3), 2),
      'm.predict: X has 3 features, the model was fitted on 2',
    );
  });

  it('checkMatrixValues names the first non-finite cell (row, column, column name) and hints to impute NaN', () => {
    const m = X([1, 2, 3, NaN, 5, Infinity], 3, 2, ['ret_20', 'rsi_14']);
    const e = inputError(
      () => checkMatrixValues('LR.fit', m, false),
      'LR.fit: X[1, 1] (column "rsi_14") is NaN',
      'Impute',
    );
    expect([e.row, e.column, e.value, e.argument]).to.deep.equal([1, 1, NaN, 'X']);
    expect(e.hint).to.match(/Impute/);
    const f = inputError(
      () => checkMatrixValues('S.fit', m, true),
      'X[2, 1] (column "rsi_14") is Infinity; features must be finite',
    );
    expect([f.row, f.column, f.value]).to.deep.equal([2, 1, Infinity]);
    checkMatrixValues('S.fit', X([NaN, 1], 1, 2), true);
    inputError(() => checkMatrixValues('f', X([-Infinity], 1, 1), true), 'X[0, 0]', '-Infinity');
  });

  it('checkTarget names the first non-finite value or non-0/1 label by index', () => {
    checkTarget('f', Float64Array.of(0, 1, 1), 3, true);
    checkTarget('f', Float64Array.of(0.5, -2, 7), 3, false);
    const e = inputError(
      () => checkTarget('f', Float64Array.of(0, 1, NaN), 3, false),
      'f: y[2] is NaN; targets must be finite',
    );
    expect([e.argument, e.index, e.value]).to.deep.equal(['y', 2, NaN]);
    inputError(() => checkTarget('f', Float64Array.of(0, -Infinity), 2, true), 'y[1] is -Infinity');
    const l = inputError(
      () => checkTarget('f', Float64Array.of(0, 1, 2), 3, true),
      'y[2] is 2; class labels must be 0 or 1',
    );
    expect(l.index).to.equal(2);
    inputError(() => checkTarget('f', Float64Array.of(0.5), 1, true), 'y[0] is 0.5');
    inputError(() => checkTarget('f', Float64Array.of(0, 1), 3, true), 'y has 2 values, X has 3 rows');
    inputError(
      () => checkTarget('f', [0, 1] as unknown as Float64Array, 2, true),
      'y must be a Float64Array',
    );
  });

  it('checkTwoClasses rejects labels of one class only', () => {
    checkTwoClasses('f', Float64Array.of(0, 1));
    inputError(() => checkTwoClasses('f', Float64Array.of(1, 1, 1)), 'y holds only class 1 (3 rows)');
    inputError(() => checkTwoClasses('f', Float64Array.of(0)), 'only class 0');
  });

  it('checkSampleWeight returns the weights (or ones) and names the first bad weight by index', () => {
    expect(Array.from(checkSampleWeight('f', undefined, 3))).to.deep.equal([1, 1, 1]);
    const w = Float64Array.of(0, 2, 0.5);
    expect(checkSampleWeight('f', w, 3)).to.equal(w);
    for (const v of [-1, NaN, Infinity]) {
      const e = inputError(
        () => checkSampleWeight('f', Float64Array.of(1, v), 2),
        `sampleWeight[1] is ${v}`,
        'finite and ≥ 0',
      );
      expect([e.argument, e.index]).to.deep.equal(['sampleWeight', 1]);
    }
    inputError(() => checkSampleWeight('f', Float64Array.of(0, 0), 2), 'sampleWeight sums to 0');
    inputError(
      () => checkSampleWeight('f', Float64Array.of(1), 2),
      'sampleWeight has 1 values, X has 2 rows',
    );
    inputError(() => checkSampleWeight('f', [1, 1] as unknown as Float64Array, 2), 'must be a Float64Array');
  });
});
