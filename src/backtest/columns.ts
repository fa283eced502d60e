/**
 * Column access over the two input shapes the backtest accepts: an Arquero table, or plain columns
 * of equal length (`{ symbol: string[], date: Float64Array, score: Float64Array }`). Columns are
 * returned without copying where possible: treat them as read-only.
 */
import type { ColumnTable } from 'arquero';
import { numericColumn, stringColumn } from '../data/panel.js';
import { SchemaError } from '../util/errors.js';

/** Plain columns of equal length, e.g. `{ symbol: string[], date: Float64Array, score: Float64Array }`. */
export type Columns = Readonly<Record<string, ArrayLike<unknown>>>;
/** An Arquero table or plain columns. */
export type TableInput = ColumnTable | Columns;

/** True for an Arquero table (as opposed to plain columns). */
export function isTable(input: TableInput): input is ColumnTable {
  return typeof (input as ColumnTable).columnNames === 'function';
}

function missingColumn(input: TableInput, name: string, what: string): SchemaError {
  const have = isTable(input) ? input.columnNames() : Object.keys(input);
  return new SchemaError(`${what}: missing column ${name}; the input has ${have.join(', ') || 'no columns'}`);
}

/** A numeric column of a table or of plain columns as a Float64Array (null → NaN; may share memory: read only). */
export function numbersOf(input: TableInput, name: string, what: string): Float64Array {
  if (isTable(input)) {
    if (!input.columnNames().includes(name)) throw missingColumn(input, name, what);
    return numericColumn(input, name);
  }
  const values = input[name];
  if (values === undefined) throw missingColumn(input, name, what);
  if (values instanceof Float64Array) return values;
  return Float64Array.from({ length: values.length }, (_, i) => {
    const v = values[i];
    return typeof v === 'number' ? v : v === null || v === undefined ? NaN : Number(v);
  });
}

/** A string column of a table or of plain columns (null kept). */
export function stringsOf(input: TableInput, name: string, what: string): ArrayLike<string | null> {
  if (isTable(input)) {
    if (!input.columnNames().includes(name)) throw missingColumn(input, name, what);
    if (!input.isFiltered() && !input.isOrdered()) {
      const raw = input.array(name) as ArrayLike<unknown>;
      if (allStrings(raw)) return raw as ArrayLike<string | null>;
    }
    return stringColumn(input, name);
  }
  const values = input[name];
  if (values === undefined) throw missingColumn(input, name, what);
  return allStrings(values)
    ? (values as ArrayLike<string | null>)
    : Array.from(values, (v) =>
        v === null || v === undefined ? null : String(v as string | number | boolean),
      );
}

function allStrings(values: ArrayLike<unknown>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'string' && v !== null) return false;
  }
  return true;
}
