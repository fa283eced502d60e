/**
 * Ensembles over the estimator contract (DESIGN.md §4): any Estimator or Classifier is a member — GBDT,
 * LogisticRegression, Pipeline, NeuralNet, CalibratedClassifier, another ensemble.
 *
 * ```
 * WeightedEnsemble(members, weights)                                        seed 001: 50 % NN + 50 % GBDT
 *   fit:     each member.fit(X, y, options)   (a factory member builds a new model per fit)
 *   predict: o_k = member k's output on X: P(y = 1) (classification) or predict (regression); w_k = weights / Σ weights
 *            yhat = Σ_k w_k o_k      yhatStd = √(Σ_k w_k (o_k − yhat)²)      probUp (see EnsembleProbUp)
 *
 * StackingEnsemble(baseFactories, { cv, meta })                             seed 002
 *   fit(X, y, { dates, t1? }): cv.split ─▶ (train_k, test_k), test folds disjoint
 *     bases fitted on all rows: final_b = factory_b().fit(X, y, options)      (first: errors name rows of X)
 *     each k, each base b: m = factory_b().fit(X[train_k], y[train_k])    Z[test_k, b] = m's output on X[test_k]
 *     meta = LogisticRegression(meta).fit(Z[T], y[T]),  T = rows in some test fold (others never enter)
 *   predictProba(X) = meta.predictProba([final_b's output on X]_b)
 * ```
 * The meta-learner only ever sees out-of-fold predictions: each Z[i, b] comes from a model that did not
 * train on row i (nor, with a purging splitter, on rows whose labels overlap row i's). In-sample
 * predictions of a flexible base (a GBDT that memorizes) would look perfect and take all the weight.
 *
 * Members with an asynchronous fit (NeuralNet's `fitAsync`) are fitted by `await ensemble.fitAsync(…)`;
 * `fit` fits synchronously (fitting.ts). `toJSON` nests each member's own JSON; `fromJSON` rebuilds them
 * with a loader (default {@link loadModel}).
 *
 * @see Wolpert, D. H. (1992) Stacked generalization. Neural Networks 5(2); scikit-learn `StackingClassifier`.
 */
import { checkSplits, take, takeRows } from '../calibration/folds.js';
import { paramsFromJSON, readEnvelope } from '../calibration/checks.js';
import { normalCdf } from '../backtest/normal.js';
import type { Classifier, Estimator, FitOptions, Matrix, ModelJSON, Splitter } from '../types.js';
import {
  DataFormatError,
  NotFittedError,
  ParameterError,
  QuantbookError,
  SchemaError,
} from '../util/errors.js';
import {
  isClassifierLike,
  modelName,
  modelOutput,
  runPlan,
  runPlanAsync,
  takeOptions,
  type FitPlan,
} from './fitting.js';
import { loadModel } from './load-model.js';
import {
  LogisticRegression,
  type LogisticRegressionConfig,
  type LogisticRegressionParams,
} from './logistic-regression.js';
import { checkMatrix, checkSampleWeight, checkTarget } from './validate-input.js';

/** What an ensemble predicts: P(y = 1) of classifiers, or values of regressors. */
export type EnsembleTask = 'classification' | 'regression';

/**
 * How {@link WeightedEnsemble.predictUncertainty} defines `probUp`, with the threshold c = 0 for regression
 * (a return forecast is "up" when > 0) and c = ½ for classification (P(y = 1) > ½):
 * - `'vote'`: the weighted share of members predicting up, Σ_k w_k · [o_k > c] (in [0, 1]; with two equal
 *   members it takes the values 0, ½, 1);
 * - `'normal'`: Φ((yhat − c) / yhatStd), the members' predictions read as draws from a normal distribution;
 *   when yhatStd = 0 it is 1, 0 or ½ as yhat >, < or = c.
 */
export type EnsembleProbUp = 'vote' | 'normal';

/** A member: a model (fitted in place by every fit) or a factory returning a new unfitted model per call. */
export type MemberSource = Estimator | (() => Estimator);

/** Rebuilds a fitted model from its JSON (e.g. {@link loadModel}). */
export type ModelLoader = (json: ModelJSON) => unknown;

/** Options of {@link WeightedEnsemble}. */
export interface WeightedEnsembleOptions {
  /** 'auto' (default): classification when every member is a classifier, regression when none is. */
  task?: 'auto' | EnsembleTask;
  /** Definition of probUp (see {@link EnsembleProbUp}). Default 'vote'. */
  probUp?: EnsembleProbUp;
}

