/**
 * Random hyperparameter search with time-series cross-validation (Bergstra & Bengio 2012; scikit-learn's
 * `RandomizedSearchCV`), plus seed 003's LightGBM and XGBoost search spaces mapped onto our GBDT.
 *
 * ```
 *  space { name: distribution } ─Rng(seed)─▶ nIter parameter sets (all-choice spaces: without repeats)
 *  each set p, each split (train_k, test_k) of cv.split({ date: dates, t1 }):
 *      m = factory(p).fit(X[train_k], y[train_k], options[train_k])        (timed: fitMs)
 *      score_k = scoring(m on X[test_k], y[test_k])
 *  ──▶ results: one row per set { params, meanScore, stdScore (ddof 0), foldScores, fitMs… }, best first
 *  ──▶ best params; refit: factory(best).fit(X, y, options) as bestEstimator
 * ```
 * Scores are reported as computed (log loss and RMSE stay positive); `greaterIsBetter` says the direction:
 * 'auc' and 'ic' are higher-is-better, 'logloss' and 'rmse' lower-is-better, a custom scorer says so itself
 * (default higher). Sets whose mean score is NaN (a failed fit with `errorScore: NaN`) sort last; ties keep
 * the sampling order.
 *
 * @see Bergstra, J. & Bengio, Y. (2012) Random search for hyper-parameter optimization. JMLR 13;
 *   scikit-learn `sklearn/model_selection/_search.py` (ParameterSampler, RandomizedSearchCV).
 */
