/**
 * Hive-partitioned Parquet datasets: `dir/symbol=AAPL/part-0.parquet`.
 *
 * ```
 *  write: table ──group by partition keys──▶ one Parquet file per group (keys dropped from the file)
 *               ──all into a temp dir──▶ atomic swap with `dir`
 *  read:  dir ──list key=value folders──▶ keep the symbols asked for ──read only the needed columns──▶
 *         filter [start, end] ──add key columns back──▶ concatenate, sorted by (symbol, date)
 * ```
 */
import fs from 'node:fs';
import path from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { writeDirAtomic } from '../util/atomic-write.js';
import { NotFoundError, ParameterError, SchemaError } from '../util/errors.js';
import { isNumericColumn, numericColumn, requireColumns, sortPanel } from './panel.js';
import { parquetColumnNames, readParquet, toParquetBytes, type WriteParquetOptions } from './parquet.js';
import { toDateMs } from './schema.js';

/** Options of {@link writeDataset}. */
export interface WriteDatasetOptions extends WriteParquetOptions {
  /** Columns to partition by, outermost first. Default `['symbol']`. Values are stored in folder names. */
  partitionBy?: readonly string[];
}

/** Options of {@link readDataset}. */
export interface ReadDatasetOptions {
  /** Read only these symbols (partitions on `symbol`; other partition keys are not filtered). */
  symbols?: readonly string[];
  /** First date kept (inclusive): epoch-ms, Date or `YYYY-MM-DD`. */
  start?: number | string | Date;
  /** Last date kept (inclusive). */
  end?: number | string | Date;
  /** Columns to return (partition keys included when listed); default all. */
  columns?: readonly string[];
}

const PART_FILE = 'part-0.parquet';

function encodeValue(v: unknown): string {
  return encodeURIComponent(String(v));
}

/**
 * Writes a table as a hive-partitioned Parquet dataset, replacing `dir` atomically: readers see the
 * old dataset or the complete new one; a failure leaves `dir` as it was.
 *
 * @param table - Any table holding the `partitionBy` columns.
 * @param dir - Dataset directory (created or replaced).
 * @param options - {@link WriteDatasetOptions}.
 * @throws SchemaError naming a missing partition column or a null partition value.
 * @see Apache Hive partitioning layout (`key=value` directories), as read by Arrow, Spark and DuckDB.
 */
export function writeDataset(table: ColumnTable, dir: string, options: WriteDatasetOptions = {}): void {
  const keys = options.partitionBy ?? ['symbol'];
  if (keys.length === 0)
    throw new ParameterError('writeDataset: partitionBy must name at least one column, got []');
  requireColumns(table, keys, 'writeDataset');
  const keyValues = keys.map((k) => table.array(k) as ArrayLike<unknown>);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < table.numRows(); i++) {
    const parts = keys.map((k, j) => {
      const v = keyValues[j][i];
      if (v === null || v === undefined || v === '')
        throw new SchemaError(`writeDataset: row ${i} has no value in partition column ${k}`, {
          hint: 'Fill or drop rows with missing partition keys first',
        });
      return `${k}=${encodeValue(v)}`;
    });
    const key = parts.join('/');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const rest = table.columnNames().filter((c) => !keys.includes(c));
  const body = table.select(rest);
  writeDirAtomic(dir, (tmp) => {
    for (const [key, rows] of groups) {
      const folder = path.join(tmp, ...key.split('/'));
      fs.mkdirSync(folder, { recursive: true });
      const part = body.reify(rows);
      fs.writeFileSync(path.join(folder, PART_FILE), toParquetBytes(part, options));
    }
  });
}

interface Partition {
  values: Record<string, string>;
  files: string[];
}

function listPartitions(
  dir: string,
  prefix: Record<string, string> = {},
  symbols?: Set<string>,
): Partition[] {
  const entries = fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
    .map((e) => path.join(dir, e.name))
    .sort();
  const out: Partition[] = files.length ? [{ values: prefix, files }] : [];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const eq = e.name.indexOf('=');
    if (eq <= 0) continue;
    const key = e.name.slice(0, eq);
    const value = decodeURIComponent(e.name.slice(eq + 1));
    if (key === 'symbol' && symbols && !symbols.has(value)) continue;
    out.push(...listPartitions(path.join(dir, e.name), { ...prefix, [key]: value }, symbols));
  }
  return out;
}

