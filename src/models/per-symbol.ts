/**
 * Per-symbol model fleets (seed 001): one model per symbol with enough rows, a pooled model for the rest,
 * predictions routed by symbol.
 *
 * ```
 *  dataset | { X, y, symbols }  ──(a Dataset: X = toMatrix, y = the label, rows with a NaN label dropped)
 *    rows grouped by symbol (symbols in codepoint order, rows ascending)
 *    each symbol s:  rows < minSamples            ─▶ skipped 'too-few-rows'
 *                    a classifier and one class   ─▶ skipped 'one-class'
 *                    else factory(s).fit(X[rows_s], y[rows_s], options[rows_s])
 *    pooled: true ─▶ factory(null).fit(X, y, options) on ALL rows (in date order when dates are known): the
 *                    fallback for skipped and unseen symbols
 *  predict(X, symbols): rows grouped by symbol ─▶ the symbol's model, else the pooled one, else an error
 *                       naming the symbols ─▶ outputs scattered back to row order
 * ```
 * The fits run one after another on the calling thread, deterministically (each model's seed comes from
 * the factory; symbols in a fixed order). worker_threads were measured on the 2-core development machine,
 * which other jobs shared (bench/per-symbol.ts `--workers 2`: 500 GBDTs of 100 rounds on ≈1,250 rows,
 * byte-identical JSON either way): 0.90× at load average ≈ 3 (one thread: 59 s) and 1.48× at ≈ 9 (where
 * the second thread mostly won a larger share of an oversubscribed machine). Not a clear gain there, and a
 * worker cannot run a factory closure (it must rebuild models from a class name and params), so the fleet
 * stays single-threaded; on dedicated cores the bench's `--workers` harness shows how to split the symbols.
 *
 * @example
 * const fleet = fitPerSymbol(dataset, () => new GBDTClassifier({ nEstimators: 100, seed: 1 }), { minSamples: 100 });
 * fleet.report.skipped; // [{ symbol: 'XYZ', rows: 57, reason: 'too-few-rows', detail: '57 rows < minSamples 100' }]
 * fleet.predictProba(Xtest, symbolsTest); // XYZ's rows go to the pooled model
 */
import { take, takeRows } from '../calibration/folds.js';
import { paramsFromJSON, readEnvelope } from '../calibration/checks.js';
import { compareCodepoints, numericColumn, stringColumn } from '../data/panel.js';
import { toMatrix, type Dataset } from '../features/pipeline.js';
import type { Classifier, Estimator, FitOptions, Matrix, ModelJSON } from '../types.js';
import { DataFormatError, NotFittedError, ParameterError, SchemaError } from '../util/errors.js';
import { isEstimator, type ModelLoader } from './ensemble.js';
import { isClassifierLike, modelName, runPlan, runPlanAsync, takeOptions, type FitPlan } from './fitting.js';
import { loadModel } from './load-model.js';
import { checkMatrix, checkSampleWeight, checkTarget } from './validate-input.js';

/** Training data given as arrays: X, y and one symbol per row (rows of a symbol need not be contiguous). */
export interface PerSymbolData {
  X: Matrix;
  y: Float64Array;
  symbols: ArrayLike<string | null>;
  sampleWeight?: Float64Array;
  dates?: Float64Array;
  t1?: Float64Array;
}

/** Progress after each model fitted. */
export interface PerSymbolProgress {
  /** Models fitted so far (the pooled one included), and how many will be. */
  done: number;
  total: number;
  /** The symbol just fitted; null for the pooled model. */
  symbol: string | null;
  rows: number;
  /** That model's fit time, ms. */
  fitMs: number;
  /** Since fitPerSymbol started, ms. */
  elapsedMs: number;
}

/** Options of {@link fitPerSymbol}. */
export interface PerSymbolOptions {
  /** Fewest rows a symbol needs for its own model, integer ≥ 1. Default 100. */
  minSamples?: number;
  /** Fit a pooled model on all rows as the fallback for skipped and unseen symbols. Default true. */
  pooled?: boolean;
  /** A Dataset's label column to fit on. Default its first label. */
  label?: string;
  /** Called after each model is fitted. */
  onProgress?: (progress: PerSymbolProgress) => void;
}

/** Why a symbol got no model of its own. */
export type SkipReason = 'too-few-rows' | 'one-class';