/** {@link WeightedEnsemble.getParams}: the weights as given (not normalized), task and probUp. */
export type WeightedEnsembleParams = {
  weights: number[];
  task: 'auto' | EnsembleTask;
  probUp: EnsembleProbUp;
};

/** Serialized state of a {@link WeightedEnsemble}. */
export interface WeightedEnsembleState {
  /** The task fit resolved. */
  task: EnsembleTask;
  nFeatures: number;
  featureNames: string[];
  members: ModelJSON[];
}

/** What {@link WeightedEnsemble.predictUncertainty} returns, each `(nSamples,)` except `members`. */
export interface EnsemblePrediction {
  /** Weighted mean of the members' outputs (= predictProba for classification, predict for regression). */
  yhat: Float64Array;
  /** Weighted standard deviation of the members' outputs around yhat (population form, normalized weights). */
  yhatStd: Float64Array;
  /** Probability that the target is up ({@link EnsembleProbUp}). */
  probUp: Float64Array;
  /** Each member's output, in member order. */
  members: Float64Array[];
}

const isArray = (x: unknown): boolean => Array.isArray(x);

/** Whether `x` has the estimator methods (fit, predict, getParams, toJSON). */
export function isEstimator(x: unknown): x is Estimator {
  return (
    typeof x === 'object' &&
    x !== null &&
    ['fit', 'predict', 'getParams', 'toJSON'].every(
      (k) => typeof (x as Record<string, unknown>)[k] === 'function',
    )
  );
}

/** Loads a nested model and checks it is an estimator. */
function loadEstimator(what: string, load: ModelLoader, json: unknown, where: string): Estimator {
  if (json === null || typeof json !== 'object' || typeof (json as { format?: unknown }).format !== 'string')
    throw new DataFormatError(`${what}: ${where} must be a model JSON object`);
  const model = load(json as ModelJSON);
  if (!isEstimator(model))
    throw new DataFormatError(`${what}: ${where} (${(json as ModelJSON).format}) is not an estimator`);
  return model;
}

function columnNames(X: Matrix): string[] {
  return Array.isArray(X.columns) && X.columns.length === X.cols
    ? [...X.columns]
    : Array.from({ length: X.cols }, (_, j) => `f${j}`);
}

function readFeatures(
  what: string,
  state: Record<string, unknown>,
): { nFeatures: number; featureNames: string[] } {
  const { nFeatures, featureNames } = state;
  if (typeof nFeatures !== 'number' || !Number.isInteger(nFeatures) || nFeatures < 1)
    throw new DataFormatError(
      `${what}: state.nFeatures must be an integer ≥ 1, got ${JSON.stringify(nFeatures)}`,
    );
  if (
    !Array.isArray(featureNames) ||
    featureNames.length !== nFeatures ||
    !featureNames.every((c) => typeof c === 'string')
  )
    throw new DataFormatError(`${what}: state.featureNames must be ${nFeatures} strings`);
  return { nFeatures, featureNames: featureNames };
}

/** Weights: finite, ≥ 0, positive sum, one per member. */
function checkWeights(what: string, weights: readonly number[], n: number): number[] {
  if (!isArray(weights))
    throw new ParameterError(`${what}: weights must be an array of numbers, got ${typeof weights}`);
  if (weights.length !== n)
    throw new ParameterError(
      `${what}: ${weights.length} weights for ${n} members; give one weight per member`,
    );
  let sum = 0;
  weights.forEach((w, k) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
      throw new ParameterError(`${what}: weights[${k}] must be a finite number ≥ 0, got ${String(w)}`);
    sum += w;
  });
  if (!(sum > 0)) throw new ParameterError(`${what}: weights sum to ${sum}; at least one must be > 0`);
  return [...weights];
}

/** Checks a per-row option (dates, t1) has one value per row. */
function checkRowOption(what: string, name: string, v: unknown, rows: number): void {
  if (!(v instanceof Float64Array))
    throw new SchemaError(
      `${what}: options.${name} must be a Float64Array, got ${v === null ? 'null' : typeof v}`,
    );
  if (v.length !== rows)
    throw new SchemaError(`${what}: options.${name} has ${v.length} values, X has ${rows} rows`);
}

interface WeightedFitted {
  task: EnsembleTask;
  nFeatures: number;
  featureNames: string[];
  members: Estimator[];
}

/** A weighted average of members' predictions, with their spread as uncertainty (module doc). */
export class WeightedEnsemble implements Classifier {
  static readonly format = 'quantbook/weighted-ensemble';
  static readonly version = 1;

  private readonly sources: MemberSource[];
  private readonly weights: number[];
  /** Weights normalized to sum 1. */
  private readonly w: Float64Array;
  private readonly task: 'auto' | EnsembleTask;
  private readonly probUpMethod: EnsembleProbUp;
  private fitted: WeightedFitted | undefined;

