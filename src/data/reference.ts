/**
 * Reference data next to the panel: the market series and the sector map.
 */
import type { ColumnTable } from 'arquero';
import { SchemaError } from '../util/errors.js';
import type { MarketSeries } from '../features/types.js';
import { readTextFile, splitCsvLine, splitLines } from './csv.js';
import { numericColumn, stringColumn } from './panel.js';
import { formatDate } from './schema.js';

/**
 * One symbol's (date, close) from a panel or market table (e.g. `readParquet('data/market.parquet')`
 * holding SPY and ^GSPC) as a {@link MarketSeries}, sorted by date.
 *
 * @param table - Table with symbol, date and `column` columns.
 * @param symbol - The symbol to take, e.g. `'SPY'`.
 * @param column - Price column. Default `'close'` (use `'adj_close'` for a total-return series).
 * @throws SchemaError naming the symbol and the symbols present when it is absent, or a repeated date.
 */
export function marketSeries(table: ColumnTable, symbol: string, column = 'close'): MarketSeries {
  const symbols = stringColumn(table, 'symbol');
  const dates = numericColumn(table, 'date');
  const values = numericColumn(table, column);
  const rows: number[] = [];
  for (let i = 0; i < symbols.length; i++) if (symbols[i] === symbol) rows.push(i);
  if (rows.length === 0)
    throw new SchemaError(
      `marketSeries: no rows for symbol ${JSON.stringify(symbol)}; the table has ${[...new Set(symbols)].slice(0, 10).join(', ')}`,
    );
  rows.sort((a, b) => dates[a] - dates[b]);
  for (let k = 1; k < rows.length; k++)
    if (!(dates[rows[k]] > dates[rows[k - 1]]))
      throw new SchemaError(
        `marketSeries: ${symbol} has a repeated or missing date ${formatDate(dates[rows[k]])}; a market series needs strictly increasing dates`,
        { hint: 'Remove duplicate rows (validateOhlcv lists them)' },
      );
  return { date: Float64Array.from(rows, (i) => dates[i]), close: Float64Array.from(rows, (i) => values[i]) };
}

/**
 * Reads a sector map from a CSV with `Symbol` and `Sector` columns (case-insensitive), such as
 * ../shared/data/sp500_sectors_2018.csv (GICS sectors, early-2018 snapshot; see PROVENANCE.md §4).
 *
 * @returns symbol → sector.
 * @throws SchemaError naming the file when a column is missing; NotFoundError for a missing file;
 *   DataFormatError for an unreadable one.
 */
export function readSectors(file: string): Map<string, string> {
  const lines = splitLines(readTextFile(file));
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const si = header.indexOf('symbol');
  const ci = header.indexOf('sector');
  if (si < 0 || ci < 0)
    throw new SchemaError(
      `readSectors: need Symbol and Sector columns; the header has ${header.join(', ')}`,
      {
        file,
        line: 1,
      },
    );
  const out = new Map<string, string>();
  for (let k = 1; k < lines.length; k++) {
    const f = splitCsvLine(lines[k]);
    if (f[si]) out.set(f[si].trim(), (f[ci] ?? '').trim());
  }
  return out;
}