/** A symbol without its own model. */
export interface SkippedSymbol {
  symbol: string;
  rows: number;
  reason: SkipReason;
  /** The reason in words, e.g. '57 rows < minSamples 100'. */
  detail: string;
}

/** What {@link fitPerSymbol} did. */
export interface PerSymbolReport {
  /** Distinct symbols in the training rows. */
  nSymbols: number;
  nFitted: number;
  nSkipped: number;
  skipped: SkippedSymbol[];
  /** Skipped symbols counted by reason. */
  skippedByReason: Record<SkipReason, number>;
  /** The symbols with their own model, in codepoint order: rows and fit time (ms). */
  fitted: { symbol: string; rows: number; fitMs: number }[];
  /** The pooled model's rows and fit time, or null without one. */
  pooled: { rows: number; fitMs: number } | null;
  /** Rows of a Dataset left out because their label is NaN (not known yet). */
  unlabeledRows: number;
  /** Wall time of the whole fit, ms. */
  totalMs: number;
}

/** {@link PerSymbolModel.getParams}. */
export type PerSymbolParams = {
  minSamples: number;
  pooled: boolean;
};

/** Serialized state of a {@link PerSymbolModel}. */
export interface PerSymbolState {
  nFeatures: number;
  featureNames: string[];
  /** Symbols with their own model, codepoint order; `models[k]` is `symbols[k]`'s, `rows[k]` its training rows. */
  symbols: string[];
  rows: number[];
  models: ModelJSON[];
  pooled: ModelJSON | null;
  skipped: SkippedSymbol[];
}

/** The parts of a fitted fleet (see {@link fitPerSymbol}, {@link PerSymbolModel.fromJSON}). */
export interface PerSymbolParts {
  params: PerSymbolParams;
  nFeatures: number;
  featureNames: string[];
  /** symbol → its model and training rows. */
  models: Map<string, { model: Estimator; rows: number }>;
  pooled: Estimator | null;
  skipped: SkippedSymbol[];
  report?: PerSymbolReport;
}

/** A fitted fleet: one model per symbol plus an optional pooled fallback. Made by {@link fitPerSymbol} or fromJSON. */
export class PerSymbolModel {
  static readonly format = 'quantbook/per-symbol';
  static readonly version = 1;

  private readonly parts: PerSymbolParts;

  /** Prefer {@link fitPerSymbol} and {@link PerSymbolModel.fromJSON}; this assembles already-fitted parts. */
  constructor(parts: PerSymbolParts) {
    this.parts = parts;
  }

  /**
   * What the fit did: fitted and skipped symbols (with reasons and counts), pooled model, times.
   * @throws NotFittedError for a model loaded by fromJSON (the skipped symbols are still in {@link skipped}).
   */
  get report(): PerSymbolReport {
    const r = this.parts.report;
    if (r === undefined)
      throw new NotFittedError('PerSymbolModel (the fit report exists after fitPerSymbol, not fromJSON)');
    return r;
  }

  /** Symbols with their own model, codepoint order. */
  get symbols(): string[] {
    return [...this.parts.models.keys()];
  }

  /** Symbols skipped at fit, with the reason. */
  get skipped(): SkippedSymbol[] {
    return this.parts.skipped.map((s) => ({ ...s }));
  }

  /** The pooled fallback, or null. */
  get pooledModel(): Estimator | null {
    return this.parts.pooled;
  }

  /** Whether `symbol` has a model of its own. */
  has(symbol: string): boolean {
    return this.parts.models.has(symbol);
  }

  /**
   * The model that predicts `symbol`: its own, else the pooled one.
   * @throws SchemaError when there is neither (naming the symbol and, if skipped at fit, why).
   */
  modelFor(symbol: string): Estimator {
    const m = this.parts.models.get(symbol)?.model ?? this.parts.pooled;
    if (m === null) throw this.noModel('PerSymbolModel.modelFor', new Map([[symbol, 1]]));
    return m;
  }

  /**
   * Each row predicted by its symbol's model (or the pooled one): `predict`'s output, `(nSamples,)`.
   * @param symbols - One symbol per row of X.
   * @throws InputError for a malformed X or a feature-count mismatch; SchemaError for a symbols length
   *   mismatch, a missing symbol, or symbols without a model and no pooled fallback (naming them).
   */
  predict(X: Matrix, symbols: ArrayLike<string | null>): Float64Array {
    return this.route('PerSymbolModel.predict', X, symbols, (m, Xs) => m.predict(Xs));
  }