  /**
   * @param members - Models or factories (`() => Estimator`, a new model per call), at least one.
   * @param weights - One finite weight ≥ 0 per member, positive sum; normalized to sum 1. Default: equal.
   * @throws ParameterError for no members, a member that is neither an estimator nor a function, bad weights,
   *   an unknown task or probUp.
   * @example
   * // seed 001: half neural net, half gradient-boosted trees, on a return target
   * const ens = new WeightedEnsemble([() => new NeuralNet({ seed: 1 }), () => new GBDTRegressor({ seed: 1 })], [0.5, 0.5]);
   * await ens.fitAsync(X, forwardReturn);
   * const { yhat, yhatStd, probUp } = ens.predictUncertainty(Xtest);
   */
  constructor(
    members: readonly MemberSource[],
    weights?: readonly number[],
    options: WeightedEnsembleOptions = {},
  ) {
    const what = 'WeightedEnsemble';
    if (!isArray(members) || members.length === 0)
      throw new ParameterError(`${what}: members must be a non-empty array of estimators or factories`);
    members.forEach((m, k) => {
      if (typeof m !== 'function' && !isEstimator(m))
        throw new ParameterError(
          `${what}: members[${k}] must be an estimator (fit, predict, getParams, toJSON) or a factory () => Estimator, got ${m === null ? 'null' : typeof m}`,
        );
    });
    if (options === null || typeof options !== 'object')
      throw new ParameterError(`${what}: options must be an object, got ${String(options)}`);
    for (const key of Object.keys(options))
      if (key !== 'task' && key !== 'probUp')
        throw new ParameterError(`${what}: unknown option ${JSON.stringify(key)} (known: task, probUp)`);
    const { task = 'auto', probUp = 'vote' } = options;
    if (task !== 'auto' && task !== 'classification' && task !== 'regression')
      throw new ParameterError(
        `${what}: task must be 'auto', 'classification' or 'regression', got ${JSON.stringify(task)}`,
      );
    if (probUp !== 'vote' && probUp !== 'normal')
      throw new ParameterError(`${what}: probUp must be 'vote' or 'normal', got ${JSON.stringify(probUp)}`);
    this.sources = [...members];
    this.weights = checkWeights(what, weights ?? members.map(() => 1), members.length);
    const sum = this.weights.reduce((a, b) => a + b, 0);
    this.w = Float64Array.from(this.weights, (v) => v / sum);
    this.task = task;
    this.probUpMethod = probUp;
  }

