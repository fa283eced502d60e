/**
 * bollinger against R TTR 0.24.3 (test/fixtures/ttr, generate.R): `BBands(close, n = 20, sd = 2)`
 * (SMA, runSD(sample = FALSE)) — pctB, and (up − dn) / mavg for the bandwidth — on the first 300 rows
 * of AAPL, AMD, XOM; tolerance 1e-10 relative, NaN exactly during TTR's warm-up. Also pins how
 * technicalindicators 3.1.0's BollingerBands departs (bollinger.ts TSDoc).
 */
import { expect } from 'chai';
import { BollingerBands } from 'technicalindicators';
import { bollinger, bollingerFeature } from '../../src/features/bollinger.js';
import { ParameterError } from '../../src/util/errors.js';
import { checkFeatureContract } from '../contracts/feature-contract.js';
import { expectTtr, loadTtr, maxRelativeDeviation, padStart, TTR_SYMBOLS } from '../helpers/ttr.js';

describe('bollinger', function () {
  for (const symbol of TTR_SYMBOLS) {
    const f = loadTtr(symbol);
    it(`bollinger(close, 20, 2) matches TTR BBands pctB and (up − dn) / mavg on ${symbol}`, function () {
      const b = bollinger(f.close, 20, 2);
      expectTtr(b.pctB, f.ttr.bb_pctb_20, `${symbol} bb_pctb_20`, 19);
      expectTtr(b.width, f.ttr.bb_width_20, `${symbol} bb_width_20`, 19);
    });
  }

  it('bollinger(Float64Array.of(1, 2, 3, 4), 2, 2) is the doc example (population sd)', function () {
    const b = bollinger(Float64Array.of(1, 2, 3, 4), 2, 2);
    // Window (1, 2): mean 1.5, population sd 0.5 → bands 0.5 and 2.5, %B (2 − 0.5) / 2 = 0.75.
    // A sample sd (0.7071…) would give 0.6767….
    expect(Array.from(b.pctB)).to.deep.equal([NaN, 0.75, 0.75, 0.75]);
    expect(Array.from(b.width)).to.deep.equal([NaN, 1.3333333333333333, 0.8, 0.5714285714285714]);
  });

  it('a zero-width band (n equal closes) gives NaN %B and zero width', function () {
    const close = Float64Array.of(3, 3, 3, 3, 4);
    const b = bollinger(close, 3, 2);
    expect(Array.from(b.pctB)).to.deep.equal([NaN, NaN, NaN, NaN, b.pctB[4]]);
    expect(b.pctB[4]).to.not.be.NaN;
    expect(Array.from(b.width.subarray(2, 4))).to.deep.equal([0, 0]);
  });

  it('flat windows of 0.1, 3 and 1/3 give NaN %B and zero width (where TTR prints 0.25, 0.75, NaN)', function () {
    const x = Float64Array.from([
      ...new Array<number>(25).fill(0.1),
      ...new Array<number>(25).fill(3),
      ...new Array<number>(25).fill(1 / 3),
    ]);
    const b = bollinger(x, 20, 2);
    for (const t of [19, 24, 69, 74]) {
      expect(b.pctB[t], `pctB[${t}]`).to.be.NaN;
      expect(b.width[t], `width[${t}]`).to.equal(0);
    }
  });

  it('a NaN close gives NaN for the n windows holding it, then recovers', function () {
    const close = Float64Array.from({ length: 40 }, (_, i) => 100 + 5 * Math.sin(i / 2));
    close[25] = NaN;
    const b = bollinger(close, 5, 2);
    const nan = Array.from(b.pctB, (v, i) => (Number.isNaN(v) ? i : -1)).filter((i) => i >= 0);
    expect(nan).to.deep.equal([0, 1, 2, 3, 25, 26, 27, 28, 29]);
  });

  it('rejects period < 2, a non-integer period and k ≤ 0 with a ParameterError echoing it', function () {
    const x = Float64Array.of(1, 2, 3);
    expect(() => bollinger(x, 1)).to.throw(ParameterError, 'bollinger: period must be an integer ≥ 2, got 1');
    expect(() => bollinger(x, 20.5)).to.throw(RangeError, 'got 20.5');
    expect(() => bollinger(x, 20, 0)).to.throw(
      ParameterError,
      'bollinger: k must be a finite number > 0, got 0',
    );
    expect(() => bollinger(x, 20, -2)).to.throw(RangeError, 'got -2');
  });

  it('bollingerFeature names bb_pctb_<n>, bb_width_<n> (k = 2) and adds _k<k> otherwise', function () {
    expect(bollingerFeature.outputs({ period: 20, k: 2 })).to.deep.equal(['bb_pctb_20', 'bb_width_20']);
    expect(bollingerFeature.outputs({ period: 20, k: 2.5 })).to.deep.equal([
      'bb_pctb_20_k2.5',
      'bb_width_20_k2.5',
    ]);
    expect(bollingerFeature.lookback({ period: 20, k: 2 })).to.equal(19);
  });

  describe('technicalindicators 3.1.0 BollingerBands (why bollinger.ts computes its own)', function () {
    it('uses the population sd and agrees with TTR to 1e-10 relative, n − 1 rows short', function () {
      for (const symbol of TTR_SYMBOLS) {
        const f = loadTtr(symbol);
        const ti = BollingerBands.calculate({ values: [...f.close], period: 20, stdDev: 2 });
        expect(ti.length).to.equal(300 - 19);
        const pctB = padStart(
          ti.map((o) => o.pb),
          300,
        );
        expect(
          maxRelativeDeviation(
            pctB,
            Float64Array.from(f.ttr.bb_pctb_20, (v) => v ?? NaN),
          ),
        ).to.be.below(1e-10);
      }
    });

    it('repeats its last bands for every row after a NaN close', function () {
      const close = Array.from({ length: 60 }, (_, i) => 100 + Math.sin(i / 3) * 5);
      close[40] = NaN;
      const ti = BollingerBands.calculate({ values: close, period: 20, stdDev: 2 });
      const tail = ti.slice(-10).map((o) => o.pb);
      expect(new Set(tail).size).to.equal(1);
      expect(Number.isNaN(tail[0])).to.equal(false);
    });
  });

  checkFeatureContract(bollingerFeature, { period: 20, k: 2 }, { realParams: ['k'] });
});
