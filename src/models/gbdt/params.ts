/**
 * Parameters of the gradient-boosted trees, their defaults and their validation. Names follow
 * XGBoost's scikit-learn wrapper in camelCase (`learningRate` = eta, `lambda` = reg_lambda, `alpha` =
 * reg_alpha, `gamma` = min_split_loss) plus LightGBM's `numLeaves` and `minDataInLeaf`; defaults are
 * XGBoost's (1.7) except `baseScore` (the weighted mean of y instead of 0.5) and `maxBin` (255 value
 * bins plus one for missing values).
 */
import { ParameterError } from '../../util/errors.js';
import type { EvalMetric } from './eval-metrics.js';
import type { ObjectiveName } from './objectives.js';

/** Every parameter of {@link GBDTClassifier} / {@link GBDTRegressor}. */
export type GBDTParams = {
  /** Loss. Classifier: 'binary:logistic'. Regressor: 'reg:squarederror' (default) or 'reg:pseudohubererror'. */
  objective: ObjectiveName;
  /** Boosting rounds (trees), integer ≥ 1. Default 100. */
  nEstimators: number;
  /** Shrinkage applied to every leaf value, in (0, 1]. Default 0.3. */
  learningRate: number;
  /** 'depthwise' (XGBoost's default: level by level up to maxDepth) or 'leafwise' (LightGBM: best leaf first, up to numLeaves). Default 'depthwise'. */
  growPolicy: 'depthwise' | 'leafwise';
  /** Depth limit, integer in [1, 30]; 0 = none (leaf-wise only). Default 6. */
  maxDepth: number;
  /** Leaf limit of leaf-wise growth, integer ≥ 2 (ignored depth-wise). Default 31. */
  numLeaves: number;
  /** Minimum hessian sum in a child, ≥ 0. Default 1. */
  minChildWeight: number;
  /** Minimum rows in a child, integer ≥ 1. Default 1. */
  minDataInLeaf: number;
  /** L2 regularization of leaf weights, ≥ 0. Default 1. */
  lambda: number;
  /** L1 regularization of leaf weights, ≥ 0. Default 0. */
  alpha: number;
  /** Minimum split gain (XGBoost's loss_chg), ≥ 0. Default 0. */
  gamma: number;
  /** Fraction of rows sampled (without replacement, Bernoulli) for each tree, in (0, 1]. Default 1. */
  subsample: number;
  /** Fraction of features sampled for each tree, in (0, 1]; at least one. Default 1. */
  colsampleByTree: number;
  /** Value bins per feature, integer in [2, 255] (missing values have their own). Default 255. */
  maxBin: number;
  /** Weight of positive rows (classifier), > 0. Default 1. */
  scalePosWeight: number;
  /** 'balanced' weighs class c by n / (2 n_c) (classifier); null = none. Default null. */
  classWeight: 'balanced' | null;
  /** Starting prediction (a probability for the classifier); null = the weighted mean of y. Default null. */
  baseScore: number | null;
  /** δ of reg:pseudohubererror, > 0. Default 1. */
  huberSlope: number;
  /**
   * Stop after this many rounds without improvement on `fit`'s `evalSet` and keep trees 0..best; null =
   * never. Ignored when fit gets no evalSet (so wrappers that refit without one still work). Default null.
   */
  earlyStoppingRounds: number | null;
  /** Metric on `evalSet`: 'logloss' or 'auc' (classifier), 'rmse'; null = logloss (classifier) / rmse (regressor). Default null. */
  evalMetric: EvalMetric | null;
  /** Seed of the row and feature sampling (any integer). Default 0. */
  seed: number;
};

/** The defaults shared by both estimators (the regressor's objective is 'reg:squarederror'). */
export const GBDT_DEFAULTS: Readonly<GBDTParams> = Object.freeze({
  objective: 'binary:logistic',
  nEstimators: 100,
  learningRate: 0.3,
  growPolicy: 'depthwise',
  maxDepth: 6,
  numLeaves: 31,
  minChildWeight: 1,
  minDataInLeaf: 1,
  lambda: 1,
  alpha: 0,
  gamma: 0,
  subsample: 1,
  colsampleByTree: 1,
  maxBin: 255,
  scalePosWeight: 1,
  classWeight: null,
  baseScore: null,
  huberSlope: 1,
  earlyStoppingRounds: null,
  evalMetric: null,
  seed: 0,
});

