/**
 * writeDataset / readDataset (hive-partitioned Parquet, `dir/symbol=AAPL/part-0.parquet`) against DuckDB
 * (`@duckdb/node-api`): DuckDB reads quantbook's datasets with `hive_partitioning`, writes its own with
 * `COPY … (FORMAT parquet, PARTITION_BY (symbol))`, and selects the expected rows from the source CSVs.
 *
 * Reference values:
 * - ../shared/data/PROVENANCE.md §1 (`all_stocks_5yr.csv.gz`): 619,040 rows, 505 tickers (BF.B and BRK.B
 *   among them), `Name` is the ticker, `open`/`high`/`low` have empty cells (read as NaN by importOhlcv,
 *   NULL by DuckDB: compared with `coalesce(x, 'NaN')`); §2 (`GSPC_daily_2012-2018.csv.gz`): ^GSPC,
 *   2012-01-03..2018-12-31.
 * - Rows written out by hand below are copied from those CSV files (AAPL 2018-02-01..06, ^GSPC
 *   2012-01-03..05 and 2018-12-24..31).
 * - Folder names: Hive/Spark/DuckDB escape `^` as `%5E` and keep `.`; DuckDB's own PARTITION_BY output
 *   for the same symbols is the reference.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type JS } from '@duckdb/node-api';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { expect } from 'chai';
import { readDataset, writeDataset, type ReadDatasetOptions } from '../../src/data/dataset.js';
import { importOhlcv } from '../../src/data/import.js';
import { DataFormatError, NotFoundError, SchemaError } from '../../src/util/errors.js';

const DATA_DIR = process.env.QUANTBOOK_DATA ?? path.resolve('../shared/data');
const STOCKS_CSV = path.join(DATA_DIR, 'all_stocks_5yr.csv.gz');
const GSPC_CSV = path.join(DATA_DIR, 'GSPC_daily_2012-2018.csv.gz');
const OHLCV = ['symbol', 'date', 'open', 'high', 'low', 'close', 'volume'];
const SMALL_STOCKS = ['AAP', 'AAPL', 'BF.B', 'BRK.B'];

function sqlPath(p: string): string {
  return p.replaceAll("'", "''");
}

function sqlList(values: readonly string[]): string {
  return values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
}

/**
 * DuckDB tables holding the source CSVs as panels, created once per run by {@link SOURCE_TABLES_SQL}:
 * `src_stocks` (all_stocks_5yr, NULL prices → NaN as importOhlcv reads empty cells) and `src_gspc` (^GSPC).
 */
const SOURCE_TABLES_SQL = `
  CREATE TABLE src_stocks AS SELECT Name AS symbol, date, coalesce(open, 'NaN'::DOUBLE) AS open,
    coalesce(high, 'NaN'::DOUBLE) AS high, coalesce(low, 'NaN'::DOUBLE) AS low,
    coalesce(close, 'NaN'::DOUBLE) AS close, volume
  FROM read_csv('${sqlPath(STOCKS_CSV)}', header = true, columns = {'date': 'DATE', 'open': 'DOUBLE',
    'high': 'DOUBLE', 'low': 'DOUBLE', 'close': 'DOUBLE', 'volume': 'BIGINT', 'Name': 'VARCHAR'});
  CREATE TABLE src_gspc AS SELECT '^GSPC' AS symbol, "Date" AS date, "Open" AS open, "High" AS high,
    "Low" AS low, "Close" AS close, "Volume" AS volume
  FROM read_csv('${sqlPath(GSPC_CSV)}', header = true, columns = {'Date': 'DATE', 'Open': 'DOUBLE',
    'High': 'DOUBLE', 'Low': 'DOUBLE', 'Close': 'DOUBLE', 'Adj Close': 'DOUBLE', 'Volume': 'BIGINT'});`;

/** The source rows of `stocks` (or all of them), plus ^GSPC when asked. */
function sourceSql(stocks: readonly string[] | 'all', withGspc: boolean): string {
  const stockRows = `SELECT * FROM src_stocks${stocks === 'all' ? '' : ` WHERE symbol IN (${sqlList(stocks)})`}`;
  return withGspc ? `${stockRows} UNION ALL SELECT * FROM src_gspc` : stockRows;
}

