/**
 * drawdown (seed 000) against pandas on real closes: test/fixtures/labels/labels.json holds
 * `(close.shift(-14) / close - 1) < -0.10` where that return is known (pandas 1.5.3; generate.py).
 */
import { expect } from 'chai';
import { drawdown, drawdownLabel } from '../../src/labels/drawdown.js';
import { SYMBOLS, col, expectSeries, series } from '../fixtures/labels/load.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('drawdown', function () {
  it('drawdown([100, 89, 95, 90], 1) is [1, 0, 0, NaN] (the doc example: −11 % → 1, +6.7 %, −5.3 % → 0)', function () {
    expect(Array.from(drawdown(f(100, 89, 95, 90), 1))).to.deep.equal([1, 0, 0, NaN]);
  });

  it('drawdown compares strictly: a return of exactly the threshold is 0', function () {
    expect(Array.from(drawdown(f(100, 50), 1, -0.5))).to.deep.equal([0, NaN]);
  });

  for (const sym of SYMBOLS)
    it(`drawdown(${sym} close) (h 14, −10 %) matches pandas at every row, NaN for the last 14`, function () {
      const want = col(sym, 'drawdown_14');
      expectSeries(drawdown(col(sym, 'close')), want, 0, 'drawdown_14');
      expect(want.filter((v) => v === 1).length, 'the fixture holds drawdowns').to.be.greaterThan(0);
    });

  it('drawdown reads the close at t + h only, not the path: a dip that recovers is 0', function () {
    expect(Array.from(drawdown(f(100, 50, 100), 2))).to.deep.equal([0, NaN, NaN]);
  });

  for (const threshold of [0, 0.1, -1, -1.5, NaN])
    it(`drawdown(close, 14, ${threshold}) throws a RangeError echoing the threshold`, function () {
      expect(() => drawdown(f(1, 2), 14, threshold)).to.throw(
        RangeError,
        `threshold must be a return in (−1, 0), e.g. −0.1 for −10 %, got ${threshold}`,
      );
    });

  it("drawdownLabel: 'drawdown' → drawdown_<h>, horizon h, defaults { h: 14, threshold: −0.1 }, t1 = date_{t+h}", function () {
    expect(drawdownLabel.name).to.equal('drawdown');
    expect(drawdownLabel.defaults).to.deep.equal({ h: 14, threshold: -0.1 });
    expect(drawdownLabel.outputs({ h: 14, threshold: -0.1 })).to.deep.equal(['drawdown_14']);
    expect(drawdownLabel.horizon({ h: 14, threshold: -0.1 })).to.equal(14);
    const s = series('AMD');
    const r = drawdownLabel.compute(s, drawdownLabel.defaults, {});
    expectSeries(r.values[0], col('AMD', 'drawdown_14'), 0, 'drawdown_14');
    expect(r.t1[0]).to.equal(s.date[14]);
    expect(() => drawdownLabel.validate({ h: 0, threshold: -0.1 })).to.throw(
      RangeError,
      'drawdown: h must be an integer ≥ 1, got 0',
    );
  });
});
