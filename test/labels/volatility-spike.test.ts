/**
 * volatilitySpike against seed 000's pandas code, run verbatim on real closes by
 * test/fixtures/labels/generate.py (pandas 1.5.3): `seed_vol_spike` =
 * `returns.rolling(7).std().shift(-7) > 2 * returns.rolling(30).std()` with returns = close.pct_change(),
 * and its two sides `future_vol_7`, `trailing_vol_30`.
 */
import { expect } from 'chai';
import { pctChange, rollingStd } from '../../src/features/rolling.js';
import {
  forwardVolatility,
  volatilitySpike,
  volatilitySpikeLabel,
} from '../../src/labels/volatility-spike.js';
import { SYMBOLS, col, expectSeries, series } from '../fixtures/labels/load.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('volatilitySpike', function () {
  it('forwardVolatility([100, 101, 100, 102], 2) is the std of r_{t+1}, r_{t+2} (the doc example)', function () {
    expect(Array.from(forwardVolatility(f(100, 101, 100, 102), 2))).to.deep.equal([
      0.014072125051336254,
      0.021143192863201737,
      NaN,
      NaN,
    ]);
  });

  it('volatilitySpike([100, 101, 100, 101, 100, 110, 100], { lookahead: 2, window: 3 }) is [NaN, NaN, NaN, 1, 1, NaN, NaN] (the doc example)', function () {
    const got = volatilitySpike(f(100, 101, 100, 101, 100, 110, 100), { lookahead: 2, window: 3 });
    expect(Array.from(got)).to.deep.equal([NaN, NaN, NaN, 1, 1, NaN, NaN]);
  });

  for (const sym of SYMBOLS) {
    it(`forwardVolatility(${sym}, 7) matches pandas returns.rolling(7).std().shift(-7), and the trailing side returns.rolling(30).std(), to 1e-12`, function () {
      const close = col(sym, 'close');
      expectSeries(forwardVolatility(close, 7), col(sym, 'future_vol_7'), 1e-12, 'future_vol_7');
      expectSeries(rollingStd(pctChange(close), 30), col(sym, 'trailing_vol_30'), 1e-12, 'trailing_vol_30');
    });

    it(`volatilitySpike(${sym}) equals seed 000's code exactly where ours is known; ours is NaN exactly on rows t < 30 and the last 7 (the seed writes 0 there)`, function () {
      const ours = volatilitySpike(col(sym, 'close'));
      const seed = col(sym, 'seed_vol_spike');
      const n = seed.length;
      for (let t = 0; t < n; t++) {
        const unknown = t < 30 || t >= n - 7;
        if (unknown) {
          expect(ours[t], `ours[${t}]`).to.be.NaN;
          expect(seed[t], `seed[${t}]`).to.equal(0);
        } else expect(ours[t], `row ${t}`).to.equal(seed[t]);
      }
    });
  }

  it('the fixture holds spikes: seed 000 labels 56 AAPL rows and 121 AMD rows 1', function () {
    expect(col('AAPL', 'seed_vol_spike').filter((v) => v === 1).length).to.equal(56);
    expect(col('AMD', 'seed_vol_spike').filter((v) => v === 1).length).to.equal(121);
  });

  it('a NaN close makes every row whose future or trailing window holds it NaN (no forward fill, unlike pct_change)', function () {
    const close = Float64Array.from({ length: 20 }, (_, i) => 100 + ((i * 7) % 5));
    close[10] = NaN;
    const got = volatilitySpike(close, { lookahead: 2, window: 3 });
    // r_10 and r_11 are NaN: future windows r_{t+1..t+2} of t = 8..10, trailing r_{t−2..t} of t = 10..13.
    for (let t = 0; t < 20; t++) {
      const nan = t < 3 || t >= 18 || (t >= 8 && t <= 13);
      expect(Number.isNaN(got[t]), `row ${t}`).to.equal(nan);
    }
  });

  it('a flat trailing window (trailing volatility 0) gives 1 whenever the future moves (as pandas does)', function () {
    // r = [NaN, 0, 0, 0, 0.01, −0.0099, 0, 0]: rows 2 and 3 have trailing std 0 and a moving future → 1;
    // row 4 compares std(r5, r6) with 2 × std(r3, r4) → 0; row 5's future is flat → 0.
    const got = volatilitySpike(f(100, 100, 100, 100, 101, 100, 100, 100), { lookahead: 2, window: 2 });
    expect(Array.from(got)).to.deep.equal([NaN, NaN, 1, 1, 0, 0, NaN, NaN]);
  });

  it('volatilitySpike of one row is [NaN]', function () {
    expect(Array.from(volatilitySpike(f(100)))).to.deep.equal([NaN]);
  });

  for (const [params, msg] of [
    [{ lookahead: 1 }, 'volatilitySpike: lookahead must be an integer ≥ 2, got 1'],
    [{ window: 0 }, 'volatilitySpike: window must be an integer ≥ 2, got 0'],
    [{ threshold: 0 }, 'volatilitySpike: threshold must be a finite number > 0, got 0'],
    [{ threshold: Infinity }, 'volatilitySpike: threshold must be a finite number > 0, got Infinity'],
  ] as const)
    it(`volatilitySpike(close, { ${Object.entries(params)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')} }) throws a RangeError echoing the value`, function () {
      expect(() => volatilitySpike(f(1, 2, 3), params)).to.throw(RangeError, msg);
    });

  it("volatilitySpikeLabel: 'volatility_spike' → vol_spike_<lookahead>, horizon lookahead, defaults { 7, 30, 2 }, t1 = date_{t+7}", function () {
    expect(volatilitySpikeLabel.name).to.equal('volatility_spike');
    expect(volatilitySpikeLabel.defaults).to.deep.equal({ lookahead: 7, window: 30, threshold: 2 });
    expect(volatilitySpikeLabel.outputs(volatilitySpikeLabel.defaults)).to.deep.equal(['vol_spike_7']);
    expect(volatilitySpikeLabel.horizon(volatilitySpikeLabel.defaults)).to.equal(7);
    const s = series('AAPL');
    const r = volatilitySpikeLabel.compute(s, volatilitySpikeLabel.defaults, {});
    expect(r.t1[29]).to.be.NaN;
    expect(r.t1[30]).to.equal(s.date[37]);
    expect(r.t1[s.date.length - 8]).to.equal(s.date[s.date.length - 1]);
    expect(r.t1[s.date.length - 7]).to.be.NaN;
  });
});