import { checkSplits, take, takeRows } from '../calibration/folds.js';
import { logLoss, rocAuc } from '../metrics/classification.js';
import { informationCoefficient } from '../metrics/ranking.js';
import { rmse } from '../metrics/regression.js';
import type { Estimator, FitOptions, Matrix, Splitter } from '../types.js';
import { ParameterError, SchemaError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { isEstimator } from './ensemble.js';
import {
  isClassifierLike,
  modelOutput,
  runPlan,
  runPlanAsync,
  takeOptions,
  type FitPlan,
} from './fitting.js';
import { checkMatrix, checkSampleWeight, checkTarget } from './validate-input.js';

/** One of the values, each equally likely. */
export interface ChoiceDistribution {
  type: 'choice';
  values: readonly unknown[];
}
/** Uniform on [low, high). */
export interface UniformDistribution {
  type: 'uniform';
  low: number;
  high: number;
}
/** Log-uniform on [low, high), 0 < low < high: exp(U(ln low, ln high)) (scipy's loguniform / reciprocal). */
export interface LogUniformDistribution {
  type: 'loguniform';
  low: number;
  high: number;
}
/** An integer in [low, high], both included, uniform (or log-uniform when `log`, low ≥ 1). */
export interface IntDistribution {
  type: 'int';
  low: number;
  high: number;
  log?: boolean;
}
/** A parameter's distribution. */
export type Distribution =
  ChoiceDistribution | UniformDistribution | LogUniformDistribution | IntDistribution;

/** Parameter name → distribution; the names must be parameters of the factory's model (its getParams keys). */
export type SearchSpace = Readonly<Record<string, Distribution>>;

/** The built-in scores. */
export type ScoringName = 'auc' | 'logloss' | 'rmse' | 'ic';

/** A custom score of a fitted model on a test fold. */
export interface Scorer {
  name: string;
  /** Default true. */
  greaterIsBetter?: boolean;
  score(
    model: Estimator,
    X: Matrix,
    y: Float64Array,
    fold: { dates: Float64Array; sampleWeight?: Float64Array },
  ): number;
}

/** The data searched on: rows with their dates (what cv splits on) and, for purging splitters, t1. */
export interface SearchData {
  X: Matrix;
  y: Float64Array;
  dates: Float64Array;
  t1?: Float64Array;
  sampleWeight?: Float64Array;
}

/** Progress after each fit. */
export interface SearchProgress {
  /** Fits done and to do (nIter × nSplits, plus the refit). */
  done: number;
  total: number;
  /** The parameter set (sampling order) and split; split = -1 for the refit. */
  candidate: number;
  split: number;
  params: Record<string, unknown>;
  /** That fold's score (NaN for the refit or a failed fit). */
  score: number;
  elapsedMs: number;
}

/** Options of {@link randomSearch}. */
export interface RandomSearchOptions {
  /** The splitter (walkForwardSplit, purgedKFold, timeSeriesSplit). */
  cv: Splitter;
  /** Parameter sets to try, integer ≥ 1. Default 10. */
  nIter?: number;
  /** Seed of the sampling (any integer). Default 0. */
  seed?: number;
  /**
   * 'auc' (rocAuc of predictProba), 'logloss' (of predictProba), 'rmse' (of predict), 'ic' (mean per-date
   * Spearman rank IC between the prediction — P(y = 1) for classifiers — and y), a {@link Scorer}, or a
   * function (model, X, y) → number, higher is better. Scores use the test rows' sample weights when given
   * (not 'ic'). Default 'auc' for a classifier, 'rmse' otherwise.
   */
  scoring?: ScoringName | Scorer | ((model: Estimator, X: Matrix, y: Float64Array) => number);
  /** Refit the best parameters on all rows (`bestEstimator`). Default true. */
  refit?: boolean;
  /** 'raise' (default) rethrows a failing fit or score; a number (e.g. NaN) is recorded as that fold's score. */
  errorScore?: 'raise' | number;
  /** Called after every fit. */
  onProgress?: (progress: SearchProgress) => void;
}

/** One parameter set's cross-validated result. */
export interface SearchCandidate {
  /** 1 = best. */
  rank: number;
  /** Position in the sampling order. */
  index: number;
  params: Record<string, unknown>;
  meanScore: number;
  /** Population standard deviation (ddof 0) of the fold scores, as scikit-learn's std_test_score. */
  stdScore: number;
  foldScores: number[];
  /** Fit time per fold, ms, and their mean. */
  fitMs: number[];
  meanFitMs: number;
  /** The first error message, when errorScore caught one. */
  error?: string;
}

/** What {@link randomSearch} returns. */
export interface SearchResult {
  scoring: string;
  greaterIsBetter: boolean;
  nSplits: number;
  /** Every parameter set, best first. */
  results: SearchCandidate[];
  bestParams: Record<string, unknown>;
  bestScore: number;
  bestIndex: number;
  /** The best parameters refitted on all rows (refit: true). */
  bestEstimator?: Estimator;
  totalMs: number;
}

const DIST_KEYS: Record<Distribution['type'], readonly string[]> = {
  choice: ['type', 'values'],
  uniform: ['type', 'low', 'high'],
  loguniform: ['type', 'low', 'high'],
  int: ['type', 'low', 'high', 'log'],
};

/** Checks a space against the valid parameter names. @throws ParameterError naming the problem. */
export function checkSearchSpace(what: string, space: SearchSpace, valid?: readonly string[]): void {
  if (space === null || typeof space !== 'object' || Array.isArray(space))
    throw new ParameterError(`${what}: the search space must be an object { parameter: distribution }`);
  const names = Object.keys(space);
  if (names.length === 0) throw new ParameterError(`${what}: the search space is empty`);
  for (const name of names) {
    if (valid !== undefined && !valid.includes(name))
      throw new ParameterError(
        `${what}: unknown parameter ${JSON.stringify(name)} in the search space; valid parameters: ${valid.join(', ')}`,
      );
    const d = space[name] as Partial<Distribution> | null;
    const bad = (msg: string): never => {
      throw new ParameterError(`${what}: ${name}: ${msg}, got ${JSON.stringify(d)}`);
    };
    if (d === null || typeof d !== 'object') bad('a distribution must be an object { type, … }');
    const type = d!.type;
    if (type === undefined || !Object.hasOwn(DIST_KEYS, type))
      bad("type must be 'choice', 'uniform', 'loguniform' or 'int'");
    for (const k of Object.keys(d!))
      if (!DIST_KEYS[type!].includes(k))
        bad(`a ${type} distribution takes ${DIST_KEYS[type!].join(', ')}, not ${k}`);
    if (type === 'choice') {
      const { values } = d as ChoiceDistribution;
      if (!Array.isArray(values) || values.length === 0) bad('values must be a non-empty array');
      continue;
    }
    const { low, high } = d as UniformDistribution;
    if (
      typeof low !== 'number' ||
      typeof high !== 'number' ||
      !Number.isFinite(low) ||
      !Number.isFinite(high)
    )
      bad('low and high must be finite numbers');
    if (type === 'int') {
      const log = (d as IntDistribution).log ?? false;
      if (!Number.isInteger(low) || !Number.isInteger(high) || low > high) bad('low ≤ high must be integers');
      if (typeof log !== 'boolean') bad('log must be true or false');
      if (log && low < 1) bad('a log int distribution needs low ≥ 1');
    } else if (!(low < high)) bad('low must be < high');
    else if (type === 'loguniform' && !(low > 0)) bad('a loguniform distribution needs low > 0');
  }
}

function sampleOne(d: Distribution, rng: Rng): unknown {
  switch (d.type) {
    case 'choice':
      return d.values[rng.int(d.values.length)];
    case 'uniform':
      return d.low + (d.high - d.low) * rng.random();
    case 'loguniform':
      return Math.exp(Math.log(d.low) + (Math.log(d.high) - Math.log(d.low)) * rng.random());
    case 'int': {
      if (d.log !== true) return d.low + rng.int(d.high - d.low + 1);
      // log-uniform on [low, high + 1), floored: each integer's chance ∝ log((k + 1) / k)
      const v = Math.floor(
        Math.exp(Math.log(d.low) + (Math.log(d.high + 1) - Math.log(d.low)) * rng.random()),
      );
      return Math.min(Math.max(v, d.low), d.high);
    }
  }
}

/**
 * `nIter` parameter sets drawn from `space` with `Rng(seed)`, parameters in the space's key order. When every
 * distribution is a choice, sets are drawn without repeats (at most the grid size, as scikit-learn's
 * ParameterSampler); otherwise independently.
 * @throws ParameterError for a malformed space or nIter.
 * @example
 * sampleParams({ maxDepth: { type: 'int', low: 3, high: 10 } }, 2, 0) // [{ maxDepth: … }, { maxDepth: … }], the same on every run
 */
export function sampleParams(space: SearchSpace, nIter: number, seed: number): Record<string, unknown>[] {
  const what = 'sampleParams';
  checkSearchSpace(what, space);
  if (!Number.isInteger(nIter) || nIter < 1)
    throw new ParameterError(`${what}: nIter must be an integer ≥ 1, got ${String(nIter)}`);
  const rng = new Rng(seed);
  const names = Object.keys(space);
  const dists = names.map((n) => space[n]);
  const choices = dists.filter((d): d is ChoiceDistribution => d.type === 'choice');
  if (choices.length === dists.length) {
    const sizes = choices.map((d) => d.values.length);
    const grid = sizes.reduce((a, b) => a * b, 1);
    if (grid <= 1e6) {
      const order = rng.shuffle(Int32Array.from({ length: grid }, (_, i) => i));
      return Array.from(order.subarray(0, Math.min(nIter, grid)), (cell) => {
        const p: Record<string, unknown> = {};
        let rest = cell;
        for (let j = names.length - 1; j >= 0; j--) {
          p[names[j]] = choices[j].values[rest % sizes[j]];
          rest = Math.floor(rest / sizes[j]);
        }
        return Object.fromEntries(names.map((n) => [n, p[n]]));
      });
    }
  }
  return Array.from({ length: nIter }, () =>
    Object.fromEntries(names.map((n, j) => [n, sampleOne(dists[j], rng)])),
  );
}

interface ResolvedScorer {
  name: string;
  greaterIsBetter: boolean;
  score: Scorer['score'];
}

function resolveScoring(
  what: string,
  scoring: RandomSearchOptions['scoring'],
  classifier: boolean,
): ResolvedScorer {
  const s = scoring ?? (classifier ? 'auc' : 'rmse');
  if (typeof s === 'function')
    return { name: s.name || 'custom', greaterIsBetter: true, score: (m, X, y) => s(m, X, y) };
  if (typeof s === 'object' && s !== null && typeof s.score === 'function')
    return { name: s.name, greaterIsBetter: s.greaterIsBetter ?? true, score: s.score.bind(s) };
  const proba = (m: Estimator, X: Matrix): Float64Array => {
    if (!isClassifierLike(m))
      throw new ParameterError(`${what}: scoring ${JSON.stringify(s)} needs a classifier (predictProba)`);
    return modelOutput(what, m, X, true);
  };
  switch (s) {
    case 'auc':
      return {
        name: 'auc',
        greaterIsBetter: true,
        score: (m, X, y, f) => rocAuc(y, proba(m, X), f.sampleWeight),
      };
    case 'logloss':
      return {
        name: 'logloss',
        greaterIsBetter: false,
        score: (m, X, y, f) => logLoss(y, proba(m, X), f.sampleWeight),
      };
    case 'rmse':
      return {
        name: 'rmse',
        greaterIsBetter: false,
        score: (m, X, y, f) => rmse(y, modelOutput(what, m, X, false), f.sampleWeight),
      };
    case 'ic':
      return {
        name: 'ic',
        greaterIsBetter: true,
        score: (m, X, y, f) =>
          informationCoefficient(f.dates, modelOutput(what, m, X, isClassifierLike(m)), y).mean,
      };
    default:
      throw new ParameterError(
        `${what}: scoring must be 'auc', 'logloss', 'rmse', 'ic', a function or { name, score, greaterIsBetter }, got ${JSON.stringify(s)}`,
      );
  }
}

function* searchPlan(
  factory: (params: Record<string, unknown>) => Estimator,
  space: SearchSpace,
  data: SearchData,
  options: RandomSearchOptions,
): FitPlan<SearchResult> {
  const what = 'randomSearch';
  const started = performance.now();
  if (typeof factory !== 'function')
    throw new ParameterError(
      `${what}: factory must be a function (params) => Estimator, got ${typeof factory}`,
    );
  if (options === null || typeof options !== 'object')
    throw new ParameterError(`${what}: options must be an object { cv, nIter, seed, scoring, … }`);
  const known = ['cv', 'nIter', 'seed', 'scoring', 'refit', 'errorScore', 'onProgress'];
  for (const key of Object.keys(options))
    if (!known.includes(key))
      throw new ParameterError(`${what}: unknown option ${JSON.stringify(key)} (known: ${known.join(', ')})`);
  const { cv, nIter = 10, seed = 0, refit = true, errorScore = 'raise', onProgress } = options;
  if (cv === null || typeof cv !== 'object' || typeof (cv as Partial<Splitter>).split !== 'function')
    throw new ParameterError(`${what}: cv must be a Splitter (an object with split(data))`);
  if (!Number.isInteger(seed))
    throw new ParameterError(`${what}: seed must be an integer, got ${String(seed)}`);
  if (errorScore !== 'raise' && typeof errorScore !== 'number')
    throw new ParameterError(
      `${what}: errorScore must be 'raise' or a number, got ${JSON.stringify(errorScore)}`,
    );
  const make = (params: Record<string, unknown>): Estimator => {
    const m = factory(params);
    if (!isEstimator(m))
      throw new ParameterError(
        `${what}: factory(${JSON.stringify(params)}) returned ${m === null ? 'null' : typeof m}, not an estimator`,
      );
    return m;
  };
  const probe = make({});
  const valid = Object.keys(probe.getParams());
  checkSearchSpace(what, space, valid);
  const scorer = resolveScoring(what, options.scoring, isClassifierLike(probe));

  const { X, y, dates, t1 } = data;
  checkMatrix(what, X);
  checkTarget(what, y, X.rows, false);
  const fitOptions: FitOptions = {};
  if (data.sampleWeight !== undefined)
    fitOptions.sampleWeight = checkSampleWeight(what, data.sampleWeight, X.rows);
  for (const [name, v] of [
    ['dates', dates],
    ['t1', t1],
  ] as const) {
    if (v === undefined && name === 't1') continue;
    if (!(v instanceof Float64Array) || v.length !== X.rows)
      throw new SchemaError(
        `${what}: data.${name} must be a Float64Array with one value per row (${X.rows})`,
        {
          hint:
            name === 'dates'
              ? 'Pass { X, y, dates, t1 } with the dataset’s date (and t1) columns'
              : undefined,
        },
      );
    fitOptions[name] = v;
  }
  const splits = cv.split(t1 === undefined ? { date: dates } : { date: dates, t1 });
  checkSplits(what, splits, X.rows);
  const candidates = sampleParams(space, nIter, seed);
  const folds = splits.map(({ train, test }) => ({
    train,
    Xtrain: takeRows(X, train),
    ytrain: take(y, train),
    optTrain: takeOptions(fitOptions, train),
    Xtest: takeRows(X, test),
    ytest: take(y, test),
    fold: {
      dates: take(dates, test),
      ...(fitOptions.sampleWeight === undefined ? {} : { sampleWeight: take(fitOptions.sampleWeight, test) }),
    },
  }));

  const total = candidates.length * folds.length + (refit ? 1 : 0);
  let done = 0;
  const rows: Omit<SearchCandidate, 'rank'>[] = [];
  for (let c = 0; c < candidates.length; c++) {
    const params = candidates[c];
    const scores: number[] = [];
    const fitMs: number[] = [];
    let error: string | undefined;
    for (let k = 0; k < folds.length; k++) {
      const f = folds[k];
      let score: number;
      const t0 = performance.now();
      try {
        const model = make(params);
        yield { model, X: f.Xtrain, y: f.ytrain, options: f.optTrain };
        fitMs.push(performance.now() - t0);
        score = scorer.score(model, f.Xtest, f.ytest, f.fold);
      } catch (err) {
        if (errorScore === 'raise') throw err;
        if (fitMs.length === k) fitMs.push(performance.now() - t0);
        error ??= err instanceof Error ? err.message : String(err);
        score = errorScore;
      }
      scores.push(score);
      onProgress?.({
        done: ++done,
        total,
        candidate: c,
        split: k,
        params,
        score,
        elapsedMs: performance.now() - started,
      });
    }
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) * (b - mean), 0) / scores.length);
    rows.push({
      index: c,
      params,
      meanScore: mean,
      stdScore: std,
      foldScores: scores,
      fitMs,
      meanFitMs: fitMs.reduce((a, b) => a + b, 0) / fitMs.length,
      ...(error === undefined ? {} : { error }),
    });
  }
  const sign = scorer.greaterIsBetter ? -1 : 1;
  const sorted = [...rows].sort((a, b) => {
    const na = Number.isNaN(a.meanScore);
    const nb = Number.isNaN(b.meanScore);
    if (na !== nb) return na ? 1 : -1;
    return (na ? 0 : sign * (a.meanScore - b.meanScore)) || a.index - b.index;
  });
  const results: SearchCandidate[] = sorted.map((r, i) => ({ rank: i + 1, ...r }));
  const best = results[0];
  let bestEstimator: Estimator | undefined;
  if (refit) {
    bestEstimator = make(best.params);
    yield { model: bestEstimator, X, y, options: fitOptions };
    onProgress?.({
      done: ++done,
      total,
      candidate: best.index,
      split: -1,
      params: best.params,
      score: NaN,
      elapsedMs: performance.now() - started,
    });
  }
  return {
    scoring: scorer.name,
    greaterIsBetter: scorer.greaterIsBetter,
    nSplits: folds.length,
    results,
    bestParams: { ...best.params },
    bestScore: best.meanScore,
    bestIndex: best.index,
    ...(bestEstimator === undefined ? {} : { bestEstimator }),
    totalMs: performance.now() - started,
  };
}

