/**
 * Production scoring: features built with the model's own dataset spec, aligned to the model's columns by
 * name, checked, scored, and the scores checked again (seed 002's error boundary).
 *
 * ```
 *  panel (OHLCV) ──rows ≤ as-of date──▶ buildDataset(metadata.dataset without labels) ──rows on the date──┐
 *  feature table (symbol, date, features…) ───────────────────────────────────────────────────────────────┤
 *     ┌──────────────────────────────────────────────────────────────────────────────────────────────────┘
 *     ▼
 *  align by name to metadata.features ── missing: error, or 0 with a warning naming them (fillMissing 'zero')
 *     ──▶ rows with > 10 % non-finite features: refused and reported, not scored
 *     ──▶ predictProba ──▶ every score finite and in [0, 1], else ScoringError ──▶ (symbol, date, score, class, …)
 * ```
 * Features look back only, so dropping the panel's rows after the as-of date changes nothing on it and
 * guarantees nothing later is read.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { numericColumn, stringColumn } from '../data/panel.js';
import { formatDate, toDateMs } from '../data/schema.js';
import { buildDataset, type DatasetSpec } from '../features/pipeline.js';
import { getFeature } from '../features/registry.js';
import type { MarketSeries } from '../features/types.js';
import type { Matrix } from '../types.js';
import { NotFoundError, ParameterError, SchemaError } from '../util/errors.js';
import { ScoringError } from './errors.js';
import type { DateLike, ModelMetadata } from './metadata.js';

/** The OHLCV columns that make a table a panel (else it is taken as a feature table). */
const OHLCV = ['symbol', 'date', 'open', 'high', 'low', 'close', 'volume'];

/** The part of a registered model scoring needs. */
export interface Scorable {
  name: string;
  version: string;
  /** Any model; scoring needs `predictProba(X) → P(y = 1)`. */
  model: object;
  metadata: Pick<ModelMetadata, 'features' | 'threshold' | 'dataset'>;
}

/** Options of {@link scoreRows} and {@link predictPanel}. */
export interface ScoreOptions {
  /** A feature the input lacks: `'error'` (default) or `'zero'` (filled with 0, with a warning naming it). */
  fillMissing?: 'error' | 'zero';
  /** Refuse rows whose share of non-finite features exceeds this. Default 0.1. */
  maxNanShare?: number;
  /** Receives each warning (they are also returned). */
  onWarning?: (message: string) => void;
}

/** A row not scored, and why. */
export interface RefusedRow {
  symbol: string;
  /** Epoch-ms UTC day. */
  date: number;
  nanShare: number;
  /** The features that were NaN or infinite. */
  nanFeatures: string[];
}

/** What scoring returns. */
export interface ScoreResult {
  /** symbol, date, score (P(y = 1)), class (score ≥ threshold), model, model_version; one row per scored row. */
  predictions: ColumnTable;
  /** The scored rows' features, in the model's order (for the prediction log). */
  features: Matrix;
  refused: RefusedRow[];
  /** Features filled with 0 (fillMissing 'zero'). */
  filled: string[];
  warnings: string[];
}

/**
 * The named columns of `X`, in `names` order.
 *
 * @throws SchemaError naming the missing columns and the ones available.
 */
export function selectColumns(X: Matrix, names: readonly string[], what = 'selectColumns'): Matrix {
  if (X.columns.length === names.length && X.columns.every((c, j) => c === names[j])) return X;
  const index = names.map((n) => X.columns.indexOf(n));
  const missing = names.filter((_, j) => index[j] < 0);
  if (missing.length)
    throw new SchemaError(
      `${what}: missing feature(s) ${missing.join(', ')}; the data has ${X.columns.join(', ')}`,
    );
  const cols = names.length;
  const data = new Float64Array(X.rows * cols);
  for (let i = 0; i < X.rows; i++)
    for (let j = 0; j < cols; j++) data[i * cols + j] = X.data[i * X.cols + index[j]];
  return { data, rows: X.rows, cols, columns: [...names] };
}

