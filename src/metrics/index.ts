/**
 * Evaluation metrics with scikit-learn 1.2 / SciPy 1.10 definitions (golden values in
 * test/fixtures/sklearn-metrics). Every function is pure, never mutates its inputs, takes plain
 * arrays or typed arrays, and throws typed errors on bad input instead of returning NaN.
 */
export { UndefinedMetricError } from './errors.js';
export { rocAuc, averagePrecision, brierScore, logLoss, LOG_LOSS_EPS } from './classification.js';
export {
  confusionMatrix,
  accuracy,
  precision,
  recall,
  f1,
  precisionAtThreshold,
  precisionAtK,
  type ThresholdOptions,
  type PrecisionAtThreshold,
} from './threshold.js';
export { rmse, mae, r2, directionAccuracy } from './regression.js';
export {
  informationCoefficient,
  averageRanks,
  type IcOptions,
  type InformationCoefficient,
} from './ranking.js';
export {
  rocCurve,
  precisionRecallCurve,
  binaryClfCurve,
  type RocCurve,
  type PrecisionRecallCurve,
  type ClfCurve,
} from './curves.js';
export { calibrationCurve, type CalibrationCurve, type CalibrationBinning } from './calibration-curve.js';
export { expectedCalibrationError, maxCalibrationError } from './calibration-metrics.js';
export { ksStatistic, type KsResult, type KsOptions } from './ks.js';
export { kolmogorovSf } from './kolmogorov.js';
export { smirnovSf } from './smirnov.js';
export { populationStabilityIndex, type PsiOptions, type PopulationStabilityIndex } from './psi.js';
export { argsortAscending } from './sort.js';
