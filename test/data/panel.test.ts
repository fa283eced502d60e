/**
 * Panel helpers: per-symbol ranges, (symbol, date) order in code-point (C-locale) order, sorting
 * without mutating, the sorted-and-unique precondition, and the one-pass time scan. Expected values
 * are worked out by hand on small tables; symbol order follows Unicode code points (ASCII: '.' 0x2E
 * < 'H' 0x48 < 'S' 0x53 < 'Z' 0x5A < '^' 0x5E < 'a' 0x61), the byte order ../shared/data/PROVENANCE.md
 * §1 uses for tickers.
 */
import * as aq from 'arquero';
import { expect } from 'chai';
import {
  assertPanel,
  compareCodepoints,
  numericColumn,
  panelOrder,
  requireColumns,
  scanPanelTime,
  sortPanel,
  stringColumn,
  symbolRanges,
} from '../../src/data/panel.js';
import { SchemaError } from '../../src/util/errors.js';

const DAY = 86_400_000;
/** 2020-01-01 + k days, epoch-ms UTC. */
const d = (k: number) => Date.UTC(2020, 0, 1) + k * DAY;

describe('data/panel', function () {
  describe('symbolRanges', function () {
    it("symbolRanges(['A','A','B','C','C','C']) gives each symbol's [start, end) rows", function () {
      const r = symbolRanges(['A', 'A', 'B', 'C', 'C', 'C']);
      expect(r.symbols).to.deep.equal(['A', 'B', 'C']);
      expect(Array.from(r.start)).to.deep.equal([0, 2, 3]);
      expect(Array.from(r.end)).to.deep.equal([2, 3, 6]);
    });

    it('symbolRanges([]) is empty', function () {
      const r = symbolRanges([]);
      expect(r.symbols).to.deep.equal([]);
      expect(r.start.length + r.end.length).to.equal(0);
    });

    it("symbolRanges(['A','B','A']) throws a SchemaError naming A and row 2", function () {
      expect(() => symbolRanges(['A', 'B', 'A']))
        .to.throw(SchemaError, 'rows of symbol "A" are not contiguous (row 2)')
        .with.property('hint')
        .that.includes('sortPanel');
    });

    it("symbolRanges(['A', null, null]) keeps a null symbol as its own range ''", function () {
      const r = symbolRanges(['A', null, null]);
      expect(r.symbols).to.deep.equal(['A', '']);
      expect(Array.from(r.end)).to.deep.equal([1, 3]);
    });
  });

  describe('compareCodepoints and panelOrder', function () {
    it("compareCodepoints orders by code point: 'BF.B' < 'BHF', 'SPY' < 'Z' < '^GSPC' < 'aapl', 'AAP' < 'AAPL'", function () {
      const names = ['aapl', '^GSPC', 'BHF', 'Z', 'AAPL', 'SPY', 'BF.B', 'AAP'];
      expect([...names].sort(compareCodepoints)).to.deep.equal([
        'AAP',
        'AAPL',
        'BF.B',
        'BHF',
        'SPY',
        'Z',
        '^GSPC',
        'aapl',
      ]);
      expect(compareCodepoints('X', 'X')).to.equal(0);
    });

    it('panelOrder(sorted symbols and dates) is null', function () {
      expect(panelOrder(['A', 'A', 'B'], [d(0), d(1), d(0)])).to.equal(null);
      expect(panelOrder([], [])).to.equal(null);
    });

    it('panelOrder(unsorted) sorts by symbol in code-point order, then date', function () {
      const order = panelOrder(['^GSPC', 'SPY', 'SPY', 'AAPL'], [d(0), d(2), d(1), d(5)]);
      expect(Array.from(order!)).to.deep.equal([3, 2, 1, 0]);
    });

    it('panelOrder keeps equal (symbol, date) keys in input order (stable)', function () {
      const order = panelOrder(['B', 'A', 'B', 'A'], [d(1), d(0), d(1), d(0)]);
      expect(Array.from(order!)).to.deep.equal([1, 3, 0, 2]);
    });
  });

  describe('sortPanel', function () {
    const unsorted = () =>
      aq.table({
        symbol: ['B', 'A', 'B', 'A'],
        date: [d(1), d(2), d(0), d(1)],
        close: Float64Array.from([11, 22, 10, 21]),
        note: ['b1', 'a2', 'b0', 'a1'],
      });

    it('sortPanel(unsorted) returns the rows sorted by (symbol, date), every column moved together', function () {
      const s = sortPanel(unsorted());
      expect(s.array('symbol')).to.deep.equal(['A', 'A', 'B', 'B']);
      expect(Array.from(s.array('date') as ArrayLike<number>)).to.deep.equal([d(1), d(2), d(0), d(1)]);
      expect(Array.from(s.array('close') as ArrayLike<number>)).to.deep.equal([21, 22, 10, 11]);
      expect(s.array('note')).to.deep.equal(['a1', 'a2', 'b0', 'b1']);
      expect(s.columnNames()).to.deep.equal(['symbol', 'date', 'close', 'note']);
    });

    it('sortPanel(unsorted) does not modify its input', function () {
      const t = unsorted();
      const before = t.columnNames().map((c) => Array.from(t.array(c) as ArrayLike<unknown>));
      sortPanel(t);
      expect(t.columnNames().map((c) => Array.from(t.array(c) as ArrayLike<unknown>))).to.deep.equal(before);
    });

    it('sortPanel(sorted) returns the same table', function () {
      const t = aq.table({ symbol: ['A', 'B'], date: [d(0), d(0)] });
      expect(sortPanel(t)).to.equal(t);
    });

    it('sortPanel(table without date) throws a SchemaError naming date', function () {
      expect(() => sortPanel(aq.table({ symbol: ['A'] }))).to.throw(SchemaError, 'missing column(s) date');
    });
  });

  describe('assertPanel', function () {
    it('assertPanel(sorted unique panel) passes', function () {
      expect(() =>
        assertPanel(aq.table({ symbol: ['A', 'A', 'B'], date: [d(0), d(1), d(0)] })),
      ).not.to.throw();
    });

    it('assertPanel(dates out of order) throws a SchemaError naming the symbol, date and row', function () {
      const t = aq.table({ symbol: ['A', 'A', 'A'], date: [d(1), d(3), d(2)] });
      expect(() => assertPanel(t, 'rsi'))
        .to.throw(SchemaError, 'rsi: rows are not sorted by symbol then date at row 2 (A 2020-01-03)')
        .with.property('hint')
        .that.includes('sortPanel');
    });

    it('assertPanel(symbols out of order) throws naming the first row of the misplaced symbol', function () {
      const t = aq.table({ symbol: ['B', 'A'], date: [d(0), d(5)] });
      expect(() => assertPanel(t)).to.throw(
        SchemaError,
        'panel: rows are not sorted by symbol then date at row 1 (A 2020-01-06)',
      );
    });

    it('assertPanel(repeated (symbol, date)) throws a SchemaError naming the duplicate', function () {
      const t = aq.table({ symbol: ['A', 'B', 'B'], date: [d(0), d(4), d(4)] });
      expect(() => assertPanel(t, 'labels')).to.throw(
        SchemaError,
        'labels: duplicate (symbol, date) B 2020-01-05 at row 2',
      );
    });

    it('assertPanel(table without symbol) throws a SchemaError listing the columns it has', function () {
      expect(() => assertPanel(aq.table({ date: [d(0)], close: [1] }), 'macd')).to.throw(
        SchemaError,
        'macd: missing column(s) symbol; the table has date, close',
      );
    });
  });

  describe('scanPanelTime', function () {
    it('scanPanelTime(sorted panel) finds no order, the sorted calendar, duplicates and gaps', function () {
      // A: d0 d1 d1 d4  (duplicate at row 2; d2, d3 missing before d4); B: d0 d2 d3 (d1 missing).
      const scan = scanPanelTime(
        ['A', 'A', 'A', 'A', 'B', 'B', 'B'],
        [d(0), d(1), d(1), d(4), d(0), d(2), d(3)],
      );
      expect(scan.order).to.equal(null);
      expect(Array.from(scan.calendar)).to.deep.equal([d(0), d(1), d(2), d(3), d(4)]);
      expect(scan.duplicates).to.deep.equal([[2, 1]]);
      expect(scan.gaps).to.deep.equal([
        { row: 3, previousRow: 2, missing: 2 },
        { row: 5, previousRow: 4, missing: 1 },
      ]);
    });

    it('scanPanelTime(unsorted panel) returns the order and finds gaps and duplicates by original row', function () {
      const scan = scanPanelTime(['B', 'A', 'A', 'B', 'A'], [d(3), d(2), d(0), d(0), d(2)]);
      expect(Array.from(scan.order!)).to.deep.equal([2, 1, 4, 3, 0]);
      expect(scan.duplicates).to.deep.equal([[4, 1]]);
      // Calendar = dates present {d0, d2, d3}: A d0 → d2 misses nothing; B d0 → d3 misses d2.
      expect(scan.gaps).to.deep.equal([{ row: 0, previousRow: 3, missing: 1 }]);
    });

    it('scanPanelTime(symbols, dates, calendar) counts gaps on the given calendar, deduplicated and sorted', function () {
      // Calendar d0..d6 without the holiday d3, given unsorted with a repeat.
      const calendar = [d(6), d(0), d(1), d(2), d(4), d(5), d(0)];
      const scan = scanPanelTime(['A', 'A', 'A'], [d(0), d(4), d(6)], calendar);
      expect(Array.from(scan.calendar)).to.deep.equal([d(0), d(1), d(2), d(4), d(5), d(6)]);
      expect(scan.gaps).to.deep.equal([
        { row: 1, previousRow: 0, missing: 2 },
        { row: 2, previousRow: 1, missing: 1 },
      ]);
      // On its own dates the same symbol has no gap.
      expect(scanPanelTime(['A', 'A', 'A'], [d(0), d(4), d(6)]).gaps).to.deep.equal([]);
    });
  });

  describe('column access', function () {
    it('numericColumn(table, name) returns a Float64Array with null → NaN', function () {
      const x = numericColumn(aq.table({ x: [1, null, 2.5] }), 'x');
      expect(x).to.be.instanceOf(Float64Array);
      expect(Array.from(x)).to.deep.equal([1, NaN, 2.5]);
    });

    it('numericColumn(filtered table, name) returns the kept rows only', function () {
      const t = aq.table({ x: Float64Array.from([1, 2, 3, 4]) }).filter((r: { x: number }) => r.x % 2 === 0);
      expect(Array.from(numericColumn(t, 'x'))).to.deep.equal([2, 4]);
    });

    it('stringColumn(table, name) keeps null and stringifies other values', function () {
      expect(stringColumn(aq.table({ s: ['a', null, 7] }), 's')).to.deep.equal(['a', null, '7']);
    });

    it('requireColumns(table, [missing], what) throws a SchemaError naming what, the missing and the present columns', function () {
      expect(() => requireColumns(aq.table({ a: [1] }), ['a', 'b', 'c'], 'features')).to.throw(
        SchemaError,
        'features: missing column(s) b, c; the table has a',
      );
    });
  });
});