/**
 * Scores the rows of a feature table with a registered model.
 *
 * @param entry - The model and its metadata (a `RegisteredModel`).
 * @param table - symbol, date and feature columns (extra columns are ignored), `(rows, …)`.
 * @param options - {@link ScoreOptions}.
 * @throws SchemaError naming missing features (fillMissing 'error').
 * @throws ScoringError when the model has no predictProba, or a score is NaN or outside [0, 1].
 */
export function scoreRows(entry: Scorable, table: ColumnTable, options: ScoreOptions = {}): ScoreResult {
  const { fillMissing = 'error', maxNanShare = 0.1 } = options;
  if (fillMissing !== 'error' && fillMissing !== 'zero')
    throw new ParameterError(`fillMissing must be 'error' or 'zero', got ${String(fillMissing)}`);
  if (!(maxNanShare >= 0 && maxNanShare <= 1))
    throw new ParameterError(`maxNanShare must be in [0, 1], got ${maxNanShare}`);
  const model = entry.model as { predictProba?: (X: Matrix) => Float64Array };
  const predictProba = typeof model.predictProba === 'function' ? model.predictProba.bind(model) : null;
  if (!predictProba)
    throw new ScoringError(`model ${entry.name}@${entry.version} is not a classifier (no predictProba)`);
  const names = entry.metadata.features;
  const have = new Set(table.columnNames());
  const missing = names.filter((f) => !have.has(f));
  const warnings: string[] = [];
  if (missing.length > 0) {
    if (fillMissing === 'error')
      throw new SchemaError(
        `predict: the data lacks feature(s) ${missing.join(', ')} of ${entry.name}@${entry.version}`,
        { hint: 'Use data the model’s spec can be built from, or --fill-missing zero to fill them with 0' },
      );
    warnings.push(`filled missing feature(s) with 0: ${missing.join(', ')}`);
    options.onWarning?.(warnings.at(-1)!);
  }
  const n = table.numRows();
  const cols = names.length;
  const symbol = stringColumn(table, 'symbol');
  const date = numericColumn(table, 'date');
  const columns = names.map((f) => (have.has(f) ? numericColumn(table, f) : null));
  const data = new Float64Array(n * cols);
  const keep: number[] = [];
  const refused: RefusedRow[] = [];
  const limit = maxNanShare * cols;
  for (let i = 0; i < n; i++) {
    let bad = 0;
    for (let j = 0; j < cols; j++) {
      const v = columns[j] === null ? 0 : columns[j]![i];
      data[keep.length * cols + j] = v;
      if (!Number.isFinite(v)) bad++;
    }
    if (bad > limit) {
      const nanFeatures = names.filter((_, j) => {
        const c = columns[j];
        return c !== null && !Number.isFinite(c[i]);
      });
      refused.push({ symbol: symbol[i] ?? '', date: date[i], nanShare: bad / cols, nanFeatures });
    } else keep.push(i);
  }
  const X: Matrix = {
    data: data.subarray(0, keep.length * cols),
    rows: keep.length,
    cols,
    columns: [...names],
  };
  const score = keep.length ? predictProba(X) : new Float64Array(0);
  for (let k = 0; k < score.length; k++)
    if (!(score[k] >= 0 && score[k] <= 1))
      throw new ScoringError(
        `model ${entry.name}@${entry.version} gave probability ${score[k]} for ${symbol[keep[k]]} ${formatDate(date[keep[k]])}; probabilities must lie in [0, 1]`,
        { hint: 'The model file or its inputs are broken; nothing was written' },
      );
  const threshold = entry.metadata.threshold;
  const predictions = aq.table({
    symbol: keep.map((i) => symbol[i]),
    date: Float64Array.from(keep, (i) => date[i]),
    score,
    class: score.map((s) => (s >= threshold ? 1 : 0)),
    model: keep.map(() => entry.name),
    model_version: keep.map(() => entry.version),
  });
  if (refused.length > 0) {
    warnings.push(`refused ${refused.length} row(s) with more than ${maxNanShare * 100} % NaN features`);
    options.onWarning?.(warnings.at(-1)!);
  }
  return { predictions, features: X, refused, filled: missing, warnings };
}

