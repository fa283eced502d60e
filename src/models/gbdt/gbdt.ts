/**
 * What {@link GBDTClassifier} and {@link GBDTRegressor} share: validation, fitting through the booster,
 * float32 margins, feature importance and both serializations (quantbook's JSON and XGBoost's).
 */
import type { FitOptions, Matrix } from '../../types.js';
import { DataFormatError, NotFittedError, SchemaError } from '../../util/errors.js';
import { trainBooster } from './booster.js';
import type { EvalMetric } from './eval-metrics.js';
import { GBDT_FORMAT, GBDT_FORMAT_VERSION, treeToJSON, type GBDTJSON, type GBDTState } from './model-json.js';
import { baseMargin } from './objectives.js';
import { resolveParams, type GBDTParams } from './params.js';
import { compileForest, predictMargins, type CompiledForest } from './predict.js';
import type { Tree } from './tree.js';
import { checkMatrix, checkTarget, checkWeights } from './validate.js';
import { writeXGBoostJSON, type XGBoostModel } from './xgboost-json.js';

/** Options of `featureImportance`. */
export interface FeatureImportanceOptions {
  /** 'gain': total split gain (XGBoost's total_gain, LightGBM's gain); 'split': number of splits. Default 'gain'. */
  type?: 'gain' | 'split';
}

/** Options of `toXGBoostJSON`. */
export interface XGBoostExportOptions {
  /** Write the training column names as `feature_names`; XGBoost then requires a DMatrix with the same names. Default false. */
  featureNames?: boolean;
}

interface Fitted {
  trees: Tree[];
  baseScore: number;
  baseMargin: number;
  nFeatures: number;
  featureNames: string[];
  rounds: number;
  bestIteration: number | null;
  bestScore: number | null;
  evalMetric: EvalMetric | null;
  evalHistory: number[] | null;
  forest: CompiledForest;
}

/** The fitted state a subclass restores from JSON or an XGBoost file. */
export type RestoredState = Omit<Fitted, 'forest' | 'baseMargin'>;

/** Base class of the GBDT estimators (not exported from the package). */
export abstract class GBDTBase {
  protected readonly params: GBDTParams;
  protected fitted: Fitted | null = null;

  protected constructor(
    protected readonly kind: 'classifier' | 'regressor',
    protected readonly name: string,
    params: Partial<GBDTParams>,
  ) {
    this.params = resolveParams(name, params, kind);
  }

