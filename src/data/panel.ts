/**
 * Helpers over a panel (an Arquero table in long format, one row per (symbol, date), sorted by
 * symbol then date — see `data/schema.ts`): fast column access as typed arrays, per-symbol row
 * ranges, and the sortedness/uniqueness check every time-series operation relies on.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SchemaError } from '../util/errors.js';
import { formatDate } from './schema.js';

/**
 * A numeric column as a `Float64Array` (nulls → NaN). Returns the Arrow buffer itself when the table
 * is neither filtered nor ordered and the column is float64-backed (no copy): treat it as read-only.
 *
 * @throws SchemaError naming the column and the available ones when it is absent.
 */
export function numericColumn(table: ColumnTable, name: string): Float64Array {
  requireColumns(table, [name], 'numericColumn');
  const column = table.column(name) as unknown as { toArray?: () => unknown };
  if (!table.isFiltered() && !table.isOrdered()) {
    if (column instanceof Float64Array) return column;
    if (typeof column.toArray === 'function') {
      const values = column.toArray();
      if (values instanceof Float64Array) return values;
    }
  }
  const values = table.array(name) as ArrayLike<unknown>;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = typeof v === 'number' ? v : v === null || v === undefined ? NaN : Number(v);
  }
  return out;
}

/** The first value of `values` that is neither null nor undefined (undefined when there is none). */
export function firstPresent(values: ArrayLike<unknown>): unknown {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) return v;
  }
  return undefined;
}

/** True when a column holds numbers: a typed array, or its first present value is a number. */
export function isNumericValues(values: ArrayLike<unknown>): boolean {
  return ArrayBuffer.isView(values) || typeof firstPresent(values) === 'number';
}

/** Arrow type ids of numeric storage: Int, Float, Date, Timestamp (Apache Arrow `Type` enum). */
const NUMERIC_ARROW_TYPES = new Set([2, 3, 8, 10]);

/**
 * True when a table's column holds numbers: typed-array or numeric Arrow storage, else its first
 * present value is a number (so an all-null column of a numeric Arrow type still counts as numeric).
 */
export function isNumericColumn(table: ColumnTable, name: string): boolean {
  const column = table.column(name) as unknown as { type?: { typeId?: number } } | undefined;
  if (ArrayBuffer.isView(column)) return true;
  const typeId = column?.type?.typeId;
  if (typeId !== undefined) return NUMERIC_ARROW_TYPES.has(typeId);
  return isNumericValues(table.array(name) as ArrayLike<unknown>);
}

/** A string column as an array of strings (`null` kept for missing values). */
export function stringColumn(table: ColumnTable, name: string): (string | null)[] {
  requireColumns(table, [name], 'stringColumn');
  return Array.from(table.array(name) as ArrayLike<string | number | boolean | null | undefined>, (v) =>
    v === null || v === undefined ? null : String(v),
  );
}

/**
 * Throws a SchemaError listing the columns `table` lacks.
 *
 * @param what - The calling function's name, for the message.
 */
export function requireColumns(table: ColumnTable, columns: readonly string[], what: string): void {
  const have = table.columnNames();
  const missing = columns.filter((c) => !have.includes(c));
  if (missing.length > 0)
    throw new SchemaError(
      `${what}: missing column(s) ${missing.join(', ')}; the table has ${have.join(', ') || 'no columns'}`,
    );
}

/** Contiguous row ranges of each symbol in a panel sorted by symbol: rows `[start[k], end[k])` hold `symbols[k]`. */
export interface SymbolRanges {
  symbols: string[];
  start: Int32Array;
  end: Int32Array;
}

/**
 * Finds each symbol's contiguous row range. Requires rows grouped by symbol (as in a sorted panel).
 *
 * @throws SchemaError when a symbol's rows are not contiguous, naming the symbol.
 */
export function symbolRanges(symbols: ArrayLike<string | null>): SymbolRanges {
  const names: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i] ?? '';
    if (i === 0 || s !== (symbols[i - 1] ?? '')) {
      if (seen.has(s))
        throw new SchemaError(`panel: rows of symbol ${JSON.stringify(s)} are not contiguous (row ${i})`, {
          hint: 'Sort the panel by symbol, then date (sortPanel)',
        });
      seen.add(s);
      if (i > 0) ends.push(i);
      names.push(s);
      starts.push(i);
    }
  }
  if (symbols.length > 0) ends.push(symbols.length);
  return { symbols: names, start: Int32Array.from(starts), end: Int32Array.from(ends) };
}

/** Codepoint (C-locale) order of two strings, as a comparator. */
export function compareCodepoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Row order that sorts by symbol (codepoint order) then date, stable for ties.
 *
 * @returns A permutation of row indices, or `null` when the rows are already sorted.
 */
