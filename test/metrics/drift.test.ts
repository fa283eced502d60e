/**
 * ksStatistic (with kolmogorovSf, smirnovSf and the exact-path helpers) and populationStabilityIndex.
 *
 * Sources: test/fixtures/sklearn-metrics/drift.json —
 * - SciPy 1.10.1 `ks_2samp(a, b, method ∈ {'auto', 'exact', 'asymp'})`: statistic, p-value,
 *   statistic_location and statistic_sign on small samples (ties, identical, separated, n₁ = 1, gcd > 1),
 *   formula samples with max(n₁, n₂) > 10000 (the asymptotic path through each branch of kstwo.sf),
 *   and real daily returns (AAPL 2014 vs 2017, exact path; 50 symbols 2014 vs 20 symbols 2017,
 *   asymptotic path);
 * - grids of SciPy's internals on every branch: `kstwo.sf(x, n)` (n = 1 … 10⁶), `special.smirnov(n, x)`,
 *   `_compute_prob_outside_square(n, h)`, `_compute_outer_prob_inside_method(m, n, g, h)`;
 * - PSI from an independent NumPy statement (np.quantile edges, np.unique, np.searchsorted, ε for
 *   empty shares) on normal, tied, shifted (empty bins) and real (AAPL returns) samples.
 * Tolerance: 1e-12 absolute + 1e-12 relative everywhere, p-values included (the asymptotic path's
 * Durbin-matrix and Pelz–Good branches agree to that too; SciPy computes a few steps in long double).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { kolmogorovSf, ksStatistic, populationStabilityIndex, smirnovSf } from '../../src/metrics/index.js';
import { outerProbInside, probOutsideSquare } from '../../src/metrics/ks.js';
import { ParameterError, SchemaError } from '../../src/util/errors.js';
import {
  expectClose,
  insideGrid,
  ksCases,
  kstwoGrid,
  psiCases,
  smirnovGrid,
  squareGrid,
} from '../fixtures/sklearn-metrics/load.js';

describe('metrics/drift', function () {
  describe('ksStatistic', function () {
    for (const c of ksCases) {
      for (const method of ['auto', 'exact', 'asymp'] as const) {
        const want = c[method];
        if (want === undefined) continue;
        it(`ksStatistic(a, b, { method: '${method}' }) matches SciPy's ks_2samp on ${c.name} (n ${c.n1}, ${c.n2})`, function () {
          const got = ksStatistic(c.a, c.b, { method });
          expectClose(got.statistic, want.statistic, 'statistic');
          expectClose(got.pValue, want.pvalue, 'pValue');
          expect(got.location, 'location').to.equal(want.location);
          expect(got.sign, 'sign').to.equal(want.sign);
          const auto = method === 'auto' ? (Math.max(c.n1, c.n2) <= 10000 ? 'exact' : 'asymp') : method;
          expect(got.method).to.equal(auto);
        });
      }
    }

    it('the doc example: ks_2samp([1, 2, 3], [2, 3, 4, 5]) → D 0.5, p 0.6571428571428571', function () {
      expect(ksStatistic([1, 2, 3], [2, 3, 4, 5])).to.deep.equal({
        statistic: 0.5,
        pValue: 0.6571428571428571,
        method: 'exact',
        location: 3,
        sign: 1,
      });
    });

    it("SciPy's kstwo.sf(x, n) on a grid reaching every branch (Ruben–Gambino, Durbin, Pomeranz, Pelz–Good, 2·smirnov)", function () {
      this.timeout(120000);
      for (const [n, x, p] of kstwoGrid) expectClose(kolmogorovSf(n, x), p, `kstwo.sf(${x}, ${n})`);
    });

    it("SciPy's special.smirnov(n, x) on a grid (n = 1 … 1000001)", function () {
      this.timeout(120000);
      for (const [n, x, p] of smirnovGrid) expectClose(smirnovSf(n, x), p, `smirnov(${n}, ${x})`);
    });

    it("SciPy's exact-path helpers _compute_prob_outside_square and _compute_outer_prob_inside_method", function () {
      for (const [n, h, p] of squareGrid) expectClose(probOutsideSquare(n, h), p, `square(${n}, ${h})`);
      for (const [m, n, g, h, p] of insideGrid)
        expectClose(outerProbInside(m, n, g, h), p, `inside(${m}, ${n}, ${h})`);
    });

    it('is symmetric: swapping a and b keeps D and p', function () {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 }),
          fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 }),
          (a, b) => {
            const ab = ksStatistic(a, b);
            const ba = ksStatistic(b, a);
            expect(ba.statistic).to.be.closeTo(ab.statistic, 1e-15);
            expect(ba.pValue).to.be.closeTo(ab.pValue, 1e-12);
            expect(ab.pValue).to.be.within(0, 1);
          },
        ),
      );
    });

    it('the doc examples of the distributions: kolmogorovSf(1, 0.75) = 0.5, smirnovSf(1, 0.3) = 0.7', function () {
      expect(kolmogorovSf(1, 0.75)).to.equal(0.5);
      expect(smirnovSf(1, 0.3)).to.equal(0.7);
      expect(kolmogorovSf(10, 0)).to.equal(1);
      expect(kolmogorovSf(10, 1)).to.equal(0);
      expect(kolmogorovSf(0, 0.5)).to.be.NaN;
    });

    it('errors: empty or non-finite samples, unknown method', function () {
      expect(() => ksStatistic([], [1])).to.throw(SchemaError, /a is empty/);
      expect(() => ksStatistic([1, 2], [1, NaN])).to.throw(
        SchemaError,
        /b must be finite, got NaN at index 1/,
      );
      expect(() => ksStatistic([1], [2], { method: 'fast' as 'auto' })).to.throw(ParameterError, /method/);
    });
  });

  describe('populationStabilityIndex', function () {
    for (const c of psiCases) {
      it(`populationStabilityIndex(ref, cur, { nBins: ${c.n_bins}, epsilon: ${c.epsilon} }) matches NumPy on ${c.name}`, function () {
        const got = populationStabilityIndex(c.reference, c.current, { nBins: c.n_bins, epsilon: c.epsilon });
        expectClose(got.edges, c.edges, 'edges', 0, 0);
        expect(Array.from(got.referenceCount)).to.deep.equal(c.reference_count);
        expect(Array.from(got.currentCount)).to.deep.equal(c.current_count);
        expectClose(got.referenceShare, c.reference_share, 'referenceShare');
        expectClose(got.currentShare, c.current_share, 'currentShare');
        expectClose(got.contribution, c.contribution, 'contribution');
        expectClose(got.psi, c.psi, 'psi');
      });
    }

    it('the doc example: psi 4.60431846666895 with one empty current bin', function () {
      const got = populationStabilityIndex([1, 2, 3, 4], [3, 4, 4, 4], { nBins: 2 });
      expect(Array.from(got.edges)).to.deep.equal([2.5]);
      expect(Array.from(got.currentShare)).to.deep.equal([1e-4, 1]);
      expect(got.psi).to.be.closeTo(4.60431846666895, 1e-13);
    });

    it('is ≥ 0, and 0 when current equals reference', function () {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 80 }),
          fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 80 }),
          fc.integer({ min: 1, max: 12 }),
          (ref, cur, nBins) => {
            expect(populationStabilityIndex(ref, cur, { nBins }).psi).to.be.at.least(0);
            expect(populationStabilityIndex(ref, ref, { nBins }).psi).to.equal(0);
          },
        ),
      );
    });

    it('errors: empty or non-finite samples, bad nBins or epsilon', function () {
      expect(() => populationStabilityIndex([1, 2], [])).to.throw(SchemaError, /current is empty/);
      expect(() => populationStabilityIndex([1, NaN], [1])).to.throw(
        SchemaError,
        /reference must be finite, got NaN at index 1/,
      );
      expect(() => populationStabilityIndex([1, 2], [1], { nBins: 0 })).to.throw(ParameterError, /nBins/);
      expect(() => populationStabilityIndex([1, 2], [1], { epsilon: 0 })).to.throw(ParameterError, /epsilon/);
    });
  });
});