/**
 * Random search over `space` with cross-validation over dates (module doc).
 * @param factory - Builds an unfitted model from a parameter set (`factory({})` must work: its getParams keys
 *   are the valid names); e.g. `(p) => new GBDTClassifier({ seed: 1, ...p })`.
 * @param space - {@link SearchSpace}, e.g. {@link XGBOOST_SEARCH_SPACE}.
 * @param data - `{ X, y, dates, t1?, sampleWeight? }`.
 * @throws ParameterError for an unknown parameter in the space (listing the valid ones), a malformed
 *   distribution or option, or bad splits; InputError/SchemaError for malformed data; whatever a fit or a
 *   score throws (errorScore 'raise').
 * @example
 * const res = randomSearch((p) => new GBDTClassifier({ seed: 0, ...p }), XGBOOST_SEARCH_SPACE,
 *   { X, y, dates, t1 }, { cv: purgedKFold({ nSplits: 5, embargoDays: 5 }), nIter: 20, seed: 3, scoring: 'auc' });
 * res.bestParams; res.results[0].meanScore; res.bestEstimator.predictProba(Xtest);
 */
export function randomSearch(
  factory: (params: Record<string, unknown>) => Estimator,
  space: SearchSpace,
  data: SearchData,
  options: RandomSearchOptions,
): SearchResult {
  return runPlan('randomSearch', searchPlan(factory, space, data, options));
}

