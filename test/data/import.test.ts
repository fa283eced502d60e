/**
 * importOhlcv (data/import.ts): CSV / CSV.gz files and directories → one panel sorted by (symbol, date).
 *
 * Reference values: crafted inputs are written by each test into os.tmpdir() and the expected panel is
 * the crafted text itself (dates via `Date.parse('YYYY-MM-DDT00:00:00Z')`, ECMAScript's UTC reading). The
 * real files are in ../shared/data (or $QUANTBOOK_DATA) and every fact about them is quoted from
 * ../shared/data/PROVENANCE.md, or read straight from their gunzipped text with node:zlib.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { ColumnTable } from 'arquero';
import { expect } from 'chai';
import { importOhlcv } from '../../src/data/import.js';
import { OHLCV_COLUMNS } from '../../src/data/schema.js';
import { validateOhlcv } from '../../src/data/validate.js';
import { DataFormatError, NotFoundError, QuantbookError, SchemaError } from '../../src/util/errors.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** $QUANTBOOK_DATA, else ../shared/data next to the repository (as `path.resolve('../shared/data')` from its root). */
const DATA_DIR = process.env.QUANTBOOK_DATA
  ? path.resolve(process.env.QUANTBOOK_DATA)
  : path.resolve(REPO_ROOT, '..', 'shared', 'data');
const SPY_GZ = path.join(DATA_DIR, 'SPY_daily_2012-2018.csv.gz');
const STOCKS_GZ = path.join(DATA_DIR, 'all_stocks_5yr.csv.gz');
const SECTORS_CSV = path.join(DATA_DIR, 'sp500_sectors_2018.csv');

/** Epoch-ms of 00:00 UTC of a `YYYY-MM-DD` day, by ECMAScript's own date-time parser (not ours). */
const utc = (day: string): number => Date.parse(`${day}T00:00:00Z`);

function requireRealData(file: string): void {
  if (!fs.existsSync(file))
    throw new Error(`${file} is missing: set QUANTBOOK_DATA to the directory described by PROVENANCE.md`);
}

/** The thrown error, asserted to be an Error. */
function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`threw a non-Error value: ${String(err)}`);
  }
  return expect.fail('expected a throw');
}

/**
 * Asserts a typed error whose message names the file, the line (when given, else none) and an
 * instruction matching `hint`.
 */
function expectInputError<T extends QuantbookError>(
  fn: () => unknown,
  type: abstract new (...args: never[]) => T,
  where: { file: string; line?: number },
  hint: RegExp,
): T {
  const err = caught(fn);
  expect(err, err.message).to.be.instanceOf(type);
  const e = err as T;
  expect(e.file).to.equal(where.file);
  expect(e.message).to.include(where.file);
  if (where.line === undefined) expect(e.line, 'no line number').to.equal(undefined);
  else {
    expect(e.line).to.equal(where.line);
    expect(e.message).to.include(`line ${where.line}`);
  }
  expect(e.hint, 'an instruction on what to do').to.match(hint);
  expect(e.message).to.include(e.hint);
  expect(e.message, 'one line').not.to.include('\n');
  return e;
}

interface Bar {
  symbol: string;
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  adj_close: number;
  volume: number;
}

/** Crafted bars, deliberately not sorted: AAPL before AAP (as in C-locale file-name order) and dates reversed. */
const BARS: readonly Bar[] = [
  {
    symbol: 'AAPL',
    date: '2018-01-03',
    open: 172.53,
    high: 174.55,
    low: 171.96,
    close: 172.23,
    adj_close: 168.96,
    volume: 29517899,
  },
  {
    symbol: 'AAPL',
    date: '2018-01-02',
    open: 170.16,
    high: 172.3,
    low: 169.26,
    close: 172.26,
    adj_close: 168.99,
    volume: 25555934,
  },
  {
    symbol: 'AAP',
    date: '2018-01-03',
    open: 101.6,
    high: 103.5,
    low: 101.3,
    close: 102.92,
    adj_close: 102.5,
    volume: 1156418,
  },
  {
    symbol: 'AAP',
    date: '2018-01-02',
    open: 99.95,
    high: 102.3,
    low: 99.8,
    close: 101.82,
    adj_close: 101.4,
    volume: 942543,
  },
];