  /**
   * Fits every member on `(X, y, options)` (all options, sampleWeight, dates, t1 and evalSet included).
   * @param y - 0/1 labels (classification) or finite values (regression), `(nSamples,)`.
   * @returns this.
   * @throws InputError (SchemaError) for a malformed X, y or sampleWeight (naming the index); ParameterError
   *   when members mix classifiers and regressors under task 'auto', or a classification member has no
   *   predictProba; QuantbookError E_ASYNC_FIT when a member's fit is asynchronous (use fitAsync); whatever
   *   a member's fit throws (e.g. NaN in X for a model that cannot handle it).
   */
  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    return runPlan('WeightedEnsemble.fit', this.plan(X, y, options));
  }

  /** {@link fit} awaiting each member's `fitAsync` when it has one (e.g. NeuralNet on the wasm backend). */
  async fitAsync(X: Matrix, y: Float64Array, options: FitOptions = {}): Promise<this> {
    return runPlanAsync(this.plan(X, y, options));
  }

  private *plan(X: Matrix, y: Float64Array, options: FitOptions): FitPlan<this> {
    const what = 'WeightedEnsemble.fit';
    this.fitted = undefined; // a failed fit leaves the ensemble unfitted, never half refitted
    checkMatrix(what, X);
    const members = this.sources.map((src, k) => {
      if (typeof src !== 'function') return src;
      const m = src();
      if (!isEstimator(m))
        throw new ParameterError(
          `${what}: the factory of members[${k}] returned ${m === null ? 'null' : typeof m}, not an estimator`,
        );
      return m;
    });
    const task = this.resolveTask(members);
    checkTarget(what, y, X.rows, task === 'classification');
    if (options.sampleWeight !== undefined) checkSampleWeight(what, options.sampleWeight, X.rows);
    for (const model of members) yield { model, X, y, options };
    this.fitted = { task, nFeatures: X.cols, featureNames: columnNames(X), members };
    return this;
  }

  private resolveTask(members: readonly Estimator[]): EnsembleTask {
    const what = 'WeightedEnsemble.fit';
    const kinds = members.map(isClassifierLike);
    if (this.task === 'auto') {
      if (kinds.every(Boolean)) return 'classification';
      if (!kinds.some(Boolean)) return 'regression';
      const list = (c: boolean): string =>
        members
          .map((m, k) => [m, k] as const)
          .filter((_, k) => kinds[k] === c)
          .map(([m, k]) => `${k} (${modelName(m)})`)
          .join(', ');
      throw new ParameterError(
        `${what}: members ${list(true)} are classifiers and ${list(false)} regressors; pass { task: 'classification' } or { task: 'regression' }`,
      );
    }
    if (this.task === 'classification')
      members.forEach((m, k) => {
        if (typeof (m as Partial<Classifier>).predictProba !== 'function')
          throw new ParameterError(
            `${what}: task is 'classification' but members[${k}] (${modelName(m)}) has no predictProba`,
          );
      });
    return this.task;
  }

  /**
   * The weighted mean, spread and probUp of the members' outputs (module doc, {@link EnsembleProbUp}).
   * @throws NotFittedError before fit; InputError for a malformed X or a feature-count mismatch.
   */
  predictUncertainty(X: Matrix): EnsemblePrediction {
    const { task, members, nFeatures } = this.state();
    const what = 'WeightedEnsemble.predict';
    checkMatrix(what, X, nFeatures);
    const outs = members.map((m) => modelOutput(what, m, X, task === 'classification'));
    const { w } = this;
    const n = X.rows;
    const c = task === 'classification' ? 0.5 : 0;
    const yhat = new Float64Array(n);
    const yhatStd = new Float64Array(n);
    const probUp = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let mean = 0;
      for (let k = 0; k < outs.length; k++) mean += w[k] * outs[k][i];
      let v = 0;
      let vote = 0;
      for (let k = 0; k < outs.length; k++) {
        const d = outs[k][i] - mean;
        v += w[k] * d * d;
        if (outs[k][i] > c) vote += w[k];
      }
      const sd = Math.sqrt(v);
      yhat[i] = mean;
      yhatStd[i] = sd;
      if (this.probUpMethod === 'vote') probUp[i] = vote;
      else if (sd > 0) probUp[i] = normalCdf((mean - c) / sd);
      else probUp[i] = mean > c ? 1 : mean < c ? 0 : 0.5;
    }
    return { yhat, yhatStd, probUp, members: outs };
  }

  /**
   * Regression: the weighted mean of the members' predictions; classification: 1 where P(y = 1) > ½, else 0.
   * `(nSamples,)`. @throws as {@link predictUncertainty}.
   */
  predict(X: Matrix): Float64Array {
    const { yhat } = this.predictUncertainty(X);
    return this.state().task === 'classification' ? yhat.map((p) => (p > 0.5 ? 1 : 0)) : yhat;
  }

  /**
   * P(y = 1): the weighted mean of the members' probabilities, `(nSamples,)` in [0, 1].
   * @throws ParameterError for a regression ensemble; otherwise as {@link predictUncertainty}.
   */
  predictProba(X: Matrix): Float64Array {
    if (this.state().task !== 'classification')
      throw new ParameterError(
        'WeightedEnsemble.predictProba: this ensemble is a regression (its members have no probabilities); use predict or predictUncertainty',
      );
    return this.predictUncertainty(X).yhat;
  }

  /** The fitted members, in order. @throws NotFittedError. */
  get members(): readonly Estimator[] {
    return [...this.state().members];
  }

  /** The task fit resolved. @throws NotFittedError. */
  get fittedTask(): EnsembleTask {
    return this.state().task;
  }

  /** `{ weights (as given), task, probUp }`. */
  getParams(): WeightedEnsembleParams {
    return { weights: [...this.weights], task: this.task, probUp: this.probUpMethod };
  }

  /**
   * The task a fit resolves to: the fitted one; else the `task` option when it is not 'auto'; else, for
   * 'auto', classification when every member is a classifier and regression when none is (members given
   * as factories are constructed once to look). Lets callers such as fitPerSymbol check labels before fit.
   * @throws ParameterError when 'auto' members mix classifiers and regressors (as fit would).
   */
  resolvedTask(): EnsembleTask {
    if (this.fitted) return this.fitted.task;
    if (this.task !== 'auto') return this.task;
    return this.resolveTask(this.sources.map((src) => (typeof src === 'function' ? src() : src)));
  }

  /**
   * `{ format: 'quantbook/weighted-ensemble', version: 1, params: { weights, task, probUp }, state: { task,
   * nFeatures, featureNames, members: [member.toJSON()…] } }`. @throws NotFittedError.
   */
  toJSON(): ModelJSON<WeightedEnsembleParams, WeightedEnsembleState> {
    const { task, nFeatures, featureNames, members } = this.state();
    return {
      format: WeightedEnsemble.format,
      version: WeightedEnsemble.version,
      params: this.getParams(),
      state: { task, nFeatures, featureNames: [...featureNames], members: members.map((m) => m.toJSON()) },
    };
  }

  /**
   * A fitted ensemble from {@link toJSON}'s output; predictions are identical. The loaded members are
   * refitted in place by a later fit.
   * @param loadMember - Rebuilds each member from its JSON. Default {@link loadModel} (every quantbook format).
   * @throws DataFormatError for another format or version, bad params, or a malformed state or member.
   */
  static fromJSON(json: unknown, loadMember: ModelLoader = loadModel): WeightedEnsemble {
    const f = WeightedEnsemble.format;
    const what = `${f}: fromJSON`;
    const { params, state } = readEnvelope(json, f, WeightedEnsemble.version);
    const { members, task } = state;
    if (!Array.isArray(members) || members.length === 0)
      throw new DataFormatError(`${what}: state.members must be a non-empty array of model JSON objects`);
    if (task !== 'classification' && task !== 'regression')
      throw new DataFormatError(
        `${what}: state.task must be 'classification' or 'regression', got ${JSON.stringify(task)}`,
      );
    const { nFeatures, featureNames } = readFeatures(what, state);
    const loaded = members.map((m, k) => loadEstimator(what, loadMember, m, `state.members[${k}]`));
    const { weights, ...options } = params as Partial<WeightedEnsembleParams>;
    const model = paramsFromJSON(f, () => new WeightedEnsemble(loaded, weights as number[], options));
    model.fitted = { task, nFeatures, featureNames, members: loaded };
    return model;
  }

  private state(): WeightedFitted {
    if (this.fitted === undefined) throw new NotFittedError('WeightedEnsemble');
    return this.fitted;
  }
}

