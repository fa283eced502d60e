/**
 * timeSeriesSplit: scikit-learn's TimeSeriesSplit over dates.
 *
 * Sources: test/fixtures/sklearn-cv/time-series-split.json — scikit-learn 1.2.1 TimeSeriesSplit indices
 * and ValueError messages for 14 parameter sets (written by test/fixtures/sklearn-cv/generate.py);
 * the same splits mapped to the rows of a synthetic multi-symbol panel; fast-check random panels for
 * the Split contract and the horizon rule.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import { checkLeakage } from '../../src/cv/leakage.js';
import { timeSeriesSplit, type TimeSeriesSplitOptions } from '../../src/cv/time-series-split.js';
import { ParameterError } from '../../src/util/errors.js';
import { BASE, DAY, days, daysOf, randomPanel, rowsOnDays, splitContractViolation } from './arbitraries.js';

interface Case {
  n: number;
  params: { n_splits?: number; test_size?: number; gap?: number; max_train_size?: number };
  splits?: [number[], number[]][];
  error?: string;
}
const fx = JSON.parse(
  readFileSync(new URL('../fixtures/sklearn-cv/time-series-split.json', import.meta.url), 'utf8'),
) as { source: string; cases: Case[] };

const options = (p: Case['params']): TimeSeriesSplitOptions => ({
  nSplits: p.n_splits,
  testSize: p.test_size,
  gap: p.gap,
  maxTrainSize: p.max_train_size,
});
const label = (c: Case) => `n=${c.n} ${JSON.stringify(c.params)}`;

describe('cv/time-series-split timeSeriesSplit', function () {
  it('the fixture is scikit-learn 1.2 with 10 split cases and 4 error cases', function () {
    expect(fx.source).to.match(/^scikit-learn 1\.2\.\d+ /);
    expect(fx.cases.filter((c) => c.splits).length).to.equal(10);
    expect(fx.cases.filter((c) => c.error).length).to.equal(4);
  });

  for (const c of fx.cases.filter((x) => x.splits))
    it(`timeSeriesSplit(${label(c)}) on one series equals sklearn's indices`, function () {
      const splitter = timeSeriesSplit(options(c.params));
      const got = splitter.split({ date: days(c.n) });
      expect(splitter.nSplits).to.equal(c.params.n_splits ?? 5);
      expect(got.length).to.equal(c.splits!.length);
      got.forEach((s, k) => {
        expect(s.train, `split ${k} train`).to.be.instanceOf(Int32Array);
        expect(Array.from(s.train), `split ${k} train`).to.deep.equal(c.splits![k][0]);
        expect(Array.from(s.test), `split ${k} test`).to.deep.equal(c.splits![k][1]);
      });
    });

  for (const c of fx.cases.filter((x) => x.error))
    it(`timeSeriesSplit(${label(c)}) throws a ParameterError with sklearn's message`, function () {
      const run = () => timeSeriesSplit(options(c.params)).split({ date: days(c.n) });
      expect(run).to.throw(ParameterError);
      expect(run).to.throw(RangeError, c.error!.replace(/\.$/, ''));
    });

  it("timeSeriesSplit on a panel (3 symbols, rows by symbol then date, one missing) maps sklearn's date indices to rows", function () {
    // 12 dates; symbols A (all), B (all but day 5), C (days 4..11): 31 rows, sorted by symbol then date.
    const pos: number[] = [];
    for (let p = 0; p < 12; p++) pos.push(p);
    for (let p = 0; p < 12; p++) if (p !== 5) pos.push(p);
    for (let p = 4; p < 12; p++) pos.push(p);
    const date = Float64Array.from(pos, (p) => BASE + p * DAY);
    const c = fx.cases.find((x) => x.n === 12 && x.params.gap === 2)!;
    const got = timeSeriesSplit(options(c.params)).split({ date });
    const P = Int32Array.from(pos);
    got.forEach((s, k) => {
      expect(Array.from(s.train), `split ${k} train`).to.deep.equal(rowsOnDays(P, c.splits![k][0]));
      expect(Array.from(s.test), `split ${k} test`).to.deep.equal(rowsOnDays(P, c.splits![k][1]));
    });
    // split 0 of sklearn: train days 0..3, test days 6, 7 → rows of A, B and C on those days
    expect(Array.from(got[0].test)).to.deep.equal([6, 7, 17, 18, 25, 26]);
  });

  it('timeSeriesSplit echoes bad options: nSplits 2.5, testSize 0, gap −1, maxTrainSize 0, horizon 1.5', function () {
    expect(() => timeSeriesSplit({ nSplits: 2.5 })).to.throw(
      ParameterError,
      /Integral type\. 2\.5 of type number/,
    );
    expect(() => timeSeriesSplit({ testSize: 0 })).to.throw(
      ParameterError,
      'testSize must be an integer ≥ 1, got 0',
    );
    expect(() => timeSeriesSplit({ gap: -1 })).to.throw(ParameterError, 'gap must be an integer ≥ 0, got -1');
    expect(() => timeSeriesSplit({ maxTrainSize: 0 })).to.throw(
      ParameterError,
      'maxTrainSize must be an integer ≥ 1, got 0',
    );
    expect(() => timeSeriesSplit({ horizon: 1.5 })).to.throw(
      ParameterError,
      'horizon must be an integer ≥ 0, got 1.5',
    );
  });

  it('timeSeriesSplit refuses gap < label horizon (derived from t1), echoing both and naming allowOverlap', function () {
    const date = days(12);
    const t1 = Float64Array.from(date, (d, i) => (i + 3 < 12 ? d + 3 * DAY : NaN)); // 3-date labels
    const run = (o: TimeSeriesSplitOptions) => () =>
      timeSeriesSplit({ nSplits: 3, testSize: 2, ...o }).split({ date, t1 });
    expect(run({ gap: 2 })).to.throw(
      ParameterError,
      'timeSeriesSplit: gap=2 dates is shorter than the label horizon of 3 dates (from the data: the most dates between a date and its t1)',
    );
    expect(run({ gap: 2 })).to.throw(/allowOverlap: true/);
    expect(run({ gap: 3 })).to.not.throw();
    expect(run({ gap: 2, allowOverlap: true })).to.not.throw();
    expect(run({ gap: 3, horizon: 4 })).to.throw(
      ParameterError,
      'label horizon of 4 dates (from the horizon option)',
    );
    expect(run({ gap: 2, horizon: 2 })).to.not.throw();
  });

  it('timeSeriesSplit on a single series with gap ≥ horizon never leaks; gap = horizon − 1 with allowOverlap leaks (checkLeakage)', function () {
    const date = days(30);
    const t1 = Float64Array.from(date, (d, i) => (i + 5 < 30 ? d + 5 * DAY : NaN));
    const ok = timeSeriesSplit({ nSplits: 4, gap: 5 }).split({ date, t1 });
    expect(checkLeakage(ok, { date, t1 }).ok).to.equal(true);
    const bad = timeSeriesSplit({ nSplits: 4, gap: 4, allowOverlap: true }).split({ date, t1 });
    const report = checkLeakage(bad, { date, t1 });
    expect(report.perSplit).to.deep.equal([1, 1, 1, 1]); // the last training row of each split
  });

  it('timeSeriesSplit on random panels: Split contract, dates on one side, every row of a split date taken, = the calendar split (fast-check)', function () {
    fc.assert(
      fc.property(
        randomPanel({ minDates: 8, maxDates: 40 }),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 0, max: 2 }),
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        ({ calendar, pos, data }, nSplits, gap, maxTrainSize) => {
          const opts = { nSplits, gap, maxTrainSize, allowOverlap: true };
          let splits;
          try {
            splits = timeSeriesSplit(opts).split(data);
          } catch (e) {
            expect(e).to.be.instanceOf(ParameterError);
            expect(String(e)).to.match(/Too many splits|Cannot have number of folds/);
            return;
          }
          const single = timeSeriesSplit(opts).split({ date: calendar });
          splits.forEach((s, k) => {
            expect(splitContractViolation(s, pos.length)).to.equal(null);
            expect(Array.from(s.train)).to.deep.equal(rowsOnDays(pos, single[k].train));
            expect(Array.from(s.test)).to.deep.equal(rowsOnDays(pos, single[k].test));
            const trainDays = daysOf(s.train, pos);
            const testDays = daysOf(s.test, pos);
            expect(trainDays[trainDays.length - 1] + gap).to.be.below(testDays[0]);
          });
        },
      ),
    );
  });

  it('timeSeriesSplit on random panels throws iff gap < the horizon in dates; when it does not, checkLeakage is ok (fast-check)', function () {
    fc.assert(
      fc.property(randomPanel({ minDates: 20, maxDates: 40 }), fc.integer({ min: 0, max: 6 }), (p, gap) => {
        const run = () => timeSeriesSplit({ nSplits: 2, testSize: 5, gap }).split(p.data);
        if (gap < p.horizon) expect(run).to.throw(ParameterError, `label horizon of ${p.horizon} dates`);
        else expect(checkLeakage(run(), p.data).ok).to.equal(true);
      }),
    );
  });
});
