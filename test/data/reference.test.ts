/**
 * Reference data: the market series and the sector map.
 *
 * Expected values: ../shared/data/PROVENANCE.md §2–§4 (1,760 rows 2012-01-03..2018-12-31 for SPY and
 * ^GSPC; 505 sector rows, one per ticker of all_stocks_5yr.csv.gz; the sector counts; the 7 fallback
 * rows), and the first data line of each gunzipped CSV read here with node:zlib (SPY 2012-01-03: Close
 * 127.500000, Adj Close 106.331924).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import * as aq from 'arquero';
import { expect } from 'chai';
import { importOhlcv } from '../../src/data/import.js';
import { marketSeries, readSectors } from '../../src/data/reference.js';
import { DataFormatError, NotFoundError, SchemaError } from '../../src/util/errors.js';

const DATA_DIR = process.env.QUANTBOOK_DATA
  ? path.resolve(process.env.QUANTBOOK_DATA)
  : path.resolve('../shared/data');
const SPY_FILE = path.join(DATA_DIR, 'SPY_daily_2012-2018.csv.gz');
const GSPC_FILE = path.join(DATA_DIR, 'GSPC_daily_2012-2018.csv.gz');
const SECTORS_FILE = path.join(DATA_DIR, 'sp500_sectors_2018.csv');

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const firstDataLine = (file: string): string[] =>
  zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n')[1].split(',');

describe('data/reference', function () {
  describe('marketSeries', function () {
    const market = importOhlcv([SPY_FILE, GSPC_FILE], {
      symbol: (file) => (path.basename(file).startsWith('GSPC') ? '^GSPC' : 'SPY'),
    });

    for (const [symbol, file] of [
      ['SPY', SPY_FILE],
      ['^GSPC', GSPC_FILE],
    ] as const)
      it(`marketSeries(market table, '${symbol}') holds its 1,760 closes, 2012-01-03..2018-12-31 (PROVENANCE.md)`, function () {
        const m = marketSeries(market, symbol);
        expect(m.date).to.be.instanceOf(Float64Array);
        expect(m.close).to.be.instanceOf(Float64Array);
        expect(m.date.length).to.equal(1760);
        expect(m.close.length).to.equal(1760);
        expect(m.date[0]).to.equal(day('2012-01-03'));
        expect(m.date[1759]).to.equal(day('2018-12-31'));
        for (let k = 1; k < m.date.length; k++) expect(m.date[k]).to.be.greaterThan(m.date[k - 1]);
        const [, , , , close] = firstDataLine(file);
        expect(m.close[0]).to.equal(Number(close));
      });

    it("marketSeries(market table, 'SPY', 'adj_close') takes the Adj Close column (106.331924 on 2012-01-03)", function () {
      const m = marketSeries(market, 'SPY', 'adj_close');
      expect(firstDataLine(SPY_FILE)[5]).to.equal('106.331924');
      expect(m.close[0]).to.equal(106.331924);
      expect(m.close.length).to.equal(1760);
    });

    it('marketSeries(table, symbol) sorts by date when the table is not sorted', function () {
      const t = aq.table({
        symbol: ['X', 'Y', 'X', 'X'],
        date: [day('2020-01-03'), day('2020-01-01'), day('2020-01-01'), day('2020-01-02')],
        close: [3, 99, 1, 2],
      });
      const m = marketSeries(t, 'X');
      expect(Array.from(m.date)).to.deep.equal([day('2020-01-01'), day('2020-01-02'), day('2020-01-03')]);
      expect(Array.from(m.close)).to.deep.equal([1, 2, 3]);
    });

    it("marketSeries(market table, 'QQQ') throws a SchemaError naming QQQ and the symbols present", function () {
      expect(() => marketSeries(market, 'QQQ'))
        .to.throw(SchemaError, 'no rows for symbol "QQQ"')
        .with.property('message')
        .that.includes('SPY')
        .and.includes('^GSPC');
    });

    it("marketSeries(table, 'SPY', 'vwap') throws a SchemaError naming the missing column", function () {
      expect(() => marketSeries(market, 'SPY', 'vwap')).to.throw(SchemaError, 'vwap');
    });

    it('marketSeries(table with a repeated SPY date) throws a SchemaError (a MarketSeries has strictly increasing dates)', function () {
      // Importing SPY twice (e.g. two files mapped to one symbol) repeats every date.
      const twice = importOhlcv([SPY_FILE, SPY_FILE], { symbol: 'SPY' });
      expect(() => marketSeries(twice, 'SPY')).to.throw(SchemaError);
    });
  });

  describe('readSectors', function () {
    const sectors = readSectors(SECTORS_FILE);

    it('readSectors(sp500_sectors_2018.csv) maps 505 symbols (PROVENANCE.md §4)', function () {
      expect(sectors.size).to.equal(505);
      expect(sectors.get('AAPL')).to.equal('Information Technology');
      expect(sectors.get('AAL')).to.equal('Industrials');
    });

    it('readSectors(sp500_sectors_2018.csv) sector counts match PROVENANCE.md §4', function () {
      const counts: Record<string, number> = {};
      for (const s of sectors.values()) counts[s] = (counts[s] ?? 0) + 1;
      expect(counts).to.deep.equal({
        'Consumer Discretionary': 84,
        'Information Technology': 70,
        Financials: 68,
        Industrials: 67,
        'Health Care': 61,
        'Consumer Staples': 34,
        'Real Estate': 33,
        Energy: 32,
        Utilities: 28,
        Materials: 25,
        'Telecommunication Services': 3,
      });
    });

    it('readSectors reads the 7 fallback rows of PROVENANCE.md §4 (CBG, HCN, PCLN, CHK, PDCO, SIG, SNI)', function () {
      expect(['CBG', 'HCN', 'PCLN', 'CHK', 'PDCO', 'SIG', 'SNI'].map((s) => sectors.get(s))).to.deep.equal([
        'Real Estate',
        'Real Estate',
        'Consumer Discretionary',
        'Energy',
        'Health Care',
        'Consumer Discretionary',
        'Consumer Discretionary',
      ]);
    });

    it('readSectors keeps the Sector of rows whose quoted company name holds a comma ("Analog Devices, Inc.")', function () {
      expect(sectors.get('ADI')).to.equal('Information Technology');
      expect(sectors.get('BHGE')).to.equal('Energy');
      expect(sectors.get('SPGI')).to.equal('Financials');
    });

    it('readSectors covers exactly the 505 tickers of all_stocks_5yr.csv.gz (the Name column)', function () {
      const text = zlib
        .gunzipSync(fs.readFileSync(path.join(DATA_DIR, 'all_stocks_5yr.csv.gz')))
        .toString('utf8');
      const tickers = new Set<string>();
      for (const line of text.split('\n').slice(1))
        if (line) tickers.add(line.slice(line.lastIndexOf(',') + 1));
      expect(tickers.size).to.equal(505);
      expect([...tickers].sort()).to.deep.equal([...sectors.keys()].sort());
    });

    describe('bad files', function () {
      let tmp: string;
      before(function () {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-sectors-'));
      });
      after(function () {
        fs.rmSync(tmp, { recursive: true, force: true });
      });
      const write = (name: string, text: string): string => {
        const file = path.join(tmp, name);
        fs.writeFileSync(file, text);
        return file;
      };

      it('readSectors(file without a Sector column) throws a SchemaError naming the file and the header', function () {
        const file = write('no-sector.csv', 'Symbol,Name\nAAPL,Apple\n');
        expect(() => readSectors(file))
          .to.throw(SchemaError, 'need Symbol and Sector columns; the header has symbol, name')
          .with.property('file', file);
      });

      it('readSectors(missing file) throws a NotFoundError naming the file', function () {
        const file = path.join(tmp, 'absent.csv');
        expect(() => readSectors(file))
          .to.throw(NotFoundError)
          .with.property('file', file);
      });

      it('readSectors(empty file) throws a DataFormatError naming the file', function () {
        const file = write('empty.csv', '');
        expect(() => readSectors(file))
          .to.throw(DataFormatError)
          .with.property('file', file);
      });

      it('readSectors reads headers case-insensitively in any order, CRLF line ends, and skips blank lines', function () {
        const file = write('crlf.csv', 'sector,SYMBOL\r\nEnergy,XOM\r\n\r\nUtilities, NEE \r\n');
        expect([...readSectors(file)]).to.deep.equal([
          ['XOM', 'Energy'],
          ['NEE', 'Utilities'],
        ]);
      });
    });
  });
});