/** How a stacking ensemble feeds classifier bases' probabilities to the meta-learner. */
export type StackingMetaFeatures = 'proba' | 'logit';

/** Parameters of {@link StackingEnsemble}. */
export interface StackingEnsembleParams {
  /** The splitter of the out-of-fold predictions (walkForwardSplit, purgedKFold, timeSeriesSplit); test folds must be disjoint. */
  cv: Splitter;
  /** Parameters of the LogisticRegression meta-learner. Default {} (C = 1, L2). */
  meta?: LogisticRegressionParams;
  /** Classifier bases' P(y = 1) as is ('proba', scikit-learn's default) or as log-odds ('logit', clipped to p ∈ [1e-6, 1 − 1e-6]); regressor bases' predictions are used as they are. Default 'proba'. */
  metaFeatures?: StackingMetaFeatures;
}

/** {@link StackingEnsemble.getParams}: JSON-serializable (the splitter and the factories are code). */
export type StackingEnsembleConfig = {
  meta: LogisticRegressionConfig;
  metaFeatures: StackingMetaFeatures;
  nBases: number;
};

/** Serialized state of a {@link StackingEnsemble}. */
export interface StackingEnsembleState {
  nFeatures: number;
  featureNames: string[];
  /** Rows the meta-learner was fitted on (rows in some test fold). */
  nMetaRows: number;
  /** The bases refitted on all rows. */
  bases: ModelJSON[];
  meta: ModelJSON;
}

/** The out-of-fold predictions a stacking fit collected. */
export interface StackingOutOfFold {
  /** `(nSamples, nBases)`: Z[i, b] = base b's out-of-fold meta-feature for row i; NaN for rows in no test fold. */
  Z: Matrix;
  /** The rows the meta-learner was fitted on, ascending. */
  metaRows: Int32Array;
}

interface StackingFitted {
  nFeatures: number;
  featureNames: string[];
  bases: Estimator[];
  meta: LogisticRegression;
  oof?: StackingOutOfFold;
}

const LOGIT_EPS = 1e-6;

/** A logistic-regression meta-learner over out-of-fold predictions of base models (module doc). */
export class StackingEnsemble implements Classifier {
  static readonly format = 'quantbook/stacking-ensemble';
  static readonly version = 1;

  private factories: (() => Estimator)[] | undefined;
  private cv: Splitter | undefined;
  private readonly metaConfig: LogisticRegressionConfig;
  private readonly metaFeatures: StackingMetaFeatures;
  private readonly nBases: number;
  private fitted: StackingFitted | undefined;
  /** state.nMetaRows of a model loaded by fromJSON (its out-of-fold predictions are not serialized). */
  private nMetaRowsLoaded = 0;