/**
 * Fills defaults and validates, echoing the offending value.
 *
 * @param what - The estimator's name, for messages.
 * @param params - User parameters.
 * @param kind - Which estimator (decides the allowed objectives and metrics).
 * @throws ParameterError for an unknown parameter name or a value outside its domain.
 */
export function resolveParams(
  what: string,
  params: Partial<GBDTParams>,
  kind: 'classifier' | 'regressor',
): GBDTParams {
  const defaults: GBDTParams = {
    ...GBDT_DEFAULTS,
    objective: kind === 'classifier' ? 'binary:logistic' : 'reg:squarederror',
  };
  for (const k of Object.keys(params))
    if (!Object.hasOwn(defaults, k))
      throw new ParameterError(
        `${what}: unknown parameter ${JSON.stringify(k)}; it takes ${Object.keys(defaults).join(', ')}`,
      );
  const p: GBDTParams = { ...defaults };
  for (const [k, v] of Object.entries(params))
    if (v !== undefined) (p as unknown as Record<string, unknown>)[k] = v;
  const bad = (name: string, domain: string, v: unknown): never => {
    throw new ParameterError(
      `${what}: ${name} must be ${domain}, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`,
    );
  };
  const num = (name: keyof GBDTParams, ok: (x: number) => boolean, domain: string): void => {
    const v = p[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) bad(name, domain, v);
  };
  const int = (name: keyof GBDTParams, ok: (x: number) => boolean, domain: string): void =>
    num(name, (x) => Number.isInteger(x) && ok(x), domain);
  const objectives =
    kind === 'classifier' ? ['binary:logistic'] : ['reg:squarederror', 'reg:pseudohubererror'];
  if (!objectives.includes(p.objective)) bad('objective', `one of ${objectives.join(', ')}`, p.objective);
  int('nEstimators', (x) => x >= 1, 'an integer ≥ 1');
  num('learningRate', (x) => x > 0 && x <= 1, 'a finite number in (0, 1]');
  if (p.growPolicy !== 'depthwise' && p.growPolicy !== 'leafwise')
    bad('growPolicy', "'depthwise' or 'leafwise'", p.growPolicy);
  if (p.growPolicy === 'depthwise')
    int('maxDepth', (x) => x >= 1 && x <= 30, 'an integer in [1, 30] for depth-wise growth');
  else int('maxDepth', (x) => x >= 0 && x <= 30, 'an integer in [0, 30] (0 = no limit)');
  int('numLeaves', (x) => x >= 2 && x <= 131072, 'an integer in [2, 131072]');
  num('minChildWeight', (x) => x >= 0, 'a finite number ≥ 0');
  int('minDataInLeaf', (x) => x >= 1, 'an integer ≥ 1');
  num('lambda', (x) => x >= 0, 'a finite number ≥ 0');
  num('alpha', (x) => x >= 0, 'a finite number ≥ 0');
  num('gamma', (x) => x >= 0, 'a finite number ≥ 0');
  num('subsample', (x) => x > 0 && x <= 1, 'a finite number in (0, 1]');
  num('colsampleByTree', (x) => x > 0 && x <= 1, 'a finite number in (0, 1]');
  int('maxBin', (x) => x >= 2 && x <= 255, 'an integer in [2, 255]');
  num('scalePosWeight', (x) => x > 0, 'a finite number > 0');
  num('huberSlope', (x) => x > 0, 'a finite number > 0');
  if (p.classWeight !== null && p.classWeight !== 'balanced')
    bad('classWeight', "'balanced' or null", p.classWeight);
  if (kind === 'regressor' && (p.classWeight !== null || p.scalePosWeight !== 1))
    bad('classWeight/scalePosWeight', 'unset for a regressor', p.classWeight ?? p.scalePosWeight);
  if (p.baseScore !== null) {
    if (kind === 'classifier') num('baseScore', (x) => x > 0 && x < 1, 'a probability in (0, 1) or null');
    else num('baseScore', () => true, 'a finite number or null');
  }
  if (p.earlyStoppingRounds !== null) int('earlyStoppingRounds', (x) => x >= 1, 'an integer ≥ 1 or null');
  const metrics = kind === 'classifier' ? ['logloss', 'auc', 'rmse'] : ['rmse'];
  if (p.evalMetric !== null && !metrics.includes(p.evalMetric))
    bad('evalMetric', `one of ${metrics.join(', ')} or null`, p.evalMetric);
  int('seed', () => true, 'an integer');
  return p;
}