type Field = keyof Bar;
const FIELDS: readonly Field[] = ['date', 'open', 'high', 'low', 'close', 'adj_close', 'volume', 'symbol'];

/** Renders bars as CSV with the given header names (one per field, in `fields` order). */
function toCsv(
  bars: readonly Bar[],
  header: readonly string[],
  fields: readonly Field[] = FIELDS,
  eol = '\n',
  date: (day: string) => string = (d) => d,
): string {
  const lines = [
    header.join(','),
    ...bars.map((b) => fields.map((f) => (f === 'date' ? date(b.date) : String(b[f]))).join(',')),
  ];
  return lines.join(eol) + eol;
}

/** The expected panel rows: sorted by symbol (codepoint order) then date. */
function expectedRows(bars: readonly Bar[], withAdjClose = true): Record<string, string | number>[] {
  return [...bars]
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : utc(a.date) - utc(b.date)))
    .map((b) => ({
      symbol: b.symbol,
      date: utc(b.date),
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      volume: b.volume,
      ...(withAdjClose ? { adj_close: b.adj_close } : {}),
    }));
}

const rows = (t: ColumnTable) => t.objects() as Record<string, string | number>[];
const column = (t: ColumnTable, name: string) => Array.from(t.array(name) as ArrayLike<number | string>);