/** Options of {@link predictPanel}. */
export interface PredictOptions extends ScoreOptions {
  /** Score the rows of this date (default: the panel's last date), or `'all'` rows. */
  date?: DateLike;
  /** The market series, when the spec has market features. */
  market?: MarketSeries;
  /** symbol → sector, when the spec has sector relative strength. */
  sectors?: ReadonlyMap<string, string>;
}

/** The spec without labels, and — with fillMissing 'zero' and no market/sectors — without what needs them. */
function scoringSpec(spec: DatasetSpec, options: PredictOptions): { spec: DatasetSpec; dropped: string[] } {
  const dropped: string[] = [];
  let features = spec.features;
  let srs = spec.sectorRelativeStrength;
  if (options.fillMissing === 'zero' && !options.market) {
    features = features.filter((f) => {
      const def = getFeature(f.name);
      if (!def.needsMarket) return true;
      dropped.push(...def.outputs({ ...def.defaults, ...(f.params ?? {}) }));
      return false;
    });
  }
  if (srs && options.fillMissing === 'zero' && (!options.market || !options.sectors)) {
    dropped.push(`sector_rs_${srs.period ?? 20}`);
    srs = undefined;
  }
  const gone = (c: string) => dropped.includes(c);
  const crossSectional = (spec.crossSectional ?? []).filter((c) => !gone(c.column));
  const interactions = (spec.interactions ?? []).filter((x) => !gone(x.left) && !gone(x.right));
  return {
    spec: {
      features,
      ...(srs ? { sectorRelativeStrength: srs } : {}),
      crossSectional,
      interactions,
      labels: [],
    },
    dropped,
  };
}

/**
 * Scores a panel (features built with the model's spec) or a feature table at one date.
 *
 * @param entry - A registered model.
 * @param data - An OHLCV panel sorted by (symbol, date), or a table of symbol, date and features.
 * @param options - {@link PredictOptions}.
 * @returns {@link ScoreResult} and the as-of date (NaN for `'all'`).
 * @throws NotFoundError when no row falls on the date (naming the data's date range).
 * @throws SchemaError from buildDataset (e.g. market features without a market series, unless fillMissing 'zero').
 */
export function predictPanel(
  entry: Scorable,
  data: ColumnTable,
  options: PredictOptions = {},
): ScoreResult & { asOf: number } {
  const names = data.columnNames();
  let table = data;
  const date = numericColumn(data, 'date');
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < date.length; i++) {
    lo = Math.min(lo, date[i]);
    hi = Math.max(hi, date[i]);
  }
  const asOf =
    options.date === 'all' ? NaN : options.date === undefined ? hi : toDateMs(options.date, 'predict date');
  if (OHLCV.every((c) => names.includes(c))) {
    if (asOf < hi) {
      const keep: number[] = [];
      for (let i = 0; i < date.length; i++) if (date[i] <= asOf) keep.push(i);
      table = table.reify(keep);
    }
    const { spec } = scoringSpec(entry.metadata.dataset, options);
    const built = buildDataset(table, spec, {
      ...(options.market ? { market: options.market } : {}),
      ...(options.sectors ? { sectors: options.sectors } : {}),
    });
    table = built.table;
  }
  if (!Number.isNaN(asOf)) {
    const d = numericColumn(table, 'date');
    const rows: number[] = [];
    for (let i = 0; i < d.length; i++) if (d[i] === asOf) rows.push(i);
    if (rows.length === 0)
      throw new NotFoundError(
        `predict: no rows on ${formatDate(asOf)}; the data covers ${formatDate(lo)}..${formatDate(hi)}`,
      );
    table = table.reify(rows);
  }
  return { ...scoreRows(entry, table, options), asOf };
}
