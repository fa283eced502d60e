/**
 * Experiment tracking: one row per training run in `<root>/runs.parquet` — run id, time, the model name
 * (and version, when the run saved one), parameters, metrics, artifact paths and the data hash — and
 * `listRuns` to compare them in a notebook, with each metric spread into its own `metric_<name>` column.
 *
 * Stored columns: run_id, time (ISO-8601 UTC), name, version, params (JSON), metrics (JSON),
 * artifacts (JSON array of paths), data_hash. Parameters and metrics stay JSON in the file, so runs with
 * different parameter sets append to one file with one schema.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { readParquet } from '../data/parquet.js';
import { appendParquet } from './parquet-append.js';
import type { LockOptions } from './lock.js';

/** The file name of the runs table in the registry root. */
export const RUNS_FILE = 'runs.parquet';

/** What {@link logRun} records. */
export interface RunRecord {
  /** Default: a fresh `run-<time>-<random>` id. */
  runId?: string;
  /** Default: now. */
  time?: Date;
  /** Model (or experiment) name. */
  name: string;
  /** The version saved by the run, if any. */
  version?: string;
  params?: Record<string, unknown>;
  metrics?: Record<string, number>;
  /** Paths of what the run wrote (model folders, reports). */
  artifacts?: readonly string[];
  /** Hash of the training data (see `dataHash`). */
  dataHash?: string;
}

/** A fresh run id: `run-20250101T120000Z-1a2b3c`. */
export function newRunId(time: Date = new Date()): string {
  const stamp = time
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * Appends a run to `<root>/runs.parquet` (atomic rewrite under a lock; concurrent runs keep every row).
 *
 * @returns The run id.
 */
export function logRun(root: string, run: RunRecord, options: { lock?: LockOptions } = {}): string {
  const time = run.time ?? new Date();
  const runId = run.runId ?? newRunId(time);
  const metrics: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(run.metrics ?? {})) metrics[k] = Number.isFinite(v) ? v : null;
  const row = aq.table({
    run_id: [runId],
    time: [time.toISOString()],
    name: [run.name],
    version: [run.version ?? ''],
    params: [JSON.stringify(run.params ?? {})],
    metrics: [JSON.stringify(metrics)],
    artifacts: [JSON.stringify(run.artifacts ?? [])],
    data_hash: [run.dataHash ?? ''],
  });
  appendParquet(path.join(root, RUNS_FILE), row, { dateColumns: [], ...options });
  return runId;
}

/**
 * The runs table of a registry, oldest first, with every metric also as a numeric `metric_<name>`
 * column (NaN where a run lacks it) — ready for `.orderby(aq.desc('metric_auc'))`.
 *
 * @param root - Registry root.
 * @param options - `name`: only runs of this model.
 * @returns An empty table (the stored columns, no rows) when no run was logged yet.
 */
export function listRuns(root: string, options: { name?: string } = {}): ColumnTable {
  const file = path.join(root, RUNS_FILE);
  const columns = ['run_id', 'time', 'name', 'version', 'params', 'metrics', 'artifacts', 'data_hash'];
  if (!fs.existsSync(file)) return aq.table(Object.fromEntries(columns.map((c) => [c, [] as string[]])));
  let runs = readParquet(file);
  if (options.name !== undefined) {
    const names = runs.array('name') as ArrayLike<string>;
    const keep: number[] = [];
    for (let i = 0; i < names.length; i++) if (names[i] === options.name) keep.push(i);
    runs = runs.reify(keep);
  }
  const parsed = (runs.array('metrics') as ArrayLike<string>).length
    ? Array.from(
        runs.array('metrics') as ArrayLike<string>,
        (m) => JSON.parse(m) as Record<string, number | null>,
      )
    : [];
  const keys = [...new Set(parsed.flatMap((m) => Object.keys(m)))];
  const extra: Record<string, Float64Array> = {};
  for (const k of keys) extra[`metric_${k}`] = Float64Array.from(parsed, (m) => m[k] ?? NaN);
  const base = aq.table(
    Object.fromEntries(runs.columnNames().map((c) => [c, Array.from(runs.array(c) as ArrayLike<unknown>)])),
  );
  return keys.length ? base.assign(aq.table(extra)) : base;
}
