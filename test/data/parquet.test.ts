/**
 * readParquet / writeParquet against an independent Parquet implementation: DuckDB (`@duckdb/node-api`)
 * reads what quantbook writes (types from `DESCRIBE`, values, codecs from `parquet_metadata`) and writes
 * files quantbook must read.
 *
 * Reference values:
 * - ../shared/data/PROVENANCE.md §3 (`SPY_daily_2012-2018.csv.gz`): "Rows: 1,760. Dates: 2012-01-03 to
 *   2018-12-31", columns `Date,Open,High,Low,Close,Adj Close,Volume`; DuckDB `read_csv` of the same file
 *   is the reference for every value (its float parser rounds correctly, like JavaScript's `Number`).
 * - Type mapping from data/schema.ts (symbol utf8, date date32, prices float64, volume int64 when whole),
 *   checked as DuckDB's names VARCHAR, DATE, DOUBLE, BIGINT (DuckDB docs, "Parquet" → type mapping).
 * - Literal values written out in the synthetic tables below, with the days they stand for.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type JS } from '@duckdb/node-api';
import { DateUnit, Precision, Type } from '@uwdata/flechette';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { expect } from 'chai';
import { importOhlcv } from '../../src/data/import.js';
import { readParquet, writeParquet, type ParquetCompression } from '../../src/data/parquet.js';
import { DataFormatError, NotFoundError, SchemaError } from '../../src/util/errors.js';

const DATA_DIR = process.env.QUANTBOOK_DATA ?? path.resolve('../shared/data');
const SPY_CSV = path.join(DATA_DIR, 'SPY_daily_2012-2018.csv.gz');
const SPY_COLUMNS = ['symbol', 'date', 'open', 'high', 'low', 'close', 'volume', 'adj_close'];

/** DuckDB's reading of the SPY CSV, renamed to the panel's columns (explicit types, no sniffing). */
const SPY_FROM_CSV = `SELECT 'SPY' AS symbol, "Date" AS date, "Open" AS open, "High" AS high, "Low" AS low,
  "Close" AS close, "Volume" AS volume, "Adj Close" AS adj_close
  FROM read_csv('${sqlPath(SPY_CSV)}', header = true, columns = {'Date': 'DATE', 'Open': 'DOUBLE',
  'High': 'DOUBLE', 'Low': 'DOUBLE', 'Close': 'DOUBLE', 'Adj Close': 'DOUBLE', 'Volume': 'BIGINT'})`;

function sqlPath(p: string): string {
  return p.replaceAll("'", "''");
}

/** `YYYY-MM-DD` of an epoch-ms UTC day (ISO 8601), computed without quantbook's own date helpers. */
function isoDay(ms: unknown): unknown {
  return typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : ms;
}

function show(v: unknown): string {
  return Object.is(v, -0) ? '-0' : typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Asserts two sequences hold the same values in the same order, comparing with Object.is (NaN, -0 exact). */
function expectSameValues(actual: ArrayLike<unknown>, expected: ArrayLike<unknown>, what: string): void {
  expect(actual.length, `${what}: length`).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++)
    if (!Object.is(actual[i], expected[i]))
      expect.fail(`${what}[${i}]: got ${show(actual[i])}, expected ${show(expected[i])}`);
}

/** A table's column as plain values (dates as `YYYY-MM-DD` when `asDays`). */
function values(table: ColumnTable, name: string, asDays = false): unknown[] {
  const out = Array.from(table.array(name) as ArrayLike<unknown>);
  return asDays ? out.map(isoDay) : out;
}

/** Asserts `table` equals DuckDB's result `duck` column by column (DuckDB BIGINT → number, DATE via strftime). */
function expectTableEqualsDuck(table: ColumnTable, duck: Record<string, JS[]>, what: string): void {
  expect(table.columnNames(), `${what}: columns`).to.deep.equal(Object.keys(duck));
  for (const [name, col] of Object.entries(duck)) {
    const expected = col.map((v) => (typeof v === 'bigint' ? Number(v) : v));
    expectSameValues(values(table, name, name === 'date'), expected, `${what}.${name}`);
  }
}