/**
 * Reads a hive-partitioned Parquet dataset (as written by {@link writeDataset}, or by Arrow/Spark/DuckDB
 * with `key=value` folders), opening only the partitions of the requested symbols and decoding only
 * the requested columns. Partition keys come back as string columns.
 *
 * @param dir - Dataset directory.
 * @param options - {@link ReadDatasetOptions}.
 * @returns Rows sorted by (symbol, date) when those columns are present; `(nRows, nColumns)`.
 * @throws NotFoundError when `dir` does not exist or holds no Parquet files, or a requested symbol has no partition.
 * @throws DataFormatError naming a corrupt part file; SchemaError naming an unknown column.
 * @example readDataset('data/ohlcv', { symbols: ['AAPL'], start: '2017-01-01' })
 */
export function readDataset(dir: string, options: ReadDatasetOptions = {}): ColumnTable {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new NotFoundError('readDataset: no such dataset directory', {
      file: dir,
      hint: 'Write one with writeDataset or `quantbook import --partition symbol`',
    });
  const symbols = options.symbols ? new Set(options.symbols) : undefined;
  const partitions = listPartitions(dir, {}, symbols);
  if (partitions.length === 0 && !symbols)
    throw new NotFoundError('readDataset: the directory holds no Parquet files', { file: dir });
  if (symbols) {
    const found = new Set(partitions.map((p) => p.values.symbol));
    const absent = [...symbols].filter((s) => !found.has(s));
    if (absent.length > 0)
      throw new NotFoundError(`readDataset: no partition for symbol(s) ${absent.join(', ')}`, {
        file: dir,
        hint: 'Check the symbols (folder names symbol=…), or drop them from `symbols`',
      });
  }
  const start = options.start === undefined ? -Infinity : toDateMs(options.start, 'readDataset start');
  const end = options.end === undefined ? Infinity : toDateMs(options.end, 'readDataset end');
  if (Number.isNaN(start) || Number.isNaN(end))
    throw new ParameterError(
      `readDataset: start and end must be valid dates, got ${String(options.start)}, ${String(options.end)}`,
    );
  const pieces: ColumnTable[] = [];
  let fileColumns: string[] | undefined;
  for (const part of partitions) {
    for (const file of part.files) {
      fileColumns ??= parquetColumnNames(file);
      const wanted = options.columns
        ? options.columns.filter((c) => !(c in part.values))
        : fileColumns.filter((c) => !(c in part.values));
      const needDate = (start > -Infinity || end < Infinity) && fileColumns.includes('date');
      const read = needDate && !wanted.includes('date') ? [...wanted, 'date'] : wanted;
      let t = readParquet(file, { columns: read });
      if (needDate) {
        const d = numericColumn(t, 'date');
        const keep: number[] = [];
        for (let i = 0; i < d.length; i++) if (d[i] >= start && d[i] <= end) keep.push(i);
        if (keep.length !== d.length) t = t.reify(keep);
        if (!wanted.includes('date')) t = t.select(wanted);
      }
      const n = t.numRows();
      const keyCols: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(part.values)) keyCols[k] = new Array<string>(n).fill(v);
      pieces.push(t.assign(aq.table(keyCols)));
    }
  }
  const columns = options.columns ?? [...Object.keys(partitions[0]?.values ?? {}), ...(fileColumns ?? [])];
  if (pieces.length === 0) return aq.table(Object.fromEntries(columns.map((c) => [c, []])));
  const all = pieces.length === 1 ? pieces[0] : concatTables(pieces);
  const ordered = all.select(columns.filter((c) => all.columnNames().includes(c)));
  const missing = columns.filter((c) => !ordered.columnNames().includes(c));
  if (missing.length)
    throw new SchemaError(`readDataset: unknown column(s) ${missing.join(', ')}`, { file: dir });
  return ordered.columnNames().includes('symbol') && ordered.columnNames().includes('date')
    ? sortPanel(ordered)
    : ordered;
}

/**
 * Concatenates tables with the same columns (named as in the first) into one. A numeric column
 * without nulls becomes a Float64Array; a column with nulls keeps them (null stays null, as
 * {@link readParquet} returns it).
 */
export function concatTables(tables: readonly ColumnTable[]): ColumnTable {
  const names = tables[0].columnNames();
  const n = tables.reduce((s, t) => s + t.numRows(), 0);
  const out: Record<string, Float64Array | unknown[]> = {};
  for (const name of names) {
    const pieces = tables.map((t) => t.array(name) as ArrayLike<unknown>);
    const dense =
      tables.every((t) => isNumericColumn(t, name)) &&
      pieces.every((p) => {
        for (let i = 0; i < p.length; i++) if (typeof p[i] !== 'number') return false;
        return true;
      });
    const col = dense ? new Float64Array(n) : new Array<unknown>(n);
    let o = 0;
    for (const p of pieces) for (let i = 0; i < p.length; i++) col[o++] = p[i];
    out[name] = col;
  }
  return aq.table(out);
}
