/**
 * macd against R TTR 0.24.3 (test/fixtures/ttr, generate.R): `MACD(close, 12, 26, 9, percent = FALSE)`
 * (EMAs seeded with an SMA) — line, signal, line − signal — in price units and divided by close, on the
 * first 300 rows of AAPL, AMD, XOM; tolerance 1e-10 relative, NaN exactly during TTR's warm-up.
 * Also pins how technicalindicators 3.1.0's MACD departs (macd.ts TSDoc).
 */
import { expect } from 'chai';
import { MACD } from 'technicalindicators';
import { macd, macdFeature, macdLookbacks } from '../../src/features/macd.js';
import { ema } from '../../src/features/rolling.js';
import { ParameterError } from '../../src/util/errors.js';
import { checkFeatureContract } from '../contracts/feature-contract.js';
import { expectTtr, loadTtr, maxRelativeDeviation, padStart, TTR_SYMBOLS } from '../helpers/ttr.js';

const minus = (a: (number | null)[], b: (number | null)[]): (number | null)[] =>
  a.map((v, i) => {
    const w = b[i];
    return v === null || w === null ? null : v - w;
  });

describe('macd', function () {
  for (const symbol of TTR_SYMBOLS) {
    const f = loadTtr(symbol);
    it(`macd(close, 12, 26, 9) matches TTR MACD(percent = FALSE) line, signal and line − signal on ${symbol}`, function () {
      const m = macd(f.close, 12, 26, 9);
      expectTtr(m.line, f.ttr.macd_line_raw, `${symbol} line`, 25);
      expectTtr(m.signal, f.ttr.macd_signal_raw, `${symbol} signal`, 33);
      expectTtr(m.hist, minus(f.ttr.macd_line_raw, f.ttr.macd_signal_raw), `${symbol} hist`, 33);
    });
    it(`macdFeature gives TTR's MACD / close as macd_line, macd_signal, macd_hist on ${symbol}`, function () {
      const s = {
        symbol,
        date: new Float64Array(300),
        open: f.close,
        high: f.high,
        low: f.low,
        close: f.close,
      };
      const [line, signal, hist] = macdFeature.compute({ ...s, volume: f.volume }, macdFeature.defaults, {});
      expectTtr(line, f.ttr.macd_line, `${symbol} macd_line`, 25);
      expectTtr(signal, f.ttr.macd_signal, `${symbol} macd_signal`, 33);
      expectTtr(hist, f.ttr.macd_hist, `${symbol} macd_hist`, 33);
    });
  }

  it('macd(Float64Array.of(1, 2, 3, 4, 5), 2, 3, 2) is the doc example', function () {
    const m = macd(Float64Array.of(1, 2, 3, 4, 5), 2, 3, 2);
    expect(Array.from(m.line)).to.deep.equal([NaN, NaN, 0.5, 0.5, 0.5]);
    expect(Array.from(m.signal)).to.deep.equal([NaN, NaN, NaN, 0.5, 0.5]);
    expect(Array.from(m.hist)).to.deep.equal([NaN, NaN, NaN, 0, 0]);
  });

  it('line = EMA12 − EMA26 exactly, with SMA-seeded EMAs', function () {
    const close = Float64Array.from({ length: 80 }, (_, i) => 50 + Math.sin(i / 5) * 4 + i * 0.05);
    const m = macd(close);
    const e12 = ema(close, 12);
    const e26 = ema(close, 26);
    for (let t = 25; t < 80; t++) expect(m.line[t]).to.equal(e12[t] - e26[t]);
    expect(e26[25]).to.be.closeTo(close.subarray(0, 26).reduce((a, b) => a + b) / 26, 1e-12);
  });

  it('a NaN close at k: line NaN until the slow EMA re-seeds (k + slow), signal until k + slow + signal', function () {
    const close = Float64Array.from({ length: 120 }, (_, i) => 50 + Math.sin(i / 5) * 4);
    close[40] = NaN;
    const m = macd(close);
    const firstAfter = (x: Float64Array): number => {
      for (let t = 41; t < x.length; t++) if (!Number.isNaN(x[t])) return t;
      return -1;
    };
    expect(firstAfter(m.line)).to.equal(40 + 26);
    expect(firstAfter(m.signal)).to.equal(40 + 26 + 8);
    expect(firstAfter(m.hist)).to.equal(40 + 26 + 8);
  });

  it('rejects bad periods and fast ≥ slow with a ParameterError echoing them', function () {
    const x = Float64Array.of(1, 2, 3);
    expect(() => macd(x, 0)).to.throw(ParameterError, 'macd: fast must be an integer ≥ 1, got 0');
    expect(() => macd(x, 12, 26.5)).to.throw(RangeError, 'got 26.5');
    expect(() => macd(x, 12, 26, -9)).to.throw(RangeError, 'signal must be an integer ≥ 1, got -9');
    expect(() => macd(x, 26, 12)).to.throw(
      ParameterError,
      'macd: fast must be shorter than slow, got fast = 26, slow = 12',
    );
  });

  it('macdFeature: outputs, per-output lookbacks 25/33/33 and feature lookback 33', function () {
    expect(macdFeature.outputs(macdFeature.defaults)).to.deep.equal([
      'macd_line',
      'macd_signal',
      'macd_hist',
    ]);
    expect(macdFeature.outputs({ fast: 5, slow: 35, signal: 5 })).to.deep.equal([
      'macd_line_5_35_5',
      'macd_signal_5_35_5',
      'macd_hist_5_35_5',
    ]);
    expect(macdLookbacks(macdFeature.defaults)).to.deep.equal([25, 33, 33]);
    expect(macdFeature.lookback(macdFeature.defaults)).to.equal(33);
  });

  describe('technicalindicators 3.1.0 MACD (why macd.ts computes its own)', function () {
    it('with EMA oscillator and signal, agrees with TTR to 1e-10 relative, 25 rows short', function () {
      for (const symbol of TTR_SYMBOLS) {
        const f = loadTtr(symbol);
        const ti = MACD.calculate({
          values: [...f.close],
          fastPeriod: 12,
          slowPeriod: 26,
          signalPeriod: 9,
          SimpleMAOscillator: false,
          SimpleMASignal: false,
        });
        expect(ti.length).to.equal(300 - 25);
        const line = padStart(
          ti.map((o) => o.MACD ?? NaN),
          300,
        );
        const ttr = Float64Array.from(f.ttr.macd_line_raw, (v) => v ?? NaN);
        const ours = macd(f.close).line;
        expect(maxRelativeDeviation(line, ttr)).to.be.below(1e-10);
        // Ours uses TTR's EMA step α·x + (1 − α)·e; theirs (x − e)·α + e rounds differently.
        expect(maxRelativeDeviation(ours, ttr)).to.be.below(maxRelativeDeviation(line, ttr));
      }
    });

    it('freezes the line and signal at their last values after a NaN close', function () {
      const close = Array.from({ length: 60 }, (_, i) => 100 + Math.sin(i / 3) * 5 + i * 0.1);
      close[40] = NaN;
      const ti = MACD.calculate({
        values: close,
        fastPeriod: 12,
        slowPeriod: 26,
        signalPeriod: 9,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
      });
      const last = ti.slice(-5).map((o) => o.MACD);
      expect(new Set(last).size).to.equal(1);
      expect(Number.isNaN(last[0])).to.equal(false);
    });
  });

  checkFeatureContract(macdFeature, macdFeature.defaults, {
    outputLookbacks: macdLookbacks(macdFeature.defaults),
    badParams: [{ fast: 26, slow: 12 }],
  });
});
