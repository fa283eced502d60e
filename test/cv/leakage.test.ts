/**
 * checkLeakage: label-interval overlaps and embargo breaches between train and test rows.
 *
 * Sources: hand-built splits with the expected leaks worked out in the comments; a brute-force
 * O(nTrain · nTest) pairwise check on fast-check random panels and random splits.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { checkLeakage } from '../../src/cv/leakage.js';
import { timeSeriesSplit } from '../../src/cv/time-series-split.js';
import type { Split } from '../../src/types.js';
import { ParameterError } from '../../src/util/errors.js';
import { BASE, DAY, days, randomPanel } from './arbitraries.js';

const at = (p: number) => BASE + p * DAY;
const split = (train: number[], test: number[]): Split => ({
  train: Int32Array.from(train),
  test: Int32Array.from(test),
});

describe('cv/leakage checkLeakage', function () {
  it('checkLeakage: train [0, 1], test [2, 3], t1 = next date → 1 overlap, row 1 [d1, d2] meets row 2 [d2, d3] (doc example)', function () {
    const date = days(4);
    const t1 = Float64Array.of(at(1), at(2), at(3), NaN);
    const report = checkLeakage([split([0, 1], [2, 3])], { date, t1 });
    expect(report).to.deep.equal({
      ok: false,
      count: 1,
      perSplit: [1],
      leaks: [
        {
          split: 0,
          kind: 'overlap',
          trainRow: 1,
          testRow: 2,
          trainInterval: [at(1), at(2)],
          testInterval: [at(2), at(3)],
        },
      ],
    });
    expect(checkLeakage([split([0], [2, 3])], { date, t1 }).ok).to.equal(true);
  });

  it('checkLeakage names the test row whose t1 reaches furthest, and a NaN t1 is the instant [date, date]', function () {
    // train row 0 = [d0, d5]; test rows 1 [d1, d1], 2 [d2, d4], 3 [d3, NaN → d3]: all meet row 0; row 2 reaches furthest.
    const date = Float64Array.of(at(0), at(1), at(2), at(3));
    const t1 = Float64Array.of(at(5), at(1), at(4), NaN);
    const report = checkLeakage([split([0], [1, 2, 3])], { date, t1 });
    expect(report.count).to.equal(1);
    expect(report.leaks[0]).to.include({ trainRow: 0, testRow: 2 });
    expect(report.leaks[0].testInterval).to.deep.equal([at(2), at(4)]);
    expect(checkLeakage([split([3], [0])], { date, t1 }).leaks[0].trainInterval).to.deep.equal([
      at(3),
      at(3),
    ]);
  });

  it('checkLeakage without t1 flags only dates with rows on both sides', function () {
    const date = Float64Array.of(at(0), at(1), at(1), at(2)); // rows 1 and 2 share a date
    expect(checkLeakage([split([0, 1], [3])], { date }).ok).to.equal(true);
    const report = checkLeakage([split([0, 1], [2, 3])], { date });
    expect(report.count).to.equal(1);
    expect(report.leaks[0]).to.include({ trainRow: 1, testRow: 2 });
  });

  it('checkLeakage(..., { embargoDays: 2 }) flags train rows 1–2 dates after a test date (rows 5, 6), not 3 after (row 7)', function () {
    const date = days(10);
    const splits = [split([0, 1, 5, 6, 7, 8, 9], [3, 4])];
    expect(checkLeakage(splits, { date, t1: date }).ok).to.equal(true);
    const report = checkLeakage(splits, { date, t1: date }, { embargoDays: 2 });
    expect(report.count).to.equal(2);
    expect(report.leaks.map((l) => [l.kind, l.trainRow, l.testRow])).to.deep.equal([
      ['embargo', 5, 4],
      ['embargo', 6, 4],
    ]);
  });

  it('checkLeakage of timeSeriesSplit(gap 0) on 2-date labels: the last 2 training rows of each split overlap', function () {
    const date = days(10);
    const t1 = Float64Array.from(date, (d, i) => (i + 2 < 10 ? d + 2 * DAY : NaN));
    const splits = timeSeriesSplit({ nSplits: 2, testSize: 3, allowOverlap: true }).split({ date, t1 });
    // split 0: train days 0–3, test 4–6: rows 2 [2,4] and 3 [3,5] meet; split 1: train 0–6, test 7–9: rows 5, 6.
    const report = checkLeakage(splits, { date, t1 });
    expect(report.perSplit).to.deep.equal([2, 2]);
    expect(report.leaks.map((l) => [l.split, l.trainRow])).to.deep.equal([
      [0, 2],
      [0, 3],
      [1, 5],
      [1, 6],
    ]);
    expect(checkLeakage(splits, { date, t1 }, { maxLeaks: 1 })).to.include({ count: 4 });
    expect(checkLeakage(splits, { date, t1 }, { maxLeaks: 1 }).leaks).to.have.length(1);
    expect(
      checkLeakage(timeSeriesSplit({ nSplits: 2, testSize: 3, gap: 2 }).split({ date, t1 }), { date, t1 }).ok,
    ).to.equal(true);
  });

  it('checkLeakage echoes a row index out of range and bad options', function () {
    const date = days(3);
    expect(() => checkLeakage([split([0], [1]), split([0], [3])], { date })).to.throw(
      ParameterError,
      'checkLeakage: split 1 has test row 3, outside 0..2',
    );
    expect(() => checkLeakage([], { date }, { embargoDays: -1 })).to.throw(
      ParameterError,
      'embargoDays must be an integer ≥ 0, got -1',
    );
    expect(checkLeakage([], { date })).to.deep.equal({ ok: true, count: 0, perSplit: [], leaks: [] });
  });

  it('checkLeakage equals a brute-force pairwise check on random panels and random splits (fast-check)', function () {
    fc.assert(
      fc.property(
        randomPanel({ maxDates: 25, maxH: 4 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 200, maxLength: 200 }),
        fc.integer({ min: 0, max: 3 }),
        ({ pos, data }, roleOf, embargoDays) => {
          const n = pos.length;
          const roles = Array.from({ length: n }, (_, r) => roleOf[r % roleOf.length]);
          const s = split(
            roles.flatMap((x, r) => (x === 1 ? [r] : [])),
            roles.flatMap((x, r) => (x === 2 ? [r] : [])),
          );
          const end = (r: number) => (Number.isNaN(data.t1[r]) ? data.date[r] : data.t1[r]);
          const leaking: number[] = [];
          for (const r of s.train) {
            const overlap = Array.from(s.test).some((i) => data.date[r] <= end(i) && data.date[i] <= end(r));
            const embargo = Array.from(s.test).some((i) => pos[r] > pos[i] && pos[r] - pos[i] <= embargoDays);
            if (overlap || embargo) leaking.push(r);
          }
          const report = checkLeakage([s], data, { embargoDays, maxLeaks: n });
          expect(report.count).to.equal(leaking.length);
          expect(report.leaks.map((l) => l.trainRow)).to.deep.equal(leaking);
          for (const l of report.leaks) {
            const [a, b] = l.trainInterval;
            const [c, d] = l.testInterval;
            if (l.kind === 'overlap') expect(a <= d && c <= b).to.equal(true);
            else expect(pos[l.trainRow] - pos[l.testRow]).to.be.within(1, embargoDays);
          }
        },
      ),
    );
  });
});