export function panelOrder(symbols: ArrayLike<string | null>, dates: ArrayLike<number>): Int32Array | null {
  const n = symbols.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) {
    const c = compareCodepoints(symbols[i - 1] ?? '', symbols[i] ?? '');
    if (c > 0 || (c === 0 && dates[i - 1] > dates[i])) sorted = false;
  }
  if (sorted) return null;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => compareCodepoints(symbols[a] ?? '', symbols[b] ?? '') || dates[a] - dates[b] || a - b);
  return order;
}

/** Returns the panel sorted by symbol then date (the input is not modified; a sorted input is returned as is). */
export function sortPanel(table: ColumnTable): ColumnTable {
  requireColumns(table, ['symbol', 'date'], 'sortPanel');
  const order = panelOrder(stringColumn(table, 'symbol'), numericColumn(table, 'date'));
  if (!order) return table;
  const columns: Record<string, unknown[] | Float64Array> = {};
  for (const name of table.columnNames()) {
    const values = table.array(name) as ArrayLike<unknown>;
    const out =
      values instanceof Float64Array ? new Float64Array(values.length) : new Array<unknown>(values.length);
    for (let i = 0; i < order.length; i++) out[i] = values[order[i]];
    columns[name] = out;
  }
  return aq.table(columns);
}

/**
 * Checks that a panel is sorted by symbol then date with unique (symbol, date) keys — the
 * precondition of every time-series operation.
 *
 * @throws SchemaError naming the first offending (symbol, date) and the fix.
 */
export function assertPanel(table: ColumnTable, what = 'panel'): void {
  requireColumns(table, ['symbol', 'date'], what);
  const symbols = stringColumn(table, 'symbol');
  const dates = numericColumn(table, 'date');
  for (let i = 1; i < symbols.length; i++) {
    const c = compareCodepoints(symbols[i - 1] ?? '', symbols[i] ?? '');
    if (c > 0 || (c === 0 && dates[i - 1] > dates[i]))
      throw new SchemaError(
        `${what}: rows are not sorted by symbol then date at row ${i} (${symbols[i]} ${formatDate(dates[i])})`,
        { hint: 'Sort it first with sortPanel(table)' },
      );
    if (c === 0 && dates[i - 1] === dates[i])
      throw new SchemaError(
        `${what}: duplicate (symbol, date) ${symbols[i]} ${formatDate(dates[i])} at row ${i}`,
        {
          hint: 'Remove duplicate rows (validateOhlcv lists them)',
        },
      );
  }
}

/** What {@link scanPanelTime} finds about a panel's time keys. */
export interface PanelTimeScan {
  /** Row order sorting by (symbol, date); `null` when the rows are already sorted. */
  order: Int32Array | null;
  /** Sorted unique trading days the gaps are counted on. */
  calendar: Float64Array;
  /** Rows whose (symbol, date) repeats an earlier row's: `[row, earlierRow]`. */
  duplicates: [number, number][];
  /** Missing trading days between consecutive rows of a symbol: `row` follows `previousRow` after `missing` calendar days. */
  gaps: { row: number; previousRow: number; missing: number }[];
}

/**
 * Scans a panel's (symbol, date) keys once: sort order, duplicates, and calendar gaps (trading days
 * of `calendar` missing between two consecutive rows of one symbol).
 *
 * @param symbols - Symbol per row, `(nRows,)`.
 * @param dates - Date per row (epoch-ms UTC days), `(nRows,)`.
 * @param calendar - Trading days to count gaps on; default: every date present.
 */
export function scanPanelTime(
  symbols: ArrayLike<string | null>,
  dates: ArrayLike<number>,
  calendar?: ArrayLike<number>,
): PanelTimeScan {
  const n = symbols.length;
  const order = panelOrder(symbols, dates);
  const cal = Float64Array.from(new Set(Array.from(calendar ?? dates).filter(Number.isFinite))).sort();
  const dayIndex = new Map<number, number>();
  cal.forEach((d, k) => dayIndex.set(d, k));
  const duplicates: [number, number][] = [];
  const gaps: PanelTimeScan['gaps'] = [];
  for (let k = 1; k < n; k++) {
    const prev = order ? order[k - 1] : k - 1;
    const cur = order ? order[k] : k;
    if (symbols[prev] !== symbols[cur] || !Number.isFinite(dates[cur]) || !Number.isFinite(dates[prev]))
      continue;
    if (dates[cur] === dates[prev]) {
      duplicates.push([cur, prev]);
      continue;
    }
    const a = dayIndex.get(dates[prev]);
    const b = dayIndex.get(dates[cur]);
    if (a !== undefined && b !== undefined && b - a > 1)
      gaps.push({ row: cur, previousRow: prev, missing: b - a - 1 });
  }
  return { order, calendar: cal, duplicates, gaps };
}