/** {@link randomSearch} awaiting each model's `fitAsync` when it has one (e.g. NeuralNet), yielding between fits. */
export async function randomSearchAsync(
  factory: (params: Record<string, unknown>) => Estimator,
  space: SearchSpace,
  data: SearchData,
  options: RandomSearchOptions,
): Promise<SearchResult> {
  return runPlanAsync(searchPlan(factory, space, data, options));
}

/**
 * The results as a Markdown table, best first: rank, mean ± std, fit time per fold, parameters.
 * @param top - Rows to show. Default all.
 */
export function formatSearchResults(result: SearchResult, top = result.results.length): string {
  const fmt = (v: unknown): string =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(4)).toString() : JSON.stringify(v);
  const lines = [
    `| rank | ${result.scoring} (mean ± std) | fit ms/fold | params |`,
    '|---:|---:|---:|:---|',
    ...result.results.slice(0, top).map(
      (r) =>
        `| ${r.rank} | ${r.meanScore.toFixed(4)} ± ${r.stdScore.toFixed(4)} | ${r.meanFitMs.toFixed(0)} | ${Object.entries(
          r.params,
        )
          .map(([k, v]) => `${k}=${fmt(v)}`)
          .join(', ')} |`,
    ),
  ];
  return lines.join('\n');
}

