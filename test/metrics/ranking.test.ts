/**
 * informationCoefficient, averageRanks.
 *
 * Sources: test/fixtures/sklearn-metrics/ranking.json — SciPy 1.10.1 `spearmanr` and `pearsonr` per
 * date, NumPy mean and std (ddof = 1), on a shuffled synthetic panel (rounded values with ties, NaNs,
 * a one-row date, a constant-score date; minObs 2 and 8) and on real data (first 30 symbols of
 * all_stocks_5yr, every 2017 date: 20-day return vs next-5-day return); compared at 1e-12. A
 * brute-force average rank for the property test.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { averageRanks, informationCoefficient, UndefinedMetricError } from '../../src/metrics/index.js';
import { ParameterError, SchemaError } from '../../src/util/errors.js';
import { expectClose, f64, icCases } from '../fixtures/sklearn-metrics/load.js';

const nul = (v: number | null): number => (v === null ? NaN : v);

describe('metrics/ranking', function () {
  for (const c of icCases) {
    for (const method of ['spearman', 'pearson'] as const) {
      it(`informationCoefficient(dates, score, fwd, { method: '${method}', minObs: ${c.min_obs} }) matches SciPy on ${c.name}`, function () {
        const got = informationCoefficient(c.date, f64(c.score), f64(c.forward_return), {
          method,
          minObs: c.min_obs,
        });
        const want = c[method];
        expect(Array.from(got.perDate.date)).to.deep.equal(want.date);
        expect(Array.from(got.perDate.n)).to.deep.equal(want.n);
        expect(Array.from(got.skippedDates)).to.deep.equal(want.skipped);
        expectClose(got.perDate.ic, want.ic, 'ic');
        expect(got.nDates).to.equal(want.ic.length);
        expectClose(got.mean, want.mean, 'mean');
        expectClose(got.std, nul(want.std), 'std');
        expectClose(got.icir, nul(want.icir), 'icir');
        expectClose(got.tStat, nul(want.t_stat), 'tStat');
      });
    }
  }

  it('the doc example: ICs ≈ 1 and −0.5, t-statistic ≈ 1/3', function () {
    const got = informationCoefficient(
      [1, 1, 1, 2, 2, 2],
      [1, 2, 3, 1, 2, 3],
      [0.1, 0.2, 0.3, 0.3, 0.1, 0.2],
    );
    expectClose(got.perDate.ic, [1, -0.5], 'ic', 1e-15);
    expectClose(got.tStat, 1 / 3, 'tStat', 1e-15);
    expect(got.method).to.equal('spearman');
  });

  it('one date: std, icir and tStat are NaN (ddof = 1), the mean is that IC', function () {
    const got = informationCoefficient([7, 7, 7], [1, 2, 3], [3, 2, 1], { method: 'pearson' });
    expect(got.mean).to.be.closeTo(-1, 1e-15);
    expect(got.std).to.be.NaN;
    expect(got.tStat).to.be.NaN;
  });

  describe('properties', function () {
    it('averageRanks(10, 20, 10, 30) is the doc example [1.5, 3, 1.5, 4]', function () {
      expect(Array.from(averageRanks(Float64Array.of(10, 20, 10, 30)))).to.deep.equal([1.5, 3, 1.5, 4]);
    });

    it('averageRanks equals count below + (ties + 1) / 2', function () {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 1, maxLength: 50 }), (xs) => {
          const want = xs.map(
            (v) => xs.filter((u) => u < v).length + (xs.filter((u) => u === v).length + 1) / 2,
          );
          expect(Array.from(averageRanks(Float64Array.from(xs)))).to.deep.equal(want);
        }),
      );
    });

    it('the Spearman IC is invariant to strictly increasing transforms of score and return', function () {
      fc.assert(
        fc.property(
          fc.array(
            fc.tuple(
              fc.integer({ min: 0, max: 3 }),
              fc.integer({ min: -9, max: 9 }),
              fc.integer({ min: -9, max: 9 }),
            ),
            {
              minLength: 3,
              maxLength: 60,
            },
          ),
          (rows) => {
            const d = rows.map((r) => r[0]);
            const s = rows.map((r) => r[1]);
            const f = rows.map((r) => r[2]);
            let base;
            try {
              base = informationCoefficient(d, s, f);
            } catch (e) {
              expect(e).to.be.instanceOf(UndefinedMetricError);
              return;
            }
            const moved = informationCoefficient(
              d,
              s.map((v) => Math.exp(v)),
              f.map((v) => v * v * v),
            );
            expectClose(moved.perDate.ic, base.perDate.ic, 'ic', 1e-12);
          },
        ),
      );
    });
  });

  it('errors: no usable date, non-finite date or infinite value, mismatched lengths, bad options', function () {
    expect(() => informationCoefficient([1, 2], [0.1, 0.2], [0.3, 0.4])).to.throw(
      UndefinedMetricError,
      /no date has 2/,
    );
    expect(() => informationCoefficient([1, NaN], [0.1, 0.2], [0.3, 0.4])).to.throw(
      SchemaError,
      /dates must be finite, got NaN at index 1/,
    );
    expect(() => informationCoefficient([1, 1], [0.1, Infinity], [0.3, 0.4])).to.throw(
      SchemaError,
      /score is Infinity at index 1/,
    );
    expect(() => informationCoefficient([1, 1], [0.1, 0.2], [0.3])).to.throw(SchemaError, /got 2 and 1/);
    expect(() => informationCoefficient([1], [1], [1], { method: 'kendall' as 'pearson' })).to.throw(
      ParameterError,
      /method/,
    );
    expect(() => informationCoefficient([1], [1], [1], { minObs: 1.5 })).to.throw(ParameterError, /minObs/);
  });
});
