/**
 * Rolling primitives against pandas and R's TTR on real closes.
 *
 * - test/fixtures/rolling/rolling.json: pandas 1.5.3 rolling(n).mean/std/median (min_periods = n),
 *   pct_change(p, fill_method=None) and the SMA-seeded EMA via ewm(adjust=False), on AAPL closes and on
 *   DHR opens with two real empty cells (PROVENANCE.md §1); written by test/fixtures/rolling/generate.py.
 * - test/fixtures/rolling/ttr.json: TTR 0.24.3 EMA (standard and wilder = TRUE), runMean, runSD,
 *   runMedian on the same AAPL closes; written by test/fixtures/rolling/generate-ttr.R.
 * - Doc examples: by hand arithmetic.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import {
  checkPeriod,
  ema,
  pctChange,
  rollingMean,
  rollingMedian,
  rollingStd,
} from '../../src/features/rolling.js';
import { ParameterError } from '../../src/util/errors.js';

type Column = (number | null)[];
type ByN = Record<string, Column>;

interface RollingCase {
  name: string;
  source: string;
  x: Column;
  mean: ByN;
  std0: ByN;
  std1: ByN;
  median: ByN;
  pct: ByN;
  ema: ByN;
  wilder: ByN;
}

interface TtrFixture {
  source: string;
  input: string;
  x: Column;
  ema: ByN;
  wilder: ByN;
  runMean: ByN;
  runSD_sample: ByN;
  runSD_population: ByN;
  runMedian: ByN;
}

const readJson = <T>(file: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/rolling/${file}`, import.meta.url), 'utf8')) as T;

const pandas = readJson<{ cases: RollingCase[] }>('rolling.json');
const ttr = readJson<TtrFixture>('ttr.json');

const toSeries = (c: Column): Float64Array => Float64Array.from(c, (v) => (v === null ? NaN : v));

/** NaN exactly where `want` is null; elsewhere |got − want| ≤ rel · max(1, |want|). */
function expectSeries(got: Float64Array, want: Column, rel: number, label: string): void {
  expect(got.length, `${label}: length`).to.equal(want.length);
  want.forEach((w, t) => {
    if (w === null) expect(got[t], `${label}[${t}] should be NaN`).to.be.NaN;
    else expect(got[t], `${label}[${t}]`).to.be.closeTo(w, rel * Math.max(1, Math.abs(w)));
  });
}

const firstFinite = (x: Float64Array): number => x.findIndex((v) => !Number.isNaN(v));