/**
 * Seed 003's LightGBM space on our GBDT params (leaf-wise growth, no depth limit, as LightGBM):
 *
 * | LightGBM          | ours            | distribution           |
 * |-------------------|-----------------|------------------------|
 * | num_leaves        | numLeaves       | int [20, 150]          |
 * | learning_rate     | learningRate    | loguniform [0.01, 0.3) |
 * | n_estimators      | nEstimators     | int [100, 1000]        |
 * | min_child_samples | minDataInLeaf   | int [5, 100]           |
 * | subsample         | subsample       | uniform [0.6, 1)       |
 * | colsample_bytree  | colsampleByTree | uniform [0.6, 1)       |
 * | reg_alpha         | alpha           | loguniform [1e-8, 10)  |
 * | reg_lambda        | lambda          | loguniform [1e-8, 10)  |
 * | (boosting)        | growPolicy      | 'leafwise', maxDepth 0 |
 *
 * Differences: LightGBM samples rows only when bagging_freq > 0 (ours: every tree); its min_child_samples
 * counts rows as our minDataInLeaf does; our regularized gains are XGBoost's formulas.
 */
export const LIGHTGBM_SEARCH_SPACE: SearchSpace = Object.freeze({
  growPolicy: { type: 'choice', values: ['leafwise'] },
  maxDepth: { type: 'choice', values: [0] },
  numLeaves: { type: 'int', low: 20, high: 150 },
  learningRate: { type: 'loguniform', low: 0.01, high: 0.3 },
  nEstimators: { type: 'int', low: 100, high: 1000 },
  minDataInLeaf: { type: 'int', low: 5, high: 100 },
  subsample: { type: 'uniform', low: 0.6, high: 1 },
  colsampleByTree: { type: 'uniform', low: 0.6, high: 1 },
  alpha: { type: 'loguniform', low: 1e-8, high: 10 },
  lambda: { type: 'loguniform', low: 1e-8, high: 10 },
});