/** DuckDB's reading of a hive-partitioned dataset directory (one level, `symbol=…`). */
function hiveSql(dir: string): string {
  return `SELECT ${OHLCV.join(', ')} FROM read_parquet('${sqlPath(dir)}/*/*.parquet',
    hive_partitioning = true, hive_types = {'symbol': VARCHAR})`;
}

function isoDay(ms: unknown): unknown {
  return typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : ms;
}

function show(v: unknown): string {
  return Object.is(v, -0) ? '-0' : typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Asserts two sequences hold the same values in the same order (Object.is: NaN and -0 exact). */
function expectSameValues(actual: ArrayLike<unknown>, expected: ArrayLike<unknown>, what: string): void {
  expect(actual.length, `${what}: length`).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++)
    if (!Object.is(actual[i], expected[i]))
      expect.fail(`${what}[${i}]: got ${show(actual[i])}, expected ${show(expected[i])}`);
}

function values(table: ColumnTable, name: string, asDays = false): unknown[] {
  const out = Array.from(table.array(name) as ArrayLike<unknown>);
  return asDays ? out.map(isoDay) : out;
}

/** Asserts `table` equals DuckDB's result column by column (BIGINT → number, dates as `YYYY-MM-DD`). */
function expectTableEqualsDuck(table: ColumnTable, duck: Record<string, JS[]>, what: string): void {
  expect(table.columnNames(), `${what}: columns`).to.deep.equal(Object.keys(duck));
  for (const [name, col] of Object.entries(duck))
    expectSameValues(
      values(table, name, name === 'date'),
      col.map((v) => (typeof v === 'bigint' ? Number(v) : v)),
      `${what}.${name}`,
    );
}