  /**
   * Each row's P(y = 1) from its symbol's classifier (or the pooled one), `(nSamples,)`.
   * @throws ParameterError when a model has no predictProba; otherwise as {@link predict}.
   */
  predictProba(X: Matrix, symbols: ArrayLike<string | null>): Float64Array {
    return this.route('PerSymbolModel.predictProba', X, symbols, (m, Xs) => {
      if (typeof (m as Partial<Classifier>).predictProba !== 'function')
        throw new ParameterError(
          `PerSymbolModel.predictProba: the ${modelName(m)} models have no predictProba; use predict`,
        );
      return (m as Classifier).predictProba(Xs);
    });
  }

  private route(
    what: string,
    X: Matrix,
    symbols: ArrayLike<string | null>,
    run: (m: Estimator, X: Matrix) => Float64Array,
  ): Float64Array {
    checkMatrix(what, X, this.parts.nFeatures);
    const groups = groupBySymbol(what, symbols, X.rows);
    const missing = new Map<string, number>();
    if (this.parts.pooled === null)
      for (const [s, idx] of groups) if (!this.parts.models.has(s)) missing.set(s, idx.length);
    if (missing.size > 0) throw this.noModel(what, missing);
    const out = new Float64Array(X.rows);
    for (const [s, idx] of groups) {
      const model = this.parts.models.get(s)?.model ?? (this.parts.pooled as Estimator);
      const rows = Int32Array.from(idx);
      const p = run(model, takeRows(X, rows));
      if (p.length !== rows.length)
        throw new SchemaError(
          `${what}: the model of ${JSON.stringify(s)} returned ${p.length} values for ${rows.length} rows`,
        );
      for (let k = 0; k < rows.length; k++) out[rows[k]] = p[k];
    }
    return out;
  }

  private noModel(what: string, missing: Map<string, number>): SchemaError {
    const skipped = new Map(this.parts.skipped.map((s) => [s.symbol, s]));
    const list = [...missing]
      .slice(0, 10)
      .map(([s, n]) => {
        const why = skipped.get(s);
        return `${JSON.stringify(s)} (${n} row${n === 1 ? '' : 's'}; ${why === undefined ? 'not in the training data' : `skipped at fit: ${why.detail}`})`;
      })
      .join(', ');
    const more = missing.size > 10 ? ` and ${missing.size - 10} more` : '';
    return new SchemaError(
      `${what}: no model for symbol${missing.size === 1 ? '' : 's'} ${list}${more}, and no pooled fallback`,
      { hint: 'Fit with { pooled: true } to predict symbols without a model of their own' },
    );
  }

  /** `{ minSamples, pooled }`. */
  getParams(): PerSymbolParams {
    return { ...this.parts.params };
  }

  /**
   * `{ format: 'quantbook/per-symbol', version: 1, params: { minSamples, pooled }, state: { nFeatures,
   * featureNames, symbols, rows, models: [model.toJSON()…], pooled: JSON | null, skipped } }`.
   */
  toJSON(): ModelJSON<PerSymbolParams, PerSymbolState> {
    const { nFeatures, featureNames, models, pooled, skipped } = this.parts;
    return {
      format: PerSymbolModel.format,
      version: PerSymbolModel.version,
      params: this.getParams(),
      state: {
        nFeatures,
        featureNames: [...featureNames],
        symbols: [...models.keys()],
        rows: [...models.values()].map((m) => m.rows),
        models: [...models.values()].map((m) => m.model.toJSON()),
        pooled: pooled === null ? null : pooled.toJSON(),
        skipped: skipped.map((s) => ({ ...s })),
      },
    };
  }

