/**
 * Parquet ⇄ Arquero, through Apache Arrow IPC:
 *
 * ```
 *  read:  file bytes ──parquet-wasm.readParquet──▶ Arrow IPC stream ──flechette (Arquero's Arrow)──▶ ColumnTable
 *  write: ColumnTable ──toArrow(types)──▶ Arrow IPC stream ──parquet-wasm.writeParquet──▶ bytes ──atomic rename──▶ file
 * ```
 *
 * The Arrow step uses `@uwdata/flechette`, Arquero's own Arrow implementation: it decodes int64 to
 * numbers and date32 to epoch-ms without BigInt round trips, twice as fast as going through an
 * `apache-arrow` Table on the real panel. Arquero also accepts `apache-arrow` tables directly
 * (`aq.fromArrow`), so either library's tables interoperate.
 */
import fs from 'node:fs';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import {
  bool,
  dateDay,
  dictionary,
  float64,
  int32,
  int64,
  tableFromIPC,
  tableToIPC,
  utf8,
  type DataType,
} from '@uwdata/flechette';
import * as pw from 'parquet-wasm';
import { writeFileAtomic } from '../util/atomic-write.js';
import { firstPresent } from './panel.js';
import { DataFormatError, NotFoundError, SchemaError } from '../util/errors.js';

/** Parquet page compression codecs supported by {@link writeParquet}. */
export type ParquetCompression = 'zstd' | 'snappy' | 'lz4' | 'gzip' | 'none';

/** Options of {@link readParquet}. */
export interface ReadParquetOptions {
  /** Columns to read, in this order (others are never decoded). Default: all. */
  columns?: readonly string[];
}

/** Options of {@link writeParquet}. */
export interface WriteParquetOptions {
  /** Page compression. Default `'zstd'`: smallest files here, and fast to read. */
  compression?: ParquetCompression;
  /**
   * Arrow type per column, overriding inference: `'float64' | 'int64' | 'int32' | 'date32' | 'utf8' | 'bool'`.
   * Inference: a column read from Parquet keeps its type; `date` (or any listed in `dateColumns`) → date32;
   * `volume` → int64 when every value is a safe integer, else float64; other numbers → float64;
   * strings → dictionary-encoded utf8; booleans → bool.
   */
  types?: Record<string, ColumnType>;
  /** Columns holding epoch-ms UTC days, stored as date32. Default `['date']`. */
  dateColumns?: readonly string[];
}

/** Logical column types quantbook writes to Parquet. */
export type ColumnType = 'float64' | 'int64' | 'int32' | 'date32' | 'utf8' | 'bool';

const CODECS: Record<ParquetCompression, pw.Compression> = {
  zstd: pw.Compression.ZSTD,
  snappy: pw.Compression.SNAPPY,
  lz4: pw.Compression.LZ4_RAW,
  gzip: pw.Compression.GZIP,
  none: pw.Compression.UNCOMPRESSED,
};

function arrowType(type: ColumnType): DataType {
  switch (type) {
    case 'float64':
      return float64();
    case 'int64':
      return int64();
    case 'int32':
      return int32();
    case 'date32':
      return dateDay();
    case 'utf8':
      return dictionary(utf8(), int32());
    case 'bool':
      return bool();
  }
}

function sourceName(source: string | Uint8Array): string {
  return typeof source === 'string' ? source : '<bytes>';
}

function loadBytes(source: string | Uint8Array): Uint8Array {
  if (typeof source !== 'string') return source;
  try {
    return fs.readFileSync(source);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new NotFoundError('readParquet: no such file', {
        file: source,
        hint: 'Check the path, or create it with `quantbook import`',
      });
    if (code === 'EISDIR')
      throw new DataFormatError('readParquet: path is a directory', {
        file: source,
        hint: 'Use readDataset(dir) for a partitioned dataset',
      });
    throw err;
  }
}

/** Column names stored in a Parquet file (from its footer, without decoding data). */
export function parquetColumnNames(source: string | Uint8Array): string[] {
  return schemaColumnNames(loadBytes(source), source);
}

function schemaColumnNames(bytes: Uint8Array, source: string | Uint8Array): string[] {
  try {
    const schema = pw.readSchema(bytes);
    return tableFromIPC(schema.intoIPCStream()).schema.fields.map((f) => f.name);
  } catch (err) {
    throw corrupt(source, err);
  }
}

function corrupt(source: string | Uint8Array, err: unknown): DataFormatError {
  const reason = err instanceof Error ? err.message : String(err);
  return new DataFormatError(`readParquet: not a valid Parquet file (${reason.split('\n')[0]})`, {
    file: sourceName(source),
    hint: 'The file is corrupt or truncated; re-create it (e.g. `quantbook import`)',
    cause: err,
  });
}

/**
 * Reads a Parquet file (or its bytes) into an Arquero table.
 *
 * Types: float64 → number, int64/int32 → number (exact up to 2^53), date32 → epoch-ms at 00:00 UTC
 * (see `data/schema.ts`), utf8/dictionary → string, bool → boolean. Float NaN values are kept as NaN;
 * Parquet nulls become `null`. Numeric columns are backed by the decoded Arrow buffers (no copy).
 *
 * @param source - A file path or the file's bytes.
 * @param options - {@link ReadParquetOptions}: `columns` to decode.
 * @returns An Arquero table with the file's rows in stored order.
 * @throws NotFoundError when the path does not exist.
 * @throws DataFormatError naming the file when it is not valid Parquet (corrupt, truncated, empty).
 * @throws SchemaError naming the missing and the available columns when `columns` asks for absent ones.
 * @see Apache Parquet format specification; parquet-wasm `readParquet`.
 * @example
 * const panel = readParquet('data/ohlcv.parquet', { columns: ['symbol', 'date', 'close'] });
 * panel.numRows(); // 619040 on the real S&P 500 panel
 */
