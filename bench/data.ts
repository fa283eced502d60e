// Data-layer benchmark: the real all_stocks_5yr.csv.gz (619,040 rows, 505 symbols) through quantbook and
// through DuckDB (@duckdb/node-api), each library in its own child process so that their peak RSS are
// separate and neither warms the other's caches.
//
// Steps, in this order per library; each is timed cold (its first run in the process) and warm (median of
// --reps more runs):
//   import        csv.gz → table → Parquet file (zstd)        DuckDB: COPY (… read_csv(…)) TO … (zstd)
//   read          Parquet file → Arquero table                 DuckDB: SELECT … FROM read_parquet(…), every
//                                                              value copied into JS arrays of quantbook's
//                                                              shape (string[], Float64Array epoch-ms/prices)
//   readArrays    read + numericColumn()/stringColumn()        (quantbook only: the same plain arrays)
//   readJS                                                     DuckDB's getColumnsJS() instead (reference)
//   writeDataset  table → Parquet dataset partitioned by symbol  DuckDB: COPY … (PARTITION_BY (symbol))
//   symbol        one symbol (AAPL) back from the dataset      DuckDB: hive read_parquet … WHERE symbol=…
//   fresh         a new process: load the library, read the Parquet file once (a notebook's start-up)
// Targets (from the issue): full read ≤ 1 s and no slower than DuckDB; import ≤ 5 s; one symbol ≤ 20 ms.
// Missed targets print MISS; the exit code stays 0 unless a side could not run.
//
// The child processes re-enter this file (see the bottom): `node --import tsx bench/data.ts <config json>`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ColumnTable } from 'arquero';
import type { DuckDBConnection, DuckDBDateValue } from '@duckdb/node-api';
import type * as Quantbook from '../src/index.js';
import {
  type Benchmark,
  CHILD_BENCH_OPTIONS,
  type ChildReport,
  collectGarbage,
  dataDir,
  diskBytes,
  fmtBytes,
  fmtKiB,
  fmtMs,
  fmtRate,
  fmtRatio,
  markdownTable,
  maxRssKiB,
  median,
  repoRoot,
} from './util.js';
// The child-process harness shared by the benchmarks that fork (see forkChild).
import { entryModuleUrl, forkChild, isMainModule, printCpuProfile, runChild, withTempDir } from './util.js';

const CSV_NAME = 'all_stocks_5yr.csv.gz';
const EXPECTED_ROWS = 619_040;
const EXPECTED_SYMBOLS = 505;
const SYMBOL = 'AAPL';
const TARGET_READ_MS = 1000;
const TARGET_IMPORT_MS = 5000;
const TARGET_SYMBOL_MS = 20;
const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

type Lib = 'quantbook' | 'duckdb';
const LIBS: readonly Lib[] = ['quantbook', 'duckdb'];
type StepKey =
  | 'init'
  | 'import'
  | 'parse'
  | 'writeParquet'
  | 'read'
  | 'readArrays'
  | 'readJS'
  | 'writeDataset'
  | 'symbol'
  | 'fresh'
  | 'freshRead';

interface Step {
  /** First run in the process, ms. */
  cold: number;
  /** The repetitions after it, ms. */
  warm: number[];
  /** Rows produced by one run. */
  rows: number;
  /** Peak RSS of the process (KiB) when the step's last run ended. */
  rssKiB: number;
}

/** Whole-table fingerprint, computed outside the timings, to check both libraries read the same data. */
interface Checksum {
  rows: number;
  symbols: number;
  sumClose: number;
  sumVolume: number;
  missingOpen: number;
  firstDate: string;
  lastDate: string;
}

interface WorkerConfig {
  lib: Lib;
  reps: number;
  csv: string;
  workDir: string;
  /** URL of the quantbook entry module. */
  moduleUrl: string;
  /** Only load the library and read the Parquet file a previous worker wrote, once. */
  fresh: boolean;
}

