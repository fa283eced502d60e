/**
 * A chain of fitted transformers ending in an estimator, fitted, used and persisted as one model:
 *
 * ```
 * fit:      X ─step₁.fitTransform─▶ X₁ ─step₂.fitTransform─▶ … ─▶ Xₖ ─estimator.fit(Xₖ, y, options)
 * predict:  X ─step₁.transform─▶ … ─▶ Xₖ ─estimator.predict / predictProba
 * toJSON:   { format: 'quantbook/pipeline', params: {}, state: { steps: [step JSON…], estimator: JSON } }
 * ```
 * Fit options (sample weights, dates, …) go to the final estimator only, as in scikit-learn; `evalSet`
 * is passed through the fitted transformers first. The step and estimator objects given to the
 * constructor are the ones fitted (not copies).
 *
 * @see scikit-learn `sklearn/pipeline.py` (`Pipeline`).
 * @example
 * const model = new Pipeline([new StandardScaler()], new LogisticRegression({ C: 0.1 })).fit(X, y);
 * model.predictProba(Xtest); // P(y = 1) per row
 */
import type { Classifier, Estimator, FitOptions, Matrix, ModelJSON } from '../types.js';
import { DataFormatError, NotFittedError, ParameterError, QuantbookError } from '../util/errors.js';
import { readEnvelope } from '../calibration/checks.js';
import { LogisticRegression } from './logistic-regression.js';
import { StandardScaler } from './preprocessing.js';

/** A fitted feature transformation (e.g. {@link StandardScaler}): a pipeline step. */
export interface Transformer {
  fit(X: Matrix): this;
  transform(X: Matrix): Matrix;
  fitTransform(X: Matrix): Matrix;
  getParams(): Record<string, unknown>;
  toJSON(): ModelJSON;
}

/** Turns a nested model's JSON back into a step or the final estimator (e.g. a `loadModel` that dispatches on format). */
export type StepLoader = (json: ModelJSON) => Transformer | Estimator;

/** Serialized state: the steps' and the estimator's own JSON, in order. */
export interface PipelineState {
  steps: ModelJSON[];
  estimator: ModelJSON;
}

/** Array.isArray without narrowing (a readonly array type would narrow to any[]). */
const isArray = (x: unknown): boolean => Array.isArray(x);

const isTransformer = (x: unknown): x is Transformer =>
  typeof x === 'object' &&
  x !== null &&
  ['fit', 'transform', 'fitTransform', 'toJSON'].every(
    (k) => typeof (x as Record<string, unknown>)[k] === 'function',
  );

const isEstimator = (x: unknown): x is Estimator =>
  typeof x === 'object' &&
  x !== null &&
  ['fit', 'predict', 'getParams', 'toJSON'].every(
    (k) => typeof (x as Record<string, unknown>)[k] === 'function',
  );

/**
 * The loader {@link Pipeline.fromJSON} uses by default: the formats of this folder's StandardScaler,
 * LogisticRegression and Pipeline (nested pipelines load with the same loader).
 * @throws DataFormatError naming an unknown format and the known ones.
 */
export function loadBuiltinStep(json: ModelJSON): Transformer | Estimator {
  const format = (json as { format?: unknown } | null)?.format;
  switch (format) {
    case StandardScaler.format:
      return StandardScaler.fromJSON(json);
    case LogisticRegression.format:
      return LogisticRegression.fromJSON(json);
    case Pipeline.format:
      return Pipeline.fromJSON(json, loadBuiltinStep);
    default:
      throw new DataFormatError(
        `${Pipeline.format}: fromJSON: no loader for a step of format ${JSON.stringify(format)} ` +
          `(built in: ${[StandardScaler.format, LogisticRegression.format, Pipeline.format].join(', ')}); ` +
          'pass a loadStep that knows it',
      );
  }
}

/** Transformers then an estimator, as one {@link Classifier} (predictProba needs a classifier at the end). */
export class Pipeline implements Classifier {
  static readonly format = 'quantbook/pipeline';
  static readonly version = 1;

  readonly steps: readonly Transformer[];
  readonly estimator: Estimator;
  private fitted = false;

