/**
 * OHLCV import: CSV / CSV.gz files or directories of per-symbol files → one sorted panel.
 *
 * ```
 *  inputs ──expand dirs──▶ files ──read (+gunzip)──▶ header ──map columns──▶ rows ──parse──▶ typed columns
 *                                                                         (per file; symbol from column or file name)
 *        ──concatenate──▶ sort by (symbol, date) ──▶ Arquero panel (data/schema.ts)
 * ```
 */
import fs from 'node:fs';
import path from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { DataFormatError, NotFoundError, SchemaError } from '../util/errors.js';
import { MISSING_VALUES, readTextFile, splitCsvLine, splitLines } from './csv.js';
import { panelOrder } from './panel.js';
import { parseDate } from './schema.js';

/** Options of {@link importOhlcv}. */
export interface ImportOhlcvOptions {
  /**
   * Symbol for files without a symbol column. Default: derived from the file name by
   * {@link symbolFromFileName} (`AAPL_data.csv` → `AAPL`, `SPY_daily_2012-2018.csv.gz` → `SPY`).
   */
  symbol?: string | ((file: string) => string);
  /** Called after each file with the files done and the total. */
  onProgress?: (done: number, total: number, file: string) => void;
}

const CSV_FILE = /\.(csv|txt)(\.gz)?$/i;

/** The header names each canonical column accepts (compared lower-case with spaces, `_` and `-` removed). */
export const COLUMN_ALIASES: Readonly<Record<string, readonly string[]>> = {
  symbol: ['symbol', 'ticker', 'name', 'sym', 'code'],
  date: ['date', 'datetime', 'timestamp', 'time', 'day'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c', 'last'],
  adj_close: ['adjclose', 'adjustedclose', 'adjclosing'],
  volume: ['volume', 'vol', 'v'],
};

const NUMERIC = ['open', 'high', 'low', 'close', 'adj_close', 'volume'] as const;
type Numeric = (typeof NUMERIC)[number];

function normalizeHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.]/g, '');
}

/**
 * Maps a CSV header to canonical column indices, case-insensitively (`Date`/`date`, `Name`/`Ticker`/
 * `Symbol`, `Adj Close`/`adj_close`, `Volume`). The first header matching a column wins.
 *
 * @returns canonical column → field index (absent when the header has no such column).
 */
export function mapOhlcvHeader(
  header: readonly string[],
): Partial<Record<keyof typeof COLUMN_ALIASES, number>> {
  const out: Partial<Record<string, number>> = {};
  header.forEach((raw, i) => {
    const h = normalizeHeader(raw);
    for (const [canonical, aliases] of Object.entries(COLUMN_ALIASES))
      if (out[canonical] === undefined && aliases.includes(h)) {
        out[canonical] = i;
        break;
      }
  });
  return out;
}

/**
 * The symbol a per-symbol file stands for: its name without `.csv`/`.txt`/`.gz`, cut at the first `_`
 * (`AAPL_data.csv` → `AAPL`, `SPY_daily_2012-2018.csv.gz` → `SPY`, `^GSPC.csv` → `^GSPC`).
 */
export function symbolFromFileName(file: string): string {
  const base = path
    .basename(file)
    .replace(/\.gz$/i, '')
    .replace(/\.(csv|txt)$/i, '');
  return base.split('_')[0] || base;
}

/** Expands inputs (files and directories) into the list of CSV files, in order (directories sorted by name). */
export function listCsvFiles(inputs: string | readonly string[]): string[] {
  const list = typeof inputs === 'string' ? [inputs] : [...inputs];
  if (list.length === 0)
    throw new NotFoundError('importOhlcv: no input files given', { hint: 'Pass CSV files or a directory' });
  const files: string[] = [];
  for (const input of list) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      throw new NotFoundError('importOhlcv: no such file or directory', {
        file: input,
        hint: 'Check the path',
      });
    }
    if (stat.isDirectory()) {
      const found = fs
        .readdirSync(input, { withFileTypes: true })
        .filter((e) => !e.isDirectory() && CSV_FILE.test(e.name))
        .map((e) => e.name)
        .sort()
        .map((f) => path.join(input, f));
      if (found.length === 0)
        throw new NotFoundError('importOhlcv: the directory holds no .csv, .csv.gz, .txt or .txt.gz file', {
          file: input,
          hint: 'Point at the directory holding the per-symbol CSV files',
        });
      files.push(...found);
    } else files.push(input);
  }
  return files;
}

interface ParsedFile {
  symbols: string[];
  date: Float64Array;
  values: Record<Numeric, Float64Array>;
  hasAdjClose: boolean;
}

function parseNumber(text: string, file: string, line: number, column: string): number {
  // Fast path: Number() trims white space itself, but reads '' and '  ' as 0, so those go the slow way.
  if (text !== '') {
    const v = Number(text);
    if (!Number.isNaN(v) && text.trim() !== '') return v;
  }
  const s = text.trim();
  if (MISSING_VALUES.has(s)) return NaN;
  const v = Number(s);
  if (Number.isNaN(v))
    throw new DataFormatError(`importOhlcv: cannot parse ${column} ${JSON.stringify(text)} as a number`, {
      file,
      line,
      hint: `Fix the value, or use one of the missing-value spellings: ${[...MISSING_VALUES].filter(Boolean).join(', ')}`,
    });
  return v;
}

