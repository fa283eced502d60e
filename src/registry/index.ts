/**
 * The model registry and production loop (DESIGN.md §1, last stage): versioned models with lineage,
 * champion/challenger, scoring, the prediction log, drift monitoring and experiment runs.
 *
 * ```
 *  fit ──ModelRegistry.saveModel──▶ models/<name>/<version>/ (+ runs.parquet) ──compareModels──▶ promote
 *      ──predictPanel / `quantbook predict`──▶ predictions ──appendPredictionLog──▶ log
 *      ──collectOutcomes──▶ rollingMetrics ──monitorDrift──▶ no_action | schedule_retrain | emergency_retrain
 * ```
 */
export { ModelArtifactError, RegistryLockError, ScoringError, type ArtifactProblem } from './errors.js';
export {
  checkModelName,
  parseVersion,
  compareVersions,
  nextPatch,
  parseModelRef,
  FIRST_VERSION,
  type ModelRef,
  type VersionRef,
} from './names.js';
export { withLock, type LockOptions } from './lock.js';
export { dataLineage, dataHash, type LineageEntry } from './lineage.js';
export {
  referenceStats,
  summarize,
  scoreReference,
  psiAgainstReference,
  QUANTILE_POINTS,
  PSI_BINS,
  type ReferenceStats,
  type DistributionSummary,
  type ScoreReference,
  type PsiResult,
} from './reference.js';
export {
  METADATA_SCHEMA,
  specLabel,
  type MetadataInput,
  type ModelMetadata,
  type DateLike,
} from './metadata.js';
export { championStack, type ChampionPointer, type ChampionEvent } from './champion-pointer.js';
export {
  ModelRegistry,
  defaultRegistryRoot,
  type SavableModel,
  type ModelLoader,
  type SaveModelOptions,
  type SavedModel,
  type RegisteredModel,
  type ModelSummary,
  type Fallback,
} from './store.js';
export {
  compareModels,
  decideChampion,
  DEFAULT_PROMOTION_POLICY,
  type PromotionPolicy,
  type ContenderMetrics,
  type ChampionDecision,
  type DecisionRule,
  type Contender,
  type Holdout,
  type ModelComparison,
} from './champion.js';
export {
  scoreRows,
  predictPanel,
  selectColumns,
  type Scorable,
  type ScoreOptions,
  type PredictOptions,
  type ScoreResult,
  type RefusedRow,
} from './predict.js';
export {
  predictionLogRows,
  appendPredictionLog,
  readPredictionLog,
  collectOutcomes,
  updateOutcomes,
  rollingMetrics,
  PREDICTION_LOG_COLUMNS,
  type OutcomeOptions,
} from './prediction-log.js';
export {
  monitorDrift,
  monitorPredictionLog,
  recommendRetraining,
  DEFAULT_DRIFT_THRESHOLDS,
  DEFAULT_RETRAIN_RULES,
  type DriftThresholds,
  type DriftSignal,
  type Recommendation,
  type RetrainRule,
  type DriftInput,
  type DriftReport,
  type FeatureDrift,
} from './drift.js';
export { logRun, listRuns, newRunId, RUNS_FILE, type RunRecord } from './runs.js';
export { unionTables, appendParquet } from './parquet-append.js';
