/**
 * rsi against two sources:
 * - R TTR 0.24.3 (test/fixtures/ttr, generate.R): `RSI(close, n = 14)` (EMA, wilder = TRUE) on the
 *   first 300 rows of AAPL, AMD, XOM; tolerance 1e-10 relative, NaN exactly during the warm-up;
 * - the StockCharts ChartSchool "Relative Strength Index (RSI)" worked example (spreadsheet
 *   cs-rsi.xls; Wilder 1978's 14-day RSI): 33 closes to 4 decimals, 19 published RSI values to 2.
 * Also pins how technicalindicators 3.1.0's RSI departs (rsi.ts TSDoc).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { RSI } from 'technicalindicators';
import { rsi, rsiFeature } from '../../src/features/rsi.js';
import { ParameterError } from '../../src/util/errors.js';
import { checkFeatureContract } from '../contracts/feature-contract.js';
import { expectTtr, loadStockcharts, loadTtr, padStart, TTR_SYMBOLS } from '../helpers/ttr.js';

/** The StockCharts table's RSI(14) column, rows 15–33 (rounded to 2 decimals there). */
const STOCKCHARTS_RSI = [
  70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87,
  45.46, 37.3, 33.08, 37.77,
];

describe('rsi', function () {
  for (const symbol of TTR_SYMBOLS) {
    const f = loadTtr(symbol);
    it(`rsi(close, 14) matches TTR RSI(close, 14) on ${symbol}`, function () {
      expectTtr(rsi(f.close, 14), f.ttr.rsi_14, `${symbol} rsi_14`, 14);
    });
  }

  describe("Wilder's worked example (StockCharts ChartSchool)", function () {
    const sc = loadStockcharts();

    it('rsi(closes, 14) rounds to the 19 published values', function () {
      const r = rsi(sc.close, 14);
      expect(Array.from(r.subarray(0, 14)).every(Number.isNaN)).to.equal(true);
      expect(Array.from(r.subarray(14), (v) => Math.round(v * 100) / 100)).to.deep.equal(STOCKCHARTS_RSI);
    });

    it('rsi(closes, 14) matches TTR RSI on the same closes', function () {
      expectTtr(rsi(sc.close, 14), sc.rsi14, 'stockcharts rsi_14', 14);
    });

    it('the first value from the closes in cents is 100 · 3.34 / (3.34 + 1.40) by hand', function () {
      const cents = Float64Array.from(sc.close, (c) => Math.round(c * 100) / 100);
      expect(rsi(cents, 14)[14]).to.be.closeTo((100 * 3.34) / 4.74, 1e-10);
      expect(rsi(cents, 14)[14]).to.be.closeTo(70.46413502109705, 1e-10);
    });
  });

  it('rsi(Float64Array.of(1, 2, 3, 2), 2) is the doc example', function () {
    expect(Array.from(rsi(Float64Array.of(1, 2, 3, 2), 2))).to.deep.equal([NaN, NaN, 100, 50]);
  });

  it('only gains → 100, only losses → 0, a flat series → NaN (as TTR: 0/0)', function () {
    const up = Float64Array.from({ length: 30 }, (_, i) => 10 + i);
    const down = Float64Array.from({ length: 30 }, (_, i) => 40 - i);
    const flat = new Float64Array(30).fill(7);
    expect(Array.from(rsi(up, 14).subarray(14))).to.deep.equal(new Array<number>(16).fill(100));
    expect(Array.from(rsi(down, 14).subarray(14))).to.deep.equal(new Array<number>(16).fill(0));
    expect(Array.from(rsi(flat, 14)).every(Number.isNaN)).to.equal(true);
    // Flat after moves: the averages decay but stay > 0, so RSI stays defined.
    const settle = Float64Array.from({ length: 40 }, (_, i) => (i < 20 ? 10 + (i % 3) : 10));
    expect(Array.from(rsi(settle, 14).subarray(14)).some(Number.isNaN)).to.equal(false);
  });

  it('stays within [0, 100] (fast-check)', function () {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 1, maxLength: 80 }),
        (steps) => {
          let c = 100;
          const close = Float64Array.from(steps, (s) => (c *= Math.exp(s)));
          for (const v of rsi(close, 5)) if (!Number.isNaN(v)) expect(v).to.be.within(0, 100);
        },
      ),
    );
  });

  it('a NaN close at k: NaN from k to k + period, re-seeded on the next period changes', function () {
    const close = Float64Array.from({ length: 60 }, (_, i) => 100 + 5 * Math.sin(i / 2));
    close[30] = NaN;
    const r = rsi(close, 14);
    const nan = Array.from(r, (v, i) => (Number.isNaN(v) ? i : -1)).filter((i) => i >= 0);
    expect(nan).to.deep.equal([
      ...Array.from({ length: 14 }, (_, i) => i),
      ...Array.from({ length: 15 }, (_, i) => 30 + i),
    ]);
  });

  it('rejects period 0 and 14.5 with a ParameterError echoing it', function () {
    const x = Float64Array.of(1, 2, 3);
    expect(() => rsi(x, 0)).to.throw(ParameterError, 'rsi: period must be an integer ≥ 1, got 0');
    expect(() => rsi(x, 14.5)).to.throw(RangeError, 'got 14.5');
  });

  describe('technicalindicators 3.1.0 RSI (why rsi.ts computes its own)', function () {
    it('rounds to 2 decimals: within 0.005 of TTR, not within 1e-10, and period rows short', function () {
      for (const symbol of TTR_SYMBOLS) {
        const f = loadTtr(symbol);
        const ti = RSI.calculate({ values: [...f.close], period: 14 });
        expect(ti.length).to.equal(300 - 14);
        expect(ti.every((v) => Math.round(v * 100) / 100 === v)).to.equal(true);
        const padded = padStart(ti, 300);
        const ours = rsi(f.close, 14);
        let worst = 0;
        for (let t = 14; t < 300; t++) worst = Math.max(worst, Math.abs(padded[t] - ours[t]));
        expect(worst).to.be.within(1e-4, 0.005);
      }
    });

    it('gives 100 for a flat series, where TTR (and ours) give NaN', function () {
      expect(RSI.calculate({ values: new Array<number>(20).fill(5), period: 14 })).to.deep.equal(
        new Array<number>(6).fill(100),
      );
    });
  });

  it('rsiFeature names rsi_<n> with lookback n', function () {
    expect(rsiFeature.outputs({ period: 14 })).to.deep.equal(['rsi_14']);
    expect(rsiFeature.lookback({ period: 14 })).to.equal(14);
  });

  checkFeatureContract(rsiFeature, { period: 14 });
});