  /**
   * A fleet from {@link toJSON}'s output; predictions are identical.
   * @param loadMember - Rebuilds each model from its JSON. Default {@link loadModel}.
   * @throws DataFormatError for another format or version, bad params, or a malformed state.
   */
  static fromJSON(json: unknown, loadMember: ModelLoader = loadModel): PerSymbolModel {
    const f = PerSymbolModel.format;
    const what = `${f}: fromJSON`;
    const { params, state } = readEnvelope(json, f, PerSymbolModel.version);
    const p = paramsFromJSON(f, () => checkParams('PerSymbolModel', params));
    const { nFeatures, featureNames, symbols, rows, models, pooled, skipped } = state;
    if (typeof nFeatures !== 'number' || !Number.isInteger(nFeatures) || nFeatures < 1)
      throw new DataFormatError(
        `${what}: state.nFeatures must be an integer ≥ 1, got ${JSON.stringify(nFeatures)}`,
      );
    if (!Array.isArray(featureNames) || !featureNames.every((c) => typeof c === 'string'))
      throw new DataFormatError(`${what}: state.featureNames must be an array of strings`);
    if (
      !Array.isArray(symbols) ||
      !Array.isArray(rows) ||
      !Array.isArray(models) ||
      symbols.length !== rows.length ||
      symbols.length !== models.length ||
      !symbols.every((s) => typeof s === 'string') ||
      !rows.every((r) => Number.isInteger(r) && (r as number) >= 0)
    )
      throw new DataFormatError(
        `${what}: state.symbols (strings), state.rows (integers) and state.models must be arrays of equal length`,
      );
    if (!Array.isArray(skipped)) throw new DataFormatError(`${what}: state.skipped must be an array`);
    const load = (j: unknown, where: string): Estimator => {
      if (j === null || typeof j !== 'object' || typeof (j as { format?: unknown }).format !== 'string')
        throw new DataFormatError(`${what}: ${where} must be a model JSON object`);
      const m = loadMember(j as ModelJSON);
      if (!isEstimator(m))
        throw new DataFormatError(`${what}: ${where} (${(j as ModelJSON).format}) is not an estimator`);
      return m;
    };
    const map = new Map<string, { model: Estimator; rows: number }>();
    symbols.forEach((s, k) => {
      if (map.has(s))
        throw new DataFormatError(`${what}: symbol ${JSON.stringify(s)} appears twice in state.symbols`);
      map.set(s, { model: load(models[k], `state.models[${k}]`), rows: rows[k] as number });
    });
    return new PerSymbolModel({
      params: p,
      nFeatures,
      featureNames: featureNames,
      models: map,
      pooled: pooled === null ? null : load(pooled, 'state.pooled'),
      skipped: (skipped as SkippedSymbol[]).map((s) => ({ ...s })),
    });
  }
}

function checkParams(what: string, options: { minSamples?: unknown; pooled?: unknown }): PerSymbolParams {
  const { minSamples = 100, pooled = true } = options;
  if (typeof minSamples !== 'number' || !Number.isInteger(minSamples) || minSamples < 1)
    throw new ParameterError(`${what}: minSamples must be an integer ≥ 1, got ${String(minSamples)}`);
  if (typeof pooled !== 'boolean')
    throw new ParameterError(`${what}: pooled must be true or false, got ${String(pooled)}`);
  return { minSamples, pooled };
}

/** Row indices per symbol, symbols in codepoint order. @throws SchemaError for a length mismatch or a missing symbol. */
function groupBySymbol(what: string, symbols: ArrayLike<string | null>, rows: number): Map<string, number[]> {
  if (symbols === null || typeof symbols !== 'object' || typeof symbols.length !== 'number')
    throw new SchemaError(`${what}: symbols must be an array of strings, one per row`);
  if (symbols.length !== rows)
    throw new SchemaError(`${what}: symbols has ${symbols.length} values, X has ${rows} rows`);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < rows; i++) {
    const s = symbols[i];
    if (typeof s !== 'string' || s === '')
      throw new SchemaError(`${what}: symbols[${i}] is ${JSON.stringify(s)}; every row needs a symbol`);
    let g = groups.get(s);
    if (g === undefined) groups.set(s, (g = []));
    g.push(i);
  }
  return new Map([...groups].sort((a, b) => compareCodepoints(a[0], b[0])));
}

