/**
 * The prediction log (seed 002): every scored row appended to one Parquet file, then joined with what
 * actually happened once the label's horizon has passed, and summarized as rolling 30-day metrics.
 *
 * ```
 *  ScoreResult ──predictionLogRows──▶ (prediction_date, symbol, model_name, model_version, score, class,
 *                                      features (JSON: name → value), logged_at) ──appendParquet──▶ log
 *  log + panel ──collectOutcomes(label spec)──▶ + outcome (0/1, NaN until known), outcome_date (t1, epoch-ms)
 *  log with outcomes ──rollingMetrics(30 days)──▶ (date, n, accuracy, auc, brier) per prediction date
 * ```
 * Features are stored as JSON text so that models with different feature sets share one log schema.
 * `prediction_date` is a Parquet date32 (the as-of day of the features); `outcome_date` is epoch-ms
 * (float64, NaN while unknown), like `t1` in datasets.
 */
import fs from 'node:fs';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { numericColumn, stringColumn } from '../data/panel.js';
import { readParquet } from '../data/parquet.js';
import { MS_PER_DAY } from '../data/schema.js';
import { buildDataset, type LabelSpec } from '../features/pipeline.js';
import { getLabel } from '../features/registry.js';
import type { MarketSeries } from '../features/types.js';
import { brierScore, rocAuc } from '../metrics/classification.js';
import { accuracy } from '../metrics/threshold.js';
import { ParameterError } from '../util/errors.js';
import { withLock, type LockOptions } from './lock.js';
import { appendParquet } from './parquet-append.js';
import { writeParquet } from '../data/parquet.js';
import type { ScoreResult } from './predict.js';

/** The stored columns of a prediction log, in order. */
export const PREDICTION_LOG_COLUMNS = [
  'prediction_date',
  'symbol',
  'model_name',
  'model_version',
  'score',
  'class',
  'features',
  'logged_at',
] as const;

/** A scoring result as prediction-log rows. */
export function predictionLogRows(result: ScoreResult, loggedAt: Date = new Date()): ColumnTable {
  const p = result.predictions;
  const X = result.features;
  const features = Array.from({ length: X.rows }, (_, i) => {
    const o: Record<string, number | null> = {};
    X.columns.forEach((c, j) => {
      const v = X.data[i * X.cols + j];
      o[c] = Number.isFinite(v) ? v : null;
    });
    return JSON.stringify(o);
  });
  const n = p.numRows();
  return aq.table({
    prediction_date: numericColumn(p, 'date'),
    symbol: stringColumn(p, 'symbol'),
    model_name: stringColumn(p, 'model'),
    model_version: stringColumn(p, 'model_version'),
    score: numericColumn(p, 'score'),
    class: numericColumn(p, 'class'),
    features,
    logged_at: new Array<string>(n).fill(loggedAt.toISOString()),
  });
}

const LOG_WRITE = { dateColumns: ['prediction_date'], types: { outcome_date: 'float64' as const } };

/**
 * Appends a scoring result (or log rows) to the log file, atomically and under a lock.
 * @returns The rows in the log afterwards.
 */
export function appendPredictionLog(
  file: string,
  rows: ScoreResult | ColumnTable,
  options: { loggedAt?: Date; lock?: LockOptions } = {},
): number {
  const table = 'predictions' in rows ? predictionLogRows(rows, options.loggedAt) : rows;
  return appendParquet(file, table, { ...LOG_WRITE, ...(options.lock ? { lock: options.lock } : {}) });
}

/** Reads a prediction log (an empty table with the log's columns when the file does not exist). */
export function readPredictionLog(file: string): ColumnTable {
  if (!fs.existsSync(file)) return aq.table(Object.fromEntries(PREDICTION_LOG_COLUMNS.map((c) => [c, []])));
  return readParquet(file);
}

/** Options of {@link collectOutcomes}. */
export interface OutcomeOptions {
  /** The label the model predicts (its metadata's `dataset.labels[0]`). */
  label: LabelSpec;
  /** The label's output column when it has several. Default: its first output. */
  column?: string;
  /** For labels that need the market series. */
  market?: MarketSeries;
}

/**
 * Adds the realized labels to a prediction log: `outcome` (the label of the row's symbol and
 * prediction date, NaN while its horizon has not passed in the panel) and `outcome_date` (when it
 * became known). Rows whose outcome is already known keep it, so this can run every day.
 *
 * @param log - A prediction log (prediction_date, symbol, …).
 * @param panel - The OHLCV panel, sorted by (symbol, date), reaching past the predictions.
 * @param options - {@link OutcomeOptions}.
 * @returns The log with `outcome` and `outcome_date` (replaced when present).
 */
