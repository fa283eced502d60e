/**
 * volumeRatio / volumeTrend against R TTR 0.24.3 (test/fixtures/ttr, generate.R): `volume / SMA(volume,
 * 20)` and `SMA(volume, 5) / SMA(volume, 20)` on the first 300 rows of AAPL, AMD, XOM; tolerance 1e-10
 * relative, NaN exactly during TTR's warm-up.
 */
import { expect } from 'chai';
import {
  volumeRatio,
  volumeRatioFeature,
  volumeTrend,
  volumeTrendFeature,
} from '../../src/features/volume.js';
import { ParameterError } from '../../src/util/errors.js';
import { checkFeatureContract } from '../contracts/feature-contract.js';
import { expectTtr, loadTtr, TTR_SYMBOLS } from '../helpers/ttr.js';

describe('volume', function () {
  for (const symbol of TTR_SYMBOLS) {
    const f = loadTtr(symbol);
    it(`volumeRatio(volume, 20) matches TTR volume / SMA(volume, 20) on ${symbol}`, function () {
      expectTtr(volumeRatio(f.volume, 20), f.ttr.volume_ratio_20, `${symbol} volume_ratio_20`, 19);
    });
    it(`volumeTrend(volume, 5, 20) matches TTR SMA(volume, 5) / SMA(volume, 20) on ${symbol}`, function () {
      expectTtr(volumeTrend(f.volume, 5, 20), f.ttr.volume_trend_5_20, `${symbol} volume_trend_5_20`, 19);
    });
  }

  it('volumeRatio(Float64Array.of(100, 300, 0, 0), 2) is the doc example: zero mean volume → NaN', function () {
    expect(Array.from(volumeRatio(Float64Array.of(100, 300, 0, 0), 2))).to.deep.equal([NaN, 1.5, 0, NaN]);
  });

  it('volumeTrend(Float64Array.of(1, 2, 3, 6), 1, 2) is the doc example', function () {
    expect(Array.from(volumeTrend(Float64Array.of(1, 2, 3, 6), 1, 2))).to.deep.equal([
      NaN,
      1.3333333333333333,
      1.2,
      1.3333333333333333,
    ]);
  });

  it('a halted stretch (zero volume for a whole window) gives NaN, not Infinity or 0/0 noise', function () {
    const v = Float64Array.of(5, 5, 5, 0, 0, 0, 0, 5);
    const r = volumeRatio(v, 3);
    const t = volumeTrend(v, 2, 3);
    expect(Array.from(r)).to.deep.equal([NaN, NaN, 1, 0, 0, NaN, NaN, 3]);
    expect(Array.from(t)).to.deep.equal([NaN, NaN, 1, 0.75, 0, NaN, NaN, 1.5]);
  });

  it('a NaN volume gives NaN while it is in a window', function () {
    const v = Float64Array.from({ length: 12 }, (_, i) => 100 + i);
    v[5] = NaN;
    const nan = Array.from(volumeRatio(v, 3), (x, i) => (Number.isNaN(x) ? i : -1)).filter((i) => i >= 0);
    expect(nan).to.deep.equal([0, 1, 5, 6, 7]);
  });

  it('rejects bad windows and short ≥ long with a ParameterError echoing them', function () {
    const x = Float64Array.of(1, 2, 3);
    expect(() => volumeRatio(x, 0)).to.throw(
      ParameterError,
      'volumeRatio: period must be an integer ≥ 1, got 0',
    );
    expect(() => volumeTrend(x, 5.5, 20)).to.throw(RangeError, 'got 5.5');
    expect(() => volumeTrend(x, 20, 5)).to.throw(
      ParameterError,
      'volumeTrend: short must be less than long, got short = 20, long = 5',
    );
  });

  it('features name volume_ratio_20 and volume_trend_5_20, both with lookback 19', function () {
    expect(volumeRatioFeature.outputs(volumeRatioFeature.defaults)).to.deep.equal(['volume_ratio_20']);
    expect(volumeTrendFeature.outputs(volumeTrendFeature.defaults)).to.deep.equal(['volume_trend_5_20']);
    expect(volumeRatioFeature.lookback(volumeRatioFeature.defaults)).to.equal(19);
    expect(volumeTrendFeature.lookback(volumeTrendFeature.defaults)).to.equal(19);
  });

  checkFeatureContract(volumeRatioFeature, { period: 20 });
  checkFeatureContract(volumeTrendFeature, { short: 5, long: 20 }, { badParams: [{ short: 20, long: 5 }] });
});
