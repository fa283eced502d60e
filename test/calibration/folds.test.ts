/**
 * takeRows / takeValues (public): a split's indices applied to a Matrix and a column, as numpy's
 * `X[idx]` and `v[idx]` (hand-computed values on a 3 × 2 matrix).
 */
import { expect } from 'chai';
import { takeRows, takeValues } from '../../src/index.js';
import type { Matrix } from '../../src/types.js';

describe('calibration/folds takeRows and takeValues', function () {
  const X: Matrix = { data: Float64Array.from([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2, columns: ['a', 'b'] };

  it('takeRows(X, [2, 0]) is rows 2 and 0 in that order, columns kept, a copy', function () {
    const out = takeRows(X, [2, 0]);
    expect(Array.from(out.data)).to.deep.equal([5, 6, 1, 2]);
    expect(out).to.include({ rows: 2, cols: 2 });
    expect(out.columns).to.deep.equal(['a', 'b']);
    out.data[0] = 99;
    expect(X.data[4]).to.equal(5);
    expect(takeRows(X, Int32Array.from([1])).data).to.be.instanceOf(Float64Array);
  });

  it('takeRows keeps a Float32 matrix Float32; takeValues(v, idx) is v[idx] as Float64Array', function () {
    const X32: Matrix = { data: Float32Array.from([1, 2, 3, 4]), rows: 2, cols: 2, columns: ['a', 'b'] };
    expect(takeRows(X32, [1]).data).to.be.instanceOf(Float32Array);
    expect(Array.from(takeValues([10, 20, 30], Int32Array.from([2, 2, 0])))).to.deep.equal([30, 30, 10]);
  });
});
