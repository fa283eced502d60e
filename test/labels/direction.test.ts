/**
 * direction against pandas on real closes: test/fixtures/labels/labels.json holds
 * `(close.shift(-5) / close - 1 > 0)` where that return is known (pandas 1.5.3; generate.py).
 */
import { expect } from 'chai';
import { direction, directionLabel } from '../../src/labels/direction.js';
import { SYMBOLS, col, expectSeries, series } from '../fixtures/labels/load.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('direction', function () {
  it('direction([100, 110, 110, 99], 1) is [1, 0, 0, NaN]: up → 1, flat or down → 0 (the doc example)', function () {
    expect(Array.from(direction(f(100, 110, 110, 99), 1))).to.deep.equal([1, 0, 0, NaN]);
  });

  for (const sym of SYMBOLS)
    it(`direction(${sym} close, 5) matches pandas (fwd_ret_5 > 0) at every row, NaN for the last 5`, function () {
      expectSeries(direction(col(sym, 'close'), 5), col(sym, 'direction_5'), 0, 'direction_5');
    });

  it('direction(close, h) is NaN where a close it reads is NaN; one row → [NaN]', function () {
    expect(Array.from(direction(f(100, NaN, 90), 1))).to.deep.equal([NaN, NaN, NaN]);
    expect(Array.from(direction(f(100), 1))).to.deep.equal([NaN]);
  });

  it('direction(close, 0) throws a RangeError echoing h', function () {
    expect(() => direction(f(1, 2), 0)).to.throw(RangeError, 'direction: h must be an integer ≥ 1, got 0');
  });

  it("directionLabel: 'direction' → direction_<h>, horizon h, default h 5, t1 = date_{t+h}", function () {
    expect(directionLabel.name).to.equal('direction');
    expect(directionLabel.defaults).to.deep.equal({ h: 5 });
    expect(directionLabel.outputs({ h: 3 })).to.deep.equal(['direction_3']);
    expect(directionLabel.horizon({ h: 3 })).to.equal(3);
    const s = series('BHF');
    const r = directionLabel.compute(s, { h: 5 }, {});
    expectSeries(r.values[0], col('BHF', 'direction_5'), 0, 'direction_5');
    expect(r.t1[0]).to.equal(s.date[5]);
    expect(r.t1[s.date.length - 5]).to.be.NaN;
    expect(() => directionLabel.validate({ h: 2.5 })).to.throw(RangeError, 'got 2.5');
  });
});