  /** @throws ParameterError when a step is not a transformer or the estimator has no fit/predict. */
  constructor(steps: readonly Transformer[], estimator: Estimator) {
    if (!isArray(steps)) throw new ParameterError(`Pipeline: steps must be an array, got ${typeof steps}`);
    steps.forEach((s, i) => {
      if (!isTransformer(s))
        throw new ParameterError(`Pipeline: steps[${i}] must have fit, transform, fitTransform and toJSON`);
    });
    if (!isEstimator(estimator))
      throw new ParameterError('Pipeline: the estimator must have fit, predict, getParams and toJSON');
    this.steps = [...steps];
    this.estimator = estimator;
  }

  /**
   * Fits each step on the previous one's output, then the estimator; returns this. If a step or the
   * estimator throws, the pipeline is left unfitted (NotFittedError), never half refitted.
   */
  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    this.fitted = false;
    let Xt = X;
    for (const step of this.steps) Xt = step.fitTransform(Xt);
    const opts = { ...options };
    if (options.evalSet !== undefined)
      opts.evalSet = { ...options.evalSet, X: this.transformAll(options.evalSet.X) };
    this.estimator.fit(Xt, y, opts);
    this.fitted = true;
    return this;
  }

  /** X through every fitted step. @throws NotFittedError before fit. */
  transform(X: Matrix): Matrix {
    this.check();
    return this.transformAll(X);
  }

  /** The estimator's predict on the transformed X. @throws NotFittedError before fit. */
  predict(X: Matrix): Float64Array {
    return this.estimator.predict(this.transform(X));
  }

  /**
   * The estimator's P(y = 1) on the transformed X.
   * @throws NotFittedError before fit; QuantbookError (E_UNSUPPORTED) when the estimator has no predictProba.
   */
  predictProba(X: Matrix): Float64Array {
    const est = this.estimator as Partial<Classifier>;
    if (typeof est.predictProba !== 'function')
      throw new QuantbookError(
        'E_UNSUPPORTED',
        `Pipeline.predictProba: the final estimator (${this.estimator.constructor.name}) has no predictProba`,
      );
    return est.predictProba.call(this.estimator, this.transform(X));
  }

  /** `{ steps: [each step's params], estimator: the estimator's params }`. */
  getParams(): { steps: Record<string, unknown>[]; estimator: Record<string, unknown> } {
    return { steps: this.steps.map((s) => s.getParams()), estimator: this.estimator.getParams() };
  }

  /** `{ format: 'quantbook/pipeline', version: 1, params: {}, state: { steps, estimator } }`. @throws NotFittedError. */
  toJSON(): ModelJSON<Record<string, never>, PipelineState> {
    this.check();
    return {
      format: Pipeline.format,
      version: Pipeline.version,
      params: {},
      state: { steps: this.steps.map((s) => s.toJSON()), estimator: this.estimator.toJSON() },
    };
  }

  /**
   * A fitted pipeline from {@link toJSON}'s output, each nested model restored by `loadStep`.
   * @throws DataFormatError for another format or version, a malformed state, or a nested model that
   *   `loadStep` rejects or that is not a transformer (steps) or an estimator (last).
   */
  static fromJSON(json: unknown, loadStep: StepLoader = loadBuiltinStep): Pipeline {
    const f = Pipeline.format;
    const { state } = readEnvelope(json, f, Pipeline.version);
    const { steps, estimator } = state;
    const isModelJSON = (x: unknown): x is ModelJSON =>
      typeof x === 'object' && x !== null && typeof (x as { format?: unknown }).format === 'string';
    if (!Array.isArray(steps) || !steps.every(isModelJSON))
      throw new DataFormatError(`${f}: fromJSON: state.steps must be an array of model JSON objects`);
    if (!isModelJSON(estimator))
      throw new DataFormatError(`${f}: fromJSON: state.estimator must be a model JSON object`);
    const loaded = steps.map((s, i) => {
      const step = loadStep(s);
      if (!isTransformer(step))
        throw new DataFormatError(`${f}: fromJSON: steps[${i}] (${s.format}) is not a transformer`);
      return step;
    });
    const est = loadStep(estimator);
    if (!isEstimator(est))
      throw new DataFormatError(`${f}: fromJSON: the estimator (${estimator.format}) is not an estimator`);
    const model = new Pipeline(loaded, est);
    model.fitted = true;
    return model;
  }

  private transformAll(X: Matrix): Matrix {
    let Xt = X;
    for (const step of this.steps) Xt = step.transform(Xt);
    return Xt;
  }

  private check(): void {
    if (!this.fitted) throw new NotFittedError('Pipeline');
  }
}
