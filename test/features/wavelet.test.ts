/**
 * Causal Haar à trous against an independent NumPy implementation of Renaud, Starck & Murtagh (2005),
 * IEEE Trans. SMC-B 35(6) — c_{j+1}(t) = ½(c_j(t − 2^j) + c_j(t)), w_{j+1} = c_j − c_{j+1} — written in
 * test/fixtures/rolling/generate.py and checked there against the closed form c_j(t) = mean of the last
 * 2^j samples; inputs are the log of real AAPL closes and of DHR opens with two empty cells
 * (../shared/data/PROVENANCE.md §1). Perfect reconstruction, lookback and causality are properties.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import type { SymbolSeries } from '../../src/features/types.js';
import { haarATrous, waveletDetailFeature } from '../../src/features/wavelet.js';
import { checkFeatureContract } from '../contracts/feature-contract.js';

type Column = (number | null)[];
interface WaveletCase {
  name: string;
  source: string;
  x: Column;
  levels: number;
  details: Column[];
  smooth: Column;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/rolling/wavelet.json', import.meta.url), 'utf8'),
) as { cases: WaveletCase[] };

const toSeries = (c: Column): Float64Array => Float64Array.from(c, (v) => (v === null ? NaN : v));

function expectSeries(got: Float64Array, want: Column, tol: number, label: string): void {
  expect(got.length, `${label}: length`).to.equal(want.length);
  want.forEach((w, t) => {
    if (w === null) expect(got[t], `${label}[${t}] should be NaN`).to.be.NaN;
    else expect(got[t], `${label}[${t}]`).to.be.closeTo(w, tol);
  });
}

function symbolSeries(close: Float64Array): SymbolSeries {
  const n = close.length;
  return {
    symbol: 'TEST',
    date: Float64Array.from({ length: n }, (_, t) => Date.UTC(2020, 0, 1 + t)),
    open: close,
    high: close,
    low: close,
    close,
    volume: new Float64Array(n).fill(1e6),
  };
}

const series = (minLength: number) =>
  fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength, maxLength: 100 });

describe('features/wavelet', function () {
  for (const c of fixture.cases)
    it(`haarATrous(log ${c.name}, ${c.levels}) matches the NumPy Renaud–Starck–Murtagh transform (details and smooth)`, function () {
      const logx = toSeries(c.x).map(Math.log);
      const got = haarATrous(logx, c.levels);
      expect(got.details.length).to.equal(c.levels);
      c.details.forEach((d, j) => expectSeries(got.details[j], d, 1e-12, `d${j + 1}`));
      expectSeries(got.smooth, c.smooth, 1e-12, `c${c.levels}`);
    });

  it('haarATrous([0, 2, 4, 8], 1).details[0] is [NaN, 1, 1, 2] (the doc example, by hand)', function () {
    const { details, smooth } = haarATrous(Float64Array.of(0, 2, 4, 8), 1);
    expect(Array.from(details[0])).to.deep.equal([NaN, 1, 1, 2]);
    expect(Array.from(smooth)).to.deep.equal([NaN, 1, 3, 6]);
  });

  it('haarATrous(x, J): d_1 + … + d_J + c_J = x from index 2^J − 1 on (perfect reconstruction, fast-check)', function () {
    fc.assert(
      fc.property(series(1), fc.integer({ min: 1, max: 6 }), (xs, levels) => {
        const x = Float64Array.from(xs);
        const { details, smooth } = haarATrous(x, levels);
        for (let t = 2 ** levels - 1; t < x.length; t++) {
          let sum = smooth[t];
          for (const d of details) sum += d[t];
          expect(sum, `t = ${t}`).to.be.closeTo(x[t], 1e-11);
        }
      }),
    );
  });

  it('haarATrous(x, J): the first non-NaN index of d_j is 2^j − 1 and of c_J is 2^J − 1 (fast-check)', function () {
    fc.assert(
      fc.property(series(1), fc.integer({ min: 1, max: 7 }), (xs, levels) => {
        const x = Float64Array.from(xs);
        const { details, smooth } = haarATrous(x, levels);
        const first = (a: Float64Array) => a.findIndex((v) => !Number.isNaN(v));
        details.forEach((d, j) => {
          const lookback = 2 ** (j + 1) - 1;
          expect(d.length).to.equal(x.length);
          expect(first(d), `d${j + 1}`).to.equal(lookback < x.length ? lookback : -1);
          for (let t = lookback; t < x.length; t++) expect(d[t]).to.not.be.NaN;
        });
        const lookback = 2 ** levels - 1;
        expect(first(smooth)).to.equal(lookback < x.length ? lookback : -1);
      }),
    );
  });

  it('haarATrous(x, J): changing x after t leaves every detail and the smooth at ≤ t unchanged (fast-check)', function () {
    fc.assert(
      fc.property(
        series(2),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 100 }),
        (xs, levels, tRaw, noise) => {
          const x = Float64Array.from(xs);
          const t = tRaw % (x.length - 1);
          const y = x.slice();
          for (let k = t + 1; k < y.length; k++) y[k] = noise[k % noise.length] + 1000;
          const a = haarATrous(x, levels);
          const b = haarATrous(y, levels);
          for (let k = 0; k <= t; k++) {
            a.details.forEach((d, j) =>
              expect(Object.is(b.details[j][k], d[k]), `d${j + 1}[${k}]`).to.equal(true),
            );
            expect(Object.is(b.smooth[k], a.smooth[k]), `c[${k}]`).to.equal(true);
          }
          // …and the change is visible after t, so the property is not vacuous.
          expect(Object.is(b.details[0][t + 1], a.details[0][t + 1])).to.equal(false);
        },
      ),
    );
  });

  it('haarATrous(x, J) does not mutate x', function () {
    const x = Float64Array.of(1, 2, 3, 5, 8, 13);
    haarATrous(x, 3);
    expect(Array.from(x)).to.deep.equal([1, 2, 3, 5, 8, 13]);
  });

  for (const levels of [0, -1, 1.5, NaN])
    it(`haarATrous(x, ${levels}) throws a RangeError echoing the value`, function () {
      expect(() => haarATrous(Float64Array.of(1, 2), levels)).to.throw(
        RangeError,
        `haarATrous: levels must be an integer ≥ 1, got ${levels}`,
      );
    });

  describe('waveletDetailFeature', function () {
    checkFeatureContract(waveletDetailFeature, { level: 1 });
    checkFeatureContract(waveletDetailFeature, { level: 4 });

    const aapl = fixture.cases.find((c) => c.name === 'AAPL close')!;
    const close = toSeries(aapl.x);

    for (const level of [1, 4])
      it(`waveletDetailFeature.compute(AAPL, { level: ${level} }) is the NumPy d${level} of log close, named wavelet_d${level}, lookback ${2 ** level - 1}`, function () {
        const p = { level };
        expect(waveletDetailFeature.outputs(p)).to.deep.equal([`wavelet_d${level}`]);
        expect(waveletDetailFeature.lookback(p)).to.equal(2 ** level - 1);
        const out = waveletDetailFeature.compute(symbolSeries(close), p, {});
        expect(out.length).to.equal(1);
        expectSeries(out[0], aapl.details[level - 1], 1e-12, `wavelet_d${level}`);
        expect(out[0].findIndex((v) => !Number.isNaN(v))).to.equal(waveletDetailFeature.lookback(p));
      });

    it("waveletDetailFeature has name 'wavelet_detail' and defaults { level: 1 }", function () {
      expect(waveletDetailFeature.name).to.equal('wavelet_detail');
      expect(waveletDetailFeature.defaults).to.deep.equal({ level: 1 });
      expect(waveletDetailFeature.needsMarket ?? false).to.equal(false);
    });

    for (const level of [0, 2.5])
      it(`waveletDetailFeature.validate({ level: ${level} }) throws a RangeError echoing the value`, function () {
        expect(() => waveletDetailFeature.validate({ level })).to.throw(
          RangeError,
          `wavelet_detail: level must be an integer ≥ 1, got ${level}`,
        );
      });

    it('waveletDetailFeature.compute(series, { level: 3 }) reads only closes ≤ t for output t (fast-check)', function () {
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: 1, max: 500, noNaN: true }), { minLength: 2, maxLength: 60 }),
          fc.nat(),
          (xs, tRaw) => {
            const x = Float64Array.from(xs);
            const t = tRaw % (x.length - 1);
            const y = x.slice();
            for (let k = t + 1; k < y.length; k++) y[k] = 2 * y[k] + 1;
            const a = waveletDetailFeature.compute(symbolSeries(x), { level: 3 }, {})[0];
            const b = waveletDetailFeature.compute(symbolSeries(y), { level: 3 }, {})[0];
            for (let k = 0; k <= t; k++) expect(Object.is(a[k], b[k]), `t = ${k}`).to.equal(true);
          },
        ),
      );
    });
  });
});