  /**
   * Fits the trees.
   *
   * @param X - Features `(nSamples, nFeatures)`, NaN = missing (routed by each split's learned default).
   * @param y - Targets `(nSamples,)`: 0/1 for the classifier, finite for the regressor.
   * @param options - `sampleWeight` `(nSamples,)`; `evalSet` for early stopping; `dates`/`t1` are ignored.
   * @returns this.
   * @throws SchemaError for empty X, mismatched lengths, NaN/Infinity in y, labels other than 0/1,
   *   negative or non-finite weights, or an eval set with another feature count.
   */
  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    const what = `${this.name}.fit`;
    const binary = this.kind === 'classifier';
    checkMatrix(what, X);
    checkTarget(what, y, X.rows, binary);
    if (options.sampleWeight !== undefined) checkWeights(what, 'sampleWeight', options.sampleWeight, X.rows);
    const es = options.evalSet;
    if (es !== undefined) {
      checkMatrix(`${what} (evalSet)`, es.X, X.cols);
      checkTarget(`${what} (evalSet)`, es.y, es.X.rows, binary);
      if (es.sampleWeight !== undefined)
        checkWeights(`${what} (evalSet)`, 'sampleWeight', es.sampleWeight, es.X.rows);
    }
    const weight = this.effectiveWeights(y, options.sampleWeight);
    const res = trainBooster(X, y, weight, this.params, es && { X: es.X, y: es.y, weight: es.sampleWeight });
    this.setFitted({
      trees: res.trees,
      baseScore: res.baseScore,
      nFeatures: X.cols,
      featureNames:
        X.columns.length === X.cols ? [...X.columns] : Array.from({ length: X.cols }, (_, j) => `f${j}`),
      rounds: res.rounds,
      bestIteration: res.bestIteration,
      bestScore: res.bestScore,
      evalMetric: res.evalMetric,
      evalHistory: res.evalHistory,
    });
    return this;
  }

  /** Row weights = sampleWeight × class weight (× scalePosWeight for y = 1); null when all are 1. */
  private effectiveWeights(y: Float64Array, sampleWeight?: Float64Array): Float64Array | null {
    if (this.kind === 'regressor') return sampleWeight ?? null;
    let w0 = 1;
    let w1 = 1;
    if (this.params.classWeight === 'balanced') {
      let n1 = 0;
      for (let i = 0; i < y.length; i++) n1 += y[i];
      const n0 = y.length - n1;
      if (n0 === 0 || n1 === 0)
        throw new SchemaError(
          `${this.name}.fit: classWeight 'balanced' needs both classes, y has ${n0} zeros and ${n1} ones`,
        );
      w0 = y.length / (2 * n0);
      w1 = y.length / (2 * n1);
    }
    w1 *= this.params.scalePosWeight;
    if (sampleWeight === undefined && w0 === 1 && w1 === 1) return null;
    const w = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++)
      w[i] = (sampleWeight === undefined ? 1 : sampleWeight[i]) * (y[i] === 1 ? w1 : w0);
    return w;
  }

  protected setFitted(s: RestoredState): void {
    this.fitted = {
      ...s,
      baseMargin: baseMargin(this.params.objective, s.baseScore),
      forest: compileForest(s.trees, s.nFeatures),
    };
  }

  protected requireFitted(): Fitted {
    if (this.fitted === null) throw new NotFittedError(this.name);
    return this.fitted;
  }

  /**
   * Raw scores: the float32 base margin plus every tree's leaf value, summed in float32 as XGBoost
   * does (`output_margin=True`). Log-odds for the classifier.
   *
   * @param X - `(nSamples, nFeatures)` with the training feature count.
   * @returns `(nSamples,)`.
   * @throws NotFittedError before fit; SchemaError for a feature-count mismatch.
   */
  predictMargin(X: Matrix): Float64Array {
    const f = this.requireFitted();
    checkMatrix(`${this.name}.predict`, X, f.nFeatures);
    return predictMargins(f.forest, f.baseMargin, X);
  }

  /**
   * Importance of each feature over the trees, `(nFeatures,)` in column order (not normalized).
   *
   * @throws NotFittedError before fit.
   */
  featureImportance(options: FeatureImportanceOptions = {}): Float64Array {
    const f = this.requireFitted();
    const type = options.type ?? 'gain';
    if (type !== 'gain' && type !== 'split')
      throw new RangeError(
        `${this.name}.featureImportance: type must be 'gain' or 'split', got ${String(type)}`,
      );
    const out = new Float64Array(f.nFeatures);
    for (const t of f.trees)
      for (let i = 0; i < t.left.length; i++)
        if (t.left[i] !== -1) out[t.feature[i]] += type === 'gain' ? t.lossChange[i] : 1;
    return out;
  }

  /** The parameters (defaults filled in). */
  getParams(): GBDTParams {
    return { ...this.params };
  }

  /** Names of the training columns (`f0…` when X had none). */
  get featureNames(): string[] {
    return [...this.requireFitted().featureNames];
  }

  /** Number of trees kept. */
  get nTrees(): number {
    return this.requireFitted().trees.length;
  }

  /** Float32 base score (a probability for the classifier). */
  get baseScore(): number {
    return this.requireFitted().baseScore;
  }

  /** With an eval set: the best round (0-based); trees 0..bestIteration are kept when early stopping. */
  get bestIteration(): number | null {
    return this.requireFitted().bestIteration;
  }

  /** With an eval set: the metric at the best round. */
  get bestScore(): number | null {
    return this.requireFitted().bestScore;
  }

  /** With an eval set: the metric after each round run. */
  get evalHistory(): number[] | null {
    const h = this.requireFitted().evalHistory;
    return h === null ? null : [...h];
  }

  /** The trees (copies of the node arrays; see tree.ts for their meaning). */
  get trees(): Tree[] {
    return this.requireFitted().trees.map((t) => ({
      left: t.left.slice(),
      right: t.right.slice(),
      parent: t.parent.slice(),
      feature: t.feature.slice(),
      threshold: t.threshold.slice(),
      defaultLeft: t.defaultLeft.slice(),
      baseWeight: t.baseWeight.slice(),
      lossChange: t.lossChange.slice(),
      sumHessian: t.sumHessian.slice(),
    }));
  }

  /** `{ format: 'quantbook/gbdt', version: 1, params, state }`; `fromJSON` restores it exactly. */
  toJSON(): GBDTJSON {
    const f = this.requireFitted();
    const state: GBDTState = {
      kind: this.kind,
      objective: this.params.objective,
      nFeatures: f.nFeatures,
      featureNames: [...f.featureNames],
      baseScore: f.baseScore,
      rounds: f.rounds,
      bestIteration: f.bestIteration,
      bestScore: f.bestScore,
      evalMetric: f.evalMetric,
      evalHistory: f.evalHistory === null ? null : [...f.evalHistory],
      trees: f.trees.map(treeToJSON),
    };
    return { format: GBDT_FORMAT, version: GBDT_FORMAT_VERSION, params: this.getParams(), state };
  }

  /**
   * The model as the text of an XGBoost JSON model file (`Booster.save_model('m.json')`, 1.7 schema):
   * `xgboost.Booster(model_file=…)` loads it and predicts the same margins on the same rows.
   *
   * @throws NotFittedError before fit.
   */
  toXGBoostJSON(options: XGBoostExportOptions = {}): string {
    const f = this.requireFitted();
    const m: XGBoostModel = {
      objective: this.params.objective,
      baseScore: f.baseScore,
      nFeatures: f.nFeatures,
      featureNames: f.featureNames,
      trees: f.trees,
      scalePosWeight: this.params.scalePosWeight,
      huberSlope: this.params.huberSlope,
    };
    return writeXGBoostJSON(m, options.featureNames ?? false);
  }
}

/** Wraps a parameter problem found while restoring a model as a DataFormatError. */
export function restoreParams<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RangeError)
      throw new DataFormatError(`${what}: params: ${err.message}`, { cause: err });
    throw err;
  }
}

/** The fitted state of a model read from an XGBoost file. */
export function restoredFromXGBoost(m: XGBoostModel): RestoredState {
  return {
    trees: m.trees,
    baseScore: m.baseScore,
    nFeatures: m.nFeatures,
    featureNames: m.featureNames ?? Array.from({ length: m.nFeatures }, (_, j) => `f${j}`),
    rounds: m.trees.length,
    bestIteration: null,
    bestScore: null,
    evalMetric: null,
    evalHistory: null,
  };
}