export function readParquet(source: string | Uint8Array, options: ReadParquetOptions = {}): ColumnTable {
  const bytes = loadBytes(source);
  if (bytes.length === 0)
    throw new DataFormatError('readParquet: the file is empty', {
      file: sourceName(source),
      hint: 'Re-create it (e.g. `quantbook import`)',
    });
  const columns = options.columns ? [...options.columns] : undefined;
  if (columns) {
    const available = schemaColumnNames(bytes, source);
    const missing = columns.filter((c) => !available.includes(c));
    if (missing.length > 0)
      throw new SchemaError(
        `readParquet: column(s) ${missing.map((c) => JSON.stringify(c)).join(', ')} not in the file; it has ${available.join(', ')}`,
        { file: sourceName(source) },
      );
  }
  let ipc: Uint8Array;
  try {
    const table = pw.readParquet(bytes, { batchSize: 1 << 22, ...(columns ? { columns } : {}) });
    ipc = table.intoIPCStream();
  } catch (err) {
    throw corrupt(source, err);
  }
  const table = aq.fromArrow(ipc, { useDate: false });
  return columns ? table.select(columns) : table;
}

function isSafeIntegerColumn(values: ArrayLike<unknown>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return false;
  }
  return values.length > 0;
}

/** The Arrow type each column is written with (see {@link WriteParquetOptions.types}). */
export function inferColumnTypes(
  table: ColumnTable,
  options: Pick<WriteParquetOptions, 'types' | 'dateColumns'> = {},
): Record<string, DataType> {
  const dateColumns = options.dateColumns ?? ['date'];
  const out: Record<string, DataType> = {};
  for (const name of table.columnNames()) {
    const explicit = options.types?.[name];
    if (explicit) {
      out[name] = arrowType(explicit);
      continue;
    }
    const column = table.column(name) as unknown as { type?: DataType };
    if (column.type && typeof column.type === 'object' && 'typeId' in column.type) {
      out[name] = column.type;
      continue;
    }
    if (dateColumns.includes(name)) {
      out[name] = dateDay();
      continue;
    }
    const stored = table.column(name) as unknown;
    const values = (
      !table.isFiltered() && !table.isOrdered() && (ArrayBuffer.isView(stored) || Array.isArray(stored))
        ? stored
        : table.array(name)
    ) as ArrayLike<unknown>;
    const first = firstPresent(values);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== null && v !== undefined && typeof v !== typeof first)
        throw new SchemaError(
          `writeParquet: column ${JSON.stringify(name)} mixes ${typeof first} and ${typeof v} values (row ${i}: ${JSON.stringify(v)})`,
          { hint: 'Convert the column to one type first (missing numbers as NaN, missing strings as null)' },
        );
    }
    if (first === undefined || typeof first === 'number')
      out[name] = name === 'volume' && isSafeIntegerColumn(values) ? int64() : float64();
    else if (typeof first === 'string') out[name] = dictionary(utf8(), int32());
    else if (typeof first === 'boolean') out[name] = bool();
    else
      throw new SchemaError(
        `writeParquet: column ${JSON.stringify(name)} holds ${Object.prototype.toString.call(first)} values, which Parquet cannot store`,
        { hint: 'Store numbers, strings, booleans or dates (epoch-ms) only' },
      );
  }
  return out;
}

/**
 * Encodes an Arquero table as Parquet bytes (see {@link writeParquet} for types).
 *
 * @throws SchemaError naming a column whose values cannot be stored.
 */
export function toParquetBytes(table: ColumnTable, options: WriteParquetOptions = {}): Uint8Array {
  const types = inferColumnTypes(table, options);
  const arrow = table.toArrow({ types });
  const ipc = tableToIPC(arrow, { format: 'stream' });
  if (!ipc) throw new SchemaError('writeParquet: the table could not be encoded as Arrow IPC');
  const props = new pw.WriterPropertiesBuilder()
    .setCompression(CODECS[options.compression ?? 'zstd'])
    .setCreatedBy('quantbook')
    .build();
  return pw.writeParquet(pw.Table.fromIPCStream(ipc), props);
}

/**
 * Writes an Arquero table to a Parquet file, atomically (temp file + rename): a failure never leaves
 * a partial file, and an existing file is replaced only by a complete new one.
 *
 * Types: see {@link WriteParquetOptions.types}; a table read by {@link readParquet} is written back
 * with the same Arrow types, so `writeParquet(readParquet(f))` round-trips exactly.
 *
 * @param table - Any Arquero table (filtered or ordered tables write their visible rows in order).
 * @param path - Destination file; parent directories are created.
 * @param options - {@link WriteParquetOptions}.
 * @throws SchemaError naming a column whose values cannot be stored.
 * @see Apache Parquet format specification; parquet-wasm `writeParquet`.
 */
export function writeParquet(table: ColumnTable, path: string, options: WriteParquetOptions = {}): void {
  const bytes = toParquetBytes(table, options);
  writeFileAtomic(path, bytes);
}
