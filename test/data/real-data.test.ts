/**
 * importRealData(dataDir, out): imports the real data once (about 4 s) into a temporary directory and
 * checks what it wrote against ../shared/data/PROVENANCE.md: §1 (619,040 rows, 505 tickers, AAPL
 * 2013-02-08 close 67.8542, APTV 44 rows), §2 (^GSPC: 1,760 rows 2012-01-03..2018-12-31, Adj Close =
 * Close) and §3 (SPY: 1,760 rows, same dates); then that a second call is a no-op and that a missing
 * source is named.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { readDataset } from '../../src/data/dataset.js';
import { readParquet } from '../../src/data/parquet.js';
import {
  findProjectRoot,
  importRealData,
  loadRealData,
  type ImportRealDataResult,
} from '../../src/data/real-data.js';
import { NotFoundError } from '../../src/util/errors.js';

const DATA_DIR = process.env.QUANTBOOK_DATA
  ? path.resolve(process.env.QUANTBOOK_DATA)
  : path.resolve('../shared/data');

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

describe('data/real-data importRealData', function () {
  let tmp: string;
  let out: string;
  let first: ImportRealDataResult;
  const steps: [number, number][] = [];

  before(function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-real-data-'));
    out = path.join(tmp, 'data');
    first = importRealData(DATA_DIR, out, { onProgress: (step, total) => steps.push([step, total]) });
  });

  after(function () {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('importRealData(dataDir, out) writes ohlcv.parquet, the ohlcv/ dataset, market.parquet and manifest.json', function () {
    expect(first.upToDate).to.equal(false);
    expect(first.panelPath).to.equal(path.join(out, 'ohlcv.parquet'));
    expect(first.datasetDir).to.equal(path.join(out, 'ohlcv'));
    expect(first.marketPath).to.equal(path.join(out, 'market.parquet'));
    for (const p of [first.panelPath, first.marketPath, path.join(out, 'manifest.json')])
      expect(fs.statSync(p).isFile(), p).to.equal(true);
    expect(first.rows).to.equal(619_040);
    expect(steps).to.deep.equal([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });

  it('importRealData: ohlcv.parquet holds 619,040 rows of 505 symbols, 2013-02-08..2018-02-07', function () {
    const panel = readParquet(first.panelPath);
    expect(panel.columnNames()).to.deep.equal(['symbol', 'date', 'open', 'high', 'low', 'close', 'volume']);
    expect(panel.numRows()).to.equal(619_040);
    expect(new Set(Array.from(panel.array('symbol') as ArrayLike<string>)).size).to.equal(505);
    const dates = Array.from(panel.array('date') as ArrayLike<number>);
    expect(iso(Math.min(...new Set(dates)))).to.equal('2013-02-08');
    expect(iso(Math.max(...new Set(dates)))).to.equal('2018-02-07');
  });

  // Regression: parquetColumnNames once decoded the schema-only IPC stream with aq.fromArrow, which threw on
  // the dictionary-encoded symbol column, so readParquet's own @example below failed on this file.
  it("readParquet(ohlcv.parquet, {columns: ['symbol', 'date', 'close']}) reads the 619,040 rows of those columns", function () {
    const panel = readParquet(first.panelPath, { columns: ['symbol', 'date', 'close'] });
    expect(panel.columnNames()).to.deep.equal(['symbol', 'date', 'close']);
    expect(panel.numRows()).to.equal(619_040);
  });

  it('importRealData: the ohlcv/ dataset has one symbol= partition per ticker; AAPL and APTV read back as documented', function () {
    const partitions = fs.readdirSync(first.datasetDir).filter((f) => f.startsWith('symbol='));
    expect(partitions).to.have.length(505);
    const aapl = readDataset(first.datasetDir, { symbols: ['AAPL'] });
    expect(aapl.numRows()).to.equal(1259);
    const aaplDates = aapl.array('date') as ArrayLike<number>;
    expect(iso(aaplDates[0])).to.equal('2013-02-08');
    expect((aapl.array('close') as ArrayLike<number>)[0]).to.equal(67.8542);
    expect(readDataset(first.datasetDir, { symbols: ['APTV'] }).numRows()).to.equal(44);
  });

  it('importRealData: market.parquet holds SPY and ^GSPC, 1,760 rows each, 2012-01-03..2018-12-31, ^GSPC adj_close = close', function () {
    const market = readParquet(first.marketPath);
    expect(market.numRows()).to.equal(2 * 1760);
    const symbols = market.array('symbol') as ArrayLike<string>;
    const dates = market.array('date') as ArrayLike<number>;
    const close = market.array('close') as ArrayLike<number>;
    const adj = market.array('adj_close') as ArrayLike<number>;
    for (const s of ['SPY', '^GSPC']) {
      const rows = Array.from({ length: market.numRows() }, (_, i) => i).filter((i) => symbols[i] === s);
      expect(rows, s).to.have.length(1760);
      expect([iso(dates[rows[0]]), iso(dates[rows[rows.length - 1]])], s).to.deep.equal([
        '2012-01-03',
        '2018-12-31',
      ]);
      if (s === '^GSPC') for (const i of rows) expect(adj[i]).to.equal(close[i]);
    }
    expect(new Set(Array.from(symbols))).to.deep.equal(new Set(['SPY', '^GSPC']));
  });

  it('importRealData(dataDir, out) a second time returns upToDate true and rewrites nothing', function () {
    const watched = [
      first.panelPath,
      first.marketPath,
      path.join(out, 'manifest.json'),
      first.datasetDir,
      path.join(first.datasetDir, 'symbol=AAPL', 'part-0.parquet'),
    ];
    const before = watched.map((p) => fs.statSync(p).mtimeMs);
    const again = importRealData(DATA_DIR, out);
    expect(again).to.include({
      upToDate: true,
      rows: 619_040,
      panelPath: first.panelPath,
      datasetDir: first.datasetDir,
      marketPath: first.marketPath,
    });
    expect(watched.map((p) => fs.statSync(p).mtimeMs)).to.deep.equal(before);
  });

  it('importRealData(dir without GSPC_daily_2012-2018.csv.gz, out) throws a NotFoundError naming it and writes nothing', function () {
    const partial = path.join(tmp, 'partial');
    fs.mkdirSync(partial);
    for (const f of ['all_stocks_5yr.csv.gz', 'SPY_daily_2012-2018.csv.gz'])
      fs.symlinkSync(path.join(DATA_DIR, f), path.join(partial, f));
    const target = path.join(tmp, 'never');
    let err: unknown;
    try {
      importRealData(partial, target);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(NotFoundError);
    const e = err as NotFoundError;
    expect(e.code).to.equal('E_NOT_FOUND');
    expect(e.message).to.include('GSPC_daily_2012-2018.csv.gz not found');
    expect(e.file).to.equal(partial);
    expect(fs.existsSync(target)).to.equal(false);
  });
});

describe('data/real-data loadRealData and findProjectRoot', function () {
  let tmp: string;

  before(function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-load-real-'));
  });

  after(function () {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('findProjectRoot(<repo>/notebooks) is the repository root (package.json named quantbook); elsewhere it is cwd', function () {
    const root = path.resolve('.');
    expect(findProjectRoot(path.join(root, 'notebooks'))).to.equal(root);
    expect(findProjectRoot(root)).to.equal(root);
    expect(findProjectRoot(tmp)).to.equal(tmp);
  });

  it('loadRealData({ dataDir, outDir }) imports once, then reads Parquet: panel 619,040 rows, SPY + ^GSPC 3,520 rows, 505 sectors', function () {
    const outDir = path.join(tmp, 'data');
    const first = loadRealData({ dataDir: DATA_DIR, outDir, cwd: tmp });
    expect(first.imported).to.equal(true);
    expect(first.outDir).to.equal(outDir);
    expect(first.panel.numRows()).to.equal(619_040);
    expect(first.market.numRows()).to.equal(2 * 1_760);
    expect(first.sectors.size).to.equal(505);
    expect(first.sectors.get('AAPL')).to.equal('Information Technology');
    const again = loadRealData({ dataDir: DATA_DIR, outDir, cwd: tmp });
    expect(again.imported).to.equal(false);
    expect(again.panel.numRows()).to.equal(619_040);
  });

  it('loadRealData() without outDir uses $QUANTBOOK_PARQUET_DIR when set (quantbook demo --out)', function () {
    const outDir = path.join(tmp, 'data'); // imported by the test above: nothing is imported again
    const saved = process.env.QUANTBOOK_PARQUET_DIR;
    process.env.QUANTBOOK_PARQUET_DIR = outDir;
    try {
      const data = loadRealData({ dataDir: DATA_DIR, cwd: tmp });
      expect(data.outDir).to.equal(outDir);
      expect(data.imported).to.equal(false);
    } finally {
      if (saved === undefined) delete process.env.QUANTBOOK_PARQUET_DIR;
      else process.env.QUANTBOOK_PARQUET_DIR = saved;
    }
  });

  it('loadRealData({ dataDir: <empty dir> }) throws a NotFoundError naming the missing CSV', function () {
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    expect(() => loadRealData({ dataDir: empty, outDir: path.join(tmp, 'x'), cwd: tmp }))
      .to.throw(NotFoundError)
      .with.property('message')
      .that.includes('all_stocks_5yr.csv.gz not found');
  });
});
