/**
 * Appending rows to a Parquet file the simple way — read it, concatenate, rewrite it atomically — under
 * a lock, so concurrent appenders never lose rows. Fine at the registry's scale (runs, daily prediction
 * logs: thousands to a few hundred thousand rows); a larger log would be partitioned by date instead.
 *
 * ```
 *  lock(file.lock) ──▶ old = readParquet(file) (if any) ──unionTables(old, rows)──▶ writeParquet (temp + rename) ──▶ unlock
 * ```
 */
import fs from 'node:fs';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { readParquet, writeParquet, type WriteParquetOptions } from '../data/parquet.js';
import { withLock, type LockOptions } from './lock.js';

function isNumeric(values: ArrayLike<unknown>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && typeof v !== 'number') return false;
  }
  return true;
}

/**
 * Concatenates tables whose columns may differ: the result has every column (first-seen order); a
 * table without a column contributes NaN (numeric columns) or null (others) for it.
 */
export function unionTables(tables: readonly ColumnTable[]): ColumnTable {
  const names: string[] = [];
  for (const t of tables) for (const c of t.columnNames()) if (!names.includes(c)) names.push(c);
  const n = tables.reduce((s, t) => s + t.numRows(), 0);
  const out: Record<string, Float64Array | unknown[]> = {};
  for (const name of names) {
    const pieces = tables.map((t) =>
      t.columnNames().includes(name) ? (t.array(name) as ArrayLike<unknown>) : null,
    );
    const numeric = pieces.every((p) => p === null || isNumeric(p));
    const col = numeric ? new Float64Array(n) : new Array<unknown>(n);
    let o = 0;
    tables.forEach((t, k) => {
      const p = pieces[k];
      for (let i = 0; i < t.numRows(); i++) {
        const v = p === null ? undefined : p[i];
        col[o++] = numeric ? (typeof v === 'number' ? v : NaN) : (v ?? null);
      }
    });
    out[name] = col;
  }
  return aq.table(out);
}

/**
 * Appends `rows` to the Parquet file `file` (created when absent), atomically and under `file.lock`.
 *
 * @returns The number of rows in the file afterwards.
 * @throws DataFormatError when the existing file is not valid Parquet (it is left as it was).
 */
export function appendParquet(
  file: string,
  rows: ColumnTable,
  options: WriteParquetOptions & { lock?: LockOptions } = {},
): number {
  return withLock(
    `${file}.lock`,
    () => {
      const all = fs.existsSync(file) ? unionTables([readParquet(file), rows]) : unionTables([rows]);
      writeParquet(all, file, options);
      return all.numRows();
    },
    options.lock,
  );
}