/** Arrow type of a column of a table read from Parquet (flechette DataType fields). */
function arrowType(table: ColumnTable, name: string): Record<string, unknown> | undefined {
  return (table.column(name) as unknown as { type?: Record<string, unknown> } | undefined)?.type;
}

/** Deterministic pseudo-random bytes (SHA-256 in counter mode). */
function noiseBytes(n: number, seed: string): Uint8Array {
  const out = Buffer.alloc(n);
  for (let k = 0, o = 0; o < n; k++) o += createHash('sha256').update(`${seed}:${k}`).digest().copy(out, o);
  return out;
}

function expectThrowsError<T extends Error>(
  fn: () => unknown,
  type: new (...args: never[]) => T,
  check: (err: T) => void,
): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'an error was thrown').to.be.instanceOf(type);
  check(caught as T);
}

const DAY_MS = 86_400_000;

/** Synthetic panel: edge-case doubles and days (days written out next to their epoch-ms). */
function syntheticTable(): ColumnTable {
  return aq.table({
    symbol: ['AAPL', 'BRK.B', '^GSPC', 'AAPL', 'Zürich', 'X'],
    date: [
      Date.UTC(2018, 1, 7), // 2018-02-07
      -DAY_MS, // 1969-12-31
      Date.UTC(1900, 0, 1), // 1900-01-01
      Date.UTC(2038, 0, 20), // 2038-01-20 (past the 32-bit seconds limit)
      0, // 1970-01-01
      Date.UTC(2000, 1, 29), // 2000-02-29
    ],
    open: [NaN, -0, 0, 5e-324, Number.MAX_VALUE, -Infinity],
    close: [0.1 + 0.2, 1 / 3, Infinity, NaN, -2.2250738585072014e-308, 159.54],
    volume: [0, 1, 2 ** 53 - 1, 3, 51_608_580, 100],
  });
}