/** A Dataset's rows with a known label as PerSymbolData, and how many were dropped. */
function fromDataset(ds: Dataset, label: string | undefined): { data: PerSymbolData; unlabeled: number } {
  const what = 'fitPerSymbol';
  const name = label ?? ds.labelNames[0];
  if (name === undefined)
    throw new SchemaError(
      `${what}: the dataset has no label column; build it with labels, or pass { X, y, symbols }`,
    );
  if (!ds.labelNames.includes(name))
    throw new SchemaError(
      `${what}: label ${JSON.stringify(name)} is not one of the dataset's labels (${ds.labelNames.join(', ')})`,
    );
  const X = toMatrix(ds);
  const y = numericColumn(ds.table, name);
  const symbols = stringColumn(ds.table, 'symbol');
  const dates = numericColumn(ds.table, 'date');
  const t1Name = ds.labelEnds[name] ?? 't1';
  const t1 = ds.table.columnNames().includes(t1Name) ? numericColumn(ds.table, t1Name) : undefined;
  const keep = Int32Array.from({ length: X.rows }, (_, i) => i).filter((i) => !Number.isNaN(y[i]));
  if (keep.length === X.rows) return { data: { X, y, symbols, dates, ...(t1 && { t1 }) }, unlabeled: 0 };
  return {
    data: {
      X: takeRows(X, keep),
      y: take(y, keep),
      symbols: Array.from(keep, (i) => symbols[i]),
      dates: take(dates, keep),
      ...(t1 && { t1: take(t1, keep) }),
    },
    unlabeled: X.rows - keep.length,
  };
}

/** Row indices ordered by date (stable: ties keep row order), or null when already in date order. */
function timeOrder(dates: Float64Array): Int32Array | null {
  let sorted = true;
  for (let i = 1; i < dates.length && sorted; i++) if (dates[i] < dates[i - 1]) sorted = false;
  if (sorted) return null;
  const idx = Int32Array.from({ length: dates.length }, (_, i) => i);
  return idx.sort((a, b) => dates[a] - dates[b] || a - b);
}

const isDataset = (x: unknown): x is Dataset =>
  typeof x === 'object' && x !== null && 'table' in x && 'featureNames' in x && 'labelNames' in x;

function* fleetPlan(
  input: Dataset | PerSymbolData,
  factory: (symbol: string | null) => Estimator,
  options: PerSymbolOptions,
): FitPlan<PerSymbolModel> {
  const what = 'fitPerSymbol';
  const started = performance.now();
  if (typeof factory !== 'function')
    throw new ParameterError(
      `${what}: factory must be a function (symbol) => Estimator, got ${typeof factory}`,
    );
  if (options === null || typeof options !== 'object')
    throw new ParameterError(`${what}: options must be an object, got ${String(options)}`);
  for (const key of Object.keys(options))
    if (!['minSamples', 'pooled', 'label', 'onProgress'].includes(key))
      throw new ParameterError(
        `${what}: unknown option ${JSON.stringify(key)} (known: minSamples, pooled, label, onProgress)`,
      );
  const params = checkParams(what, options);
  const { onProgress } = options;
  const { data, unlabeled } = isDataset(input)
    ? fromDataset(input, options.label)
    : { data: input, unlabeled: 0 };
  const { X, y } = data;
  checkMatrix(what, X);
  checkTarget(what, y, X.rows, false);
  const fitOptions: FitOptions = {};
  if (data.sampleWeight !== undefined)
    fitOptions.sampleWeight = checkSampleWeight(what, data.sampleWeight, X.rows);
  for (const name of ['dates', 't1'] as const) {
    const v = data[name];
    if (v === undefined) continue;
    if (!(v instanceof Float64Array) || v.length !== X.rows)
      throw new SchemaError(`${what}: ${name} must be a Float64Array with one value per row (${X.rows})`);
    fitOptions[name] = v;
  }
  const groups = groupBySymbol(what, data.symbols, X.rows);

  let labelsChecked = false;
  const make = (symbol: string | null): Estimator => {
    const m = factory(symbol);
    if (!isEstimator(m))
      throw new ParameterError(
        `${what}: factory(${JSON.stringify(symbol)}) returned ${m === null ? 'null' : typeof m}, not an estimator`,
      );
    if (!labelsChecked && isClassifierLike(m)) checkTarget(what, y, X.rows, true); // name rows of X, not of a symbol
    labelsChecked = true;
    return m;
  };
  const skipped: SkippedSymbol[] = [];
  const todo: { symbol: string; rows: Int32Array; model: Estimator }[] = [];
  for (const [symbol, idx] of groups) {
    if (idx.length < params.minSamples) {
      skipped.push({
        symbol,
        rows: idx.length,
        reason: 'too-few-rows',
        detail: `${idx.length} rows < minSamples ${params.minSamples}`,
      });
      continue;
    }
    const model = make(symbol);
    if (isClassifierLike(model)) {
      const ones = idx.reduce((s, i) => s + (y[i] === 1 ? 1 : 0), 0);
      if (ones === 0 || ones === idx.length) {
        skipped.push({
          symbol,
          rows: idx.length,
          reason: 'one-class',
          detail: `all ${idx.length} labels are ${ones === 0 ? 0 : 1}`,
        });
        continue;
      }
    }
    todo.push({ symbol, rows: Int32Array.from(idx), model });
  }
  const total = todo.length + (params.pooled ? 1 : 0);
  let done = 0;
  const models = new Map<string, { model: Estimator; rows: number }>();
  const fitted: PerSymbolReport['fitted'] = [];
  for (const { symbol, rows, model } of todo) {
    const t0 = performance.now();
    yield { model, X: takeRows(X, rows), y: take(y, rows), options: takeOptions(fitOptions, rows) };
    const fitMs = performance.now() - t0;
    models.set(symbol, { model, rows: rows.length });
    fitted.push({ symbol, rows: rows.length, fitMs });
    onProgress?.({
      done: ++done,
      total,
      symbol,
      rows: rows.length,
      fitMs,
      elapsedMs: performance.now() - started,
    });
  }
  let pooled: Estimator | null = null;
  let pooledReport: PerSymbolReport['pooled'] = null;
  if (params.pooled) {
    pooled = make(null);
    const t0 = performance.now();
    // rows in time order when dates are known, so a model that holds out its last rows for early
    // stopping (NeuralNet, GBDT evalFraction) holds out the latest dates, not the last symbols
    const order = fitOptions.dates ? timeOrder(fitOptions.dates) : null;
    if (order === null) yield { model: pooled, X, y, options: fitOptions };
    else
      yield {
        model: pooled,
        X: takeRows(X, order),
        y: take(y, order),
        options: takeOptions(fitOptions, order),
      };
    const fitMs = performance.now() - t0;
    pooledReport = { rows: X.rows, fitMs };
    onProgress?.({
      done: ++done,
      total,
      symbol: null,
      rows: X.rows,
      fitMs,
      elapsedMs: performance.now() - started,
    });
  }
  const skippedByReason: Record<SkipReason, number> = { 'too-few-rows': 0, 'one-class': 0 };
  for (const s of skipped) skippedByReason[s.reason]++;
  const report: PerSymbolReport = {
    nSymbols: groups.size,
    nFitted: models.size,
    nSkipped: skipped.length,
    skipped: skipped.map((s) => ({ ...s })),
    skippedByReason,
    fitted,
    pooled: pooledReport,
    unlabeledRows: unlabeled,
    totalMs: performance.now() - started,
  };
  return new PerSymbolModel({
    params,
    nFeatures: X.cols,
    featureNames:
      Array.isArray(X.columns) && X.columns.length === X.cols
        ? [...X.columns]
        : Array.from({ length: X.cols }, (_, j) => `f${j}`),
    models,
    pooled,
    skipped,
    report,
  });
}