interface WorkerReport extends ChildReport {
  lib: Lib;
  steps: Partial<Record<StepKey, Step>>;
  full?: Checksum;
  symbolRows?: number;
  /** Peak RSS of the fresh-process read. */
  freshPeakRssKiB?: number;
}

// ---------------------------------------------------------------------------------------------------
// Child process side

/** Columns in the shape quantbook returns, for the DuckDB side and for checksums. */
interface Columns {
  symbol: ArrayLike<unknown>;
  date: ArrayLike<unknown>;
  open: ArrayLike<unknown>;
  close: ArrayLike<unknown>;
  volume: ArrayLike<unknown>;
}

function toNumber(v: unknown): number {
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  return NaN;
}

function checksum(c: Columns): Checksum {
  const n = c.symbol.length;
  const symbols = new Set<unknown>();
  let sumClose = 0;
  let sumVolume = 0;
  let missingOpen = 0;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    symbols.add(c.symbol[i]);
    sumClose += toNumber(c.close[i]);
    sumVolume += toNumber(c.volume[i]);
    if (Number.isNaN(toNumber(c.open[i]))) missingOpen++;
    const d = toNumber(c.date[i]);
    if (d < first) first = d;
    if (d > last) last = d;
  }
  const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));
  return {
    rows: n,
    symbols: symbols.size,
    sumClose: Math.round(sumClose * 100) / 100,
    sumVolume,
    missingOpen,
    firstDate: iso(first),
    lastDate: iso(last),
  };
}

function tableColumns(t: ColumnTable): Columns {
  return {
    symbol: t.array('symbol'),
    date: t.array('date'),
    open: t.array('open'),
    close: t.array('close'),
    volume: t.array('volume'),
  };
}

/** How each column of a table is held (e.g. `date: Float64Array`), to see what a read materialised. */
function describeColumns(t: ColumnTable): string {
  return t
    .columnNames()
    .map((name) => {
      const col = t.column(name) as unknown;
      const kind = col !== null && typeof col === 'object' ? col.constructor.name : typeof col;
      const first = t.get(name, 0) as unknown;
      return `${name}: ${kind}<${first === null ? 'null' : typeof first}>`;
    })
    .join(', ');
}

class Recorder {
  readonly steps: Partial<Record<StepKey, Step>> = {};

  add(key: StepKey, ms: number, rows: number): void {
    const s = this.steps[key];
    if (s === undefined) this.steps[key] = { cold: ms, warm: [], rows, rssKiB: maxRssKiB() };
    else {
      s.warm.push(ms);
      s.rows = rows;
      s.rssKiB = maxRssKiB();
    }
  }
}

function log(lib: Lib, msg: string): void {
  process.stderr.write(`[${lib}] ${msg}\n`);
}

/**
 * Times `run` once cold and `reps` times warm. Before each run, untimed: `prepare` (e.g. deleting the
 * previous run's output), then a full GC.
 */
async function timeRuns<T>(
  rec: Recorder,
  lib: Lib,
  key: StepKey,
  reps: number,
  run: (rep: number) => T | Promise<T>,
  rowsOf: (result: T) => number,
  prepare?: (rep: number) => void,
): Promise<T> {
  let result: T | undefined;
  for (let rep = 0; rep <= reps; rep++) {
    result = undefined;
    prepare?.(rep);
    collectGarbage();
    const t0 = performance.now();
    result = await run(rep);
    const ms = performance.now() - t0;
    rec.add(key, ms, rowsOf(result));
    log(lib, `${key} ${rep === 0 ? 'cold' : `warm ${rep}/${reps}`}: ${fmtMs(ms)} ms`);
  }
  return result!;
}

