/**
 * atr / trueRange against R TTR 0.24.3 (test/fixtures/ttr, generate.R): `ATR(cbind(high, low, close),
 * n = 14)` (Wilder EMA) — columns tr and atr — and atr / close, on the first 300 rows of AAPL, AMD,
 * XOM; tolerance 1e-10 relative, NaN exactly during TTR's warm-up. Also pins how technicalindicators
 * 3.1.0's ATR departs (atr.ts TSDoc).
 */
import { expect } from 'chai';
import { ATR } from 'technicalindicators';
import { atr, atrFeature, trueRange } from '../../src/features/atr.js';
import { ParameterError, SchemaError } from '../../src/util/errors.js';
import { checkFeatureContract } from '../contracts/feature-contract.js';
import { expectTtr, loadTtr, maxRelativeDeviation, padStart, TTR_SYMBOLS } from '../helpers/ttr.js';

describe('atr', function () {
  for (const symbol of TTR_SYMBOLS) {
    const f = loadTtr(symbol);
    it(`trueRange(high, low, close) matches TTR ATR()[, "tr"] on ${symbol}`, function () {
      expectTtr(trueRange(f.high, f.low, f.close), f.ttr.tr, `${symbol} tr`, 1);
    });
    it(`atr(high, low, close, 14) matches TTR ATR(HLC, 14)[, "atr"] on ${symbol}`, function () {
      expectTtr(atr(f.high, f.low, f.close, 14), f.ttr.atr_14, `${symbol} atr_14`, 14);
    });
    it(`atrFeature gives atr_14 and atr_14_pct = TTR atr / close on ${symbol}`, function () {
      const s = {
        symbol,
        date: new Float64Array(300),
        open: f.close,
        high: f.high,
        low: f.low,
        close: f.close,
      };
      const [a, pct] = atrFeature.compute({ ...s, volume: f.volume }, { period: 14 }, {});
      expectTtr(a, f.ttr.atr_14, `${symbol} atr_14`, 14);
      expectTtr(pct, f.ttr.atr_14_pct, `${symbol} atr_14_pct`, 14);
    });
  }

  it('the first ATR is the mean of TR_1..TR_n at index n, then Wilder-smoothed (doc example)', function () {
    const h = Float64Array.of(10, 12, 13, 14, 14);
    const l = Float64Array.of(8, 9, 11, 10, 13);
    const c = Float64Array.of(9, 11, 12, 13, 13.5);
    expect(Array.from(trueRange(h, l, c))).to.deep.equal([NaN, 3, 2, 4, 1]);
    expect(Array.from(atr(h, l, c, 3))).to.deep.equal([NaN, NaN, NaN, 3, 2.3333333333333335]);
    expect(
      Array.from(trueRange(Float64Array.of(10, 12), Float64Array.of(8, 11), Float64Array.of(9, 11.5))),
    ).to.deep.equal([NaN, 3]);
  });

  it('a NaN high at k: ATR NaN from k until period valid true ranges re-seed it (k + period)', function () {
    const n = 60;
    const c = Float64Array.from({ length: n }, (_, i) => 100 + 5 * Math.sin(i / 3));
    const h = c.map((x) => x + 1);
    const l = c.map((x) => x - 1);
    h[30] = NaN;
    const a = atr(h, l, c, 14);
    const nan = Array.from(a, (v, i) => (Number.isNaN(v) ? i : -1)).filter((i) => i >= 0);
    expect(nan).to.deep.equal([
      ...Array.from({ length: 14 }, (_, i) => i),
      ...Array.from({ length: 14 }, (_, i) => 30 + i),
    ]);
  });

  it('a NaN close at k leaves ATR at k (it reads close up to k − 1) and re-seeds from k + 1 + period', function () {
    const n = 60;
    const c = Float64Array.from({ length: n }, (_, i) => 100 + 5 * Math.sin(i / 3));
    const h = c.map((x) => x + 1);
    const l = c.map((x) => x - 1);
    c[30] = NaN;
    const a = atr(h, l, c, 14);
    expect(a[30]).to.be.a('number').and.not.be.NaN;
    expect(Array.from(a.subarray(31, 45)).every(Number.isNaN)).to.equal(true);
    expect(a[45]).to.not.be.NaN;
  });

  it('rejects a bad period with a ParameterError and unequal lengths with a SchemaError', function () {
    const x = Float64Array.of(1, 2, 3);
    expect(() => atr(x, x, x, 0)).to.throw(ParameterError, 'atr: period must be an integer ≥ 1, got 0');
    expect(() => atr(x, x, x, 1.5)).to.throw(RangeError, 'got 1.5');
    expect(() => atr(x, x, Float64Array.of(1, 2), 14)).to.throw(
      SchemaError,
      'trueRange: high, low and close must have the same length, got 3, 3, 2',
    );
  });

  describe('technicalindicators 3.1.0 ATR (why atr.ts computes its own)', function () {
    it('agrees with TTR to 1e-14 relative once padded with `period` leading NaN', function () {
      for (const symbol of TTR_SYMBOLS) {
        const f = loadTtr(symbol);
        const ti = ATR.calculate({ high: [...f.high], low: [...f.low], close: [...f.close], period: 14 });
        expect(ti.length, 'returns period fewer rows').to.equal(300 - 14);
        const ttr = Float64Array.from(f.ttr.atr_14, (v) => v ?? NaN);
        expect(maxRelativeDeviation(padStart(ti, 300), ttr)).to.be.below(1e-14);
      }
    });

    it('never recovers after a NaN high, where ours re-seeds', function () {
      const c = Array.from({ length: 60 }, (_, i) => 100 + 5 * Math.sin(i / 3));
      const h = c.map((x) => x + 1);
      const l = c.map((x) => x - 1);
      h[30] = NaN;
      const ti = ATR.calculate({ high: h, low: l, close: c, period: 14 });
      expect(Number.isNaN(ti[ti.length - 1])).to.equal(true);
      expect(atr(Float64Array.from(h), Float64Array.from(l), Float64Array.from(c), 14)[59]).to.not.be.NaN;
    });
  });

  it('atrFeature names atr_<n> and atr_<n>_pct with lookback n', function () {
    expect(atrFeature.outputs({ period: 14 })).to.deep.equal(['atr_14', 'atr_14_pct']);
    expect(atrFeature.lookback({ period: 14 })).to.equal(14);
  });

  checkFeatureContract(atrFeature, { period: 14 });
});
