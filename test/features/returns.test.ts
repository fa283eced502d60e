/**
 * returns / priceVsSma against R TTR 0.24.3 (test/fixtures/ttr, generate.R): `ROC(close, n, type =
 * "discrete")` and `close / SMA(close, 200) - 1` on the first 300 rows of AAPL, AMD, XOM; tolerance
 * 1e-10 relative at every index, NaN exactly during TTR's warm-up.
 */
import { expect } from 'chai';
import { priceVsSma, priceVsSmaFeature, returns, returnsFeature } from '../../src/features/returns.js';
import { ParameterError } from '../../src/util/errors.js';
import { checkFeatureContract } from '../contracts/feature-contract.js';
import { expectTtr, loadTtr, TTR_SYMBOLS } from '../helpers/ttr.js';

describe('returns', function () {
  for (const symbol of TTR_SYMBOLS) {
    const f = loadTtr(symbol);
    for (const period of [1, 5, 20, 60])
      it(`returns(close, ${period}) matches TTR ROC(type = "discrete") on ${symbol}`, function () {
        expectTtr(returns(f.close, period), f.ttr[`roc_${period}`], `${symbol} ret_${period}`, period);
      });
    it(`priceVsSma(close, 200) matches TTR close / SMA(close, 200) - 1 on ${symbol}`, function () {
      expectTtr(priceVsSma(f.close, 200), f.ttr.close_vs_sma_200, `${symbol} close_vs_sma_200`, 199);
    });
  }

  it('returns(Float64Array.of(100, 110, 99), 1) is the doc example', function () {
    expect(Array.from(returns(Float64Array.of(100, 110, 99), 1))).to.deep.equal([
      NaN,
      0.10000000000000009,
      -0.09999999999999998,
    ]);
  });

  it('priceVsSma(Float64Array.of(1, 2, 3, 6), 2) is the doc example', function () {
    expect(Array.from(priceVsSma(Float64Array.of(1, 2, 3, 6), 2))).to.deep.equal([
      NaN,
      0.33333333333333326,
      0.19999999999999996,
      0.33333333333333326,
    ]);
  });

  it('returns(close, p) is NaN exactly at k and k + p around a NaN close at k', function () {
    const close = Float64Array.from({ length: 30 }, (_, i) => 100 + i);
    close[10] = NaN;
    const r = returns(close, 5);
    const nan = Array.from(r, (v, i) => (Number.isNaN(v) ? i : -1)).filter((i) => i >= 0);
    expect(nan).to.deep.equal([0, 1, 2, 3, 4, 10, 15]);
  });

  it('priceVsSma(close, n) is NaN while the window holds a NaN close, then recovers', function () {
    const close = Float64Array.from({ length: 20 }, (_, i) => 10 + i);
    close[8] = NaN;
    const r = priceVsSma(close, 3);
    const nan = Array.from(r, (v, i) => (Number.isNaN(v) ? i : -1)).filter((i) => i >= 0);
    expect(nan).to.deep.equal([0, 1, 8, 9, 10]);
  });

  it('returns and priceVsSma reject period 0, -1 and 2.5 with a ParameterError echoing it', function () {
    const x = Float64Array.of(1, 2, 3);
    expect(() => returns(x, 0)).to.throw(ParameterError, 'returns: period must be an integer ≥ 1, got 0');
    expect(() => returns(x, 2.5)).to.throw(RangeError, 'got 2.5');
    expect(() => priceVsSma(x, -1)).to.throw(
      ParameterError,
      'priceVsSma: period must be an integer ≥ 1, got -1',
    );
  });

  it('returnsFeature and priceVsSmaFeature name their columns ret_<p> and close_vs_sma_<p>', function () {
    expect([1, 5, 20, 60].map((period) => returnsFeature.outputs({ period })[0])).to.deep.equal([
      'ret_1',
      'ret_5',
      'ret_20',
      'ret_60',
    ]);
    expect(priceVsSmaFeature.outputs(priceVsSmaFeature.defaults)).to.deep.equal(['close_vs_sma_200']);
    expect(priceVsSmaFeature.lookback({ period: 200 })).to.equal(199);
  });

  for (const period of [1, 5, 20, 60]) checkFeatureContract(returnsFeature, { period });
  checkFeatureContract(priceVsSmaFeature, { period: 200 }, { numRuns: 30 });
});
