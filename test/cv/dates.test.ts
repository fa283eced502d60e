/**
 * cv/dates: the calendar, label horizons in dates, and Dataset input (toSplitData).
 *
 * Sources: hand-built dates; a synthetic 2-symbol panel through buildDataset with the real
 * forward_return label (h = 3), so the Dataset path is the one users take.
 */
import * as aq from 'arquero';
import { expect } from 'chai';
import { horizonFromT1, indexDates, toSplitData } from '../../src/cv/dates.js';
import { purgedKFold } from '../../src/cv/purged-k-fold.js';
import { timeSeriesSplit } from '../../src/cv/time-series-split.js';
import { walkForwardSplit } from '../../src/cv/walk-forward.js';
import { checkLeakage } from '../../src/cv/leakage.js';
import { buildDataset } from '../../src/features/pipeline.js';
import { ParameterError, SchemaError } from '../../src/util/errors.js';
import { BASE, DAY, range } from './arbitraries.js';

const at = (p: number) => BASE + p * DAY;

/** A synthetic panel: symbols A on days 0..29 and B on days 0..29 except `missingB`; closes a smooth walk. */
function panel(missingB: number[] = []) {
  const symbol: string[] = [];
  const date: number[] = [];
  const close: number[] = [];
  for (const s of ['A', 'B'])
    for (const p of range(0, 30)) {
      if (s === 'B' && missingB.includes(p)) continue;
      symbol.push(s);
      date.push(at(p));
      close.push(100 + 5 * Math.sin(p / 3 + (s === 'B' ? 1 : 0)));
    }
  const c = Float64Array.from(close);
  return aq.table({
    symbol,
    date: Float64Array.from(date),
    open: c.map((x) => x * 0.99),
    high: c.map((x) => x * 1.01),
    low: c.map((x) => x * 0.98),
    close: c,
    volume: new Float64Array(c.length).fill(1e6),
  });
}
const spec = { features: [{ name: 'returns' }], labels: [{ name: 'forward_return', params: { h: 3 } }] };

describe('cv/dates', function () {
  it('indexDates({ date: [20, 10, 20, 30] days }) → calendar [10, 20, 30], day [1, 0, 1, 2] (rows in any order)', function () {
    const { calendar, day } = indexDates({ date: Float64Array.of(at(20), at(10), at(20), at(30)) }, 'f');
    expect(Array.from(calendar)).to.deep.equal([at(10), at(20), at(30)]);
    expect(Array.from(day)).to.deep.equal([1, 0, 1, 2]);
  });

  it('indexDates names a NaN date, a t1 before its date, and a t1 of another length', function () {
    expect(() => indexDates({ date: Float64Array.of(at(0), NaN) }, 'f')).to.throw(
      SchemaError,
      'f: date of row 1 is NaN',
    );
    expect(() => indexDates({ date: Float64Array.of(at(1)), t1: Float64Array.of(at(0)) }, 'f')).to.throw(
      SchemaError,
      'f: t1 of row 0 (2018-01-01) is before its date (2018-01-02)',
    );
    expect(() => indexDates({ date: Float64Array.of(at(1)), t1: new Float64Array(2) }, 'f')).to.throw(
      SchemaError,
      'f: t1 has 2 rows but date has 1',
    );
  });

  it('horizonFromT1 counts calendar dates in (date, t1]: skipped weekdays do not count, a t1 past the last date counts to it', function () {
    // calendar days 0, 1, 4, 5, 6 (2, 3 are not trading days)
    const date = Float64Array.of(at(0), at(1), at(4), at(5), at(6));
    const idx = indexDates({ date }, 'f');
    expect(horizonFromT1({ date, t1: Float64Array.of(at(4), NaN, NaN, NaN, NaN) }, idx)).to.equal(2);
    expect(horizonFromT1({ date, t1: Float64Array.of(NaN, NaN, NaN, at(40), NaN) }, idx)).to.equal(1);
    expect(horizonFromT1({ date, t1: date }, idx)).to.equal(0);
    expect(horizonFromT1({ date }, idx)).to.equal(0);
  });

  it("toSplitData(buildDataset(panel, forward_return h = 3)) gives the table's date and t1 and horizon 3", function () {
    const ds = buildDataset(panel(), spec);
    const data = toSplitData(ds);
    expect(data.horizon).to.equal(3);
    expect(data.date.length).to.equal(60);
    expect(data.t1![0]).to.equal(at(3));
    expect(data.t1![29]).to.be.NaN;
    const plain = { date: data.date };
    expect(toSplitData(plain)).to.equal(plain);
  });

  it("every splitter takes a Dataset and refuses a gap below its horizon 'from the Dataset's horizon'", function () {
    const ds = buildDataset(panel(), spec);
    expect(() => timeSeriesSplit({ nSplits: 3, gap: 2 }).split(ds)).to.throw(
      ParameterError,
      "timeSeriesSplit: gap=2 dates is shorter than the label horizon of 3 dates (from the Dataset's horizon)",
    );
    expect(() => walkForwardSplit({ nSplits: 2, embargoDays: 2 }).split(ds)).to.throw(
      ParameterError,
      'embargoDays=2 dates',
    );
    expect(() => purgedKFold({ nSplits: 3, embargoDays: 2 }).split(ds)).to.throw(
      ParameterError,
      'embargoDays=2 dates',
    );
    const all = [
      timeSeriesSplit({ nSplits: 3, gap: 3 }).split(ds),
      walkForwardSplit({ nSplits: 2, testDays: 5, embargoDays: 3 }).split(ds),
      purgedKFold({ nSplits: 3, embargoDays: 3 }).split(ds),
    ];
    for (const splits of all) expect(checkLeakage(splits, ds, { embargoDays: 3 }).ok).to.equal(true);
    expect(all[0][0].test.length).to.equal(2 * 7); // 30 dates / 4 = 7 test dates, both symbols
  });

  it("a symbol with missing days makes the horizon in dates exceed the Dataset's (3 rows of B span 5 dates); the larger one is used", function () {
    const ds = buildDataset(panel([10, 11]), spec); // B's row on day 9 ends on day 14
    expect(ds.horizon).to.equal(3);
    expect(() => timeSeriesSplit({ nSplits: 3, gap: 3 }).split(ds)).to.throw(
      ParameterError,
      'gap=3 dates is shorter than the label horizon of 5 dates (from the data: the most dates between a date and its t1)',
    );
    expect(() => timeSeriesSplit({ nSplits: 3, gap: 3, horizon: 3 }).split(ds)).to.not.throw();
    expect(() => timeSeriesSplit({ nSplits: 3, gap: 5 }).split(ds)).to.not.throw();
  });
});