  /**
   * @param bases - Factories `() => Estimator`, each returning a new unfitted model per call (one per fold, one refit).
   * @throws ParameterError for no factories, a non-function, a cv without split, bad meta params (as
   *   LogisticRegression's), an unknown metaFeatures or key.
   * @example
   * const stack = new StackingEnsemble([() => new GBDTClassifier({ seed: 1 }), () => new NeuralNet({ task: 'classification' })], {
   *   cv: purgedKFold({ nSplits: 5, embargoDays: 5 }),
   *   meta: { C: 1 },
   * });
   * stack.fit(X, y, { dates, t1 }).predictProba(Xtest);
   */
  constructor(bases: readonly (() => Estimator)[], params: StackingEnsembleParams) {
    const what = 'StackingEnsemble';
    if (!isArray(bases) || bases.length === 0)
      throw new ParameterError(`${what}: bases must be a non-empty array of factories () => Estimator`);
    bases.forEach((b, k) => {
      if (typeof b !== 'function')
        throw new ParameterError(
          `${what}: bases[${k}] must be a factory () => Estimator (a new model per call), got ${b === null ? 'null' : typeof b}`,
        );
    });
    if (params === null || typeof params !== 'object')
      throw new ParameterError(
        `${what}: params must be an object { cv, meta?, metaFeatures? }, got ${String(params)}`,
      );
    for (const key of Object.keys(params))
      if (!['cv', 'meta', 'metaFeatures'].includes(key))
        throw new ParameterError(
          `${what}: unknown parameter ${JSON.stringify(key)} (known: cv, meta, metaFeatures)`,
        );
    const { cv, meta = {}, metaFeatures = 'proba' } = params;
    if (cv === null || typeof cv !== 'object' || typeof (cv as Partial<Splitter>).split !== 'function')
      throw new ParameterError(
        `${what}: cv must be a Splitter (an object with split(data)), got ${cv === null ? 'null' : typeof cv}`,
      );
    if (metaFeatures !== 'proba' && metaFeatures !== 'logit')
      throw new ParameterError(
        `${what}: metaFeatures must be 'proba' or 'logit', got ${JSON.stringify(metaFeatures)}`,
      );
    this.metaConfig = new LogisticRegression(meta).getParams();
    this.metaFeatures = metaFeatures;
    this.factories = [...bases];
    this.cv = cv;
    this.nBases = bases.length;
  }