async function quantbookWorker(cfg: WorkerConfig, rec: Recorder, report: WorkerReport): Promise<void> {
  const lib = cfg.lib;
  const pq = path.join(cfg.workDir, 'all.parquet');
  const dsDir = (rep: number): string => path.join(cfg.workDir, `dataset-${rep}`);

  let t0 = performance.now();
  const qb = (await import(cfg.moduleUrl)) as typeof Quantbook;
  rec.add('init', performance.now() - t0, 0);

  for (let rep = 0; rep <= cfg.reps; rep++) {
    collectGarbage();
    t0 = performance.now();
    const table = qb.importOhlcv(cfg.csv);
    const t1 = performance.now();
    qb.writeParquet(table, pq, { compression: 'zstd' });
    const t2 = performance.now();
    const rows = table.numRows();
    rec.add('parse', t1 - t0, rows);
    rec.add('writeParquet', t2 - t1, rows);
    rec.add('import', t2 - t0, rows);
    log(lib, `import ${rep === 0 ? 'cold' : `warm ${rep}/${cfg.reps}`}: ${fmtMs(t2 - t0)} ms`);
  }
  report.notes.push(`parquet file ${fmtBytes(diskBytes(pq))}`);

  const table = await timeRuns(
    rec,
    lib,
    'read',
    cfg.reps,
    () => qb.readParquet(pq),
    (t) => t.numRows(),
  );
  report.full = checksum(tableColumns(table));
  report.notes.push(`readParquet columns: ${describeColumns(table)}`);
  await timeRuns(
    rec,
    lib,
    'readArrays',
    cfg.reps,
    () => {
      const t = qb.readParquet(pq);
      const numeric = ['date', ...PRICE_COLUMNS].map((name) => qb.numericColumn(t, name));
      return { symbol: qb.stringColumn(t, 'symbol'), numeric };
    },
    (arrays) => arrays.symbol.length,
  );

  await timeRuns(
    rec,
    lib,
    'writeDataset',
    cfg.reps,
    (rep) => qb.writeDataset(table, dsDir(rep), { partitionBy: ['symbol'], compression: 'zstd' }),
    () => table.numRows(),
    (rep) => fs.rmSync(dsDir(rep - 1), { recursive: true, force: true }), // keep only the last on disk
  );
  const ds = dsDir(cfg.reps);
  const files = fs
    .readdirSync(ds, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.parquet')).length;
  report.notes.push(`dataset ${fmtBytes(diskBytes(ds))} in ${files} .parquet files`);

  const one = await timeRuns(
    rec,
    lib,
    'symbol',
    cfg.reps,
    () => qb.readDataset(ds, { symbols: [SYMBOL] }),
    (t) => t.numRows(),
  );
  report.symbolRows = one.numRows();
  const others = tableColumns(one).symbol;
  for (let i = 0; i < others.length; i++) {
    if (others[i] !== SYMBOL) {
      report.notes.push(
        `readDataset({ symbols: ['${SYMBOL}'] }) returned a row with symbol ${String(others[i])}`,
      );
      break;
    }
  }
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** The column order {@link duckdbColumns} expects. */
const DUCKDB_COLUMNS = 'symbol, date, open, high, low, close, volume';

/**
 * Runs a `SELECT symbol, date, open, high, low, close, volume …` and copies every value into JS arrays of
 * the shape quantbook returns (string[]; epoch-ms and prices in Float64Array, null → NaN). This is the
 * fastest path the public @duckdb/node-api offers; `getColumnsJS()` is timed separately for reference.
 */
async function duckdbColumns(
  conn: DuckDBConnection,
  sql: string,
): Promise<Columns & Record<string, ArrayLike<unknown>>> {
  const result = await conn.run(sql);
  const chunks = [];
  let n = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    chunks.push(chunk);
    n += chunk.rowCount;
  }
  const symbol = new Array<string>(n);
  const date = new Float64Array(n);
  const prices = PRICE_COLUMNS.map(() => new Float64Array(n));
  let off = 0;
  for (const chunk of chunks) {
    const len = chunk.rowCount;
    const vs = chunk.getColumnVector(0);
    const vd = chunk.getColumnVector(1);
    for (let i = 0; i < len; i++) {
      symbol[off + i] = vs.getItem(i) as string;
      const d = vd.getItem(i) as DuckDBDateValue | null;
      date[off + i] = d === null ? NaN : d.days * 86_400_000;
    }
    for (let j = 0; j < prices.length; j++) {
      const v = chunk.getColumnVector(j + 2);
      const out = prices[j];
      for (let i = 0; i < len; i++) out[off + i] = toNumber(v.getItem(i));
    }
    off += len;
  }
  const [open, high, low, close, volume] = prices;
  return { symbol, date, open, high, low, close, volume };
}

async function duckdbWorker(cfg: WorkerConfig, rec: Recorder, report: WorkerReport): Promise<void> {
  const lib = cfg.lib;
  const pq = path.join(cfg.workDir, 'all.parquet');
  const dsDir = (rep: number): string => path.join(cfg.workDir, `dataset-${rep}`);

  const t0 = performance.now();
  const { DuckDBInstance, version } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  rec.add('init', performance.now() - t0, 0);
  const threads = (
    await conn.runAndReadAll("SELECT current_setting('threads')::VARCHAR")
  ).getRowsJS()[0]?.[0];
  report.notes.push(`duckdb ${version()}, threads=${typeof threads === 'string' ? threads : '?'}`);

  try {
    const copy =
      `COPY (SELECT Name AS symbol, date, open, high, low, close, volume FROM read_csv(${sqlString(cfg.csv)})) ` +
      `TO ${sqlString(pq)} (FORMAT parquet, COMPRESSION zstd)`;
    await timeRuns(
      rec,
      lib,
      'import',
      cfg.reps,
      async () => (await conn.run(copy)).rowsChanged,
      (n) => n,
    );
    report.notes.push(`parquet file ${fmtBytes(diskBytes(pq))}`);

    const selectAll = `SELECT ${DUCKDB_COLUMNS} FROM read_parquet(${sqlString(pq)})`;
    const full = await timeRuns(
      rec,
      lib,
      'read',
      cfg.reps,
      () => duckdbColumns(conn, selectAll),
      (c) => c.symbol.length,
    );
    report.full = checksum(full);
    await timeRuns(
      rec,
      lib,
      'readJS',
      cfg.reps,
      async () => (await conn.runAndReadAll(selectAll)).getColumnsJS(),
      (c) => c[0]?.length ?? 0,
    );

    // The in-memory source for the partitioned write, as quantbook writes from its in-memory table.
    await conn.run(`CREATE TABLE prices AS ${selectAll}`);
    await timeRuns(
      rec,
      lib,
      'writeDataset',
      cfg.reps,
      async (rep) => {
        const sql = `COPY prices TO ${sqlString(dsDir(rep))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (symbol))`;
        return (await conn.run(sql)).rowsChanged;
      },
      (n) => n,
      (rep) => fs.rmSync(dsDir(rep - 1), { recursive: true, force: true }),
    );
    const ds = dsDir(cfg.reps);
    report.notes.push(`dataset ${fmtBytes(diskBytes(ds))}`);

    const glob = sqlString(path.join(ds, '*', '*.parquet'));
    const oneSql = `SELECT ${DUCKDB_COLUMNS} FROM read_parquet(${glob}, hive_partitioning = true) WHERE symbol = ${sqlString(SYMBOL)}`;
    const one = await timeRuns(
      rec,
      lib,
      'symbol',
      cfg.reps,
      () => duckdbColumns(conn, oneSql),
      (c) => c.symbol.length,
    );
    report.symbolRows = one.symbol.length;
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/** A new process's start-up path: load the library, read the whole Parquet file once. */
async function freshWorker(cfg: WorkerConfig, rec: Recorder): Promise<void> {
  const pq = path.join(cfg.workDir, 'all.parquet');
  const t0 = performance.now();
  let rows: number;
  if (cfg.lib === 'quantbook') {
    const qb = (await import(cfg.moduleUrl)) as typeof Quantbook;
    const t1 = performance.now();
    rows = qb.readParquet(pq).numRows();
    rec.add('freshRead', performance.now() - t1, rows);
  } else {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const t1 = performance.now();
    rows = (await duckdbColumns(conn, `SELECT ${DUCKDB_COLUMNS} FROM read_parquet(${sqlString(pq)})`)).symbol
      .length;
    rec.add('freshRead', performance.now() - t1, rows);
    conn.closeSync();
    db.closeSync();
  }
  rec.add('fresh', performance.now() - t0, rows);
  log(cfg.lib, `new process: load + first read ${fmtMs(performance.now() - t0)} ms`);
}

async function workerMain(cfg: WorkerConfig): Promise<void> {
  const rec = new Recorder();
  fs.mkdirSync(cfg.workDir, { recursive: true });
  await runChild<WorkerReport>(
    (base) => ({ lib: cfg.lib, steps: rec.steps, ...base }),
    async (report) => {
      if (cfg.fresh) await freshWorker(cfg, rec);
      else await (cfg.lib === 'quantbook' ? quantbookWorker : duckdbWorker)(cfg, rec, report);
    },
  );
}

// ---------------------------------------------------------------------------------------------------
// Parent side

function runWorker(cfg: WorkerConfig, cpuProfDir: string | undefined): Promise<WorkerReport> {
  return forkChild(import.meta.url, cfg, cpuProfDir, (base) => ({ lib: cfg.lib, steps: {}, ...base }));
}

const STEP_ROWS: readonly [StepKey, string][] = [
  ['init', 'init: load module / open db'],
  ['import', 'import: csv.gz → parquet (zstd)'],
  ['parse', '  quantbook importOhlcv'],
  ['writeParquet', '  quantbook writeParquet'],
  ['read', 'read: parquet → table / JS arrays'],
  ['readArrays', '  qb + numeric/stringColumn() ¹'],
  ['readJS', '  duckdb getColumnsJS() instead ²'],
  ['writeDataset', 'write dataset by symbol'],
  ['symbol', `read one symbol (${SYMBOL}) from dataset`],
  ['fresh', 'new process: load + first read ³'],
  ['freshRead', '  of which the read'],
];

function warmOf(s: Step | undefined): number | undefined {
  return s === undefined || s.warm.length === 0 ? undefined : median(s.warm);
}

function render(reports: Partial<Record<Lib, WorkerReport>>, reps: number): void {
  const q = reports.quantbook?.steps ?? {};
  const d = reports.duckdb?.steps ?? {};
  const rows = STEP_ROWS.filter(([k]) => q[k] !== undefined || d[k] !== undefined).map(([key, label]) => {
    const qs = q[key];
    const ds = d[key];
    // The two variants of the full read compare against the other library's main read.
    const qRef = key === 'readJS' ? q.read : qs;
    const dRef = key === 'readArrays' ? d.read : ds;
    const rate = (s: Step | undefined): string => (key === 'init' ? '' : fmtRate(s?.rows ?? 0, warmOf(s)));
    return [
      label,
      fmtMs(qs?.cold),
      fmtMs(warmOf(qs)),
      rate(qs),
      fmtMs(ds?.cold),
      fmtMs(warmOf(ds)),
      rate(ds),
      fmtRatio(qRef?.cold, dRef?.cold),
      fmtRatio(warmOf(qRef), warmOf(dRef)),
    ];
  });
  const header = [
    'step',
    'qb cold ms',
    `qb warm ms`,
    'qb rows/s',
    'duck cold ms',
    'duck warm ms',
    'duck rows/s',
    'qb/duck cold',
    'qb/duck warm',
  ];
  console.log(markdownTable(header, rows));
  console.log(
    '\ncold = the step’s first run in its process (module load: see init); ' +
      `warm = median of ${reps} more runs; rows/s from warm.\n` +
      '¹ readParquet, then all 7 columns as plain arrays with quantbook’s numericColumn() / stringColumn(): the\n' +
      '  output of DuckDB’s “read” row, which copies every value into Float64Array / string[] (the fastest\n' +
      '  public @duckdb/node-api path); ratio against that row.\n' +
      '² DuckDB’s own JS conversion (Date objects, bigint volume); ratio against quantbook’s “read”.\n' +
      '³ a separate process that loads the library (DuckDB: opens an in-memory db) and reads the Parquet file\n' +
      '  once, as a notebook does at start-up; the “cold” column is its only run.',
  );

  console.log('\ntargets (fresh = the first read in a new process, module load excluded):');
  type Variant = 'warm' | 'cold' | 'fresh';
  const target = (
    label: string,
    pick: (v: Variant) => number | undefined,
    limit: number,
    ratio = false,
  ): void => {
    const parts = (['warm', 'cold', 'fresh'] as const).map((v) => {
      const x = pick(v);
      if (x === undefined || !Number.isFinite(x)) return ''.padEnd(21);
      const shown = ratio ? fmtRatio(x, 1) : `${fmtMs(x)} ms`;
      return `${v.padEnd(5)} ${shown.padStart(9)} ${x <= limit ? 'PASS' : 'MISS'}`;
    });
    console.log(`  ${label.padEnd(32)} ${parts.join('   ').trimEnd()}`);
  };
  const at = (steps: Partial<Record<StepKey, Step>>, key: StepKey, v: Variant): number | undefined =>
    v === 'fresh'
      ? key === 'read'
        ? steps.freshRead?.cold
        : undefined
      : v === 'cold'
        ? steps[key]?.cold
        : warmOf(steps[key]);
  target(`full read ≤ ${TARGET_READ_MS} ms`, (v) => at(q, 'read', v), TARGET_READ_MS);
  target(
    'full read no slower than DuckDB',
    (v) => {
      const a = at(q, 'read', v);
      const b = at(d, 'read', v);
      return a === undefined || b === undefined ? undefined : a / b;
    },
    1,
    true,
  );
  target(`import ≤ ${TARGET_IMPORT_MS} ms`, (v) => at(q, 'import', v), TARGET_IMPORT_MS);
  target(`one symbol ≤ ${TARGET_SYMBOL_MS} ms`, (v) => at(q, 'symbol', v), TARGET_SYMBOL_MS);

  console.log('\npeak RSS (process.resourceUsage().maxRSS, one child process per library):');
  for (const lib of LIBS) {
    const r = reports[lib];
    if (r === undefined) continue;
    const peakStep = STEP_ROWS.map(([k]) => k)
      .filter((k) => k !== 'fresh' && k !== 'freshRead')
      .find((k) => (r.steps[k]?.rssKiB ?? -1) >= r.peakRssKiB);
    const where = peakStep === undefined ? '' : `, reached by the end of ${peakStep}`;
    const fresh =
      r.freshPeakRssKiB === undefined ? '' : `; new process load + read: ${fmtKiB(r.freshPeakRssKiB)}`;
    console.log(
      `  ${lib.padEnd(10)} ${fmtKiB(r.peakRssKiB).padStart(9)} all steps (${fmtKiB(r.baselineRssKiB)} at start${where})${fresh}`,
    );
  }

  const qf = reports.quantbook?.full;
  const df = reports.duckdb?.full;
  if (qf !== undefined || df !== undefined) {
    console.log('\ncross-check of the full read (computed outside the timings):');
    const fields = [
      'rows',
      'symbols',
      'sumClose',
      'sumVolume',
      'missingOpen',
      'firstDate',
      'lastDate',
    ] as const;
    const expected: Partial<Record<(typeof fields)[number], string>> = {
      rows: String(EXPECTED_ROWS),
      symbols: String(EXPECTED_SYMBOLS),
    };
    const crossRows = fields.map((f) => {
      const a = qf === undefined ? '—' : String(qf[f]);
      const b = df === undefined ? '—' : String(df[f]);
      const ok = qf !== undefined && df !== undefined ? (a === b ? 'yes' : 'NO') : '—';
      return [f, a, b, expected[f] ?? '', ok];
    });
    const sq = reports.quantbook?.symbolRows;
    const sd = reports.duckdb?.symbolRows;
    crossRows.push([
      `${SYMBOL} rows`,
      String(sq ?? '—'),
      String(sd ?? '—'),
      '',
      sq !== undefined && sd !== undefined ? (sq === sd ? 'yes' : 'NO') : '—',
    ]);
    console.log(markdownTable(['field', 'quantbook', 'duckdb', 'expected', 'same'], crossRows));
  }

  console.log('\nnotes:');
  for (const lib of LIBS) for (const n of reports[lib]?.notes ?? []) console.log(`  ${lib}: ${n}`);
}

function parseOptions(args: readonly string[]) {
  const { values } = parseArgs({
    args: [...args],
    options: {
      reps: { type: 'string', default: '5' },
      only: { type: 'string' },
      ...CHILD_BENCH_OPTIONS,
    },
    strict: true,
  });
  const reps = Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1)
    throw new Error(`--reps must be a positive integer, got ${values.reps}`);
  const only = values.only;
  if (only !== undefined && !LIBS.includes(only as Lib))
    throw new Error(`--only must be one of ${LIBS.join(', ')}`);
  return {
    reps,
    libs: only === undefined ? LIBS : [only as Lib],
    moduleUrl: entryModuleUrl(values.module),
    cpuProf: values['cpu-prof'],
    help: values.help,
  };
}

const HELP = `npm run bench -- data [options]
  --reps N           warm repetitions per step after the cold run (default 5)
  --only LIB         run one side only: quantbook or duckdb
  --module PATH      quantbook entry to bench instead of src/index.ts (e.g. dist/index.js after a build)
  --cpu-prof         write a V8 CPU profile of the quantbook child and print its top functions
  data file: $QUANTBOOK_DATA/${CSV_NAME}, else ../shared/data/${CSV_NAME} from the repo root`;

async function run(args: readonly string[]): Promise<boolean> {
  const opts = parseOptions(args);
  if (opts.help) {
    console.log(HELP);
    return true;
  }
  const csv = path.join(dataDir(), CSV_NAME);
  if (!fs.existsSync(csv)) throw new Error(`data file not found: ${csv} (set QUANTBOOK_DATA to its folder)`);
  console.log(`data: ${csv} (${fmtBytes(fs.statSync(csv).size)}); warm reps: ${opts.reps}`);
  if (opts.libs.includes('quantbook')) {
    console.log(`quantbook module: ${path.relative(repoRoot, fileURLToPath(opts.moduleUrl))}`);
  }
  console.log('');

  const cpuProfDir = opts.cpuProf ? fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-cpuprof-')) : undefined;
  const reports: Partial<Record<Lib, WorkerReport>> = {};
  await withTempDir('quantbook-bench-', async (tmp) => {
    for (const lib of opts.libs) {
      const workDir = path.join(tmp, lib);
      const cfg: WorkerConfig = {
        lib,
        reps: opts.reps,
        csv,
        workDir,
        moduleUrl: opts.moduleUrl,
        fresh: false,
      };
      const report = await runWorker(cfg, lib === 'quantbook' ? cpuProfDir : undefined);
      reports[lib] = report;
      if (fs.existsSync(path.join(workDir, 'all.parquet'))) {
        const fresh = await runWorker({ ...cfg, fresh: true }, undefined);
        Object.assign(report.steps, fresh.steps);
        report.freshPeakRssKiB = fresh.peakRssKiB;
        if (fresh.error !== undefined)
          report.error = `${report.error ?? ''}\nfresh-process read: ${fresh.error}`;
      }
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  });

  render(reports, opts.reps);
  console.log(`  load average (1 min) at the end: ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs`);
  let ok = true;
  for (const lib of opts.libs) {
    const err = reports[lib]?.error;
    if (err !== undefined) {
      console.log(`\n${lib} FAILED (results above are partial):\n${err}`);
      ok = false;
    }
  }
  if (cpuProfDir !== undefined)
    printCpuProfile(cpuProfDir, 'quantbook CPU profile', 'whole child process (init included)');
  return ok;
}

export const benchmark: Benchmark = {
  description: `${CSV_NAME}: import to Parquet, full read, partitioned dataset, one symbol; quantbook vs DuckDB`,
  run,
};

if (isMainModule(import.meta.url)) await workerMain(JSON.parse(process.argv[2]) as WorkerConfig);