export function collectOutcomes(log: ColumnTable, panel: ColumnTable, options: OutcomeOptions): ColumnTable {
  const def = getLabel(options.label.name);
  const outputs = def.outputs({ ...def.defaults, ...(options.label.params ?? {}) });
  const column = options.column ?? outputs[0];
  if (!outputs.includes(column))
    throw new ParameterError(
      `collectOutcomes: label ${def.name} has outputs ${outputs.join(', ')}, not ${column}`,
    );
  const symbols = stringColumn(log, 'symbol');
  const dates = numericColumn(log, 'prediction_date');
  const wanted = new Set(symbols);
  const panelSymbols = stringColumn(panel, 'symbol');
  const rows: number[] = [];
  for (let i = 0; i < panelSymbols.length; i++) if (wanted.has(panelSymbols[i] ?? '')) rows.push(i);
  const sub = rows.length === panelSymbols.length ? panel : panel.reify(rows);
  const built = buildDataset(
    sub,
    { features: [], labels: [options.label] },
    options.market ? { market: options.market } : {},
  );
  const value = numericColumn(built.table, column);
  const t1 = numericColumn(built.table, `t1_${outputs[0]}`);
  const keyOf = (s: string | null, d: number) => `${s}\u0000${d}`;
  const index = new Map<string, number>();
  const bs = stringColumn(built.table, 'symbol');
  const bd = numericColumn(built.table, 'date');
  for (let i = 0; i < bs.length; i++) index.set(keyOf(bs[i], bd[i]), i);
  const names = log.columnNames();
  const oldOutcome = names.includes('outcome') ? numericColumn(log, 'outcome') : null;
  const oldDate = names.includes('outcome_date') ? numericColumn(log, 'outcome_date') : null;
  const outcome = new Float64Array(symbols.length).fill(NaN);
  const outcomeDate = new Float64Array(symbols.length).fill(NaN);
  for (let i = 0; i < symbols.length; i++) {
    if (oldOutcome && Number.isFinite(oldOutcome[i])) {
      outcome[i] = oldOutcome[i];
      outcomeDate[i] = oldDate ? oldDate[i] : NaN;
      continue;
    }
    const k = index.get(keyOf(symbols[i], dates[i]));
    if (k !== undefined && Number.isFinite(value[k])) {
      outcome[i] = value[k];
      outcomeDate[i] = t1[k];
    }
  }
  return log.assign(aq.table({ outcome, outcome_date: outcomeDate }));
}

/**
 * {@link collectOutcomes} on the log file itself: read, join, rewrite atomically — under the log's lock,
 * so rows appended meanwhile are not lost.
 *
 * @returns The log with outcomes (as written).
 */
export function updateOutcomes(
  file: string,
  panel: ColumnTable,
  options: OutcomeOptions & { lock?: LockOptions },
): ColumnTable {
  return withLock(
    `${file}.lock`,
    () => {
      const log = collectOutcomes(readPredictionLog(file), panel, options);
      writeParquet(log, file, LOG_WRITE);
      return log;
    },
    options.lock,
  );
}

/**
 * Rolling metrics of the predictions whose outcome is known: for each prediction date d, the rows
 * predicted in (d − window days, d] — accuracy (score ≥ threshold), AUC (NaN with one class) and Brier.
 *
 * @param log - A log with `outcome` (see {@link collectOutcomes}), `score`, `prediction_date`.
 * @param options - `window` in calendar days (default 30), `threshold` (default 0.5).
 * @returns date, n, accuracy, auc, brier — one row per prediction date with a known outcome, ascending.
 */
export function rollingMetrics(
  log: ColumnTable,
  options: { window?: number; threshold?: number } = {},
): ColumnTable {
  const { window = 30, threshold = 0.5 } = options;
  if (!(window > 0)) throw new ParameterError(`rollingMetrics: window must be > 0 days, got ${window}`);
  const date = numericColumn(log, 'prediction_date');
  const score = numericColumn(log, 'score');
  const outcome = numericColumn(log, 'outcome');
  const known: number[] = [];
  for (let i = 0; i < date.length; i++)
    if (Number.isFinite(outcome[i]) && Number.isFinite(score[i])) known.push(i);
  known.sort((a, b) => date[a] - date[b]);
  const days = [...new Set(known.map((i) => date[i]))];
  const out = { date: new Float64Array(days.length), n: new Float64Array(days.length) };
  const acc = new Float64Array(days.length);
  const auc = new Float64Array(days.length);
  const brier = new Float64Array(days.length);
  let lo = 0;
  let hi = 0;
  days.forEach((d, k) => {
    while (hi < known.length && date[known[hi]] <= d) hi++;
    while (date[known[lo]] <= d - window * MS_PER_DAY) lo++;
    const rows = known.slice(lo, hi);
    const y = Float64Array.from(rows, (i) => outcome[i]);
    const s = Float64Array.from(rows, (i) => score[i]);
    out.date[k] = d;
    out.n[k] = rows.length;
    acc[k] = accuracy(y, s, { threshold });
    brier[k] = brierScore(y, s);
    try {
      auc[k] = rocAuc(y, s);
    } catch {
      auc[k] = NaN;
    }
  });
  return aq.table({ date: out.date, n: out.n, accuracy: acc, auc, brier });
}
