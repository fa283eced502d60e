/** t1 helpers: the end date of a fixed-horizon label and of a label known at a given row. */
import { expect } from 'chai';
import { finiteOrNaN, t1AtHorizon, t1AtIndex } from '../../src/labels/t1.js';

describe('t1AtHorizon, t1AtIndex', function () {
  it('t1AtHorizon([0, 10, 20], 1, [0.1, 0.2, NaN]) is [10, 20, NaN] (the doc example)', function () {
    expect(
      Array.from(t1AtHorizon(Float64Array.of(0, 10, 20), 1, Float64Array.of(0.1, 0.2, NaN))),
    ).to.deep.equal([10, 20, NaN]);
  });

  it('t1AtHorizon is NaN where the value is NaN and for the last h rows whatever the value', function () {
    const got = t1AtHorizon(Float64Array.of(0, 10, 20, 30), 2, Float64Array.of(NaN, 1, 1, 1));
    expect(Array.from(got)).to.deep.equal([NaN, 30, NaN, NaN]);
  });

  it('t1AtIndex([0, 10, 20], [2, −1, −1]) is [20, NaN, NaN] (the doc example)', function () {
    expect(Array.from(t1AtIndex(Float64Array.of(0, 10, 20), Int32Array.of(2, -1, -1)))).to.deep.equal([
      20,
      NaN,
      NaN,
    ]);
  });

  it('finiteOrNaN maps ±Infinity and NaN to NaN and keeps finite numbers', function () {
    expect([Infinity, -Infinity, NaN, -1, 0].map(finiteOrNaN)).to.deep.equal([NaN, NaN, NaN, -1, 0]);
  });
});
