/**
 * How the meta-estimators (ensemble.ts, search.ts, per-symbol.ts) fit the models they hold, synchronously or
 * asynchronously, with one body of code (internal: not re-exported).
 *
 * ```
 *  a meta-estimator's fit is a generator (a FitPlan): it validates, builds models and yields one FitRequest
 *  { model, X, y, options } per fit it needs, reading results (predictions) after each yield returns
 *     runPlan(plan)       fit:      model.fit(X, y, options)         a Promise back → error naming fitAsync
 *     runPlanAsync(plan)  fitAsync: await model.fitAsync?.(…) ?? model.fit(…), then yields to the event loop
 * ```
 * So an estimator whose fit is asynchronous (e.g. NeuralNet.fitAsync, which first initializes the wasm
 * backend) plugs into every meta-estimator through its `fitAsync` path, and a synchronous estimator behaves
 * identically on both paths (same models, same predictions).
 */
import type { Classifier, Estimator, FitOptions, Matrix } from '../types.js';
import { take } from '../calibration/folds.js';
import { QuantbookError, SchemaError } from '../util/errors.js';

/** An estimator that may also offer an asynchronous fit (resolving when the model is fitted). */
export type MaybeAsyncEstimator = Estimator & {
  fitAsync?: (X: Matrix, y: Float64Array, options?: FitOptions) => Promise<unknown>;
};

/** One fit a plan asks for. */
export interface FitRequest {
  model: Estimator;
  X: Matrix;
  y: Float64Array;
  options: FitOptions;
}

/** A meta-estimator's fit, as a generator of the fits it needs; its return value is the plan's result. */
export type FitPlan<T> = Generator<FitRequest, T, void>;

const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';

/** The class name of a model, for messages. */
export function modelName(model: unknown): string {
  const name = (model as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : 'model';
}

/**
 * Runs a plan synchronously: each request is `model.fit(X, y, options)`.
 * @throws QuantbookError (E_ASYNC_FIT) when a fit returns a Promise (use the meta-estimator's async path);
 *   whatever a fit throws.
 */
export function runPlan<T>(what: string, plan: FitPlan<T>): T {
  try {
    for (let step = plan.next(); ; step = plan.next()) {
      if (step.done === true) return step.value;
      const { model, X, y, options } = step.value;
      const result: unknown = model.fit(X, y, options);
      if (isThenable(result)) {
        Promise.resolve(result).catch(() => undefined); // the caller gets the error below, not an unhandled rejection
        throw new QuantbookError(
          'E_ASYNC_FIT',
          `${what}: ${modelName(model)}.fit returned a Promise (an asynchronous fit)`,
          { hint: 'Use the asynchronous path: await model.fitAsync(X, y, options)' },
        );
      }
    }
  } finally {
    plan.return(undefined as T);
  }
}

/**
 * Runs a plan asynchronously: each request awaits `model.fitAsync(…)` when the model has one, else
 * `model.fit(…)` (awaited if it returns a Promise); between fits the event loop runs (progress output).
 */
export async function runPlanAsync<T>(plan: FitPlan<T>): Promise<T> {
  try {
    for (let step = plan.next(); ; step = plan.next()) {
      if (step.done === true) return step.value;
      const { model, X, y, options } = step.value;
      const m = model as MaybeAsyncEstimator;
      if (typeof m.fitAsync === 'function') await m.fitAsync(X, y, options);
      else await (m.fit(X, y, options) as unknown);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    plan.return(undefined as T);
  }
}

/**
 * Whether a model predicts probabilities: it has `predictProba`, and its params do not say it is a
 * regressor (`task: 'regression'` as NeuralNet, or an XGBoost `reg:` objective as GBDT); an ensemble with
 * task 'auto' answers through its `resolvedTask()` (WeightedEnsemble).
 */
export function isClassifierLike(model: Estimator): model is Classifier {
  if (typeof (model as Partial<Classifier>).predictProba !== 'function') return false;
  let params: Record<string, unknown>;
  try {
    params = model.getParams();
  } catch {
    return true;
  }
  if (params.task === 'regression') return false;
  // an ensemble with task 'auto' decides from its members (WeightedEnsemble.resolvedTask)
  const resolved = (model as { resolvedTask?: () => string }).resolvedTask;
  if (params.task === 'auto' && typeof resolved === 'function')
    return resolved.call(model) === 'classification';
  return !(typeof params.objective === 'string' && params.objective.startsWith('reg:'));
}

/**
 * A model's output on X: P(y = 1) from `predictProba` for a classifier, else `predict`; checked to be one
 * value per row.
 * @throws SchemaError for a wrong output length.
 */
export function modelOutput(what: string, model: Estimator, X: Matrix, proba: boolean): Float64Array {
  const out = proba ? (model as Classifier).predictProba(X) : model.predict(X);
  if (out.length !== X.rows)
    throw new SchemaError(
      `${what}: ${modelName(model)} returned ${out.length} predictions for ${X.rows} rows`,
    );
  return out;
}

/** The per-row fit options (sampleWeight, dates, t1) restricted to rows `idx`; evalSet is dropped. */
export function takeOptions(options: FitOptions, idx: Int32Array): FitOptions {
  const out: FitOptions = {};
  if (options.sampleWeight !== undefined) out.sampleWeight = take(options.sampleWeight, idx);
  if (options.dates !== undefined) out.dates = take(options.dates, idx);
  if (options.t1 !== undefined) out.t1 = take(options.t1, idx);
  return out;
}
