/**
 * How charts read their inputs: typed arrays or plain arrays of numbers, and tables given as an
 * Arquero table, an object of columns or an array of row objects. Values are copied into plain
 * numbers (specs are JSON); a non-finite value where the chart needs a number is a SchemaError that
 * names the column and the index, as the metrics do.
 */
import type { ColumnTable } from 'arquero';
import { checkFinite, checkSameLength } from '../metrics/validate.js';
import { SchemaError } from '../util/errors.js';

/** Numbers as the charts take them. */
export type Numbers = ArrayLike<number>;

/** A table: an Arquero table, an object of equal-length columns, or an array of row objects. */
export type TableInput =
  ColumnTable | Record<string, ArrayLike<unknown>> | readonly Record<string, unknown>[];

/** True for an Arquero table (duck-typed: `numRows()` and `array(name)`). */
export function isArqueroTable(x: unknown): x is ColumnTable {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { numRows?: unknown }).numRows === 'function' &&
    typeof (x as { array?: unknown }).array === 'function' &&
    typeof (x as { columnNames?: unknown }).columnNames === 'function'
  );
}

/** A plain `number[]` copy of `values`, checked finite. @throws SchemaError naming the first non-finite index. */
export function finiteNumbers(what: string, name: string, values: Numbers): number[] {
  checkFinite(what, name, values);
  return Array.from(values);
}

/** Throws a SchemaError unless every array has the length of the first. */
export function checkLengths(what: string, columns: Record<string, Numbers>): number {
  const entries = Object.entries(columns);
  const [firstName, first] = entries[0];
  for (const [name, col] of entries.slice(1)) checkSameLength(what, firstName, first, name, col);
  return first.length;
}

/** The column names of a table input. */
export function columnNames(table: TableInput): string[] {
  if (isArqueroTable(table)) return table.columnNames();
  if (Array.isArray(table)) {
    const names = new Set<string>();
    for (const row of table as readonly Record<string, unknown>[])
      for (const k of Object.keys(row)) names.add(k);
    return [...names];
  }
  return Object.keys(table);
}

/** Number of rows of a table input. */
export function rowCount(table: TableInput): number {
  if (isArqueroTable(table)) return table.numRows();
  if (Array.isArray(table)) return table.length;
  const cols = Object.values(table as Record<string, ArrayLike<unknown>>);
  return cols.length === 0 ? 0 : cols[0].length;
}

/**
 * One column of a table input as an array, under the first of `names` present.
 * @returns undefined when none of the names is a column.
 */
export function columnOf(table: TableInput, names: readonly string[]): unknown[] | undefined {
  const present = columnNames(table);
  const name = names.find((n) => present.includes(n));
  if (name === undefined) return undefined;
  if (isArqueroTable(table)) return Array.from(table.array(name) as ArrayLike<unknown>);
  if (Array.isArray(table)) return (table as readonly Record<string, unknown>[]).map((row) => row[name]);
  return Array.from((table as Record<string, ArrayLike<unknown>>)[name]);
}

/**
 * A numeric column under the first of `names` present.
 * @throws SchemaError when the column is missing (naming the columns found) or holds a value that
 *   is not a number (NaN is allowed only when `allowNaN`).
 */
export function numberColumn(
  what: string,
  table: TableInput,
  names: readonly string[],
  { allowNaN = false }: { allowNaN?: boolean } = {},
): number[] {
  const col = columnOf(table, names);
  if (col === undefined) {
    throw new SchemaError(
      `${what}: needs a column ${names.map((n) => `'${n}'`).join(' or ')}, got columns [${columnNames(table).join(', ')}]`,
    );
  }
  return col.map((v, i) => {
    const x =
      typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : v;
    if (typeof x !== 'number' || (!allowNaN && !Number.isFinite(x)) || x === Infinity || x === -Infinity) {
      throw new SchemaError(
        `${what}: column '${names[0]}' must hold finite numbers, got ${String(v)} at index ${i}`,
      );
    }
    return x;
  });
}

/** Rolling mean over the last `window` values (NaN until `window` values are seen; NaN inputs skipped). */
export function rollingMean(values: readonly number[], window: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (i + 1 < window) {
      out.push(NaN);
      continue;
    }
    let sum = 0;
    let n = 0;
    for (let j = i + 1 - window; j <= i; j++) {
      if (Number.isFinite(values[j])) {
        sum += values[j];
        n++;
      }
    }
    out.push(n === 0 ? NaN : sum / n);
  }
  return out;
}

/** JSON-safe number: non-finite values become null (Vega-Lite treats null as missing). */
export function jsonNumber(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** `input` as an array (a single item becomes one), with unique non-empty `name`s. @throws SchemaError on a repeated or empty name. */
export function namedList<T extends { name: string }>(what: string, input: T | readonly T[]): T[] {
  const list = Array.isArray(input) ? [...(input as readonly T[])] : [input as T];
  const seen = new Set<string>();
  for (const item of list) {
    if (typeof item.name !== 'string' || item.name === '')
      throw new SchemaError(`${what}: every model needs a non-empty name, got ${JSON.stringify(item.name)}`);
    if (seen.has(item.name))
      throw new SchemaError(`${what}: model names must be unique, got '${item.name}' twice`);
    seen.add(item.name);
  }
  return list;
}
