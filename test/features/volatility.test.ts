/**
 * realizedVolatility against R TTR 0.24.3 (test/fixtures/ttr, generate.R):
 * `runSD(ROC(close, type = "discrete"), n, sample = TRUE) * sqrt(252)` (and without √252) on the
 * first 300 rows of AAPL, AMD, XOM; tolerance 1e-10 relative, NaN exactly during TTR's warm-up.
 */
import { expect } from 'chai';
import { realizedVolatility, volatilityFeature } from '../../src/features/volatility.js';
import { ParameterError } from '../../src/util/errors.js';
import { checkFeatureContract } from '../contracts/feature-contract.js';
import { expectTtr, loadTtr, TTR_SYMBOLS } from '../helpers/ttr.js';

describe('realizedVolatility', function () {
  for (const symbol of TTR_SYMBOLS) {
    const f = loadTtr(symbol);
    for (const window of [10, 30])
      it(`realizedVolatility(close, ${window}) matches TTR runSD(ROC(close), ${window}) * sqrt(252) on ${symbol}`, function () {
        expectTtr(
          realizedVolatility(f.close, window),
          f.ttr[`volatility_${window}`],
          `${symbol} vol_${window}`,
          window,
        );
      });
    it(`realizedVolatility(close, 10, 1) is the daily sd, TTR runSD(ROC(close), 10) on ${symbol}`, function () {
      expectTtr(realizedVolatility(f.close, 10, 1), f.ttr.volatility_10_daily, `${symbol} vol_10_daily`, 10);
    });
  }

  it('realizedVolatility(Float64Array.of(100, 101, 100, 102), 2, 1) is the doc example (ddof 1 on simple returns)', function () {
    const got = realizedVolatility(Float64Array.of(100, 101, 100, 102), 2, 1);
    expect(Array.from(got)).to.deep.equal([NaN, NaN, 0.014072125051336254, 0.021143192863201737]);
    // By hand: returns 0.01, −1/101, 0.02; sd with ddof 1 of two values is |a − b| / √2.
    expect(got[2]).to.be.closeTo(Math.abs(0.01 + 1 / 101) / Math.SQRT2, 1e-15);
  });

  it('annualizes by √periodsPerYear', function () {
    const close = Float64Array.from({ length: 40 }, (_, i) => 50 * Math.exp(0.01 * Math.sin(i)));
    const daily = realizedVolatility(close, 10, 1);
    const annual = realizedVolatility(close, 10);
    const weekly = realizedVolatility(close, 10, 52);
    for (let t = 10; t < 40; t++) {
      expect(annual[t]).to.be.closeTo(daily[t] * Math.sqrt(252), 1e-15);
      expect(weekly[t]).to.be.closeTo(daily[t] * Math.sqrt(52), 1e-15);
    }
  });

  it('a NaN close spoils the two returns it enters: NaN from k to k + window, finite after', function () {
    const close = Float64Array.from({ length: 40 }, (_, i) => 100 + Math.sin(i) * 3);
    close[15] = NaN;
    const v = realizedVolatility(close, 5);
    const nan = Array.from(v, (x, i) => (Number.isNaN(x) ? i : -1)).filter((i) => i >= 0);
    expect(nan).to.deep.equal([0, 1, 2, 3, 4, 15, 16, 17, 18, 19, 20]);
  });

  it('rejects window < 2, a non-integer window and periodsPerYear ≤ 0 with a ParameterError echoing it', function () {
    const x = Float64Array.of(1, 2, 3);
    expect(() => realizedVolatility(x, 1)).to.throw(
      ParameterError,
      'realizedVolatility: window must be an integer ≥ 2, got 1',
    );
    expect(() => realizedVolatility(x, 10.5)).to.throw(RangeError, 'got 10.5');
    expect(() => realizedVolatility(x, 10, 0)).to.throw(
      ParameterError,
      'realizedVolatility: periodsPerYear must be a finite number > 0, got 0',
    );
    expect(() => realizedVolatility(x, 10, NaN)).to.throw(ParameterError, 'got NaN');
  });

  it('volatilityFeature names volatility_<w>, volatility_<w>_daily and volatility_<w>_ppy<k>', function () {
    expect(volatilityFeature.outputs({ window: 10, periodsPerYear: 252 })).to.deep.equal(['volatility_10']);
    expect(volatilityFeature.outputs({ window: 30, periodsPerYear: 1 })).to.deep.equal([
      'volatility_30_daily',
    ]);
    expect(volatilityFeature.outputs({ window: 30, periodsPerYear: 365 })).to.deep.equal([
      'volatility_30_ppy365',
    ]);
  });

  for (const window of [10, 30])
    checkFeatureContract(
      volatilityFeature,
      { window, periodsPerYear: 252 },
      { realParams: ['periodsPerYear'] },
    );
});