/**
 * Seed 003's XGBoost space on our GBDT params (depth-wise growth, as XGBoost's hist):
 *
 * | XGBoost          | ours            | distribution           |
 * |------------------|-----------------|------------------------|
 * | max_depth        | maxDepth        | int [3, 10]            |
 * | learning_rate    | learningRate    | loguniform [0.01, 0.3) |
 * | n_estimators     | nEstimators     | int [100, 1000]        |
 * | min_child_weight | minChildWeight  | int [1, 10]            |
 * | subsample        | subsample       | uniform [0.6, 1)       |
 * | colsample_bytree | colsampleByTree | uniform [0.6, 1)       |
 * | gamma            | gamma           | uniform [0, 5)         |
 * | reg_alpha        | alpha           | loguniform [1e-8, 10)  |
 * | reg_lambda       | lambda          | loguniform [1e-8, 10)  |
 */
export const XGBOOST_SEARCH_SPACE: SearchSpace = Object.freeze({
  growPolicy: { type: 'choice', values: ['depthwise'] },
  maxDepth: { type: 'int', low: 3, high: 10 },
  learningRate: { type: 'loguniform', low: 0.01, high: 0.3 },
  nEstimators: { type: 'int', low: 100, high: 1000 },
  minChildWeight: { type: 'int', low: 1, high: 10 },
  subsample: { type: 'uniform', low: 0.6, high: 1 },
  colsampleByTree: { type: 'uniform', low: 0.6, high: 1 },
  gamma: { type: 'uniform', low: 0, high: 5 },
  alpha: { type: 'loguniform', low: 1e-8, high: 10 },
  lambda: { type: 'loguniform', low: 1e-8, high: 10 },
});

/** The LightGBM and XGBoost (scikit-learn API) names of our GBDT params, as the preset tables. */
export const GBDT_PARAM_NAMES: Readonly<{
  lightgbm: Record<string, string>;
  xgboost: Record<string, string>;
}> = Object.freeze({
  lightgbm: {
    num_leaves: 'numLeaves',
    learning_rate: 'learningRate',
    n_estimators: 'nEstimators',
    min_child_samples: 'minDataInLeaf',
    subsample: 'subsample',
    colsample_bytree: 'colsampleByTree',
    reg_alpha: 'alpha',
    reg_lambda: 'lambda',
    max_depth: 'maxDepth',
  },
  xgboost: {
    max_depth: 'maxDepth',
    learning_rate: 'learningRate',
    n_estimators: 'nEstimators',
    min_child_weight: 'minChildWeight',
    subsample: 'subsample',
    colsample_bytree: 'colsampleByTree',
    gamma: 'gamma',
    reg_alpha: 'alpha',
    reg_lambda: 'lambda',
  },
});
