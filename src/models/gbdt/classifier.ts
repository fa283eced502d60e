/**
 * Gradient-boosted trees for a binary target (objective binary:logistic), on the estimator contract
 * of DESIGN.md §4. Histogram boosting with XGBoost's split gain; models export to and import from
 * XGBoost's JSON format with identical float32 margins.
 *
 * @example
 * const clf = new GBDTClassifier({ nEstimators: 200, maxDepth: 6, learningRate: 0.1, seed: 1 }).fit(X, y);
 * clf.predictProba(X); // P(y = 1), (nSamples,)
 * fs.writeFileSync('model.json', clf.toXGBoostJSON()); // xgboost.Booster(model_file='model.json')
 */
import type { Classifier, Matrix } from '../../types.js';
import { DataFormatError } from '../../util/errors.js';
import { GBDTBase, restoredFromXGBoost, restoreParams } from './gbdt.js';
import { readGBDTJSON } from './model-json.js';
import { sigmoid } from './objectives.js';
import { resolveParams, type GBDTParams } from './params.js';
import { readXGBoostJSON } from './xgboost-json.js';

/** Gradient-boosted trees classifier (binary:logistic). */
export class GBDTClassifier extends GBDTBase implements Classifier {
  /**
   * @param params - {@link GBDTParams}; defaults fill the rest.
   * @throws ParameterError (a RangeError) for an unknown parameter or a value outside its domain, echoing it.
   */
  constructor(params: Partial<GBDTParams> = {}) {
    super('classifier', 'GBDTClassifier', params);
  }

  /**
   * P(y = 1) = σ(margin), `(nSamples,)` in [0, 1].
   *
   * @throws NotFittedError before fit; SchemaError for a feature-count mismatch.
   */
  predictProba(X: Matrix): Float64Array {
    return this.predictMargin(X).map(sigmoid);
  }

  /** Class labels: 1 where P(y = 1) > 0.5 (margin > 0), else 0. `(nSamples,)`. */
  predict(X: Matrix): Float64Array {
    return this.predictMargin(X).map((m) => (m > 0 ? 1 : 0));
  }

  /**
   * Restores a classifier from {@link GBDTClassifier.toJSON}'s output.
   *
   * @throws DataFormatError for another format, a regressor, or a malformed state.
   */
  static fromJSON(json: unknown): GBDTClassifier {
    const { state, trees, params } = readGBDTJSON(json, 'classifier');
    const model = restoreParams(
      'GBDTClassifier.fromJSON',
      () => new GBDTClassifier(params as Partial<GBDTParams>),
    );
    model.setFitted({ ...state, featureNames: [...state.featureNames], trees });
    return model;
  }

  /**
   * Loads a model written by XGBoost's `Booster.save_model('m.json')` (objective binary:logistic or
   * reg:logistic, gbtree, numerical splits); it predicts XGBoost's float32 margins exactly.
   *
   * @param json - The file's text or its parsed value.
   * @throws DataFormatError naming the problem (unknown or regression objective, missing trees, malformed tree…).
   */
  static fromXGBoostJSON(json: string | object): GBDTClassifier {
    const m = readXGBoostJSON(json);
    if (m.objective !== 'binary:logistic')
      throw new DataFormatError(
        `GBDTClassifier.fromXGBoostJSON: objective ${m.objective} is a regression objective; use GBDTRegressor.fromXGBoostJSON`,
      );
    const params = restoreParams('GBDTClassifier.fromXGBoostJSON', () =>
      resolveParams(
        'GBDTClassifier',
        {
          nEstimators: Math.max(1, m.trees.length),
          scalePosWeight: m.scalePosWeight,
          baseScore: m.baseScore,
        },
        'classifier',
      ),
    );
    const model = new GBDTClassifier(params);
    model.setFitted(restoredFromXGBoost(m));
    return model;
  }
}
