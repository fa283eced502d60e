/**
 * asOfJoin: the point-in-time (backward) as-of join.
 *
 * References:
 * - pandas `merge_asof` docstring, Examples section (pandas/core/reshape/merge.py; rendered at
 *   https://pandas.pydata.org/docs/reference/api/pandas.merge_asof.html): the `left`/`right` example on
 *   column `a`, and the `quotes`/`trades` example with `by="ticker"`, with and without
 *   `tolerance=pd.Timedelta("2ms")`. Expected outputs below are copied by hand from those docs.
 * - The definition in the same docstring — "A 'backward' search selects the last row in the right
 *   DataFrame whose 'on' key is less than or equal to the left's key", after matching `by` — is
 *   implemented as a brute-force oracle for the fast-check properties.
 * - DuckDB `ASOF LEFT JOIN` (an independent engine) on the real SPY and ^GSPC files
 *   (../shared/data/PROVENANCE.md §2–3).
 */
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { expect } from 'chai';
import fc from 'fast-check';
import { asOfJoin } from '../../src/data/as-of-join.js';
import { importOhlcv } from '../../src/data/import.js';
import { ParameterError, SchemaError } from '../../src/util/errors.js';

const DAY_MS = 86_400_000;
const DATA_DIR = process.env.QUANTBOOK_DATA ?? path.resolve('../shared/data');
const SPY_CSV = path.join(DATA_DIR, 'SPY_daily_2012-2018.csv.gz');
const GSPC_CSV = path.join(DATA_DIR, 'GSPC_daily_2012-2018.csv.gz');

function show(v: unknown): string {
  return Object.is(v, -0) ? '-0' : typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Asserts two sequences hold the same values in the same order (Object.is: NaN matches NaN). */
function expectSameValues(actual: ArrayLike<unknown>, expected: ArrayLike<unknown>, what: string): void {
  expect(actual.length, `${what}: length`).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++)
    if (!Object.is(actual[i], expected[i]))
      expect.fail(`${what}[${i}]: got ${show(actual[i])}, expected ${show(expected[i])}`);
}

function values(table: ColumnTable, name: string): unknown[] {
  return Array.from(table.array(name) as ArrayLike<unknown>);
}

/** `2016-05-25 13:30:00.<ms>` (the pandas example's timestamps) as epoch-ms. */
const at = (ms: number) => Date.UTC(2016, 4, 25, 13, 30, 0, ms);

/** pandas docs `quotes`. */
function quotes(): ColumnTable {
  return aq.table({
    time: [23, 23, 30, 41, 48, 49, 72, 75].map(at),
    ticker: ['GOOG', 'MSFT', 'MSFT', 'MSFT', 'GOOG', 'AAPL', 'GOOG', 'MSFT'],
    bid: [720.5, 51.95, 51.97, 51.99, 720.5, 97.99, 720.5, 52.01],
    ask: [720.93, 51.96, 51.98, 52.0, 720.93, 98.01, 720.88, 52.03],
  });
}

/** pandas docs `trades`. */
function trades(): ColumnTable {
  return aq.table({
    time: [23, 38, 48, 48, 48].map(at),
    ticker: ['MSFT', 'MSFT', 'GOOG', 'GOOG', 'AAPL'],
    price: [51.95, 51.95, 720.77, 720.92, 98.0],
    quantity: [75, 155, 100, 100, 100],
  });
}

// ---- property-based tests -------------------------------------------------------------------------

interface Row {
  key: string;
  day: number;
}

const KEYS = ['A', 'B', 'C'] as const;
/** Few keys and days so that ties, misses and matches all occur often. */
const rowsArb = (maxLength: number, minLength = 0) =>
  fc.array(fc.record({ key: fc.constantFrom(...KEYS), day: fc.integer({ min: 0, max: 12 }) }), {
    minLength,
    maxLength,
  });
/** Left rows (possibly none) and right rows (at least one: an empty right table has its own test below). */
const leftArb = rowsArb(40);
const rightArb = rowsArb(40, 1);

function leftTable(rows: readonly Row[]): ColumnTable {
  return aq.table({
    symbol: rows.map((r) => r.key),
    date: rows.map((r) => r.day * DAY_MS),
    lid: rows.map((_, i) => i),
  });
}

/**
 * Right rows carry their own index (`rid`, a Float64Array so that it is numeric even when empty) and a
 * label (`tag`, string) to identify the match.
 */
function rightTable(rows: readonly Row[]): ColumnTable {
  return aq.table({
    symbol: rows.map((r) => r.key),
    date: rows.map((r) => r.day * DAY_MS),
    rid: Float64Array.from(rows, (_, j) => j),
    tag: rows.map((_, j) => `r${j}`),
  });
}

