/**
 * Gradient-boosted trees for a real target (objective reg:squarederror or reg:pseudohubererror), on
 * the estimator contract of DESIGN.md §4; same algorithm and formats as {@link GBDTClassifier}.
 *
 * @example
 * const reg = new GBDTRegressor({ nEstimators: 300, learningRate: 0.05 }).fit(X, forwardReturn);
 * reg.predict(X); // (nSamples,)
 */
import type { Estimator, Matrix } from '../../types.js';
import { DataFormatError } from '../../util/errors.js';
import { GBDTBase, restoredFromXGBoost, restoreParams } from './gbdt.js';
import { readGBDTJSON } from './model-json.js';
import { resolveParams, type GBDTParams } from './params.js';
import { readXGBoostJSON } from './xgboost-json.js';

/** Gradient-boosted trees regressor. */
export class GBDTRegressor extends GBDTBase implements Estimator {
  /**
   * @param params - {@link GBDTParams} (objective 'reg:squarederror' by default); defaults fill the rest.
   * @throws ParameterError (a RangeError) for an unknown parameter or a value outside its domain, echoing it.
   */
  constructor(params: Partial<GBDTParams> = {}) {
    super('regressor', 'GBDTRegressor', params);
  }

  /**
   * Predictions (the margins: float32 sums, exactly XGBoost's), `(nSamples,)`.
   *
   * @throws NotFittedError before fit; SchemaError for a feature-count mismatch.
   */
  predict(X: Matrix): Float64Array {
    return this.predictMargin(X);
  }

  /**
   * Restores a regressor from {@link GBDTRegressor.toJSON}'s output.
   *
   * @throws DataFormatError for another format, a classifier, or a malformed state.
   */
  static fromJSON(json: unknown): GBDTRegressor {
    const { state, trees, params } = readGBDTJSON(json, 'regressor');
    const model = restoreParams(
      'GBDTRegressor.fromJSON',
      () => new GBDTRegressor(params as Partial<GBDTParams>),
    );
    model.setFitted({ ...state, featureNames: [...state.featureNames], trees });
    return model;
  }

  /**
   * Loads a model written by XGBoost's `Booster.save_model('m.json')` (reg:squarederror, reg:linear or
   * reg:pseudohubererror; gbtree, numerical splits); it predicts XGBoost's float32 values exactly.
   *
   * @throws DataFormatError naming the problem (unknown or logistic objective, missing trees, malformed tree…).
   */
  static fromXGBoostJSON(json: string | object): GBDTRegressor {
    const m = readXGBoostJSON(json);
    if (m.objective === 'binary:logistic')
      throw new DataFormatError(
        'GBDTRegressor.fromXGBoostJSON: objective binary:logistic is a classification objective; use GBDTClassifier.fromXGBoostJSON',
      );
    const params = restoreParams('GBDTRegressor.fromXGBoostJSON', () =>
      resolveParams(
        'GBDTRegressor',
        {
          objective: m.objective,
          nEstimators: Math.max(1, m.trees.length),
          huberSlope: m.huberSlope,
          baseScore: m.baseScore,
        },
        'regressor',
      ),
    );
    const model = new GBDTRegressor(params);
    model.setFitted(restoredFromXGBoost(m));
    return model;
  }
}