describe('importOhlcv', () => {
  let dir: string;
  let n = 0;
  /** A fresh directory under the suite's temp dir. */
  const freshDir = (): string => fs.mkdtempSync(path.join(dir, `d${n++}-`));
  const write = (where: string, name: string, contents: string | Uint8Array): string => {
    const file = path.join(where, name);
    fs.writeFileSync(file, contents);
    return file;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-import-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('file formats', () => {
    const header = ['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume', 'Name'];

    it('importOhlcv(file.csv) gives the schema columns symbol, date, open, high, low, close, volume, adj_close', () => {
      const file = write(freshDir(), 'bars.csv', toCsv(BARS, header));
      const panel = importOhlcv(file);
      expect(panel.columnNames()).to.deep.equal([...OHLCV_COLUMNS, 'adj_close']);
      expect(rows(panel)).to.deep.equal(expectedRows(BARS));
    });

    it('importOhlcv(file.csv.gz) gunzips and gives the same panel as the plain CSV', () => {
      const file = write(freshDir(), 'bars.csv.gz', zlib.gzipSync(toCsv(BARS, header)));
      expect(rows(importOhlcv(file))).to.deep.equal(expectedRows(BARS));
    });

    it('importOhlcv(gzip bytes named bars.csv) detects gzip by content, not by name', () => {
      const file = write(freshDir(), 'bars.csv', zlib.gzipSync(toCsv(BARS, header)));
      expect(rows(importOhlcv(file))).to.deep.equal(expectedRows(BARS));
    });

    it('importOhlcv(plain text named bars.csv.gz) reads it as text', () => {
      const file = write(freshDir(), 'bars.csv.gz', toCsv(BARS, header));
      expect(rows(importOhlcv(file))).to.deep.equal(expectedRows(BARS));
    });

    it('importOhlcv reads CRLF files like LF files', () => {
      const d = freshDir();
      const lf = importOhlcv(write(d, 'lf.csv', toCsv(BARS, header, FIELDS, '\n')));
      const crlf = importOhlcv(write(d, 'crlf.csv', toCsv(BARS, header, FIELDS, '\r\n')));
      expect(rows(crlf)).to.deep.equal(rows(lf));
      expect(rows(crlf)).to.deep.equal(expectedRows(BARS));
    });

    it('importOhlcv reads a UTF-8 BOM before a quoted header (\\uFEFF"Date",…), as Excel writes it', () => {
      const quotedHeader = header.map((h) => `"${h}"`);
      const text = toCsv(BARS, quotedHeader, FIELDS, '\r\n');
      const d = freshDir();
      const plain = write(d, 'bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
      expect(rows(importOhlcv(plain))).to.deep.equal(expectedRows(BARS));
      const gz = write(d, 'bom.csv.gz', zlib.gzipSync(fs.readFileSync(plain)));
      expect(rows(importOhlcv(gz))).to.deep.equal(expectedRows(BARS));
    });

    it('importOhlcv reads quoted fields, with "" escapes and commas inside quotes (RFC 4180)', () => {
      const text = [
        '"Date","Symbol","Close","Volume","Note"',
        '"2018-01-02","BRK.B","198.5","100","said ""hold"", twice"',
        '2018-01-03,"BRK.B",199.25,"200",""',
      ].join('\n');
      const panel = importOhlcv(write(freshDir(), 'quoted.csv', text));
      expect(column(panel, 'symbol')).to.deep.equal(['BRK.B', 'BRK.B']);
      expect(column(panel, 'date')).to.deep.equal([utc('2018-01-02'), utc('2018-01-03')]);
      expect(column(panel, 'close')).to.deep.equal([198.5, 199.25]);
      expect(column(panel, 'volume')).to.deep.equal([100, 200]);
    });

    it('importOhlcv([file, file]) concatenates the inputs before sorting', () => {
      const d = freshDir();
      const a = write(d, 'a.csv', toCsv(BARS.slice(0, 2), header));
      const b = write(d, 'b.csv', toCsv(BARS.slice(2), header));
      expect(rows(importOhlcv([a, b]))).to.deep.equal(expectedRows(BARS));
    });
  });

  describe('symbols and columns', () => {
    const noSymbol = ['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'];
    const fieldsNoSymbol = FIELDS.filter((f) => f !== 'symbol');

    it('importOhlcv(dir) takes the symbol from each file name: AAPL_data.csv → AAPL, AAP_data.csv.gz → AAP', () => {
      const d = freshDir();
      write(d, 'AAPL_data.csv', toCsv(BARS.slice(0, 2), noSymbol, fieldsNoSymbol));
      write(d, 'AAP_data.csv.gz', zlib.gzipSync(toCsv(BARS.slice(2), noSymbol, fieldsNoSymbol)));
      write(d, 'README.md', 'not a CSV file, ignored');
      expect(rows(importOhlcv(d))).to.deep.equal(expectedRows(BARS));
    });

    it('importOhlcv(dir) uses the symbol column over the file name when a file has one', () => {
      const d = freshDir();
      write(
        d,
        'XYZ_data.csv',
        toCsv(BARS, ['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume', 'Ticker']),
      );
      expect(column(importOhlcv(d), 'symbol')).to.deep.equal(['AAP', 'AAP', 'AAPL', 'AAPL']);
    });

    it("importOhlcv(file, { symbol: 'SPY' }) and { symbol: fn } name files without a symbol column", () => {
      const file = write(freshDir(), 'prices.csv', toCsv(BARS.slice(0, 2), noSymbol, fieldsNoSymbol));
      expect(column(importOhlcv(file, { symbol: 'SPY' }), 'symbol')).to.deep.equal(['SPY', 'SPY']);
      const seen: string[] = [];
      const fromFn = importOhlcv(file, { symbol: (f) => (seen.push(f), 'QQQ') });
      expect(column(fromFn, 'symbol')).to.deep.equal(['QQQ', 'QQQ']);
      expect(seen).to.deep.equal([file]);
    });

    const variants: [string, string[], Field[]][] = [
      [
        'Date/Open/…/Adj Close/Volume/Name',
        ['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume', 'Name'],
        [...FIELDS],
      ],
      [
        'date/open/…/adj_close/volume/Ticker',
        ['date', 'open', 'high', 'low', 'close', 'adj_close', 'volume', 'Ticker'],
        [...FIELDS],
      ],
      [
        'DATE/OPEN/…/ADJ_CLOSE/VOLUME/SYMBOL',
        ['DATE', 'OPEN', 'HIGH', 'LOW', 'CLOSE', 'ADJ_CLOSE', 'VOLUME', 'SYMBOL'],
        [...FIELDS],
      ],
      [
        'Symbol first, columns shuffled, " Adj Close " padded',
        ['Symbol', 'Volume', 'Close', ' Adj Close ', 'Low', 'High', 'Open', 'Date'],
        ['symbol', 'volume', 'close', 'adj_close', 'low', 'high', 'open', 'date'],
      ],
    ];
    for (const [label, header, fields] of variants)
      it(`importOhlcv maps the header ${label} case-insensitively by name`, () => {
        const file = write(freshDir(), 'variant.csv', toCsv(BARS, header, fields));
        expect(rows(importOhlcv(file))).to.deep.equal(expectedRows(BARS));
      });

    it('importOhlcv(date,close only) fills absent open/high/low/volume with NaN and adds no adj_close', () => {
      const file = write(freshDir(), 'SPY.csv', 'date,close\n2018-01-02,268.77\n2018-01-03,270.47\n');
      const panel = importOhlcv(file);
      expect(panel.columnNames()).to.deep.equal([...OHLCV_COLUMNS]);
      expect(rows(panel)).to.deep.equal([
        {
          symbol: 'SPY',
          date: utc('2018-01-02'),
          open: NaN,
          high: NaN,
          low: NaN,
          close: 268.77,
          volume: NaN,
        },
        {
          symbol: 'SPY',
          date: utc('2018-01-03'),
          open: NaN,
          high: NaN,
          low: NaN,
          close: 270.47,
          volume: NaN,
        },
      ]);
    });

    it('importOhlcv(dir) gives adj_close NaN to the files that lack it when another file has it', () => {
      const d = freshDir();
      write(d, 'SPY.csv', 'Date,Close,Adj Close\n2018-01-02,268.77,255.09\n');
      write(d, 'QQQ.csv', 'Date,Close\n2018-01-02,158.49\n');
      const panel = importOhlcv(d);
      expect(column(panel, 'symbol')).to.deep.equal(['QQQ', 'SPY']);
      expect(column(panel, 'adj_close')).to.deep.equal([NaN, 255.09]);
    });
  });

  describe('values', () => {
    it("importOhlcv reads dates 'YYYY-MM-DD', 'M/D/YYYY' and ISO timestamps (Z, offset, none) as UTC days", () => {
      const text = [
        'date,close',
        '2018-01-02,1',
        '1/3/2018,2',
        '2018-01-04T15:30:00Z,3',
        '2018-01-05T23:30:00-05:00,4', // 2018-01-06T04:30Z (RFC 3339 §5.6)
        '2018-01-08 09:30:00+01:00,5', // 2018-01-08T08:30Z
        '2018-01-09T16:00:00,6', // no offset: read as UTC
      ].join('\n');
      const panel = importOhlcv(write(freshDir(), 'X.csv', text));
      expect(column(panel, 'date')).to.deep.equal(
        ['2018-01-02', '2018-01-03', '2018-01-04', '2018-01-06', '2018-01-08', '2018-01-09'].map(utc),
      );
      expect(column(panel, 'close')).to.deep.equal([1, 2, 3, 4, 5, 6]);
      for (const d of column(panel, 'date')) expect((d as number) % 86_400_000, 'midnight UTC').to.equal(0);
    });

    it("importOhlcv reads the missing-value spellings '', 'nan', 'NaN', 'null' and quoted \"\" as NaN", () => {
      const text = [
        'date,open,high,low,close,volume',
        '2018-01-02,,nan,NaN,10,null',
        '2018-01-03,"",null,,11,nan',
        '2018-01-04,1,2,0.5,12,100',
      ].join('\n');
      const panel = importOhlcv(write(freshDir(), 'X.csv', text));
      expect(column(panel, 'open')).to.deep.equal([NaN, NaN, 1]);
      expect(column(panel, 'high')).to.deep.equal([NaN, NaN, 2]);
      expect(column(panel, 'low')).to.deep.equal([NaN, NaN, 0.5]);
      expect(column(panel, 'close')).to.deep.equal([10, 11, 12]);
      expect(column(panel, 'volume')).to.deep.equal([NaN, NaN, 100]);
    });

    it("importOhlcv sorts by symbol then date in codepoint order: 'AAP' < 'AAPL' < 'Z' < 'a'", () => {
      const text = [
        'date,symbol,close',
        '2018-01-03,a,1',
        '2018-01-02,AAPL,2',
        '2018-01-03,Z,3',
        '2018-01-03,AAP,4',
        '2018-01-02,a,5',
        '2018-01-02,AAP,6',
      ].join('\n');
      const panel = importOhlcv(write(freshDir(), 'X.csv', text));
      // localeCompare would put 'a' before 'Z'; C-locale (codepoint) order puts uppercase first.
      expect(column(panel, 'symbol')).to.deep.equal(['AAP', 'AAP', 'AAPL', 'Z', 'a', 'a']);
      expect(column(panel, 'close')).to.deep.equal([6, 4, 2, 3, 5, 1]);
    });

    it('importOhlcv keeps duplicate (symbol, date) rows, within and across files, for validateOhlcv to report', () => {
      const d = freshDir();
      write(d, 'AAPL_a.csv', 'date,close,volume\n2018-01-02,1,10\n2018-01-02,2,20\n2018-01-03,3,30\n');
      write(d, 'AAPL_b.csv', 'date,close,volume\n2018-01-03,4,40\n');
      const panel = importOhlcv(d);
      expect(panel.numRows()).to.equal(4);
      expect(column(panel, 'date')).to.deep.equal(
        ['2018-01-02', '2018-01-02', '2018-01-03', '2018-01-03'].map(utc),
      );
      expect([...column(panel, 'close')].sort()).to.deep.equal([1, 2, 3, 4]);
      expect(validateOhlcv(panel).counts.duplicate_row).to.equal(2);
    });

    it('importOhlcv(dir, { onProgress }) reports (done, total, file) after each file', () => {
      const d = freshDir();
      const a = write(d, 'A.csv', 'date,close\n2018-01-02,1\n');
      const b = write(d, 'B.csv.gz', zlib.gzipSync('date,close\n2018-01-02,2\n'));
      const calls: [number, number, string][] = [];
      importOhlcv(d, { onProgress: (done, total, file) => calls.push([done, total, file]) });
      expect(calls).to.deep.equal([
        [1, 2, a],
        [2, 2, b],
      ]);
    });
  });

  describe('real data: SPY_daily_2012-2018.csv.gz (PROVENANCE.md §3)', () => {
    let panel: ColumnTable;
    let lines: string[];
    before(() => {
      requireRealData(SPY_GZ);
      panel = importOhlcv(SPY_GZ);
      lines = zlib.gunzipSync(fs.readFileSync(SPY_GZ)).toString('utf8').trimEnd().split('\n');
    });

    it('importOhlcv(SPY) reads the Date,Open,High,Low,Close,Adj Close,Volume layout into 8 columns', () => {
      expect(lines[0], 'header per PROVENANCE.md §3').to.equal('Date,Open,High,Low,Close,Adj Close,Volume');
      expect(panel.columnNames()).to.deep.equal([...OHLCV_COLUMNS, 'adj_close']);
    });

    it('importOhlcv(SPY) has 1,760 rows from 2012-01-03 to 2018-12-31, all symbol SPY (from the file name)', () => {
      expect(panel.numRows()).to.equal(1760);
      const dates = column(panel, 'date');
      expect(dates[0]).to.equal(utc('2012-01-03'));
      expect(dates[dates.length - 1]).to.equal(utc('2018-12-31'));
      expect(new Set(column(panel, 'symbol'))).to.deep.equal(new Set(['SPY']));
    });

    it('importOhlcv(SPY) row 0 equals the first data line of the gunzipped text (2012-01-03,127.760002,…)', () => {
      const [date, open, high, low, close, adj, volume] = lines[1].split(',');
      expect(date).to.equal('2012-01-03');
      expect(rows(panel)[0]).to.deep.equal({
        symbol: 'SPY',
        date: utc(date),
        open: Number(open),
        high: Number(high),
        low: Number(low),
        close: Number(close),
        volume: Number(volume),
        adj_close: Number(adj),
      });
    });

    it('importOhlcv(SPY) matches the gunzipped text on every row, date and value', () => {
      const data = lines.slice(1);
      expect(data).to.have.length(panel.numRows());
      const cols = ['date', 'open', 'high', 'low', 'close', 'adj_close', 'volume'].map((c) =>
        column(panel, c),
      );
      data.forEach((line, i) => {
        const f = line.split(',');
        const expected = [utc(f[0]), ...f.slice(1).map(Number)];
        expect(
          cols.map((c) => c[i]),
          `line ${i + 2}: ${line}`,
        ).to.deep.equal(expected);
      });
    });
  });

  describe('real data: all_stocks_5yr.csv.gz (PROVENANCE.md §1)', () => {
    let panel: ColumnTable;
    let text: string;
    let symbols: string[];
    let dates: number[];
    before(function () {
      this.timeout(120_000);
      requireRealData(STOCKS_GZ);
      panel = importOhlcv(STOCKS_GZ);
      text = zlib.gunzipSync(fs.readFileSync(STOCKS_GZ)).toString('utf8');
      symbols = column(panel, 'symbol') as string[];
      dates = column(panel, 'date') as number[];
    });

    it('importOhlcv(all_stocks_5yr) reads 619,040 rows of 505 symbols on 1,259 days, 2013-02-08..2018-02-07', () => {
      expect(panel.numRows()).to.equal(619_040);
      expect(new Set(symbols).size).to.equal(505);
      expect(new Set(dates).size).to.equal(1259);
      expect(dates.reduce((a, b) => Math.min(a, b))).to.equal(utc('2013-02-08'));
      expect(dates.reduce((a, b) => Math.max(a, b))).to.equal(utc('2018-02-07'));
      expect(panel.columnNames(), 'no Adj Close column in this file').to.deep.equal([...OHLCV_COLUMNS]);
    });

    it("importOhlcv(all_stocks_5yr) takes the symbol from the 'Name' column: AAPL 2013-02-08 closes at 67.8542", () => {
      const i = symbols.findIndex((s, k) => s === 'AAPL' && dates[k] === utc('2013-02-08'));
      expect(i).to.be.at.least(0);
      expect(column(panel, 'close')[i]).to.equal(67.8542);
    });

    it('importOhlcv(all_stocks_5yr) sorts rows by symbol then date, moving AAP before AAPL (the file has AAPL first)', () => {
      expect(text.indexOf(',AAPL\n'), 'file order per PROVENANCE.md §1: AAL, AAPL, AAP').to.be.below(
        text.indexOf(',AAP\n'),
      );
      for (let i = 1; i < symbols.length; i++) {
        const a = symbols[i - 1];
        const b = symbols[i];
        if (a > b || (a === b && dates[i - 1] >= dates[i]))
          expect.fail(`row ${i}: ${a} ${dates[i - 1]} then ${b} ${dates[i]} is not strictly increasing`);
      }
      expect(symbols.lastIndexOf('AAP')).to.be.below(symbols.indexOf('AAPL'));
    });

    it('importOhlcv(all_stocks_5yr) reads the 11/8/8 empty open/high/low cells as NaN; close, volume never NaN', () => {
      const nanCount = (name: string) => column(panel, name).filter((v) => Number.isNaN(v)).length;
      expect([nanCount('open'), nanCount('high'), nanCount('low')]).to.deep.equal([11, 8, 8]);
      expect([nanCount('close'), nanCount('volume')]).to.deep.equal([0, 0]);
      const open = column(panel, 'open');
      const missingOpen: string[] = [];
      open.forEach((v, i) => {
        if (Number.isNaN(v))
          missingOpen.push(`${symbols[i]} ${new Date(dates[i]).toISOString().slice(0, 10)}`);
      });
      expect(missingOpen).to.deep.equal([
        'BHF 2017-07-26',
        'DHR 2015-07-17',
        'DHR 2016-01-12',
        'ES 2015-07-17',
        'FTV 2016-07-01',
        'O 2015-07-17',
        'O 2016-01-12',
        'REGN 2015-06-09',
        'UA 2016-04-07',
        'VRTX 2015-05-12',
        'WRK 2015-06-26',
      ]);
    });

    it('importOhlcv(all_stocks_5yr) keeps the rows as recorded: AOS 2014-05-19 high 23.595 < low 23.85', () => {
      const i = symbols.findIndex((s, k) => s === 'AOS' && dates[k] === utc('2014-05-19'));
      expect([column(panel, 'high')[i], column(panel, 'low')[i]]).to.deep.equal([23.595, 23.85]);
    });

    it('importOhlcv(all_stocks_5yr) has 44 / 1259 / 1259 rows per symbol (min / median / max), APTV 44', () => {
      const counts = new Map<string, number>();
      for (const s of symbols) counts.set(s, (counts.get(s) ?? 0) + 1);
      const sorted = [...counts.values()].sort((a, b) => a - b);
      expect([sorted[0], sorted[(sorted.length - 1) / 2], sorted[sorted.length - 1]]).to.deep.equal([
        44, 1259, 1259,
      ]);
      expect(counts.get('APTV')).to.equal(44);
    });

    it('importOhlcv(all_stocks_5yr) matches the gunzipped text value for value on every (Name, date)', () => {
      const cols = ['open', 'high', 'low', 'close', 'volume'].map((c) => column(panel, c) as number[]);
      const index = new Map<string, number>();
      symbols.forEach((s, i) => index.set(`${s}|${dates[i]}`, i));
      expect(index.size, '0 duplicate (Name, date) rows per PROVENANCE.md §1').to.equal(619_040);
      const data = text.trimEnd().split('\n');
      expect(data[0]).to.equal('date,open,high,low,close,volume,Name');
      for (let k = 1; k < data.length; k++) {
        const f = data[k].split(',');
        const i = index.get(`${f[6]}|${utc(f[0])}`);
        if (i === undefined) expect.fail(`line ${k + 1} (${data[k]}) is not in the panel`);
        for (let c = 0; c < 5; c++) {
          const want = f[c + 1] === '' ? NaN : Number(f[c + 1]);
          const got: number = cols[c][i];
          if (!Object.is(got, want))
            expect.fail(`line ${k + 1} (${data[k]}): column ${c + 1} read as ${got}`);
        }
      }
      expect(data.length - 1).to.equal(619_040);
    });
  });

  describe('bad input', () => {
    it('importOhlcv(real .csv.gz cut in half) throws a DataFormatError naming the file: truncated gzip', () => {
      requireRealData(SPY_GZ);
      const bytes = fs.readFileSync(SPY_GZ);
      const file = write(freshDir(), 'SPY_daily_2012-2018.csv.gz', bytes.subarray(0, bytes.length >> 1));
      const err = expectInputError(() => importOhlcv(file), DataFormatError, { file }, /again/);
      expect(err.message).to.match(/truncated or corrupt gzip/);
    });

    it('importOhlcv(.csv.gz with a wrong CRC-32) throws a DataFormatError naming the file', () => {
      const bytes = Buffer.from(zlib.gzipSync('date,close\n2018-01-02,1\n'));
      bytes[bytes.length - 8] ^= 0xff; // first byte of the CRC32 trailer (RFC 1952 §2.2)
      const file = write(freshDir(), 'X.csv.gz', bytes);
      expectInputError(() => importOhlcv(file), DataFormatError, { file }, /again/);
    });

    it('importOhlcv(empty file) throws a DataFormatError naming the file', () => {
      const file = write(freshDir(), 'EMPTY.csv', '');
      expectInputError(() => importOhlcv(file), DataFormatError, { file }, /header/);
    });

    it('importOhlcv(file of blank lines) throws a DataFormatError: no header line', () => {
      const file = write(freshDir(), 'BLANK.csv', '\r\n\n');
      expectInputError(() => importOhlcv(file), DataFormatError, { file }, /header/);
    });

    it('importOhlcv(real sp500_sectors_2018.csv: Symbol,Name,Sector) throws a SchemaError: no date or close, line 1', () => {
      requireRealData(SECTORS_CSV);
      const err = expectInputError(
        () => importOhlcv(SECTORS_CSV),
        SchemaError,
        { file: SECTORS_CSV, line: 1 },
        /date.*close/,
      );
      expect(err.message).to.include('no date or close column');
      expect(err.message, 'echoes the header').to.include('"Symbol", "Name", "Sector"');
    });

    it('importOhlcv(CSV without a date column) throws a SchemaError naming the file, line 1 and the header', () => {
      const file = write(freshDir(), 'X.csv', 'when,close\n2018-01-02,1\n');
      const err = expectInputError(() => importOhlcv(file), SchemaError, { file, line: 1 }, /date/);
      expect(err.message).to.include('no date column').and.include('"when", "close"');
    });

    it('importOhlcv(CSV without a close column) throws a SchemaError naming the file, line 1 and the header', () => {
      const file = write(freshDir(), 'X.csv', 'date,open,high,low,volume\n2018-01-02,1,2,0.5,10\n');
      const err = expectInputError(() => importOhlcv(file), SchemaError, { file, line: 1 }, /close/);
      expect(err.message).to.include('no close column');
    });

    it("importOhlcv(unparseable date '2018-02-30' on line 4 of a BOM + CRLF file) throws a DataFormatError at line 4", () => {
      const text = '\uFEFFdate,close\r\n2018-02-27,1\r\n2018-02-28,2\r\n2018-02-30,3\r\n2018-03-01,4\r\n';
      const file = write(freshDir(), 'X.csv', text);
      const err = expectInputError(() => importOhlcv(file), DataFormatError, { file, line: 4 }, /YYYY-MM-DD/);
      expect(err.message).to.include('"2018-02-30"');
    });

    it("importOhlcv(unparseable date 'Feb 2, 2018' on line 3 inside a .csv.gz) throws a DataFormatError at line 3", () => {
      const text = 'date,close\n2018-02-01,1\n"Feb 2, 2018",2\n';
      const file = write(freshDir(), 'X.csv.gz', zlib.gzipSync(text));
      const err = expectInputError(() => importOhlcv(file), DataFormatError, { file, line: 3 }, /YYYY-MM-DD/);
      expect(err.message).to.include('"Feb 2, 2018"');
    });

    it("importOhlcv(unparseable number '12,5' in close on line 3) throws a DataFormatError naming column and value", () => {
      const file = write(
        freshDir(),
        'X.csv',
        'date,close,volume\n2018-01-02,12.5,10\n2018-01-03,"12,5",10\n',
      );
      const err = expectInputError(() => importOhlcv(file), DataFormatError, { file, line: 3 }, /nan/);
      expect(err.message).to.include('close "12,5"');
    });

    it('importOhlcv(ragged row: 2 fields under a 3-field header on line 3) throws a DataFormatError at line 3', () => {
      const file = write(freshDir(), 'X.csv', 'date,close,volume\n2018-01-02,1,10\n2018-01-03,2\n');
      const err = expectInputError(
        () => importOhlcv(file),
        DataFormatError,
        { file, line: 3 },
        /truncated|stray comma/,
      );
      expect(err.message).to.include('expected 3 fields').and.include('found 2');
    });

    it('importOhlcv(ragged row: a stray 4th field on line 2) throws a DataFormatError at line 2', () => {
      const file = write(freshDir(), 'X.csv', 'date,close,volume\n2018-01-02,1,10,\n');
      const err = expectInputError(
        () => importOhlcv(file),
        DataFormatError,
        { file, line: 2 },
        /stray comma/,
      );
      expect(err.message).to.include('found 4');
    });

    it('importOhlcv(directory with no CSV file) throws a NotFoundError naming the directory', () => {
      const d = freshDir();
      write(d, 'README.md', '# nothing here');
      write(d, 'AAPL.parquet', 'PAR1');
      expectInputError(() => importOhlcv(d), NotFoundError, { file: d }, /director/);
    });

    it('importOhlcv(missing path) throws a NotFoundError naming the path, also inside a list', () => {
      const missing = path.join(dir, 'no-such-dir', 'AAPL_data.csv');
      expectInputError(() => importOhlcv(missing), NotFoundError, { file: missing }, /path/);
      const present = write(freshDir(), 'A.csv', 'date,close\n2018-01-02,1\n');
      expectInputError(() => importOhlcv([present, missing]), NotFoundError, { file: missing }, /path/);
    });

    it('importOhlcv([]) throws a NotFoundError: no input files', () => {
      expect(() => importOhlcv([])).to.throw(NotFoundError, /no input files/);
    });
  });
});