/**
 * Fits one model per symbol with at least `minSamples` rows, and (pooled: true) a pooled model on all rows
 * as the fallback for the others (module doc).
 * @param data - A {@link Dataset} (features → X, `options.label` → y, rows with a NaN label dropped, dates
 *   and t1 passed to fit) or `{ X, y, symbols, sampleWeight?, dates?, t1? }`.
 * @param factory - Returns a new unfitted model for a symbol (`null` for the pooled model); seed it for
 *   reproducible fleets.
 * @returns The fleet; `fleet.report` lists fitted and skipped symbols (with reasons and counts) and times.
 * @throws ParameterError for bad options or a factory not returning an estimator; InputError/SchemaError for a
 *   malformed X, y (non-finite, naming the index), sample weights, dates/t1 or symbols (naming the row);
 *   QuantbookError E_ASYNC_FIT for a model whose fit is asynchronous (use fitPerSymbolAsync); whatever a
 *   model's fit throws.
 */
export function fitPerSymbol(
  data: Dataset | PerSymbolData,
  factory: (symbol: string | null) => Estimator,
  options: PerSymbolOptions = {},
): PerSymbolModel {
  return runPlan('fitPerSymbol', fleetPlan(data, factory, options));
}

/** {@link fitPerSymbol} awaiting each model's `fitAsync` when it has one (e.g. NeuralNet), yielding to the event loop between fits. */
export async function fitPerSymbolAsync(
  data: Dataset | PerSymbolData,
  factory: (symbol: string | null) => Estimator,
  options: PerSymbolOptions = {},
): Promise<PerSymbolModel> {
  return runPlanAsync(fleetPlan(data, factory, options));
}