/** Every file under `dir`: relative path → sha256 of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(dir, rel);
    if (fs.statSync(full).isFile())
      out[rel] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
  }
  return out;
}

/** Deterministic pseudo-random bytes (SHA-256 in counter mode). */
function noiseBytes(n: number, seed: string): Uint8Array {
  const out = Buffer.alloc(n);
  for (let k = 0, o = 0; o < n; k++) o += createHash('sha256').update(`${seed}:${k}`).digest().copy(out, o);
  return out;
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

/** The table's columns as plain arrays (to build modified copies). */
function columnsOf(table: ColumnTable): Record<string, unknown[]> {
  return Object.fromEntries(table.columnNames().map((c) => [c, values(table, c)]));
}

describe('data/dataset writeDataset / readDataset', function () {
  this.timeout(180_000);
  let root: string;
  let db: DuckDBInstance;
  let con: DuckDBConnection;
  /** The real panel, importOhlcv(all_stocks_5yr.csv.gz). */
  let panel: ColumnTable;
  /** AAP, AAPL, BF.B, BRK.B from the panel plus ^GSPC, in (symbol, date) order. */
  let small: ColumnTable;
  let smallDir: string;

  async function duck(sql: string): Promise<Record<string, JS[]>> {
    return (await con.runAndReadAll(sql)).getColumnsObjectJS();
  }

  /** Rows of `fromSql` matching `where`, ordered by (symbol, date), as `columns` (dates as `YYYY-MM-DD`). */
  async function duckPanel(fromSql: string, where: string, columns = OHLCV): Promise<Record<string, JS[]>> {
    const list = columns.map((c) => (c === 'date' ? `strftime(t.date, '%Y-%m-%d') AS date` : `t.${c}`));
    return duck(`SELECT ${list.join(', ')} FROM (${fromSql}) t WHERE ${where} ORDER BY t.symbol, t.date`);
  }

  async function symmetricDifference(a: string, b: string): Promise<[number, number]> {
    const count = async (x: string, y: string) =>
      Number(
        (await duck(`SELECT count(*) AS n FROM (SELECT * FROM (${x}) EXCEPT ALL SELECT * FROM (${y}))`)).n[0],
      );
    return [await count(a, b), await count(b, a)];
  }

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-dataset-'));
    db = await DuckDBInstance.create(':memory:');
    con = await db.connect();
    await con.run(SOURCE_TABLES_SQL);
    panel = importOhlcv(STOCKS_CSV);
    const symbols = panel.array('symbol') as ArrayLike<string>;
    const keep = new Set(SMALL_STOCKS);
    const rows: number[] = [];
    for (let i = 0; i < symbols.length; i++) if (keep.has(symbols[i])) rows.push(i);
    const gspc = importOhlcv(GSPC_CSV, { symbol: '^GSPC' }).select(OHLCV);
    small = panel.reify(rows).concat(gspc);
    smallDir = path.join(root, 'small');
    writeDataset(small, smallDir);
  });

  after(() => {
    con?.closeSync();
    db?.closeSync();
    fs.rmSync(root, { recursive: true, force: true });
  });

  describe('hive layout', () => {
    it('writeDataset(table, dir) writes one symbol=<value>/part-0.parquet per symbol, folders named as DuckDB names them', async () => {
      const duckDir = path.join(root, 'duck-layout');
      await con.run(
        `COPY (${sourceSql(SMALL_STOCKS, true)}) TO '${sqlPath(duckDir)}' (FORMAT parquet, PARTITION_BY (symbol))`,
      );
      const folders = fs.readdirSync(smallDir).sort();
      expect(folders).to.deep.equal([
        'symbol=%5EGSPC',
        'symbol=AAP',
        'symbol=AAPL',
        'symbol=BF.B',
        'symbol=BRK.B',
      ]);
      expect(folders).to.deep.equal(fs.readdirSync(duckDir).sort());
      for (const folder of folders)
        expect(fs.readdirSync(path.join(smallDir, folder)), folder).to.deep.equal(['part-0.parquet']);
    });

    it('writeDataset(table, dir) part files hold every column but the partition key, typed DATE/DOUBLE/BIGINT (DuckDB DESCRIBE)', async () => {
      const part = path.join(smallDir, 'symbol=BRK.B', 'part-0.parquet');
      const rows = (
        await con.runAndReadAll(
          `DESCRIBE SELECT * FROM read_parquet('${sqlPath(part)}', hive_partitioning = false)`,
        )
      ).getRowObjectsJson();
      expect(rows.map((r) => [r.column_name, r.column_type])).to.deep.equal([
        ['date', 'DATE'],
        ['open', 'DOUBLE'],
        ['high', 'DOUBLE'],
        ['low', 'DOUBLE'],
        ['close', 'DOUBLE'],
        ['volume', 'BIGINT'],
      ]);
    });

    it('DuckDB read_parquet(hive_partitioning) of writeDataset(table, dir) returns the source CSV rows, symbols decoded from folder names', async () => {
      expect(await symmetricDifference(sourceSql(SMALL_STOCKS, true), hiveSql(smallDir))).to.deep.equal([
        0, 0,
      ]);
      // Control: the comparison sees a missing day (one row per symbol on 2018-02-07).
      const lessOneDay = `${hiveSql(smallDir)} WHERE date <> DATE '2018-02-07'`;
      expect(await symmetricDifference(sourceSql(SMALL_STOCKS, true), lessOneDay)).to.deep.equal([5, 0]);
      const symbols = await duck(`SELECT DISTINCT symbol FROM (${hiveSql(smallDir)}) ORDER BY symbol`);
      expect(symbols.symbol).to.deep.equal(['AAP', 'AAPL', 'BF.B', 'BRK.B', '^GSPC']);
    });
  });

  describe('readDataset(dir, options)', () => {
    it('readDataset(dir) returns all rows sorted by (symbol, date), equal to DuckDB ORDER BY symbol, date', async () => {
      const table = readDataset(smallDir);
      expectTableEqualsDuck(table, await duckPanel(sourceSql(SMALL_STOCKS, true), 'true'), 'all');
    });

    const cases: [string, ReadDatasetOptions, string][] = [
      ["{ symbols: ['BRK.B', '^GSPC'] }", { symbols: ['BRK.B', '^GSPC'] }, `t.symbol IN ('BRK.B', '^GSPC')`],
      [
        "{ start: '2018-02-07', end: '2018-02-07' }",
        { start: '2018-02-07', end: '2018-02-07' },
        `t.date = DATE '2018-02-07'`,
      ],
      [
        "{ symbols: ['AAPL', 'BF.B'], start: '2016-01-01', end: '2016-12-31' }",
        { symbols: ['AAPL', 'BF.B'], start: '2016-01-01', end: '2016-12-31' },
        `t.symbol IN ('AAPL', 'BF.B') AND t.date BETWEEN DATE '2016-01-01' AND DATE '2016-12-31'`,
      ],
      [
        '{ start: Date.UTC(2017, 11, 29) } (epoch-ms)',
        { start: Date.UTC(2017, 11, 29) },
        `t.date >= DATE '2017-12-29'`,
      ],
      [
        '{ end: new Date(Date.UTC(2013, 1, 11)) }',
        { end: new Date(Date.UTC(2013, 1, 11)) },
        `t.date <= DATE '2013-02-11'`,
      ],
    ];
    for (const [label, options, where] of cases)
      it(`readDataset(dir, ${label}) returns the rows DuckDB selects with ${where}`, async () => {
        const expected = await duckPanel(sourceSql(SMALL_STOCKS, true), where);
        expect(expected.symbol.length, 'the case selects some rows').to.be.greaterThan(0);
        expectTableEqualsDuck(readDataset(smallDir, options), expected, label);
      });

    it("readDataset(dir, { symbols: ['AAPL'], start: '2018-02-01', end: '2018-02-06' }) keeps both ends: 4 trading days", () => {
      const table = readDataset(smallDir, { symbols: ['AAPL'], start: '2018-02-01', end: '2018-02-06' });
      // all_stocks_5yr.csv.gz, AAPL lines 2018-02-01..2018-02-06 (02-03 and 02-04 are a weekend).
      expectSameValues(
        values(table, 'date', true),
        ['2018-02-01', '2018-02-02', '2018-02-05', '2018-02-06'],
        'date',
      );
      expectSameValues(values(table, 'close'), [167.78, 160.5, 156.49, 163.03], 'close');
      expectSameValues(values(table, 'volume'), [47230787, 86593825, 72738522, 68243838], 'volume');
      expectSameValues(values(table, 'symbol'), ['AAPL', 'AAPL', 'AAPL', 'AAPL'], 'symbol');
    });

    it('readDataset(dir, { start, end }) gives the same rows for strings, epoch-ms (even mid-day) and Dates', () => {
      const bySymbol = { symbols: ['AAPL'] };
      const strings = readDataset(smallDir, { ...bySymbol, start: '2018-02-01', end: '2018-02-06' });
      const epochMs = readDataset(smallDir, {
        ...bySymbol,
        start: Date.UTC(2018, 1, 1),
        end: Date.UTC(2018, 1, 6, 15, 30),
      });
      const dates = readDataset(smallDir, {
        ...bySymbol,
        start: new Date(Date.UTC(2018, 1, 1)),
        end: new Date(Date.UTC(2018, 1, 6)),
      });
      for (const other of [epochMs, dates])
        for (const name of OHLCV) expectSameValues(values(other, name), values(strings, name), name);
      expect(strings.numRows()).to.equal(4);
    });

    it("readDataset(dir, { symbols: ['^GSPC'], end: '2012-01-05' }) returns the index's first three days", () => {
      const table = readDataset(smallDir, { symbols: ['^GSPC'], end: '2012-01-05' });
      // GSPC_daily_2012-2018.csv.gz, lines 2..4.
      expectSameValues(values(table, 'date', true), ['2012-01-03', '2012-01-04', '2012-01-05'], 'date');
      expectSameValues(
        values(table, 'close'),
        [1277.06005859375, 1277.300048828125, 1281.06005859375],
        'close',
      );
    });

    it("readDataset(dir, { columns: ['date', 'close', 'symbol'] }) returns those columns in that order", async () => {
      const table = readDataset(smallDir, { columns: ['date', 'close', 'symbol'] });
      expectTableEqualsDuck(
        table,
        await duckPanel(sourceSql(SMALL_STOCKS, true), 'true', ['date', 'close', 'symbol']),
        'cols',
      );
    });

    it("readDataset(dir, { symbols: ['AAPL'], columns: ['close'], start, end }) filters on date without returning it", () => {
      const table = readDataset(smallDir, {
        symbols: ['AAPL'],
        columns: ['close'],
        start: '2018-02-01',
        end: '2018-02-06',
      });
      expect(table.columnNames()).to.deep.equal(['close']);
      expectSameValues(values(table, 'close'), [167.78, 160.5, 156.49, 163.03], 'close');
    });

    it("readDataset(dir, { columns: ['close', 'nope'] }) throws SchemaError naming the unknown column", () => {
      const err = caught(() => readDataset(smallDir, { columns: ['close', 'nope'] }));
      expect(err).to.be.instanceOf(SchemaError);
      expect((err as SchemaError).message).to.include('nope');
    });

    it("readDataset(dir, { symbols: ['AAPL', 'NOPE'] }) throws NotFoundError naming the absent symbol", () => {
      const err = caught(() => readDataset(smallDir, { symbols: ['AAPL', 'NOPE'] }));
      expect(err).to.be.instanceOf(NotFoundError);
      expect((err as NotFoundError).message)
        .to.include('NOPE')
        .and.not.include('AAPL,');
      expect((err as NotFoundError).file).to.equal(smallDir);
    });

    it("readDataset(dir, { symbols: ['AAPL'] }) opens only AAPL's files: a corrupt BRK.B partition does not matter", async () => {
      const copy = path.join(root, 'corrupt-brk');
      fs.cpSync(smallDir, copy, { recursive: true });
      const bad = path.join(copy, 'symbol=BRK.B', 'part-0.parquet');
      fs.writeFileSync(bad, noiseBytes(4096, 'brk'));
      const table = readDataset(copy, { symbols: ['AAPL'] });
      expectTableEqualsDuck(table, await duckPanel(sourceSql(['AAPL'], false), 'true'), 'AAPL');
    });

    it('readDataset(dir) with a corrupt partition throws DataFormatError naming the corrupt part file', () => {
      const copy = path.join(root, 'corrupt-all');
      fs.cpSync(smallDir, copy, { recursive: true });
      const bad = path.join(copy, 'symbol=BRK.B', 'part-0.parquet');
      const good = fs.readFileSync(bad);
      fs.writeFileSync(bad, good.subarray(0, good.length >> 1));
      const err = caught(() => readDataset(copy));
      expect(err).to.be.instanceOf(DataFormatError);
      expect((err as DataFormatError).file).to.equal(bad);
      expect((err as DataFormatError).message).to.include(bad);
    });

    it('readDataset(missing dir) throws NotFoundError naming the directory', () => {
      const missing = path.join(root, 'no-such-dataset');
      const err = caught(() => readDataset(missing));
      expect(err).to.be.instanceOf(NotFoundError);
      expect((err as NotFoundError).file).to.equal(missing);
      expect((err as NotFoundError).message).to.include(missing);
    });

    it('readDataset(a file, or a directory without Parquet files) throws NotFoundError', () => {
      const empty = path.join(root, 'empty-dataset');
      fs.mkdirSync(path.join(empty, 'symbol=AAPL'), { recursive: true });
      fs.writeFileSync(path.join(empty, 'README.txt'), 'not parquet');
      for (const target of [empty, path.join(empty, 'README.txt')]) {
        const err = caught(() => readDataset(target));
        expect(err, target).to.be.instanceOf(NotFoundError);
        expect((err as NotFoundError).file).to.equal(target);
      }
    });

    it('readDataset(dir) returns a Parquet null the same way whether it reads one partition or several', async () => {
      const dir = path.join(root, 'duck-nulls');
      await con.run(
        `COPY (SELECT * FROM (VALUES ('A', DATE '2018-01-02', 1.5), ('A', DATE '2018-01-03', NULL),
           ('B', DATE '2018-01-02', 2.5), ('B', DATE '2018-01-03', NULL)) t(symbol, date, close))
         TO '${sqlPath(dir)}' (FORMAT parquet, PARTITION_BY (symbol))`,
      );
      const one = readDataset(dir, { symbols: ['B'] });
      const all = readDataset(dir);
      expectSameValues(values(all, 'symbol'), ['A', 'A', 'B', 'B'], 'symbol');
      expectSameValues(values(all, 'close').slice(2), values(one, 'close'), 'B.close');
    });
  });

  describe('datasets written by DuckDB (COPY … PARTITION_BY (symbol))', () => {
    let duckDir: string;
    before(async () => {
      duckDir = path.join(root, 'duck-ds');
      await con.run(
        `COPY (${sourceSql(SMALL_STOCKS, true)}) TO '${sqlPath(duckDir)}' (FORMAT parquet, PARTITION_BY (symbol))`,
      );
    });

    it('readDataset(DuckDB dataset) returns the source rows sorted by (symbol, date), ^GSPC decoded from %5EGSPC', async () => {
      expect(fs.readdirSync(duckDir)).to.include('symbol=%5EGSPC');
      expectTableEqualsDuck(
        readDataset(duckDir),
        await duckPanel(sourceSql(SMALL_STOCKS, true), 'true'),
        'duck',
      );
    });

    it("readDataset(DuckDB dataset, { symbols: ['^GSPC'], start: '2018-12-24', end: '2018-12-31' }) returns the last 5 index days", () => {
      const table = readDataset(duckDir, { symbols: ['^GSPC'], start: '2018-12-24', end: '2018-12-31' });
      // GSPC_daily_2012-2018.csv.gz, last five lines (2018-12-25 was a holiday).
      expectSameValues(
        values(table, 'date', true),
        ['2018-12-24', '2018-12-26', '2018-12-27', '2018-12-28', '2018-12-31'],
        'date',
      );
      expectSameValues(
        values(table, 'close'),
        [2351.10009765625, 2467.699951171875, 2488.830078125, 2485.739990234375, 2506.85009765625],
        'close',
      );
    });
  });

  describe('the real panel', () => {
    it('writeDataset(panel) → readDataset equals importOhlcv(all_stocks_5yr) in values and order; DuckDB sees 505 symbols, 619,040 CSV rows', async () => {
      const dir = path.join(root, 'panel');
      writeDataset(panel, dir);
      expect(fs.readdirSync(dir)).to.have.length(505);
      const counts = await duck(`SELECT count(*) AS n, count(DISTINCT symbol) AS k FROM (${hiveSql(dir)})`);
      expect([Number(counts.n[0]), Number(counts.k[0])]).to.deep.equal([619_040, 505]);
      expect(await symmetricDifference(sourceSql('all', false), hiveSql(dir))).to.deep.equal([0, 0]);
      const back = readDataset(dir);
      expect(back.columnNames()).to.deep.equal(panel.columnNames());
      for (const name of panel.columnNames()) expectSameValues(values(back, name), values(panel, name), name);
    });
  });

  describe('failed writes leave the old dataset intact', () => {
    let dir: string;
    let before_: Record<string, string>;
    beforeEach(() => {
      dir = path.join(root, 'atomic');
      fs.rmSync(dir, { recursive: true, force: true });
      writeDataset(small, dir);
      before_ = snapshot(dir);
    });

    it('writeDataset(table with a null symbol in its last row, existing dir) throws SchemaError and keeps every old file', () => {
      const cols = columnsOf(small);
      cols.symbol[cols.symbol.length - 1] = null;
      const err = caught(() => writeDataset(aq.table(cols), dir));
      expect(err).to.be.instanceOf(SchemaError);
      expect((err as SchemaError).message)
        .to.include(`row ${cols.symbol.length - 1}`)
        .and.include('symbol');
      expect(snapshot(dir)).to.deep.equal(before_);
      expect(fs.readdirSync(root).filter((f) => f.startsWith('.atomic.tmp-'))).to.deep.equal([]);
    });

    it('writeDataset(table whose last partition fails to encode, existing dir) throws SchemaError and keeps every old file', () => {
      const symbols = values(small, 'symbol');
      const meta = symbols.map((s, i) => (s === '^GSPC' ? { note: 'not storable' } : i));
      const err = caught(() => writeDataset(small.assign(aq.table({ meta })), dir));
      expect(err).to.be.instanceOf(SchemaError);
      expect((err as SchemaError).message).to.include('"meta"');
      expect(snapshot(dir)).to.deep.equal(before_);
      expect(fs.readdirSync(root).filter((f) => f.startsWith('.atomic.tmp-'))).to.deep.equal([]);
    });

    it('writeDataset(smaller table, existing dir) replaces the dataset: partitions of dropped symbols disappear', () => {
      const rows: number[] = [];
      values(small, 'symbol').forEach((s, i) => s === 'AAPL' && rows.push(i));
      writeDataset(small.reify(rows), dir);
      expect(fs.readdirSync(dir)).to.deep.equal(['symbol=AAPL']);
      expect(readDataset(dir).numRows()).to.equal(1259);
      expect(fs.readdirSync(root).filter((f) => f.startsWith('.atomic.tmp-'))).to.deep.equal([]);
    });
  });
});
