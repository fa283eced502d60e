/**
 * Gradient-boosted decision trees (histogram algorithm, XGBoost-compatible models).
 *
 * ```
 *  params.ts ─▶ classifier.ts / regressor.ts (estimator contract) ─▶ gbdt.ts (shared: fit, margins, formats)
 *                 fit ─▶ booster.ts ─▶ binning.ts (quantile bins, float32 cuts)
 *                                  ─▶ grow.ts (depth-/leaf-wise) ─▶ histogram.ts, split.ts
 *                                  ─▶ fit-pool.ts (large fits: worker threads) ─▶ fit-kernels.ts
 *                                  ─▶ objectives.ts, eval-metrics.ts (early stopping)
 *                 predict ─▶ predict.ts (float32, XGBoost's routing)
 *                 toJSON ─▶ model-json.ts      toXGBoostJSON / fromXGBoostJSON ─▶ xgboost-json.ts
 * ```
 */
export { GBDTClassifier } from './classifier.js';
export { GBDTRegressor } from './regressor.js';
export { GBDT, gbdtFromJSON, fromXGBoostJSON } from './load.js';
export { GBDT_DEFAULTS, type GBDTParams } from './params.js';
export type { FeatureImportanceOptions, XGBoostExportOptions } from './gbdt.js';
export { GBDT_FORMAT, type GBDTJSON, type GBDTState, type TreeJSON } from './model-json.js';
export type { Tree } from './tree.js';
export type { ObjectiveName } from './objectives.js';
export type { EvalMetric } from './eval-metrics.js';