  /**
   * Fits every base on all rows, then the fold models, whose out-of-fold predictions the meta-learner is
   * fitted on.
   * @param y - 0/1 labels, `(nSamples,)`.
   * @param options - `dates` (required: what cv splits on), `t1` (for purging splitters), `sampleWeight`
   *   (to every base fit and the meta-learner, row-subset), `evalSet` (to the final refits only, so that no
   *   fold model early-stops on rows that may overlap its test fold).
   * @throws InputError (SchemaError) for a malformed X, y or sampleWeight; SchemaError for missing or
   *   mismatched dates/t1, or a non-finite out-of-fold prediction (naming base, split and row);
   *   ParameterError for empty, out-of-range or overlapping splits, or labels of the meta rows holding one
   *   class; QuantbookError E_NO_ESTIMATOR after fromJSON without factories, E_ASYNC_FIT for a base whose fit
   *   is asynchronous (use fitAsync).
   */
  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    return runPlan('StackingEnsemble.fit', this.plan(X, y, options));
  }

  /** {@link fit} awaiting each base's `fitAsync` when it has one. */
  async fitAsync(X: Matrix, y: Float64Array, options: FitOptions = {}): Promise<this> {
    return runPlanAsync(this.plan(X, y, options));
  }

  private *plan(X: Matrix, y: Float64Array, options: FitOptions): FitPlan<this> {
    const what = 'StackingEnsemble.fit';
    const { factories, cv } = this;
    if (factories === undefined || cv === undefined)
      throw new QuantbookError(
        'E_NO_ESTIMATOR',
        `${what}: this model was loaded from JSON without base factories`,
        {
          hint: 'Pass { bases, cv } to StackingEnsemble.fromJSON, or construct a new StackingEnsemble',
        },
      );
    this.fitted = undefined; // a failed fit leaves the ensemble unfitted, never half refitted
    checkMatrix(what, X);
    checkTarget(what, y, X.rows, true);
    const n = X.rows;
    const w =
      options.sampleWeight === undefined ? undefined : checkSampleWeight(what, options.sampleWeight, n);
    const { dates, t1 } = options;
    if (dates === undefined)
      throw new SchemaError(
        `${what}: options.dates is required (the row dates cv splits on), got undefined`,
        {
          hint: 'Pass fit(X, y, { dates, t1 }) with the dataset’s date (and t1) columns',
        },
      );
    checkRowOption(what, 'dates', dates, n);
    if (t1 !== undefined) checkRowOption(what, 't1', t1, n);
    const splits = cv.split(t1 === undefined ? { date: dates } : { date: dates, t1 });
    checkSplits(what, splits, n);

    const make = (b: number): Estimator => {
      const m = factories[b]();
      if (!isEstimator(m))
        throw new ParameterError(
          `${what}: bases[${b}] returned ${m === null ? 'null' : typeof m}, not an estimator`,
        );
      return m;
    };
    const B = factories.length;
    // The refits on all rows first: errors about X (NaN for a model that cannot take it) then name rows of X.
    const bases: Estimator[] = [];
    for (let b = 0; b < B; b++) {
      const model = make(b);
      yield { model, X, y, options };
      bases.push(model);
    }
    const Z = new Float64Array(n * B).fill(NaN);
    for (let k = 0; k < splits.length; k++) {
      const { train, test } = splits[k];
      const Xtrain = takeRows(X, train);
      const Xtest = takeRows(X, test);
      for (let b = 0; b < B; b++) {
        const model = make(b);
        yield { model, X: Xtrain, y: take(y, train), options: takeOptions(options, train) };
        const z = this.metaFeature(model, Xtest);
        for (let j = 0; j < test.length; j++) {
          if (!Number.isFinite(z[j]))
            throw new SchemaError(
              `${what}: base ${b} (${modelName(model)}) of split ${k} predicted ${z[j]} for row ${test[j]}`,
            );
          Z[test[j] * B + b] = z[j];
        }
      }
    }
    const metaRows = Int32Array.from({ length: n }, (_, i) => i).filter((i) => !Number.isNaN(Z[i * B]));
    const Zmeta = takeRows({ data: Z, rows: n, cols: B, columns: this.metaColumns() }, metaRows);
    const meta = new LogisticRegression(this.metaConfig).fit(
      Zmeta,
      take(y, metaRows),
      w === undefined ? {} : { sampleWeight: take(w, metaRows) },
    );
    this.fitted = {
      nFeatures: X.cols,
      featureNames: columnNames(X),
      bases,
      meta,
      oof: { Z: { data: Z, rows: n, cols: B, columns: this.metaColumns() }, metaRows },
    };
    return this;
  }

  private metaColumns(): string[] {
    return Array.from({ length: this.nBases }, (_, b) => `base${b}`);
  }

  /** A base's meta-feature on X: P(y = 1) (or its logit) for a classifier, predict for a regressor. */
  private metaFeature(model: Estimator, X: Matrix): Float64Array {
    const proba = isClassifierLike(model);
    const out = modelOutput('StackingEnsemble', model, X, proba);
    if (proba && this.metaFeatures === 'logit')
      return out.map((p) => {
        const q = Math.min(Math.max(p, LOGIT_EPS), 1 - LOGIT_EPS);
        return Math.log(q / (1 - q));
      });
    return out;
  }

  /**
   * The meta-learner's inputs on X: each refitted base's meta-feature, `(nSamples, nBases)`.
   * @throws NotFittedError before fit; InputError for a malformed X or a feature-count mismatch.
   */
  transform(X: Matrix): Matrix {
    const { bases, nFeatures } = this.state();
    checkMatrix('StackingEnsemble.predict', X, nFeatures);
    const B = bases.length;
    const data = new Float64Array(X.rows * B);
    bases.forEach((m, b) => {
      const z = this.metaFeature(m, X);
      for (let i = 0; i < X.rows; i++) data[i * B + b] = z[i];
    });
    return { data, rows: X.rows, cols: B, columns: this.metaColumns() };
  }

  /** P(y = 1) = meta.predictProba(transform(X)), `(nSamples,)`. @throws as {@link transform}. */
  predictProba(X: Matrix): Float64Array {
    return this.state().meta.predictProba(this.transform(X));
  }

  /** 1 where P(y = 1) > ½, else 0. @throws as {@link transform}. */
  predict(X: Matrix): Float64Array {
    return this.predictProba(X).map((p) => (p > 0.5 ? 1 : 0));
  }

  /** The bases refitted on all rows. @throws NotFittedError. */
  get bases(): readonly Estimator[] {
    return [...this.state().bases];
  }

  /** The fitted meta-learner (its `coef` weighs the bases). @throws NotFittedError. */
  get meta(): LogisticRegression {
    return this.state().meta;
  }

  /**
   * The out-of-fold meta-features and the rows the meta-learner saw (after fit; not serialized).
   * @throws NotFittedError before fit and after fromJSON.
   */
  get outOfFold(): StackingOutOfFold {
    const oof = this.state().oof;
    if (oof === undefined)
      throw new NotFittedError('StackingEnsemble (out-of-fold predictions exist after fit, not fromJSON)');
    return {
      Z: { ...oof.Z, data: oof.Z.data.slice(), columns: [...oof.Z.columns] },
      metaRows: oof.metaRows.slice(),
    };
  }

  /** `{ meta (LogisticRegression params, defaults filled), metaFeatures, nBases }`. */
  getParams(): StackingEnsembleConfig {
    const { classWeight } = this.metaConfig;
    return {
      meta: {
        ...this.metaConfig,
        classWeight:
          classWeight !== null && typeof classWeight === 'object' ? { ...classWeight } : classWeight,
      },
      metaFeatures: this.metaFeatures,
      nBases: this.nBases,
    };
  }

  /**
   * `{ format: 'quantbook/stacking-ensemble', version: 1, params: { meta, metaFeatures, nBases }, state: {
   * nFeatures, featureNames, nMetaRows, bases: [base.toJSON()…], meta: meta.toJSON() } }` — the splitter
   * and the factories are code: pass them to fromJSON to refit. @throws NotFittedError.
   */
  toJSON(): ModelJSON<StackingEnsembleConfig, StackingEnsembleState> {
    const { nFeatures, featureNames, bases, meta, oof } = this.state();
    return {
      format: StackingEnsemble.format,
      version: StackingEnsemble.version,
      params: this.getParams(),
      state: {
        nFeatures,
        featureNames: [...featureNames],
        nMetaRows: oof?.metaRows.length ?? this.nMetaRowsLoaded,
        bases: bases.map((b) => b.toJSON()),
        meta: meta.toJSON(),
      },
    };
  }

  /**
   * A fitted ensemble from {@link toJSON}'s output; predictions are identical.
   * @param loadBase - Rebuilds each base from its JSON. Default {@link loadModel}.
   * @param refit - Optionally the base factories and splitter, so that the loaded model can be fitted again.
   * @throws DataFormatError for another format or version, bad params, or a malformed state.
   */
  static fromJSON(
    json: unknown,
    loadBase: ModelLoader = loadModel,
    refit?: { bases: readonly (() => Estimator)[]; cv: Splitter },
  ): StackingEnsemble {
    const f = StackingEnsemble.format;
    const what = `${f}: fromJSON`;
    const { params, state } = readEnvelope(json, f, StackingEnsemble.version);
    const { meta, metaFeatures, nBases } = params as Partial<StackingEnsembleConfig>;
    const { bases, nMetaRows } = state;
    if (!Array.isArray(bases) || bases.length === 0 || bases.length !== nBases)
      throw new DataFormatError(
        `${what}: state.bases must be an array of params.nBases (${String(nBases)}) model JSON objects`,
      );
    if (typeof nMetaRows !== 'number' || !Number.isInteger(nMetaRows) || nMetaRows < 0)
      throw new DataFormatError(
        `${what}: state.nMetaRows must be an integer ≥ 0, got ${JSON.stringify(nMetaRows)}`,
      );
    if (refit !== undefined && refit.bases.length !== bases.length)
      throw new ParameterError(
        `${what}: refit.bases has ${refit.bases.length} factories for ${bases.length} bases`,
      );
    const { nFeatures, featureNames } = readFeatures(what, state);
    const none: Splitter = { nSplits: 0, split: () => [] };
    const model = paramsFromJSON(
      f,
      () =>
        new StackingEnsemble(refit?.bases ?? bases.map(() => () => ({}) as Estimator), {
          cv: refit?.cv ?? none,
          ...(meta === undefined ? {} : { meta }),
          ...(metaFeatures === undefined ? {} : { metaFeatures }),
        }),
    );
    if (refit === undefined) {
      model.factories = undefined;
      model.cv = undefined;
    }
    const metaModel = LogisticRegression.fromJSON(state.meta);
    if (metaModel.coef.length !== bases.length)
      throw new DataFormatError(
        `${what}: the meta-learner has ${metaModel.coef.length} coefficients for ${bases.length} bases`,
      );
    model.nMetaRowsLoaded = nMetaRows;
    model.fitted = {
      nFeatures,
      featureNames,
      bases: bases.map((b, k) => loadEstimator(what, loadBase, b, `state.bases[${k}]`)),
      meta: metaModel,
    };
    return model;
  }

  private state(): StackingFitted {
    if (this.fitted === undefined) throw new NotFittedError('StackingEnsemble');
    return this.fitted;
  }
}
