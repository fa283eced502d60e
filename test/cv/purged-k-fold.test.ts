/**
 * purgedKFold: AFML ch. 7 purged k-fold with an embargo, over dates.
 *
 * Sources: two examples worked by hand from the book's definitions (snippet 7.1 getTrainTimes: a
 * training row is dropped when its [t_j0, t_j1] meets the test span [t0, t1] — starts within, ends
 * within, or envelops it; snippet 7.2 getEmbargoTimes: the span's end moves `step` bars later), the
 * derivations in the comments; fast-check random panels for the Split contract, checkLeakage(...).ok
 * and minimality of the purge.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { checkLeakage } from '../../src/cv/leakage.js';
import { purgedKFold } from '../../src/cv/purged-k-fold.js';
import type { Split } from '../../src/types.js';
import { ParameterError, SchemaError } from '../../src/util/errors.js';
import { BASE, DAY, daysOf, randomPanel, range, rowsOnDays, splitContractViolation } from './arbitraries.js';

const asLists = (splits: Split[]) => splits.map((s) => [Array.from(s.train), Array.from(s.test)]);
const at = (p: number) => BASE + p * DAY;

// Example 1 — one series, 10 dates (day p = row p), label ends of varying length like a triple barrier:
//   row:  0  1  2  3  4  5  6  7  8  9
//   t1:   2  1  5  4  4  7  6  9  8  NaN      (as day numbers; row 9's label is unknown)
// Horizon in dates = max(t1 − date) = 3 (row 2). K = 3 → folds of days {0..3}, {4..6}, {7..9}
// (numpy.array_split: the first 10 mod 3 = 1 fold gets one date more).
const date1 = Float64Array.from(range(0, 10), at);
const t1Days = [2, 1, 5, 4, 4, 7, 6, 9, 8, NaN];
const t11 = Float64Array.from(t1Days, (d) => (Number.isNaN(d) ? NaN : at(d)));

describe('cv/purged-k-fold purgedKFold', function () {
  it('purgedKFold({ nSplits: 3, embargoDays: 1 }) on 6 days with t1 = next day: split 1 is { train: [0], test: [2, 3] } (doc example)', function () {
    const date = Float64Array.from(range(0, 6), at);
    const t1 = Float64Array.from(range(1, 7), (p) => (p < 6 ? at(p) : NaN));
    const splits = purgedKFold({ nSplits: 3, embargoDays: 1 }).split({ date, t1 });
    expect(asLists(splits)[1]).to.deep.equal([[0], [2, 3]]);
  });

  it('purgedKFold({ nSplits: 3, embargoDays: 1 }) on example 1 equals the hand-worked AFML sets', function () {
    // Fold 0: test rows 0–3; span [t0 = 0, t1max = max(2, 1, 5, 4) = 5]; embargo 1 → [0, 6].
    //   rows 4 [4,4], 5 [5,7], 6 [6,6] start within [0, 6] → purged; 7 [7,9] and 8 [8,8] train; 9 (NaN t1) never.
    // Fold 1: test rows 4–6; span [4, max(4, 7, 6) = 7]; embargo 1 → [4, 8].
    //   row 0 [0,2], 1 [1,1] end before 4 → train; 2 [2,5] ends within → purged; 3 [3,4] ends on t0 = 4 →
    //   purged (closed intervals of 7.1; snippet 7.3's `t1 <= t0` would keep it — and put test row 4,
    //   whose t1 = t0, into its training set too); 7 [7,9] starts within → purged; 8 [8,8] starts on the
    //   embargoed end → purged by the embargo.
    // Fold 2: test rows 7–9; span [7, max(9, 8, date 9 for NaN) = 9]; embargo past the last date → [7, ∞).
    //   rows 0–4 and 6 end before 7 → train; 5 [5,7] ends on 7 → purged.
    const splits = purgedKFold({ nSplits: 3, embargoDays: 1, allowOverlap: true }).split({
      date: date1,
      t1: t11,
    });
    expect(asLists(splits)).to.deep.equal([
      [
        [7, 8],
        [0, 1, 2, 3],
      ],
      [
        [0, 1],
        [4, 5, 6],
      ],
      [
        [0, 1, 2, 3, 4, 6],
        [7, 8, 9],
      ],
    ]);
    // embargo: 0.1 of 10 dates = 1 date, the same splits.
    const byFraction = purgedKFold({ nSplits: 3, embargo: 0.1, allowOverlap: true }).split({
      date: date1,
      t1: t11,
    });
    expect(asLists(byFraction)).to.deep.equal(asLists(splits));
  });

  it('purgedKFold({ nSplits: 3 }) without embargo on example 1: only the purge (rows 6 and 8 come back)', function () {
    // Fold 0: span [0, 5]: rows 4, 5 purged, 6 [6,6] starts after 5 → train. Fold 1: span [4, 7]: row 8
    // [8,8] starts after 7 → train. Fold 2 as before.
    const splits = purgedKFold({ nSplits: 3, allowOverlap: true }).split({ date: date1, t1: t11 });
    expect(asLists(splits).map(([train]) => train)).to.deep.equal([
      [6, 7, 8],
      [0, 1, 8],
      [0, 1, 2, 3, 4, 6],
    ]);
  });

  it('purgedKFold on a 2-symbol panel (rows by symbol then date) equals the hand-worked sets', function () {
    // Symbols A (rows 0–8) and B (rows 9–17) on days 0–8; A's t1 = date + 1 date, B's = date + 2 dates
    // (NaN where past day 8: A8, B7, B8). Horizon 2; K = 3 → folds {0,1,2}, {3,4,5}, {6,7,8}; embargoDays 2.
    // Fold 0: span [0, t1max = B2's 4] + 2 dates → [0, 6]: A3–A6, B3–B6 purged; A7 [7,8] trains; A8, B7, B8 NaN.
    // Fold 1: span [3, B5's 7] + 2 → past day 8 → [3, ∞): A0 [0,1], A1 [1,2], B0 [0,2] train; A2 [2,3],
    //   B1 [1,3], B2 [2,4] reach t0 = 3 → purged; everything after is embargoed.
    // Fold 2: span [6, 8] → [6, ∞): A0–A4 (A4 = [4,5]) and B0–B3 (B3 = [3,5]) train; A5 [5,6], B4 [4,6], B5 [5,7] purged.
    const date = Float64Array.from([...range(0, 9), ...range(0, 9)], at);
    const t1 = Float64Array.from([...range(0, 9).map((p) => p + 1), ...range(0, 9).map((p) => p + 2)], (p) =>
      p > 8 ? NaN : at(p),
    );
    const splits = purgedKFold({ nSplits: 3, embargoDays: 2 }).split({ date, t1 });
    expect(asLists(splits)).to.deep.equal([
      [[7], [0, 1, 2, 9, 10, 11]],
      [
        [0, 1, 9],
        [3, 4, 5, 12, 13, 14],
      ],
      [
        [0, 1, 2, 3, 4, 9, 10, 11, 12],
        [6, 7, 8, 15, 16, 17],
      ],
    ]);
    expect(checkLeakage(splits, { date, t1 }, { embargoDays: 2 }).ok).to.equal(true);
  });

  it('purgedKFold refuses an embargo shorter than the horizon, echoing both, and names allowOverlap', function () {
    expect(() => purgedKFold({ nSplits: 3, embargoDays: 1 }).split({ date: date1, t1: t11 })).to.throw(
      ParameterError,
      'purgedKFold: embargoDays=1 dates is shorter than the label horizon of 3 dates (from the data: the most dates between a date and its t1)',
    );
    expect(() => purgedKFold({ nSplits: 3, embargo: 0.1 }).split({ date: date1, t1: t11 })).to.throw(
      ParameterError,
      'purgedKFold: embargo=0.1 (= 1 of 10 dates) is shorter than the label horizon of 3 dates (from the data: the most dates between a date and its t1), so training labels could overlap the test dates; use embargoDays ≥ 3',
    );
    expect(() => purgedKFold({ nSplits: 3 }).split({ date: date1, t1: t11 })).to.throw(
      ParameterError,
      'allowOverlap: true',
    );
  });

  it('purgedKFold names a split left without training rows (example 1 with a 3-date embargo)', function () {
    // Fold 0: span [0, 5] + 3 dates → [0, 8]: rows 4–8 purged, row 9 has no t1.
    expect(() => purgedKFold({ nSplits: 3, embargoDays: 3 }).split({ date: date1, t1: t11 })).to.throw(
      ParameterError,
      'purgedKFold: split 0 (test dates 2018-01-01..2018-01-04) has no training rows left after purging and an embargo of 3 dates',
    );
  });

  it('purgedKFold echoes bad options and needs t1', function () {
    expect(() => purgedKFold({ nSplits: 1 })).to.throw(
      ParameterError,
      'nSplits must be an integer ≥ 2, got 1',
    );
    expect(() => purgedKFold({ embargo: 1 })).to.throw(
      ParameterError,
      'embargo must be a fraction of the dates in [0, 1), got 1',
    );
    expect(() => purgedKFold({ embargo: 0.01, embargoDays: 2 })).to.throw(
      ParameterError,
      'not both (got embargo=0.01, embargoDays=2)',
    );
    expect(() => purgedKFold({ embargoDays: 1.5 })).to.throw(
      ParameterError,
      'embargoDays must be an integer ≥ 0, got 1.5',
    );
    expect(() => purgedKFold().split({ date: date1 })).to.throw(
      SchemaError,
      'purgedKFold: the data have no t1',
    );
    expect(() => purgedKFold({ nSplits: 11 }).split({ date: date1, t1: t11 })).to.throw(
      ParameterError,
      'Cannot have number of splits n_splits=11 greater than the number of samples: n_samples=10',
    );
    const early = t11.slice();
    early[3] = at(2);
    expect(() => purgedKFold().split({ date: date1, t1: early })).to.throw(
      SchemaError,
      't1 of row 3 (2018-01-03) is before its date (2018-01-04)',
    );
  });

  it('purgedKFold on random panels with random t1: Split contract, test = every row of its dates, checkLeakage ok, purge minimal (fast-check)', function () {
    fc.assert(
      fc.property(
        randomPanel({ minDates: 6, maxDates: 40, maxH: 6 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 0, max: 3 }),
        ({ calendar, pos, data }, nSplits, embargoDays) => {
          let splits: Split[];
          try {
            splits = purgedKFold({ nSplits, embargoDays, allowOverlap: true }).split(data);
          } catch (e) {
            expect(e).to.be.instanceOf(ParameterError);
            expect(String(e)).to.match(/no training rows left|greater than the number of samples/);
            return;
          }
          const N = calendar.length;
          expect(checkLeakage(splits, data, { embargoDays }).ok, 'checkLeakage').to.equal(true);
          let from = 0;
          splits.forEach((s, k) => {
            expect(splitContractViolation(s, pos.length)).to.equal(null);
            const size = Math.floor(N / nSplits) + (k < N % nSplits ? 1 : 0);
            expect(daysOf(s.test, pos)).to.deep.equal(range(from, from + size));
            expect(Array.from(s.test)).to.deep.equal(rowsOnDays(pos, range(from, from + size)));
            from += size;
            // Minimal: a row outside train and test has no t1, or meets a test row's interval, or is
            // dated within embargoDays dates after the last date ≤ the test rows' latest t1.
            const inSplit = new Set([...s.train, ...s.test]);
            let t1max = -Infinity;
            for (const r of s.test)
              t1max = Math.max(t1max, Number.isNaN(data.t1[r]) ? data.date[r] : data.t1[r]);
            const last = calendar.indexOf(t1max);
            pos.forEach((p, r) => {
              if (inSplit.has(r) || Number.isNaN(data.t1[r])) return;
              const meets = !checkLeakage([{ train: Int32Array.of(r), test: s.test }], data).ok;
              expect(
                meets || (p > last && p <= last + embargoDays),
                `row ${r} purged without reason`,
              ).to.equal(true);
            });
          });
        },
      ),
    );
  });
});
