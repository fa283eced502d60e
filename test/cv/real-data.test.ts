/**
 * Smoke test of the splitters on the real panel: ../shared/data/all_stocks_5yr.csv.gz (619,040 rows,
 * 505 symbols, 1,259 dates — PROVENANCE.md §1), rows in panel order (symbol, then date), with a
 * 10-row forward label: t1 = the date 10 rows later of the same symbol (t1AtHorizon), NaN for each
 * symbol's last 10 rows.
 *
 * A finding of the real data: DHR, ES and O have no rows 2015-03-09..2015-03-20 (10 trading days), and
 * BMY, ICE, ORCL a few single missing days, so a 10-row label spans up to 20 calendar dates; the
 * derived horizon is therefore 20 and a 10-date gap leaks on those symbols only.
 */
import path from 'node:path';
import { expect } from 'chai';
import { horizonFromT1, indexDates } from '../../src/cv/dates.js';
import { checkLeakage } from '../../src/cv/leakage.js';
import { purgedKFold } from '../../src/cv/purged-k-fold.js';
import { timeSeriesSplit } from '../../src/cv/time-series-split.js';
import { walkForwardSplit } from '../../src/cv/walk-forward.js';
import { importOhlcv } from '../../src/data/import.js';
import { numericColumn, stringColumn, symbolRanges } from '../../src/data/panel.js';
import { t1AtHorizon } from '../../src/labels/t1.js';
import type { Split, SplitData } from '../../src/types.js';
import { ParameterError } from '../../src/util/errors.js';

const DATA_DIR = process.env.QUANTBOOK_DATA
  ? path.resolve(process.env.QUANTBOOK_DATA)
  : path.resolve('../shared/data');

describe('cv on the real panel (all_stocks_5yr, 10-row labels)', function () {
  let data: Required<SplitData>;
  let symbol: (string | null)[];
  let calendarDays: number;

  before(function () {
    const panel = importOhlcv(path.join(DATA_DIR, 'all_stocks_5yr.csv.gz'));
    const date = numericColumn(panel, 'date');
    symbol = stringColumn(panel, 'symbol');
    const ranges = symbolRanges(symbol);
    const t1 = new Float64Array(date.length);
    for (let k = 0; k < ranges.symbols.length; k++) {
      const [a, b] = [ranges.start[k], ranges.end[k]];
      t1.set(t1AtHorizon(date.subarray(a, b), 10, new Float64Array(b - a)), a);
    }
    data = { date, t1 };
    calendarDays = indexDates(data, 'test').calendar.length;
  });

  const timed = (fn: () => Split[], maxMs: number): Split[] => {
    const t0 = performance.now();
    const out = fn();
    expect(performance.now() - t0, 'ms').to.be.below(maxMs);
    return out;
  };
  const datesOf = (rows: Int32Array) => new Set(Array.from(rows, (r) => data.date[r])).size;

  it('the panel has 619,040 rows on 1,259 dates; the 10-row labels span up to 20 dates (DHR, ES, O miss 10 days in March 2015)', function () {
    expect(data.date.length).to.equal(619_040);
    expect(calendarDays).to.equal(1259);
    const index = indexDates(data, 'test');
    expect(horizonFromT1(data, index)).to.equal(20);
    const position = new Map(Array.from(index.calendar, (d, k) => [d, k]));
    const long = new Set<string>();
    data.t1.forEach((e, r) => {
      if (Number.isNaN(e)) return;
      const span = position.get(e)! - index.day[r];
      if (span > 10) long.add(symbol[r]!);
    });
    expect([...long].sort()).to.deep.equal(['BMY', 'DHR', 'ES', 'ICE', 'O', 'ORCL']);
  });

  it('timeSeriesSplit({ nSplits: 5, gap: 10 }) is refused (horizon 20 from the data); gap 20 does not leak', function () {
    expect(() => timeSeriesSplit({ nSplits: 5, gap: 10 }).split(data)).to.throw(
      ParameterError,
      'gap=10 dates is shorter than the label horizon of 20 dates',
    );
    const splits = timed(() => timeSeriesSplit({ nSplits: 5, gap: 20 }).split(data), 3000);
    expect(splits.map((s) => datesOf(s.test))).to.deep.equal([209, 209, 209, 209, 209]); // floor(1259 / 6)
    expect(checkLeakage(splits, data).ok).to.equal(true);
  });

  it('timeSeriesSplit with gap 10 and horizon: 10 (declared, too short) leaks when a test block starts just after the March 2015 hole, on DHR, ES and O only', function () {
    // q = 2015-03-06, the last row of DHR, ES and O before their 10 missing days; their label there ends
    // 20 dates later. A first test block starting at s = q + 11 or q + 12 leaves q as their last training date.
    const index = indexDates(data, 'test');
    const q = index.calendar.indexOf(Date.UTC(2015, 2, 6));
    const testSize = Math.floor((calendarDays - (q + 11)) / 2);
    const options = { nSplits: 2, testSize, gap: 10 };
    expect(() => timeSeriesSplit(options).split(data)).to.throw(ParameterError, 'label horizon of 20 dates');
    const splits = timeSeriesSplit({ ...options, horizon: 10 }).split(data);
    const report = checkLeakage(splits, data, { maxLeaks: 10_000 });
    expect(report.perSplit[0]).to.be.above(0);
    expect(report.leaks.length).to.equal(report.count);
    expect([...new Set(report.leaks.map((l) => symbol[l.trainRow]))].sort()).to.deep.equal([
      'DHR',
      'ES',
      'O',
    ]);
  });

  it('walkForwardSplit (seed 004: 5 splits, test 20 %, embargo raised to the 20-date horizon): 50 test dates each, no leak', function () {
    expect(() => walkForwardSplit({ embargoDays: 2 }).split(data)).to.throw(
      ParameterError,
      'embargoDays=2 dates',
    );
    for (const window of ['expanding', 'rolling'] as const) {
      const splits = timed(() => walkForwardSplit({ window, embargoDays: 20 }).split(data), 3000);
      expect(splits.map((s) => datesOf(s.test))).to.deep.equal([50, 50, 50, 50, 50]);
      expect(splits.map((s) => datesOf(s.train))).to.deep.equal(
        window === 'expanding' ? [989, 1039, 1089, 1139, 1189] : [989, 989, 989, 989, 989],
      );
      expect(checkLeakage(splits, data, { embargoDays: 20 }).ok).to.equal(true);
    }
  });

  it('purgedKFold({ nSplits: 5, embargoDays: 20 }): folds of 252/252/252/252/251 dates, no leak, none within the embargo', function () {
    const splits = timed(() => purgedKFold({ nSplits: 5, embargoDays: 20 }).split(data), 3000);
    expect(splits.map((s) => datesOf(s.test))).to.deep.equal([252, 252, 252, 252, 251]);
    expect(checkLeakage(splits, data, { embargoDays: 20 }).ok).to.equal(true);
    for (const s of splits) expect(s.train.length).to.be.above(300_000);
  });
});
