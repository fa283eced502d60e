/**
 * Cross-sectional transforms, per date.
 *
 * Sources: test/fixtures/cross-section/cross-section.json — every symbol of ../shared/data on
 * 2015-07-17, 2016-01-12 and 2017-12-05 (real data, with the empty open cells of PROVENANCE.md §1 as
 * NaN), with SciPy 1.10.1 rankdata(method='average'), pandas 1.5.3 groupby z-scores (ddof 1), NumPy
 * 1.24.2 quantile clips and a pandas sector mean (written by test/fixtures/cross-section/generate.py);
 * a brute-force average rank (count below + (ties − 1)/2) for the property test; hand-built synthetic
 * examples otherwise.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import {
  crossSectionalRank,
  crossSectionalWinsorize,
  crossSectionalZScore,
  dateGroups,
  sectorRelativeStrength,
} from '../../src/features/cross-section.js';
import { ParameterError } from '../../src/util/errors.js';

type Column = (number | null)[];
interface Fixture {
  dates: string[];
  rowsPerDate: Record<string, number>;
  symbol: string[];
  date: string[];
  sector: string[];
  [column: string]: Column | string[] | Record<string, number>;
}

const fx = JSON.parse(
  readFileSync(new URL('../fixtures/cross-section/cross-section.json', import.meta.url), 'utf8'),
) as Fixture;
const col = (name: string): Float64Array =>
  Float64Array.from(fx[name] as Column, (v) => (v === null ? NaN : v));

function expectSeries(got: Float64Array, want: Column, rel: number, label: string): void {
  expect(got.length, `${label}: length`).to.equal(want.length);
  want.forEach((w, i) => {
    const where = `${label} ${fx.symbol[i]} ${fx.date[i]}`;
    if (w === null) expect(got[i], `${where} should be NaN`).to.be.NaN;
    else expect(got[i], where).to.be.closeTo(w, rel * Math.max(1, Math.abs(w)));
  });
}

const dates = Float64Array.from(fx.date, (d) => Date.parse(`${d}T00:00:00Z`));
const groups = dateGroups(dates);

describe('features/cross-section', function () {
  describe(`on real data: all symbols on ${fx.dates.join(', ')}`, function () {
    it('dateGroups(fixture dates) finds the 3 dates with 492, 496 and 505 rows (pandas counts)', function () {
      expect(fx.rowsPerDate).to.deep.equal({ '2015-07-17': 492, '2016-01-12': 496, '2017-12-05': 505 });
      const sizes = Array.from(groups.start.subarray(1), (e, g) => e - groups.start[g]);
      expect(sizes).to.deep.equal(fx.dates.map((d) => fx.rowsPerDate[d]));
      for (let g = 0; g < 3; g++)
        for (const r of groups.order.subarray(groups.start[g], groups.start[g + 1]))
          expect(fx.date[r]).to.equal(fx.dates[g]);
    });

    for (const v of ['gap', 'close']) {
      it(`crossSectionalRank(${v}, groups) matches (scipy.stats.rankdata(method='average') − 1) / (n − 1) per date`, function () {
        expectSeries(crossSectionalRank(col(v), groups), fx[`${v}_rank`] as Column, 1e-15, `${v}_rank`);
      });
      it(`crossSectionalZScore(${v}, groups) matches pandas (v − mean) / std (ddof = 1) per date`, function () {
        expectSeries(crossSectionalZScore(col(v), groups), fx[`${v}_z`] as Column, 1e-12, `${v}_z`);
      });
      it(`crossSectionalWinsorize(${v}, groups) matches numpy.clip at numpy.quantile(v, [0.01, 0.99]) per date`, function () {
        expectSeries(crossSectionalWinsorize(col(v), groups), fx[`${v}_w01`] as Column, 1e-14, `${v}_w01`);
      });
      it(`crossSectionalWinsorize(${v}, groups, 0.05, 0.95) matches numpy.clip at numpy.quantile(v, [0.05, 0.95])`, function () {
        expectSeries(
          crossSectionalWinsorize(col(v), groups, 0.05, 0.95),
          fx[`${v}_w05`] as Column,
          1e-14,
          `${v}_w05`,
        );
      });
    }

    it('the real close column has ties on every date, and tied closes share one rank', function () {
      const close = col('close');
      const rank = crossSectionalRank(close, groups);
      for (const d of fx.dates) {
        const seen = new Map<number, number>();
        let ties = 0;
        fx.date.forEach((x, i) => {
          if (x !== d) return;
          const r = seen.get(close[i]);
          if (r === undefined) seen.set(close[i], rank[i]);
          else {
            ties++;
            expect(rank[i]).to.equal(r);
          }
        });
        expect(ties, d).to.be.greaterThan(0);
      }
    });

    it('the gap column is NaN for DHR, ES, O (2015-07-17), DHR, O (2016-01-12) and APTV (2017-12-05), and so are their ranks', function () {
      const gap = col('gap');
      const rank = crossSectionalRank(gap, groups);
      const nan = fx.symbol.map((s, i) => `${s} ${fx.date[i]}`).filter((_, i) => Number.isNaN(gap[i]));
      expect(nan).to.deep.equal([
        'APTV 2017-12-05',
        'DHR 2015-07-17',
        'DHR 2016-01-12',
        'ES 2015-07-17',
        'O 2015-07-17',
        'O 2016-01-12',
      ]);
      gap.forEach((g, i) => expect(Number.isNaN(rank[i])).to.equal(Number.isNaN(g)));
    });

    it('sectorRelativeStrength(ret20, sector, spyRet20, groups) matches pandas groupby([date, sector]).ret20.mean() − SPY ret20', function () {
      const got = sectorRelativeStrength(col('ret20'), fx.sector, col('spy_ret20'), groups);
      expectSeries(got, fx.sector_rs_20 as Column, 1e-12, 'sector_rs_20');
    });
  });

  describe('dateGroups', function () {
    it('dateGroups(dates) groups row indices by ascending date, stable within a date, leaving NaN dates out', function () {
      const g = dateGroups(Float64Array.of(30, 10, NaN, 30, 20, 10));
      expect(Array.from(g.order)).to.deep.equal([1, 5, 4, 0, 3]);
      expect(Array.from(g.start)).to.deep.equal([0, 2, 3, 5]);
    });
    it('dateGroups([]) has no groups', function () {
      const g = dateGroups(new Float64Array(0));
      expect(g.order.length).to.equal(0);
      expect(Array.from(g.start)).to.deep.equal([0]);
    });
  });

  describe('crossSectionalRank', function () {
    it('crossSectionalRank([10, 20, 20, 40]) on one date is [0, 0.5, 0.5, 1] (the doc example; scipy rankdata average)', function () {
      const got = crossSectionalRank(Float64Array.of(10, 20, 20, 40), dateGroups(new Float64Array(4)));
      expect(Array.from(got)).to.deep.equal([0, 0.5, 0.5, 1]);
    });

    it('crossSectionalRank gives 0.5 to a date with one value, NaN to NaN inputs and to a date of only NaN', function () {
      const values = Float64Array.of(7, NaN, 3, NaN, NaN, 9);
      const d = Float64Array.of(1, 1, 2, 2, 3, 2);
      // date 1: only 7 → 0.5; date 2: 3 and 9 → 0, 1; date 3: only NaN.
      expect(Array.from(crossSectionalRank(values, dateGroups(d)))).to.deep.equal([0.5, NaN, 0, NaN, NaN, 1]);
    });

    it('crossSectionalRank(values, groups) equals the brute-force average rank per date, rescaled to [0, 1] (fast-check)', function () {
      fc.assert(
        fc.property(
          fc.array(
            fc.tuple(
              fc.integer({ min: 0, max: 3 }),
              fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(NaN)),
            ),
            {
              maxLength: 60,
            },
          ),
          (rows) => {
            const d = Float64Array.from(rows, (r) => r[0]);
            const v = Float64Array.from(rows, (r) => r[1]);
            const got = crossSectionalRank(v, dateGroups(d));
            rows.forEach(([di, x], i) => {
              if (Number.isNaN(x)) {
                expect(got[i]).to.be.NaN;
                return;
              }
              const peers = rows.filter(([dj, y]) => dj === di && !Number.isNaN(y)).map((r) => r[1]);
              const below = peers.filter((y) => y < x).length;
              const equal = peers.filter((y) => y === x).length;
              const want = peers.length === 1 ? 0.5 : (below + (equal - 1) / 2) / (peers.length - 1);
              expect(got[i]).to.be.closeTo(want, 1e-15);
            });
          },
        ),
      );
    });
  });

  describe('crossSectionalZScore', function () {
    it('crossSectionalZScore([1, 2, 3]) is [−1, 0, 1] (sample std 1, by hand)', function () {
      expect(
        Array.from(crossSectionalZScore(Float64Array.of(1, 2, 3), dateGroups(new Float64Array(3)))),
      ).to.deep.equal([-1, 0, 1]);
    });
    it('crossSectionalZScore is NaN on a date with one value or zero spread, and for NaN inputs', function () {
      const values = Float64Array.of(5, 4, 4, NaN, 1, 3);
      const d = Float64Array.of(1, 2, 2, 2, 3, 3);
      const got = crossSectionalZScore(values, dateGroups(d));
      expect(Array.from(got.subarray(0, 4))).to.deep.equal([NaN, NaN, NaN, NaN]);
      expect(got[4]).to.be.closeTo(-Math.SQRT1_2, 1e-15);
      expect(got[5]).to.be.closeTo(Math.SQRT1_2, 1e-15);
    });
  });

  describe('crossSectionalWinsorize', function () {
    it('crossSectionalWinsorize(0..10, 0.1, 0.9) clips to [1, 9] (numpy.quantile type 7 by hand) and keeps NaN', function () {
      const values = Float64Array.from([...Array(11).keys(), NaN]);
      const got = crossSectionalWinsorize(values, dateGroups(new Float64Array(12)), 0.1, 0.9);
      expect(Array.from(got)).to.deep.equal([1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, NaN]);
    });
    it('crossSectionalWinsorize does not mutate its input', function () {
      const values = Float64Array.of(1, 100, 3);
      crossSectionalWinsorize(values, dateGroups(new Float64Array(3)), 0.2, 0.8);
      expect(Array.from(values)).to.deep.equal([1, 100, 3]);
    });
    for (const [lower, upper] of [
      [0.9, 0.1],
      [0.5, 0.5],
      [-0.1, 0.9],
      [0.1, 1.5],
      [NaN, 0.9],
    ])
      it(`crossSectionalWinsorize(values, groups, ${lower}, ${upper}) throws a RangeError echoing both quantiles`, function () {
        const fn = () =>
          crossSectionalWinsorize(Float64Array.of(1), dateGroups(new Float64Array(1)), lower, upper);
        expect(fn).to.throw(ParameterError, `got lower ${lower}, upper ${upper}`);
        expect(fn).to.throw(RangeError);
      });
  });

  describe('sectorRelativeStrength on a hand-built synthetic example', function () {
    // Two dates. Tech = A, B; Energy = C; D has no sector. Market return 0.01 then 0.02.
    const sector = ['Tech', 'Tech', 'Energy', null, 'Tech', 'Tech', 'Energy', null];
    const d = Float64Array.of(1, 1, 1, 1, 2, 2, 2, 2);
    const own = Float64Array.of(0.1, 0.3, -0.05, 0.5, 0.2, NaN, NaN, 0.4);
    const market = Float64Array.of(0.01, 0.01, 0.01, 0.01, 0.02, 0.02, 0.02, 0.02);

    it('sectorRelativeStrength(own, sector, market, groups) is the sector mean minus the market; NaN without a sector or a sector value', function () {
      const got = sectorRelativeStrength(own, sector, market, dateGroups(d));
      // date 1: Tech mean 0.2 − 0.01; Energy −0.05 − 0.01; D none.
      // date 2: Tech mean over A only (B is NaN) 0.2 − 0.02, also on B's row; Energy has no value → NaN.
      const want = [0.19, 0.19, -0.06, NaN, 0.18, 0.18, NaN, NaN];
      want.forEach((w, i) => {
        if (Number.isNaN(w)) expect(got[i], `row ${i}`).to.be.NaN;
        else expect(got[i], `row ${i}`).to.be.closeTo(w, 1e-15);
      });
    });

    it('sectorRelativeStrength does not mix dates: changing date 2 leaves date 1 unchanged', function () {
      const a = sectorRelativeStrength(own, sector, market, dateGroups(d));
      const own2 = own.slice();
      own2[4] = 9;
      const b = sectorRelativeStrength(own2, sector, market, dateGroups(d));
      expect(Array.from(b.subarray(0, 4))).to.deep.equal(Array.from(a.subarray(0, 4)));
      expect(b[4]).to.not.equal(a[4]);
    });
  });
});
