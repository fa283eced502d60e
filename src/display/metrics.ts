/**
 * Metrics objects as tidy tables: `{ auc: 0.61, brier: 0.24, calibration: { ece: 0.02 } }` →
 * rows (metric, value) with nested keys joined by '.', in the object's order.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';

/** A value a metrics object may hold at a leaf. */
export type MetricLeaf = number | string | boolean | bigint | null | undefined | ArrayLike<number>;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || ArrayBuffer.isView(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

function isLeaf(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    ['number', 'string', 'boolean', 'bigint'].includes(typeof v) ||
    ArrayBuffer.isView(v) ||
    (Array.isArray(v) && v.every((e) => typeof e === 'number'))
  );
}

/**
 * True for a plain object whose leaves (through nested plain objects) are numbers, strings,
 * booleans, null or numeric arrays, with at least one number: what `show` draws as a metrics table.
 */
export function isMetricsObject(x: unknown): x is Record<string, unknown> {
  if (!isPlainObject(x)) return false;
  let numbers = 0;
  const visit = (obj: Record<string, unknown>, depth: number): boolean => {
    if (depth > 8) return false;
    for (const v of Object.values(obj)) {
      if (typeof v === 'number' || typeof v === 'bigint') numbers++;
      if (isLeaf(v)) continue;
      if (!isPlainObject(v) || !visit(v, depth + 1)) return false;
    }
    return true;
  };
  return visit(x, 0) && numbers > 0;
}

/**
 * Tidy rows (metric, value) of a metrics object; nested keys are joined with '.', numeric arrays
 * become "[n values]".
 * @example tidyMetrics({ auc: 0.61, cal: { ece: 0.02 } }).objects() // [{ metric: 'auc', value: 0.61 }, { metric: 'cal.ece', value: 0.02 }]
 */
export function tidyMetrics(metrics: Record<string, unknown>): ColumnTable {
  const metric: string[] = [];
  const value: unknown[] = [];
  const visit = (obj: Record<string, unknown>, prefix: string): void => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (isPlainObject(v)) visit(v, key);
      else {
        metric.push(key);
        value.push(
          Array.isArray(v) || ArrayBuffer.isView(v)
            ? `[${(v as ArrayLike<unknown>).length} values]`
            : v === undefined
              ? null
              : v,
        );
      }
    }
  };
  visit(metrics, '');
  return aq.table({ metric, value });
}

/**
 * True for a non-empty array of plain objects whose values are all scalars (number, string, boolean,
 * null, undefined): rows as `table.objects()` returns them, what `show` draws as a table.
 */
export function isRowArray(x: unknown): x is Record<string, unknown>[] {
  if (!Array.isArray(x) || x.length === 0) return false;
  return x.every(
    (row) =>
      isPlainObject(row) &&
      Object.values(row).every(
        (v) => v === null || v === undefined || ['number', 'string', 'boolean'].includes(typeof v),
      ),
  );
}

/** An Arquero table of row objects (columns in first-seen key order; a key missing in a row is undefined). */
export function rowsTable(rows: readonly Record<string, unknown>[]): ColumnTable {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows)
    for (const k of Object.keys(row))
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
  return aq.table(Object.fromEntries(names.map((k) => [k, rows.map((r) => r[k])])));
}
