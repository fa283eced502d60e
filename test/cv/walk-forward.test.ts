/**
 * walkForwardSplit: test blocks at the end of the dates, trained on earlier dates minus an embargo.
 *
 * Sources: hand arithmetic from the construction in the TSDoc (s_k = N − T − (nSplits − 1 − k)·S,
 * train [0, s_k − E) or [s_k − E − W, s_k − E)); fast-check random panels for the Split contract and
 * "every training date < every test date − embargo".
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { checkLeakage } from '../../src/cv/leakage.js';
import { walkForwardSplit, type WalkForwardOptions } from '../../src/cv/walk-forward.js';
import type { Split } from '../../src/types.js';
import { ParameterError } from '../../src/util/errors.js';
import { DAY, days, daysOf, randomPanel, range, rowsOnDays, splitContractViolation } from './arbitraries.js';

const asLists = (splits: Split[]) => splits.map((s) => [Array.from(s.train), Array.from(s.test)]);

describe('cv/walk-forward walkForwardSplit', function () {
  it('walkForwardSplit({ nSplits: 2, testDays: 2, embargoDays: 1 }) on 10 dates is the doc example', function () {
    const splitter = walkForwardSplit({ nSplits: 2, testDays: 2, embargoDays: 1 });
    expect(splitter.nSplits).to.equal(2);
    expect(asLists(splitter.split({ date: days(10) }))).to.deep.equal([
      [
        [0, 1, 2, 3, 4],
        [6, 7],
      ],
      [
        [0, 1, 2, 3, 4, 5, 6],
        [8, 9],
      ],
    ]);
  });

  it('seed 004 (5 splits, test 20 %, 2-day embargo) on 100 dates: T = 4, tests days 80–99, split k trains on [0, 78 + 4k)', function () {
    const splits = walkForwardSplit({ nSplits: 5, testFraction: 0.2, embargoDays: 2 }).split({
      date: days(100),
    });
    expect(asLists(splits)).to.deep.equal(
      range(0, 5).map((k) => [range(0, 78 + 4 * k), range(80 + 4 * k, 84 + 4 * k)]),
    );
    // testFraction 0.2 is the default
    expect(asLists(walkForwardSplit({ embargoDays: 2 }).split({ date: days(100) }))).to.deep.equal(
      asLists(splits),
    );
  });

  it("walkForwardSplit window 'rolling': trainDays default = the first split's 78 dates; trainDays 20 keeps the last 20", function () {
    const date = days(100);
    const rolling = walkForwardSplit({ window: 'rolling', embargoDays: 2 }).split({ date });
    expect(asLists(rolling)).to.deep.equal(
      range(0, 5).map((k) => [range(4 * k, 78 + 4 * k), range(80 + 4 * k, 84 + 4 * k)]),
    );
    const short = walkForwardSplit({ window: 'rolling', trainDays: 20, embargoDays: 2 }).split({ date });
    expect(asLists(short)).to.deep.equal(
      range(0, 5).map((k) => [range(58 + 4 * k, 78 + 4 * k), range(80 + 4 * k, 84 + 4 * k)]),
    );
  });

  it('walkForwardSplit step 2 < testDays 4: test blocks overlap across splits and end at the last date', function () {
    const splits = walkForwardSplit({ nSplits: 5, testDays: 4, step: 2, embargoDays: 0 }).split({
      date: days(100),
    });
    expect(splits.map((s) => [s.test[0], s.test[s.test.length - 1], s.train.length])).to.deep.equal([
      [88, 91, 88],
      [90, 93, 90],
      [92, 95, 92],
      [94, 97, 94],
      [96, 99, 96],
    ]);
  });

  it('walkForwardSplit over 1,259 dates (the real panel’s count) with the seed-004 settings: T = floor(1259·0.2/5) = 50, tests the last 250', function () {
    const splits = walkForwardSplit({ embargoDays: 2 }).split({ date: days(1259) });
    expect(splits.map((s) => [s.train.length, s.test[0], s.test.length])).to.deep.equal(
      range(0, 5).map((k) => [1007 + 50 * k, 1009 + 50 * k, 50]),
    );
  });

  it('walkForwardSplit echoes bad options', function () {
    const bad = (o: Partial<WalkForwardOptions>) => () => walkForwardSplit({ embargoDays: 2, ...o });
    expect(() => walkForwardSplit({} as WalkForwardOptions)).to.throw(
      ParameterError,
      'embargoDays is required',
    );
    expect(bad({ nSplits: 0 })).to.throw(ParameterError, 'nSplits must be an integer ≥ 1, got 0');
    expect(bad({ embargoDays: -2 })).to.throw(ParameterError, 'embargoDays must be an integer ≥ 0, got -2');
    expect(bad({ window: 'sliding' as 'rolling' })).to.throw(ParameterError, `got "sliding"`);
    expect(bad({ trainDays: 50 })).to.throw(ParameterError, "trainDays=50 applies to window 'rolling' only");
    expect(bad({ testDays: 5, testFraction: 0.2 })).to.throw(
      ParameterError,
      'not both (got testDays=5, testFraction=0.2)',
    );
    expect(bad({ testFraction: 1.5 })).to.throw(ParameterError, 'testFraction must be in (0, 1), got 1.5');
    expect(bad({ step: 0 })).to.throw(ParameterError, 'step must be an integer ≥ 1, got 0');
  });

  it('walkForwardSplit.split refuses data too short for the blocks, echoing the counts', function () {
    expect(() =>
      walkForwardSplit({ nSplits: 5, testDays: 2, embargoDays: 1 }).split({ date: days(10) }),
    ).to.throw(
      ParameterError,
      'nSplits=5 test blocks of 2 dates every 2 dates with embargoDays=1 need more than 11 dates, got 10',
    );
    expect(() => walkForwardSplit({ embargoDays: 0 }).split({ date: days(10) })).to.throw(
      ParameterError,
      'testFraction=0.2 of 10 dates in nSplits=5 blocks leaves less than one test date',
    );
    expect(() =>
      walkForwardSplit({ window: 'rolling', trainDays: 79, embargoDays: 2 }).split({ date: days(100) }),
    ).to.throw(
      ParameterError,
      'trainDays=79 but the first split has only 78 dates before its embargo (of 100 dates)',
    );
  });

  it('walkForwardSplit refuses embargoDays < the label horizon unless allowOverlap; with embargo = horizon no leak', function () {
    const date = days(60);
    const t1 = Float64Array.from(date, (d, i) => (i + 3 < 60 ? d + 3 * DAY : NaN));
    const run = (o: Partial<WalkForwardOptions>) => () =>
      walkForwardSplit({ nSplits: 3, testDays: 5, embargoDays: 2, ...o }).split({ date, t1 });
    expect(run({})).to.throw(
      ParameterError,
      'walkForwardSplit: embargoDays=2 dates is shorter than the label horizon of 3 dates',
    );
    expect(run({})).to.throw(ParameterError, 'allowOverlap');
    expect(checkLeakage(run({ allowOverlap: true })(), { date, t1 }).perSplit).to.deep.equal([1, 1, 1]);
    expect(checkLeakage(run({ embargoDays: 3 })(), { date, t1 }).ok).to.equal(true);
  });

  it('walkForwardSplit on random panels: Split contract, all rows of a date on one side, every train date < every test date − embargo (fast-check)', function () {
    fc.assert(
      fc.property(
        randomPanel({ minDates: 10, maxDates: 40 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom<'expanding' | 'rolling'>('expanding', 'rolling'),
        fc.integer({ min: 1, max: 4 }),
        ({ calendar, pos, data }, nSplits, embargoDays, window, testDays) => {
          let splits: Split[];
          try {
            splits = walkForwardSplit({ nSplits, embargoDays, window, testDays, allowOverlap: true }).split(
              data,
            );
          } catch (e) {
            expect(e).to.be.instanceOf(ParameterError);
            expect(calendar.length - nSplits * testDays - embargoDays).to.be.below(1);
            return;
          }
          expect(splits.length).to.equal(nSplits);
          const N = calendar.length;
          let trainLength = -1;
          splits.forEach((s, k) => {
            expect(splitContractViolation(s, pos.length)).to.equal(null);
            const trainDays = daysOf(s.train, pos);
            const testDaysOf = daysOf(s.test, pos);
            expect(testDaysOf).to.deep.equal(
              range(N - (nSplits - k) * testDays, N - (nSplits - k - 1) * testDays),
            );
            expect(trainDays[trainDays.length - 1]).to.be.below(testDaysOf[0] - embargoDays);
            expect(trainDays).to.deep.equal(range(trainDays[0], trainDays[0] + trainDays.length)); // contiguous
            expect(Array.from(s.train)).to.deep.equal(rowsOnDays(pos, trainDays));
            expect(Array.from(s.test)).to.deep.equal(rowsOnDays(pos, testDaysOf));
            if (window === 'expanding') expect(trainDays[0]).to.equal(0);
            else {
              if (trainLength < 0) trainLength = trainDays.length;
              expect(trainDays.length).to.equal(trainLength);
            }
          });
        },
      ),
    );
  });
});