function parseFile(file: string, options: ImportOhlcvOptions): ParsedFile {
  const lines = splitLines(readTextFile(file));
  if (lines.length === 0 || lines[0].trim() === '')
    throw new DataFormatError('importOhlcv: the file has no header line', {
      file,
      hint: 'Expected a CSV header',
    });
  const header = splitCsvLine(lines[0]);
  const map = mapOhlcvHeader(header);
  const missing = (['date', 'close'] as const).filter((c) => map[c] === undefined);
  if (missing.length > 0)
    throw new SchemaError(
      `importOhlcv: no ${missing.join(' or ')} column; the header has ${header.map((h) => JSON.stringify(h)).join(', ')}`,
      { file, line: 1, hint: `Name the columns e.g. ${COLUMN_ALIASES.date[0]}, ${COLUMN_ALIASES.close[0]}` },
    );
  const n = lines.length - 1;
  const fixedSymbol =
    map.symbol === undefined
      ? typeof options.symbol === 'function'
        ? options.symbol(file)
        : (options.symbol ?? symbolFromFileName(file))
      : undefined;
  const symbols = new Array<string>(n);
  const date = new Float64Array(n);
  const values = Object.fromEntries(NUMERIC.map((c) => [c, new Float64Array(n)])) as Record<
    Numeric,
    Float64Array
  >;
  const dateCache = new Map<string, number>();
  const dateIndex = map.date!;
  const symbolIndex = map.symbol;
  const numericIndex = NUMERIC.map((c) => map[c]);
  const width = header.length;
  for (let r = 0; r < n; r++) {
    const lineNo = r + 2;
    const fields = splitCsvLine(lines[r + 1]);
    if (fields.length !== width)
      throw new DataFormatError(
        `importOhlcv: expected ${width} fields as in the header, found ${fields.length}`,
        {
          file,
          line: lineNo,
          hint: 'The file may be truncated or have a stray comma',
        },
      );
    const dateText = fields[dateIndex];
    let day = dateCache.get(dateText);
    if (day === undefined) {
      day = parseDate(dateText);
      if (Number.isNaN(day))
        throw new DataFormatError(`importOhlcv: cannot parse date ${JSON.stringify(dateText)}`, {
          file,
          line: lineNo,
          hint: 'Use YYYY-MM-DD, M/D/YYYY or an ISO-8601 timestamp',
        });
      dateCache.set(dateText, day);
    }
    date[r] = day;
    symbols[r] = fixedSymbol ?? fields[symbolIndex!].trim();
    for (let k = 0; k < NUMERIC.length; k++) {
      const idx = numericIndex[k];
      values[NUMERIC[k]][r] = idx === undefined ? NaN : parseNumber(fields[idx], file, lineNo, NUMERIC[k]);
    }
  }
  return { symbols, date, values, hasAdjClose: map.adj_close !== undefined };
}

/**
 * Imports OHLCV CSV files into a panel: an Arquero table with the columns of `data/schema.ts`
 * (symbol, date, open, high, low, close, volume, and adj_close when any input has it), sorted by
 * symbol then date.
 *
 * - Inputs: CSV or CSV.gz files (gzip is detected by content), or directories of per-symbol files.
 * - Columns are matched case-insensitively ({@link COLUMN_ALIASES}); date and close are required,
 *   other absent price columns are NaN. The symbol comes from a symbol column, else `options.symbol`,
 *   else the file name ({@link symbolFromFileName}).
 * - Dates: `YYYY-MM-DD`, `M/D/YYYY` or ISO timestamps → epoch-ms at 00:00 UTC.
 * - Missing values (`''`, `nan`, `NaN`, `null`, … {@link MISSING_VALUES}) → NaN. LF or CRLF.
 * - Rows are never dropped or merged: duplicates and bad values are for {@link validateOhlcv} to report.
 *
 * @param inputs - A path or a list of paths (files or directories).
 * @param options - {@link ImportOhlcvOptions}.
 * @returns The panel, `(nRows, 7 | 8)`.
 * @throws NotFoundError for a missing path or a directory without CSV files.
 * @throws DataFormatError naming the file and line for truncated gzip, an empty file, unparseable dates or numbers, ragged rows.
 * @throws SchemaError naming the file when it has no date or close column.
 * @example
 * const panel = importOhlcv('../shared/data/all_stocks_5yr.csv.gz');
 * panel.numRows(); // 619040
 */
export function importOhlcv(
  inputs: string | readonly string[],
  options: ImportOhlcvOptions = {},
): ColumnTable {
  const files = listCsvFiles(inputs);
  const parts: ParsedFile[] = [];
  files.forEach((file, i) => {
    parts.push(parseFile(file, options));
    options.onProgress?.(i + 1, files.length, file);
  });
  const n = parts.reduce((s, p) => s + p.date.length, 0);
  const hasAdjClose = parts.some((p) => p.hasAdjClose);
  const symbols = new Array<string>(n);
  const date = new Float64Array(n);
  const values = Object.fromEntries(NUMERIC.map((c) => [c, new Float64Array(n)])) as Record<
    Numeric,
    Float64Array
  >;
  let offset = 0;
  for (const p of parts) {
    for (let i = 0; i < p.symbols.length; i++) symbols[offset + i] = p.symbols[i]!;
    date.set(p.date, offset);
    for (const c of NUMERIC) values[c].set(p.values[c], offset);
    offset += p.date.length;
  }
  const order = panelOrder(symbols, date);
  const take = <T extends Float64Array | string[]>(a: T): T => {
    if (!order) return a;
    const out = (a instanceof Float64Array ? new Float64Array(n) : new Array<string>(n)) as T;
    for (let i = 0; i < n; i++) out[i] = a[order[i]];
    return out;
  };
  const columns: Record<string, Float64Array | string[]> = {
    symbol: take(symbols),
    date: take(date),
    open: take(values.open),
    high: take(values.high),
    low: take(values.low),
    close: take(values.close),
    volume: take(values.volume),
  };
  if (hasAdjClose) columns.adj_close = take(values.adj_close);
  return aq.table(columns);
}
