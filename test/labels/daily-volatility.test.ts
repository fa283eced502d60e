/**
 * ewmStd / dailyVolatility against pandas 1.5.3 (test/fixtures/labels/generate.py): `x.ewm(span,
 * min_periods).std()` of short vectors with NaN (ewm_cases), and σ = `close.pct_change().ewm(span=100).std()`
 * of real closes (column `sigma`). The port of pandas' ewmcov is expected to agree to the last bits.
 */
import { expect } from 'chai';
import { dailyVolatility, ewmStd } from '../../src/labels/daily-volatility.js';
import { SYMBOLS, col, expectSeries, fixture, numbers } from '../fixtures/labels/load.js';

describe('ewmStd', function () {
  it('ewmStd([1, 2, 3], 3) is [NaN, 0.7071067811865476, 0.9636241116594314] (the doc example; pandas)', function () {
    expect(Array.from(ewmStd(Float64Array.of(1, 2, 3), 3))).to.deep.equal([
      NaN,
      0.7071067811865476,
      0.9636241116594314,
    ]);
  });

  for (const c of fixture.ewm_cases)
    it(`ewmStd(${c.name}, span ${c.span}, minPeriods ${c.minPeriods}) equals pandas x.ewm(span, min_periods).std() bit for bit`, function () {
      expectSeries(ewmStd(numbers(c.x), c.span, c.minPeriods), numbers(c.expected), 0, c.name);
    });

  it('ewmStd of no rows is empty; the input is not modified', function () {
    expect(ewmStd(new Float64Array(0), 5).length).to.equal(0);
    const x = Float64Array.of(0.01, NaN, -0.02, 0.03);
    const copy = x.slice();
    ewmStd(x, 3);
    expect(x).to.deep.equal(copy);
  });

  for (const [span, minPeriods, msg] of [
    [1, 0, 'ewmStd: span must be an integer ≥ 2, got 1'],
    [2.5, 0, 'ewmStd: span must be an integer ≥ 2, got 2.5'],
    [5, -1, 'ewmStd: minPeriods must be an integer ≥ 0, got -1'],
  ] as const)
    it(`ewmStd(x, ${span}, ${minPeriods}) throws a RangeError echoing the value`, function () {
      expect(() => ewmStd(Float64Array.of(1, 2), span, minPeriods)).to.throw(RangeError, msg);
    });
});

describe('dailyVolatility', function () {
  for (const sym of SYMBOLS)
    it(`dailyVolatility(${sym} close) equals pandas close.pct_change().ewm(span=100).std() bit for bit, NaN on rows 0 and 1`, function () {
      const got = dailyVolatility(col(sym, 'close'));
      expectSeries(got, col(sym, 'sigma'), 0, 'sigma');
      expect(got[0]).to.be.NaN;
      expect(got[1]).to.be.NaN;
      expect(got[2]).to.be.greaterThan(0);
    });

  it('dailyVolatility(close with NaN closes) equals pandas close.pct_change(fill_method=None).ewm(span=100).std() bit for bit', function () {
    expectSeries(dailyVolatility(col('nan_case', 'close')), col('nan_case', 'sigma'), 0, 'sigma');
  });

  it("dailyVolatility(AAPL) is not the book's getDailyVol: its calendar-day alignment makes mostly 2-day returns on daily bars, σ ≈ 1.35 × ours (median, rows ≥ 200)", function () {
    const ours = dailyVolatility(col('AAPL', 'close'));
    const book = col('AAPL', 'afml_vol');
    const ratio = Array.from(ours.subarray(200), (v, i) => book[200 + i] / v).sort((a, b) => a - b);
    const median = ratio[Math.floor(ratio.length / 2)];
    expect(median).to.be.within(1.3, 1.45);
  });
});