describe('features/rolling', function () {
  for (const c of pandas.cases) {
    const x = toSeries(c.x);
    describe(`on ${c.name} (${c.source})`, function () {
      for (const n of Object.keys(c.mean))
        it(`rollingMean(x, ${n}) matches pandas rolling(${n}).mean()`, function () {
          expectSeries(rollingMean(x, Number(n)), c.mean[n], 1e-12, `mean ${n}`);
        });
      for (const n of Object.keys(c.std1))
        it(`rollingStd(x, ${n}) (ddof 1) matches pandas rolling(${n}).std()`, function () {
          expectSeries(rollingStd(x, Number(n)), c.std1[n], 1e-9, `std1 ${n}`);
        });
      for (const n of Object.keys(c.std0))
        it(`rollingStd(x, ${n}, 0) matches pandas rolling(${n}).std(ddof=0)`, function () {
          expectSeries(rollingStd(x, Number(n), 0), c.std0[n], 1e-9, `std0 ${n}`);
        });
      for (const n of Object.keys(c.median))
        it(`rollingMedian(x, ${n}) matches pandas rolling(${n}).median()`, function () {
          expectSeries(rollingMedian(x, Number(n)), c.median[n], 0, `median ${n}`);
        });
      for (const p of Object.keys(c.pct))
        it(`pctChange(x, ${p}) matches pandas pct_change(${p}, fill_method=None)`, function () {
          expectSeries(pctChange(x, Number(p)), c.pct[p], 1e-12, `pct ${p}`);
        });
      for (const n of Object.keys(c.ema))
        it(`ema(x, ${n}) matches pandas ewm(alpha=2/(n+1), adjust=False) seeded with SMA(${n})`, function () {
          expectSeries(ema(x, Number(n)), c.ema[n], 1e-12, `ema ${n}`);
        });
      for (const n of Object.keys(c.wilder))
        it(`ema(x, ${n}, { wilder: true }) matches pandas ewm(alpha=1/n, adjust=False) seeded with SMA(${n})`, function () {
          expectSeries(ema(x, Number(n), { wilder: true }), c.wilder[n], 1e-12, `wilder ${n}`);
        });
    });
  }

  describe(`against R TTR (${ttr.source}) on ${ttr.input}`, function () {
    const x = toSeries(ttr.x);
    it('the TTR input is the same AAPL series as the pandas fixture', function () {
      expect(ttr.x).to.deep.equal(pandas.cases[0].x);
    });
    for (const n of Object.keys(ttr.ema))
      it(`ema(x, ${n}) matches TTR::EMA(x, ${n})`, function () {
        expectSeries(ema(x, Number(n)), ttr.ema[n], 1e-12, `EMA ${n}`);
      });
    for (const n of Object.keys(ttr.wilder))
      it(`ema(x, ${n}, { wilder: true }) matches TTR::EMA(x, ${n}, wilder = TRUE)`, function () {
        expectSeries(ema(x, Number(n), { wilder: true }), ttr.wilder[n], 1e-12, `EMA wilder ${n}`);
      });
    for (const n of Object.keys(ttr.runMean))
      it(`rollingMean(x, ${n}) matches TTR::runMean(x, ${n})`, function () {
        expectSeries(rollingMean(x, Number(n)), ttr.runMean[n], 1e-12, `runMean ${n}`);
      });
    for (const n of Object.keys(ttr.runSD_sample))
      it(`rollingStd(x, ${n}) and rollingStd(x, ${n}, 0) match TTR::runSD(x, ${n}, sample = TRUE | FALSE)`, function () {
        expectSeries(rollingStd(x, Number(n), 1), ttr.runSD_sample[n], 1e-11, `runSD sample ${n}`);
        expectSeries(rollingStd(x, Number(n), 0), ttr.runSD_population[n], 1e-11, `runSD population ${n}`);
      });
    for (const n of Object.keys(ttr.runMedian))
      it(`rollingMedian(x, ${n}) matches TTR::runMedian(x, ${n})`, function () {
        expectSeries(rollingMedian(x, Number(n)), ttr.runMedian[n], 0, `runMedian ${n}`);
      });
  });

  describe('doc examples (by hand)', function () {
    it('rollingMean([1, 2, 3, 4], 2) is [NaN, 1.5, 2.5, 3.5]', function () {
      expect(Array.from(rollingMean(Float64Array.of(1, 2, 3, 4), 2))).to.deep.equal([NaN, 1.5, 2.5, 3.5]);
    });
    it('rollingStd([1, 2, 3, 4], 2) is [NaN, √½, √½, √½]', function () {
      const got = rollingStd(Float64Array.of(1, 2, 3, 4), 2);
      expect(got[0]).to.be.NaN;
      for (let t = 1; t < 4; t++) expect(got[t]).to.be.closeTo(Math.SQRT1_2, 1e-15);
    });
    it('ema([1, 2, 3, 4], 2) is [NaN, 1.5, 2.5, 3.5] (seed 1.5, α = 2/3)', function () {
      const got = ema(Float64Array.of(1, 2, 3, 4), 2);
      expect(got[0]).to.be.NaN;
      [1.5, 2.5, 3.5].forEach((w, k) => expect(got[k + 1]).to.be.closeTo(w, 1e-15));
    });
    it('pctChange([100, 110, 99], 1) is [NaN, 0.1, −0.1]', function () {
      const got = pctChange(Float64Array.of(100, 110, 99), 1);
      expect(got[0]).to.be.NaN;
      expect(got[1]).to.be.closeTo(0.1, 1e-15);
      expect(got[2]).to.be.closeTo(-0.1, 1e-15);
    });
    it('rollingMedian([5, 1, 4, 2, 3], 2) averages the two middle values: [NaN, 3, 2.5, 3, 2.5]', function () {
      expect(Array.from(rollingMedian(Float64Array.of(5, 1, 4, 2, 3), 2))).to.deep.equal([
        NaN,
        3,
        2.5,
        3,
        2.5,
      ]);
    });
    it('ema([NaN, NaN, 2, 4, 6], 2) skips leading NaNs: [NaN, NaN, NaN, 3, 5]', function () {
      const got = ema(Float64Array.of(NaN, NaN, 2, 4, 6), 2);
      expect(Array.from(got.subarray(0, 3))).to.deep.equal([NaN, NaN, NaN]);
      expect(got[3]).to.be.closeTo(3, 1e-15);
      expect(got[4]).to.be.closeTo(3 + (2 / 3) * (6 - 3), 1e-15);
    });
  });

  describe('contract: causal, length-preserving, lookback n − 1, inputs untouched', function () {
    const fns: [string, (x: Float64Array, n: number) => Float64Array, number][] = [
      ['rollingMean', (x, n) => rollingMean(x, n), 0],
      ['rollingStd', (x, n) => rollingStd(x, n + 1), 1],
      ['rollingMedian', (x, n) => rollingMedian(x, n), 0],
      ['ema', (x, n) => ema(x, n), 0],
      ['ema wilder', (x, n) => ema(x, n, { wilder: true }), 0],
      ['pctChange', (x, n) => pctChange(x, n), 1],
    ];
    const series = fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 1, maxLength: 80 });
    for (const [name, fn, extra] of fns) {
      it(`${name}(x, n): changing x after t leaves outputs ≤ t unchanged (fast-check)`, function () {
        fc.assert(
          fc.property(
            series,
            fc.integer({ min: 1, max: 10 }),
            fc.nat(),
            fc.double({ min: 1, max: 1000, noNaN: true }),
            (xs, n, tRaw, v) => {
              const x = Float64Array.from(xs);
              const t = tRaw % x.length;
              const before = fn(x, n);
              const y = x.slice();
              for (let k = t + 1; k < y.length; k++) y[k] = v + k;
              const after = fn(y, n);
              for (let k = 0; k <= t; k++)
                expect(Object.is(after[k], before[k]), `${name} at ${k}`).to.equal(true);
            },
          ),
        );
      });
      it(`${name}(x, n) has x's length, its first non-NaN index is n − 1 (pctChange: n), and x is not mutated`, function () {
        fc.assert(
          fc.property(series, fc.integer({ min: 1, max: 10 }), (xs, n) => {
            const x = Float64Array.from(xs);
            const copy = x.slice();
            const out = fn(x, n);
            expect(out.length).to.equal(x.length);
            expect(Array.from(x)).to.deep.equal(Array.from(copy));
            const lookback = n - 1 + extra;
            expect(firstFinite(out)).to.equal(lookback < x.length ? lookback : -1);
          }),
        );
      });
    }

    it('rollingMean(x, n) recovers from a huge value once it leaves the window (no drift from the running sum)', function () {
      // A running sum that only adds and subtracts keeps the rounding error of 1e15 (ulp 0.125) forever;
      // the re-summed window must match a fresh sum again within 2n rows after the spike.
      const n = 7;
      const x = Float64Array.from({ length: 2000 }, (_, t) => (t === 10 ? 1e15 : 1 + 0.001 * Math.sin(t)));
      const got = rollingMean(x, n);
      for (let t = 10 + 2 * n; t < x.length; t++) {
        let s = 0;
        for (let k = t - n + 1; k <= t; k++) s += x[k];
        expect(got[t], `t = ${t}`).to.be.closeTo(s / n, 1e-12);
      }
    });

    it('ema(x, n) re-seeds after a NaN: NaN for the next n − 1 values, then the mean of n values', function () {
      const got = ema(Float64Array.of(1, 2, 3, NaN, 10, 20, 30), 2);
      expect(got[3]).to.be.NaN;
      expect(got[4]).to.be.NaN;
      expect(got[5]).to.equal(15);
      expect(got[6]).to.be.closeTo(15 + (2 / 3) * 15, 1e-12);
    });
  });

  describe('bad periods', function () {
    const x = Float64Array.of(1, 2, 3);
    const cases: [string, () => unknown, string][] = [
      ['rollingMean(x, 0)', () => rollingMean(x, 0), 'rollingMean: n must be an integer ≥ 1, got 0'],
      ['rollingMean(x, 2.5)', () => rollingMean(x, 2.5), 'rollingMean: n must be an integer ≥ 1, got 2.5'],
      ['rollingMean(x, NaN)', () => rollingMean(x, NaN), 'got NaN'],
      ['rollingStd(x, 1)', () => rollingStd(x, 1), 'rollingStd: n must be an integer ≥ 2, got 1'],
      ['rollingStd(x, 0, 0)', () => rollingStd(x, 0, 0), 'rollingStd: n must be an integer ≥ 1, got 0'],
      ['rollingMedian(x, -3)', () => rollingMedian(x, -3), 'rollingMedian: n must be an integer ≥ 1, got -3'],
      ['ema(x, 0)', () => ema(x, 0), 'ema: n must be an integer ≥ 1, got 0'],
      ['ema(x, Infinity)', () => ema(x, Infinity), 'got Infinity'],
      ['pctChange(x, 0)', () => pctChange(x, 0), 'pctChange: period must be an integer ≥ 1, got 0'],
      ['pctChange(x, 1.5)', () => pctChange(x, 1.5), 'got 1.5'],
    ];
    for (const [call, fn, message] of cases)
      it(`${call} throws a RangeError echoing the value`, function () {
        expect(fn).to.throw(RangeError, message);
        expect(fn).to.throw(ParameterError);
      });

    it("checkPeriod('rsi', 'period', 14) returns 14; checkPeriod('rsi', 'period', 0) throws the DESIGN.md message", function () {
      expect(checkPeriod('rsi', 'period', 14)).to.equal(14);
      expect(() => checkPeriod('rsi', 'period', 0)).to.throw(
        RangeError,
        'rsi: period must be an integer ≥ 1, got 0',
      );
      expect(() => checkPeriod('x', 'n', 2, 3)).to.throw(RangeError, 'x: n must be an integer ≥ 3, got 2');
    });
  });
});