describe('data/parquet readParquet / writeParquet', function () {
  this.timeout(120_000);
  let dir: string;
  let db: DuckDBInstance;
  let con: DuckDBConnection;
  let spy: ColumnTable;
  let spyFile: string;

  async function duck(sql: string): Promise<Record<string, JS[]>> {
    return (await con.runAndReadAll(sql)).getColumnsObjectJS();
  }

  async function describeTypes(file: string): Promise<Record<string, string>> {
    const { column_name: names, column_type: types } = await duck(
      `DESCRIBE SELECT * FROM read_parquet('${sqlPath(file)}')`,
    );
    return Object.fromEntries(names.map((name, i) => [name as string, types[i] as string]));
  }

  /** DuckDB's rows of a Parquet file in stored order, dates as `YYYY-MM-DD`. */
  async function duckRows(file: string, columns: readonly string[]): Promise<Record<string, JS[]>> {
    const list = columns.map((c) => (c === 'date' ? `strftime(date, '%Y-%m-%d') AS date` : `"${c}"`));
    return duck(`SELECT ${list.join(', ')} FROM read_parquet('${sqlPath(file)}')`);
  }

  /** Rows in `a` missing from `b` and the reverse (multiset difference, DuckDB EXCEPT ALL). */
  async function symmetricDifference(a: string, b: string): Promise<[number, number]> {
    const count = async (x: string, y: string) =>
      Number(
        (await duck(`SELECT count(*) AS n FROM (SELECT * FROM (${x}) EXCEPT ALL SELECT * FROM (${y}))`)).n[0],
      );
    return [await count(a, b), await count(b, a)];
  }

  const spyParquet = (file: string) =>
    `SELECT ${SPY_COLUMNS.join(', ')} FROM read_parquet('${sqlPath(file)}')`;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-parquet-'));
    db = await DuckDBInstance.create(':memory:');
    con = await db.connect();
    spy = importOhlcv(SPY_CSV);
    spyFile = path.join(dir, 'spy.parquet');
    writeParquet(spy, spyFile);
  });

  after(() => {
    con?.closeSync();
    db?.closeSync();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('exact round trip on the real SPY file', () => {
    it('writeParquet(importOhlcv(SPY csv)) stores symbol VARCHAR, date DATE, prices DOUBLE, volume BIGINT (DuckDB DESCRIBE)', async () => {
      expect(await describeTypes(spyFile)).to.deep.equal({
        symbol: 'VARCHAR',
        date: 'DATE',
        open: 'DOUBLE',
        high: 'DOUBLE',
        low: 'DOUBLE',
        close: 'DOUBLE',
        volume: 'BIGINT',
        adj_close: 'DOUBLE',
      });
    });

    it('writeParquet(importOhlcv(SPY csv)) holds exactly the CSV rows as DuckDB reads both (1,760 rows, 2012-01-03..2018-12-31)', async () => {
      const stats = await duck(
        `SELECT count(*) AS n, strftime(min(date), '%Y-%m-%d') AS first, strftime(max(date), '%Y-%m-%d') AS last
         FROM read_parquet('${sqlPath(spyFile)}')`,
      );
      expect([Number(stats.n[0]), stats.first[0], stats.last[0]]).to.deep.equal([
        1760,
        '2012-01-03',
        '2018-12-31',
      ]);
      expect(await symmetricDifference(SPY_FROM_CSV, spyParquet(spyFile))).to.deep.equal([0, 0]);
    });

    it('readParquet(f) returns the values DuckDB reads from f, bit for bit and in stored order', async () => {
      const table = readParquet(spyFile);
      expectTableEqualsDuck(table, await duckRows(spyFile, SPY_COLUMNS), 'SPY');
    });

    it('readParquet(writeParquet(importOhlcv(SPY csv))) equals the imported table value for value (Object.is)', () => {
      const back = readParquet(spyFile);
      expect(back.columnNames()).to.deep.equal(spy.columnNames());
      for (const name of SPY_COLUMNS) expectSameValues(values(back, name), values(spy, name), `SPY.${name}`);
    });

    it('writeParquet(readParquet(f)) reproduces f byte for byte on the real SPY file', () => {
      const again = path.join(dir, 'spy-again.parquet');
      writeParquet(readParquet(spyFile), again);
      expect(Buffer.compare(fs.readFileSync(again), fs.readFileSync(spyFile))).to.equal(0);
    });

    it('readParquet(f) decodes date as Arrow date32 (days), prices as float64 and volume as int64', () => {
      const table = readParquet(spyFile);
      expect(arrowType(table, 'date')).to.include({ typeId: Type.Date, unit: DateUnit.DAY });
      for (const name of ['open', 'high', 'low', 'close', 'adj_close'])
        expect(arrowType(table, name), name).to.include({ typeId: Type.Float, precision: Precision.DOUBLE });
      expect(arrowType(table, 'volume')).to.include({ typeId: Type.Int, bitWidth: 64, signed: true });
    });
  });

  describe('exact round trip on a synthetic table with NaN', () => {
    it('writeParquet(t) stores NaN, ±0, ±Infinity, subnormals and MAX_VALUE that DuckDB reads back bit for bit', async () => {
      const file = path.join(dir, 'synthetic.parquet');
      writeParquet(syntheticTable(), file);
      expect(await describeTypes(file)).to.deep.equal({
        symbol: 'VARCHAR',
        date: 'DATE',
        open: 'DOUBLE',
        close: 'DOUBLE',
        volume: 'BIGINT',
      });
      expectTableEqualsDuck(
        aq.table({
          symbol: ['AAPL', 'BRK.B', '^GSPC', 'AAPL', 'Zürich', 'X'],
          date: [
            Date.UTC(2018, 1, 7),
            -DAY_MS,
            Date.UTC(1900, 0, 1),
            Date.UTC(2038, 0, 20),
            0,
            Date.UTC(2000, 1, 29),
          ],
          open: [NaN, -0, 0, 5e-324, Number.MAX_VALUE, -Infinity],
          close: [0.1 + 0.2, 1 / 3, Infinity, NaN, -2.2250738585072014e-308, 159.54],
          volume: [0, 1, 9007199254740991, 3, 51608580, 100],
        }),
        await duckRows(file, ['symbol', 'date', 'open', 'close', 'volume']),
        'synthetic (DuckDB)',
      );
      expectSameValues(
        values(readParquet(file), 'date', true),
        ['2018-02-07', '1969-12-31', '1900-01-01', '2038-01-20', '1970-01-01', '2000-02-29'],
        'synthetic.date',
      );
    });

    it('readParquet(writeParquet(t)) returns every value of the synthetic table (Object.is, NaN and -0 kept)', () => {
      const file = path.join(dir, 'synthetic-rt.parquet');
      const table = syntheticTable();
      writeParquet(table, file);
      const back = readParquet(file);
      expect(back.columnNames()).to.deep.equal(table.columnNames());
      for (const name of table.columnNames()) expectSameValues(values(back, name), values(table, name), name);
    });

    it('writeParquet(readParquet(f)) reproduces f byte for byte on the synthetic table with NaN', () => {
      const a = path.join(dir, 'synthetic-a.parquet');
      const b = path.join(dir, 'synthetic-b.parquet');
      writeParquet(syntheticTable(), a);
      writeParquet(readParquet(a), b);
      expect(Buffer.compare(fs.readFileSync(a), fs.readFileSync(b))).to.equal(0);
    });

    it('writeParquet stores volume as DOUBLE when a value is fractional or NaN, keeping the values (DuckDB)', async () => {
      const fractional = path.join(dir, 'volume-fractional.parquet');
      const withNaN = path.join(dir, 'volume-nan.parquet');
      writeParquet(aq.table({ volume: [1.5, 2, 1e6] }), fractional);
      writeParquet(aq.table({ volume: [1, NaN, 3] }), withNaN);
      expect(await describeTypes(fractional)).to.deep.equal({ volume: 'DOUBLE' });
      expect(await describeTypes(withNaN)).to.deep.equal({ volume: 'DOUBLE' });
      expectSameValues((await duckRows(fractional, ['volume'])).volume, [1.5, 2, 1e6], 'fractional');
      expectSameValues((await duckRows(withNaN, ['volume'])).volume, [1, NaN, 3], 'withNaN');
      expectSameValues(values(readParquet(withNaN), 'volume'), [1, NaN, 3], 'readParquet withNaN');
    });
  });

  describe('readParquet(f, { columns })', () => {
    it("readParquet(spy, { columns: ['close', 'symbol', 'date'] }) returns only those columns, in that order", async () => {
      const table = readParquet(spyFile, { columns: ['close', 'symbol', 'date'] });
      expectTableEqualsDuck(table, await duckRows(spyFile, ['close', 'symbol', 'date']), 'SPY columns');
    });

    it("readParquet(spy, { columns: ['close', 'Close', 'nope'] }) throws SchemaError naming the unknown columns and listing the file's", () => {
      expectThrowsError(
        () => readParquet(spyFile, { columns: ['close', 'Close', 'nope'] }),
        SchemaError,
        (err) => {
          expect(err.message).to.include('"Close"').and.include('"nope"').and.not.include('"close"');
          for (const name of SPY_COLUMNS) expect(err.message).to.include(name);
          expect(err.file).to.equal(spyFile);
        },
      );
    });

    it("readParquet(f, { columns: ['close', 'date'] }) reads a file without string columns", async () => {
      const file = path.join(dir, 'numeric-only.parquet');
      writeParquet(spy.select('date', 'open', 'close', 'volume'), file);
      const table = readParquet(file, { columns: ['close', 'date'] });
      expectTableEqualsDuck(table, await duckRows(file, ['close', 'date']), 'numeric-only columns');
    });
  });

  describe('compression codecs', () => {
    const codecs: [ParquetCompression, string][] = [
      ['zstd', 'ZSTD'],
      ['snappy', 'SNAPPY'],
      ['lz4', 'LZ4_RAW'],
      ['gzip', 'GZIP'],
      ['none', 'UNCOMPRESSED'],
    ];
    for (const [codec, duckName] of codecs)
      it(`writeParquet(spy, f, { compression: '${codec}' }) writes ${duckName} pages that read back exactly`, async () => {
        const file = path.join(dir, `spy-${codec}.parquet`);
        writeParquet(spy, file, { compression: codec });
        const used = await duck(`SELECT DISTINCT compression FROM parquet_metadata('${sqlPath(file)}')`);
        expect(used.compression).to.deep.equal([duckName]);
        expect(await symmetricDifference(SPY_FROM_CSV, spyParquet(file))).to.deep.equal([0, 0]);
        const back = readParquet(file);
        for (const name of SPY_COLUMNS)
          expectSameValues(values(back, name), values(spy, name), `${codec}.${name}`);
      });
  });

  describe('files written by DuckDB', () => {
    it('readParquet(DuckDB file) maps DATE to epoch-ms days, keeps NaN and -0, and turns NULL into null', async () => {
      const file = path.join(dir, 'duck-literals.parquet');
      await con.run(
        `COPY (SELECT * FROM (VALUES
           ('AAPL', DATE '2018-02-07', 159.54::DOUBLE, 'NaN'::DOUBLE, 51608580::BIGINT),
           ('BRK.B', DATE '1969-12-31', NULL, -0.0::DOUBLE, NULL),
           ('^GSPC', DATE '2012-01-03', 1277.06005859375::DOUBLE, 'Infinity'::DOUBLE, 3943710000::BIGINT)
         ) t(symbol, date, close, x, volume)) TO '${sqlPath(file)}' (FORMAT parquet)`,
      );
      const table = readParquet(file);
      expect(table.columnNames()).to.deep.equal(['symbol', 'date', 'close', 'x', 'volume']);
      expectSameValues(values(table, 'symbol'), ['AAPL', 'BRK.B', '^GSPC'], 'symbol');
      expectSameValues(values(table, 'date'), [Date.UTC(2018, 1, 7), -DAY_MS, Date.UTC(2012, 0, 3)], 'date');
      expectSameValues(values(table, 'close'), [159.54, null, 1277.06005859375], 'close');
      expectSameValues(values(table, 'x'), [NaN, -0, Infinity], 'x');
      expectSameValues(values(table, 'volume'), [51608580, null, 3943710000], 'volume');
    });

    it("readParquet(DuckDB's COPY of the SPY CSV) equals importOhlcv(SPY csv) value for value", async () => {
      const file = path.join(dir, 'spy-duckdb.parquet');
      await con.run(`COPY (${SPY_FROM_CSV} ORDER BY date) TO '${sqlPath(file)}' (FORMAT parquet)`);
      const table = readParquet(file);
      expect(table.columnNames()).to.deep.equal(SPY_COLUMNS);
      for (const name of SPY_COLUMNS)
        expectSameValues(values(table, name), values(spy, name), `duck SPY.${name}`);
    });

    it("readParquet(DuckDB file, { columns: ['volume', 'symbol'] }) decodes only those columns", async () => {
      const file = path.join(dir, 'spy-duckdb-cols.parquet');
      await con.run(`COPY (${SPY_FROM_CSV} ORDER BY date) TO '${sqlPath(file)}' (FORMAT parquet)`);
      const table = readParquet(file, { columns: ['volume', 'symbol'] });
      expect(table.columnNames()).to.deep.equal(['volume', 'symbol']);
      expectSameValues(values(table, 'volume'), values(spy, 'volume'), 'volume');
      expectSameValues(values(table, 'symbol'), values(spy, 'symbol'), 'symbol');
    });
  });

  describe('bad input', () => {
    /** Writes `bytes` to a fresh file and returns its path. */
    function badFile(name: string, bytes: Uint8Array): string {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      return file;
    }

    const spyBytes = () => fs.readFileSync(spyFile);

    const corruptCases: [string, () => Uint8Array][] = [
      ['4 KiB of random bytes', () => noiseBytes(4096, 'random')],
      ['the real SPY file truncated in the middle', () => spyBytes().subarray(0, spyBytes().length >> 1)],
      [
        'the real SPY file without its footer magic PAR1',
        () => spyBytes().subarray(0, spyBytes().length - 4),
      ],
      [
        'the real SPY file with bytes 100..2000 of its data pages inverted',
        () => {
          const b = Buffer.from(spyBytes());
          for (let i = 100; i < 2000; i++) b[i] ^= 0xff;
          return b;
        },
      ],
    ];

    corruptCases.forEach(([label, make], k) =>
      it(`readParquet(${label}) throws DataFormatError naming the file`, () => {
        const file = badFile(`corrupt-${k}.parquet`, make());
        expectThrowsError(
          () => readParquet(file),
          DataFormatError,
          (err) => {
            expect(err.file).to.equal(file);
            expect(err.message).to.include(file).and.include('not a valid Parquet file');
          },
        );
      }),
    );

    it("readParquet(truncated file, { columns: ['close'] }) throws DataFormatError naming the file", () => {
      const file = badFile('truncated-cols.parquet', spyBytes().subarray(0, spyBytes().length >> 1));
      expectThrowsError(
        () => readParquet(file, { columns: ['close'] }),
        DataFormatError,
        (err) => {
          expect(err.file).to.equal(file);
          expect(err.message).to.include(file);
        },
      );
    });

    it('readParquet / writeParquet still work after the corrupt files above (parquet-wasm is not left broken)', () => {
      for (const [, make] of corruptCases) expect(() => readParquet(make())).to.throw(DataFormatError);
      const table = readParquet(spyFile, { columns: ['date', 'close'] });
      expect(table.numRows()).to.equal(1760);
      expectSameValues(values(table, 'close'), values(spy, 'close'), 'close');
      const again = path.join(dir, 'spy-after-corrupt.parquet');
      writeParquet(spy, again);
      expect(Buffer.compare(fs.readFileSync(again), fs.readFileSync(spyFile))).to.equal(0);
    });

    it('readParquet(empty file) throws DataFormatError naming the file', () => {
      const file = badFile('empty.parquet', new Uint8Array(0));
      expectThrowsError(
        () => readParquet(file),
        DataFormatError,
        (err) => {
          expect(err.file).to.equal(file);
          expect(err.message).to.include('empty').and.include(file);
        },
      );
    });

    it('readParquet(missing path) throws NotFoundError naming the path', () => {
      const file = path.join(dir, 'no-such-dir', 'missing.parquet');
      expectThrowsError(
        () => readParquet(file),
        NotFoundError,
        (err) => {
          expect(err.file).to.equal(file);
          expect(err.message).to.include(file);
        },
      );
    });

    it('readParquet(directory) throws DataFormatError naming the directory', () => {
      expectThrowsError(
        () => readParquet(dir),
        DataFormatError,
        (err) => expect(err.file).to.equal(dir),
      );
    });

    it('writeParquet(table with a column of objects) throws SchemaError naming the column and writes nothing', () => {
      const file = path.join(dir, 'objects', 'never.parquet');
      const table = aq.table({ symbol: ['A', 'B'], meta: [null, { sector: 'Energy' }] });
      expectThrowsError(
        () => writeParquet(table, file),
        SchemaError,
        (err) => expect(err.message).to.include('"meta"').and.not.include('"symbol"'),
      );
      expect(fs.existsSync(file)).to.equal(false);
      expect(fs.existsSync(path.dirname(file)) ? fs.readdirSync(path.dirname(file)) : []).to.deep.equal([]);
    });

    it('writeParquet(table that fails to encode, existing f) leaves f with its old bytes and no temp file', () => {
      const file = path.join(dir, 'atomic', 'keep.parquet');
      writeParquet(spy, file);
      const old = fs.readFileSync(file);
      expect(() => writeParquet(aq.table({ meta: [[1, 2]] }), file)).to.throw(SchemaError, '"meta"');
      expect(Buffer.compare(fs.readFileSync(file), old)).to.equal(0);
      expect(fs.readdirSync(path.dirname(file))).to.deep.equal(['keep.parquet']);
    });

    it("writeParquet(table with a string among close's numbers) throws SchemaError naming the column instead of storing NaN", () => {
      const file = path.join(dir, 'mixed.parquet');
      const table = aq.table({ date: [0, DAY_MS, 2 * DAY_MS], close: [1.5, 'n/a', 3] });
      expectThrowsError(
        () => writeParquet(table, file),
        SchemaError,
        (err) => expect(err.message).to.include('"close"'),
      );
      expect(fs.existsSync(file)).to.equal(false);
    });
  });
});