/**
 * pandas' definition, by brute force: the right rows with the same key (any key when `byKey` is false)
 * and day ≤ the left day; the one with the greatest day, and among equal days the last in right's order.
 * With a tolerance, a match older than `tolerance` days is no match. Returns the right index or -1.
 */
function oracle(left: Row, right: readonly Row[], byKey: boolean, tolerance = Infinity): number {
  let best = -1;
  right.forEach((r, j) => {
    if ((byKey && r.key !== left.key) || r.day > left.day) return;
    if (best < 0 || r.day >= right[best].day) best = j;
  });
  return best >= 0 && left.day - right[best].day <= tolerance ? best : -1;
}

/** The matched right index per left row (from the `rid` column), -1 when unmatched. */
function matched(out: ColumnTable): number[] {
  return values(out, 'rid').map((v) => (Number.isNaN(v) ? -1 : (v as number)));
}

describe('data/as-of-join asOfJoin', () => {
  describe('worked examples from the pandas merge_asof docs', () => {
    it("asOfJoin(trades, quotes, { by: 'ticker', on: 'time' }) equals pandas merge_asof(trades, quotes, on='time', by='ticker')", () => {
      const out = asOfJoin(trades(), quotes(), { by: 'ticker', on: 'time' });
      expect(out.columnNames()).to.deep.equal(['time', 'ticker', 'price', 'quantity', 'bid', 'ask']);
      expectSameValues(values(out, 'time'), [23, 38, 48, 48, 48].map(at), 'time');
      expectSameValues(values(out, 'ticker'), ['MSFT', 'MSFT', 'GOOG', 'GOOG', 'AAPL'], 'ticker');
      expectSameValues(values(out, 'price'), [51.95, 51.95, 720.77, 720.92, 98.0], 'price');
      expectSameValues(values(out, 'quantity'), [75, 155, 100, 100, 100], 'quantity');
      expectSameValues(values(out, 'bid'), [51.95, 51.97, 720.5, 720.5, NaN], 'bid');
      expectSameValues(values(out, 'ask'), [51.96, 51.98, 720.93, 720.93, NaN], 'ask');
    });

    it("asOfJoin(trades, quotes, { by: 'ticker', on: 'time', tolerance: 2 ms in days }) equals pandas with tolerance=Timedelta('2ms')", () => {
      const out = asOfJoin(trades(), quotes(), { by: 'ticker', on: 'time', tolerance: 2 / DAY_MS });
      expectSameValues(values(out, 'bid'), [51.95, NaN, 720.5, 720.5, NaN], 'bid');
      expectSameValues(values(out, 'ask'), [51.96, NaN, 720.93, 720.93, NaN], 'ask');
    });

    it("asOfJoin(left, right, { by: null, on: 'a' }) joins on time only, as pandas merge_asof(left, right, on='a')", () => {
      const left = aq.table({ a: [1, 5, 10], left_val: ['a', 'b', 'c'] });
      const right = aq.table({ a: [1, 2, 3, 6, 7], right_val: [1, 2, 3, 6, 7] });
      const out = asOfJoin(left, right, { by: null, on: 'a' });
      expect(out.columnNames()).to.deep.equal(['a', 'left_val', 'right_val']);
      expectSameValues(values(out, 'a'), [1, 5, 10], 'a');
      expectSameValues(values(out, 'left_val'), ['a', 'b', 'c'], 'left_val');
      expectSameValues(values(out, 'right_val'), [1, 3, 7], 'right_val');
    });
  });

  describe('properties (fast-check, brute-force oracle from the pandas definition)', () => {
    it('asOfJoin(left, right) keeps left rows, their order and values, and leaves both inputs unchanged', () => {
      fc.assert(
        fc.property(leftArb, rightArb, (l, r) => {
          const left = leftTable(l);
          const right = rightTable(r);
          const leftBefore = left.columnNames().map((c) => values(left, c));
          const rightBefore = right.columnNames().map((c) => values(right, c));
          const out = asOfJoin(left, right);
          expect(out.numRows()).to.equal(l.length);
          expect(out.columnNames()).to.deep.equal(['symbol', 'date', 'lid', 'rid', 'tag']);
          for (const name of ['symbol', 'date', 'lid'])
            expectSameValues(values(out, name), values(left, name), name);
          expect(left.columnNames().map((c) => values(left, c))).to.deep.equal(leftBefore);
          expect(right.columnNames().map((c) => values(right, c))).to.deep.equal(rightBefore);
        }),
        { numRuns: 300 },
      );
    });

    it('asOfJoin(left, right) never looks forward: a matched right row has the same symbol and a date ≤ the left date', () => {
      fc.assert(
        fc.property(leftArb, rightArb, (l, r) => {
          const m = matched(asOfJoin(leftTable(l), rightTable(r)));
          m.forEach((j, i) => {
            if (j < 0) return;
            expect(r[j].key, `left ${i}`).to.equal(l[i].key);
            expect(r[j].day, `left ${i}`).to.be.at.most(l[i].day);
          });
        }),
        { numRuns: 300 },
      );
    });

    it('asOfJoin(left, right) matches the latest right date ≤ the left date for the symbol, and the last right row among ties', () => {
      fc.assert(
        fc.property(leftArb, rightArb, (l, r) => {
          const m = matched(asOfJoin(leftTable(l), rightTable(r)));
          m.forEach((j, i) => {
            const candidates = r
              .map((_, k) => k)
              .filter((k) => r[k].key === l[i].key && r[k].day <= l[i].day);
            if (j < 0) {
              expect(candidates, `left ${i} unmatched`).to.deep.equal([]);
              return;
            }
            const latest = Math.max(...candidates.map((k) => r[k].day));
            expect(r[j].day, `left ${i}: latest day`).to.equal(latest);
            const ties = candidates.filter((k) => r[k].day === latest);
            expect(j, `left ${i}: last of tied rows ${ties.join(',')}`).to.equal(Math.max(...ties));
            expect(j).to.equal(oracle(l[i], r, true));
          });
        }),
        { numRuns: 300 },
      );
    });

    it('asOfJoin(left, right) gives NaN in numeric and null in string right columns exactly when nothing matches', () => {
      fc.assert(
        fc.property(leftArb, rightArb, (l, r) => {
          const out = asOfJoin(leftTable(l), rightTable(r));
          const rid = values(out, 'rid');
          const tag = values(out, 'tag');
          l.forEach((row, i) => {
            const j = oracle(row, r, true);
            expect(rid[i], `rid ${i}`).to.satisfy((v: unknown) => Object.is(v, j < 0 ? NaN : j));
            expect(tag[i], `tag ${i}`).to.equal(j < 0 ? null : `r${j}`);
          });
        }),
        { numRuns: 300 },
      );
    });

    it('asOfJoin(left, right, { tolerance }) drops matches older than tolerance days and keeps the others', () => {
      fc.assert(
        fc.property(leftArb, rightArb, fc.integer({ min: 0, max: 6 }), (l, r, tolerance) => {
          const m = matched(asOfJoin(leftTable(l), rightTable(r), { tolerance }));
          m.forEach((j, i) => {
            expect(j, `left ${i}`).to.equal(oracle(l[i], r, true, tolerance));
            if (j >= 0) expect(l[i].day - r[j].day).to.be.at.most(tolerance);
          });
        }),
        { numRuns: 300 },
      );
    });

    it('asOfJoin(left, right, { by: null }) joins on time only: the latest right row of any symbol', () => {
      fc.assert(
        fc.property(leftArb, rightArb, (l, r) => {
          const out = asOfJoin(leftTable(l), rightTable(r), { by: null });
          expect(out.columnNames()).to.deep.equal(['symbol', 'date', 'lid', 'symbol_right', 'rid', 'tag']);
          const symbolRight = values(out, 'symbol_right');
          matched(out).forEach((j, i) => {
            expect(j, `left ${i}`).to.equal(oracle(l[i], r, false));
            expect(symbolRight[i]).to.equal(j < 0 ? null : r[j].key);
          });
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('edge cases and errors', () => {
    it('asOfJoin(left with a NaN date, right) leaves that row unmatched', () => {
      const left = aq.table({ symbol: ['A', 'A'], date: [NaN, 4 * DAY_MS] });
      const right = aq.table({ symbol: ['A'], date: [3 * DAY_MS], v: [30] });
      expectSameValues(values(asOfJoin(left, right), 'v'), [NaN, 30], 'v');
    });

    it('asOfJoin(left, right with an unknown (NaN) date) ignores that right row and still matches the earlier ones', () => {
      const left = aq.table({ symbol: ['A', 'A', 'A'], date: [4, 2, 6].map((d) => d * DAY_MS) });
      const right = aq.table({
        symbol: ['A', 'A', 'A', 'A', 'A'],
        date: [5 * DAY_MS, NaN, 3 * DAY_MS, 1 * DAY_MS, NaN],
        v: [50, 99, 30, 10, 98],
      });
      // Day 4 → the day-3 row, day 2 → the day-1 row, day 6 → the day-5 row; NaN days are never ≤ anything.
      expectSameValues(values(asOfJoin(left, right), 'v'), [30, 10, 50], 'v');
    });

    it('asOfJoin(left, empty right) gives NaN and null for every row', () => {
      const left = aq.table({ symbol: ['A', 'B'], date: [0, DAY_MS] });
      const right = aq.table({
        symbol: [] as string[],
        date: new Float64Array(0),
        v: new Float64Array(0),
        s: [] as string[],
      });
      const out = asOfJoin(left, right);
      expect(out.numRows()).to.equal(2);
      expectSameValues(values(out, 'v'), [NaN, NaN], 'v');
      expect(values(out, 's')).to.deep.equal([null, null]);
    });

    it("asOfJoin(left, right) renames colliding right columns with suffix '_right', or options.suffix", () => {
      const left = aq.table({ symbol: ['A'], date: [DAY_MS], close: [10] });
      const right = aq.table({ symbol: ['A'], date: [0], close: [9] });
      expect(asOfJoin(left, right).columnNames()).to.deep.equal(['symbol', 'date', 'close', 'close_right']);
      const out = asOfJoin(left, right, { suffix: '_mkt' });
      expect(out.columnNames()).to.deep.equal(['symbol', 'date', 'close', 'close_mkt']);
      expectSameValues(values(out, 'close_mkt'), [9], 'close_mkt');
    });

    it('asOfJoin(left, right, { tolerance: -1 }) and { tolerance: NaN } throw ParameterError echoing the value', () => {
      const t = aq.table({ symbol: ['A'], date: [0] });
      expect(() => asOfJoin(t, t, { tolerance: -1 })).to.throw(ParameterError, 'got -1');
      expect(() => asOfJoin(t, t, { tolerance: NaN })).to.throw(ParameterError, 'got NaN');
    });

    it("asOfJoin(left without 'symbol', right) throws SchemaError naming the missing column", () => {
      const left = aq.table({ date: [0] });
      const right = aq.table({ symbol: ['A'], date: [0] });
      expect(() => asOfJoin(left, right)).to.throw(SchemaError, 'symbol');
      expect(() => asOfJoin(right, aq.table({ symbol: ['A'], day: [0] }))).to.throw(SchemaError, 'date');
    });
  });

  describe('on the real SPY and ^GSPC files, against DuckDB ASOF LEFT JOIN', function () {
    this.timeout(60_000);
    let db: DuckDBInstance;
    let con: DuckDBConnection;
    before(async () => {
      db = await DuckDBInstance.create(':memory:');
      con = await db.connect();
    });
    after(() => {
      con?.closeSync();
      db?.closeSync();
    });

    it("asOfJoin(daily SPY and ^GSPC, their Monday closes, { by: 'symbol' }) matches DuckDB's ASOF LEFT JOIN", async () => {
      const market = importOhlcv([SPY_CSV, GSPC_CSV], {
        symbol: (file) => (path.basename(file).startsWith('GSPC') ? '^GSPC' : 'SPY'),
      }).select('symbol', 'date', 'close');
      const dates = values(market, 'date') as number[];
      const mondays = dates.flatMap((d, i) => (new Date(d).getUTCDay() === 1 ? [i] : []));
      const right = market.reify(mondays);
      const out = asOfJoin(market, right.assign(aq.table({ monday: values(right, 'date') })));
      const csv = (file: string, symbol: string) =>
        `SELECT '${symbol}' AS symbol, "Date" AS date, "Close" AS close FROM read_csv('${file.replaceAll("'", "''")}',
          header = true, columns = {'Date': 'DATE', 'Open': 'DOUBLE', 'High': 'DOUBLE', 'Low': 'DOUBLE',
          'Close': 'DOUBLE', 'Adj Close': 'DOUBLE', 'Volume': 'BIGINT'})`;
      const reader = await con.runAndReadAll(
        `WITH m AS (${csv(SPY_CSV, 'SPY')} UNION ALL ${csv(GSPC_CSV, '^GSPC')}),
              r AS (SELECT * FROM m WHERE dayofweek(date) = 1)
         SELECT l.symbol, l.date, coalesce(r.close, 'NaN'::DOUBLE) AS close_right,
                epoch_ms(r.date::TIMESTAMP) AS monday
         FROM m l ASOF LEFT JOIN r ON l.symbol = r.symbol AND l.date >= r.date
         ORDER BY l.symbol, l.date`,
      );
      const expected = reader.getColumnsObjectJS();
      expect(out.numRows()).to.equal(3520);
      expectSameValues(values(out, 'symbol'), expected.symbol, 'symbol');
      expectSameValues(values(out, 'close_right'), expected.close_right, 'close_right');
      expectSameValues(
        values(out, 'monday'),
        expected.monday.map((v) => (v === null ? NaN : Number(v))),
        'monday',
      );
      // 2012-01-03..06 precede the first Monday session (2012-01-09; 2012-01-02 was a holiday).
      expectSameValues(
        values(out, 'close_right').slice(0, 5),
        [NaN, NaN, NaN, NaN, 128.020004],
        'SPY first week',
      );
    });
  });
});
