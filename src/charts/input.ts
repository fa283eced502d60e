/**
 * How charts read their inputs: typed arrays or plain arrays of numbers, and tables given as an
 * Arquero table, an object of columns or an array of row objects. Values are copied into plain
 * numbers (specs are JSON); a non-finite value where the chart needs a number is a SchemaError that
 * names the column and the index, as the metrics do.
 */
import type { ColumnTable } from 'arquero';
import { checkFinite, checkSameLength } from '../metrics/validate.js';
import { ParameterError, SchemaError } from '../util/errors.js';
import type { ChartOptions } from './theme.js';

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

/**
 * The points of a curve worth drawing: the first and the last, and each point that moves x or y by at
 * least `resolution` from the last point kept (a fraction of the unit axes of ROC and PR charts). A curve
 * from 240,000 scores has as many points; at resolution 0.001 it keeps at most ~2,000 per axis sweep,
 * and no kept segment is off the full curve by more than `resolution` on either axis (≈ 0.4 px at 360 px).
 *
 * @param x - x coordinates, `(nPoints,)`, finite.
 * @param y - y coordinates, `(nPoints,)`, finite.
 * @param resolution - Smallest move kept, ≥ 0; 0 keeps every point.
 * @returns Indices of the points kept, ascending.
 * @throws ParameterError for a negative or non-finite resolution.
 */
export function thinCurve(x: Numbers, y: Numbers, resolution: number): number[] {
  if (!(Number.isFinite(resolution) && resolution >= 0))
    throw new ParameterError(
      `chart resolution must be a finite number ≥ 0 (0 keeps every point), got ${resolution}`,
    );
  const n = x.length;
  if (resolution === 0 || n <= 2) return Array.from({ length: n }, (_, i) => i);
  const keep = [0];
  let lx = x[0];
  let ly = y[0];
  for (let i = 1; i < n - 1; i++) {
    if (Math.abs(x[i] - lx) >= resolution || Math.abs(y[i] - ly) >= resolution) {
      keep.push(i);
      lx = x[i];
      ly = y[i];
    }
  }
  keep.push(n - 1);
  return keep;
}

/** Options of the curve charts (rocChart, precisionRecallChart). */
export interface CurveChartOptions extends ChartOptions {
  /**
   * Drawing resolution on the unit axes: points closer than this to the last point drawn on both axes
   * are left out of the spec (see {@link thinCurve}); AUC and AP are always computed on every score.
   * Default 0.001; 0 draws every point.
   */
  resolution?: number;
}
