/**
 * quantbook's public API: named re-exports grouped by module (DESIGN.md §2). Notebooks and other
 * packages import only from here: `import { readParquet, importOhlcv } from 'quantbook'`.
 */

// util — typed errors, atomic writes, quantiles
export {
  QuantbookError,
  SchemaError,
  DataFormatError,
  NotFoundError,
  NotFittedError,
  ParameterError,
  type ErrorContext,
} from './util/errors.js';
export { writeFileAtomic, writeDirAtomic, type FileContents, type ChunkSink } from './util/atomic-write.js';
export { quantileSorted, sortedFinite } from './util/quantile.js';

// data — schema, Parquet, datasets, import, validation, quality, as-of join
export {
  OHLCV_COLUMNS,
  OPTIONAL_OHLCV_COLUMNS,
  PRICE_COLUMNS,
  MS_PER_DAY,
  utcDay,
  floorToUtcDay,
  msToDays,
  daysToMs,
  formatDate,
  parseDate,
  toDateMs,
  type OhlcvColumn,
} from './data/schema.js';
export {
  readParquet,
  writeParquet,
  toParquetBytes,
  parquetColumnNames,
  inferColumnTypes,
  type ReadParquetOptions,
  type WriteParquetOptions,
  type ParquetCompression,
  type ColumnType,
} from './data/parquet.js';
export {
  writeDataset,
  readDataset,
  concatTables,
  type WriteDatasetOptions,
  type ReadDatasetOptions,
} from './data/dataset.js';
export {
  importOhlcv,
  listCsvFiles,
  mapOhlcvHeader,
  symbolFromFileName,
  COLUMN_ALIASES,
  type ImportOhlcvOptions,
} from './data/import.js';
export { MISSING_VALUES } from './data/csv.js';
export {
  validateOhlcv,
  type ValidateOptions,
  type ValidationReport,
  type ValidationProblem,
  type ValidationRule,
  type Severity,
} from './data/validate.js';
export {
  qualityReport,
  formatQualityReport,
  QUALITY_THRESHOLDS,
  type QualityReport,
  type QualityOptions,
  type QualityCheck,
  type QualityStatus,
  type ColumnQuality,
} from './data/quality.js';
export { asOfJoin, type AsOfJoinOptions } from './data/as-of-join.js';
export {
  numericColumn,
  stringColumn,
  requireColumns,
  symbolRanges,
  sortPanel,
  assertPanel,
  panelOrder,
  scanPanelTime,
  type SymbolRanges,
  type PanelTimeScan,
} from './data/panel.js';
export { resolveDataDir, DATA_FILES } from './data/paths.js';
export { importRealData, type ImportRealDataResult } from './data/real-data.js';

export { marketSeries, readSectors } from './data/reference.js';

// shared shapes
export type { Matrix, Split } from './types.js';

// features — causal, per symbol; labels — forward, with end times t1; the dataset pipeline
export type {
  SymbolSeries,
  FeatureContext,
  FeatureDefinition,
  LabelDefinition,
  LabelResult,
  MarketSeries,
} from './features/types.js';
export {
  rollingMean,
  rollingStd,
  rollingMedian,
  ema,
  pctChange,
  checkPeriod,
  type EmaOptions,
} from './features/rolling.js';
export {
  returns,
  priceVsSma,
  returnsFeature,
  priceVsSmaFeature,
  type ReturnsParams,
  type PriceVsSmaParams,
} from './features/returns.js';
export {
  realizedVolatility,
  volatilityFeature,
  TRADING_DAYS_PER_YEAR,
  type VolatilityParams,
} from './features/volatility.js';
export { trueRange, atr, atrFeature, type AtrParams } from './features/atr.js';
export { rsi, rsiFeature, type RsiParams } from './features/rsi.js';
export { macd, macdLookbacks, macdFeature, type MacdParams, type MacdResult } from './features/macd.js';
export {
  bollinger,
  bollingerFeature,
  type BollingerParams,
  type BollingerResult,
} from './features/bollinger.js';
export {
  volumeRatio,
  volumeTrend,
  volumeRatioFeature,
  volumeTrendFeature,
  type VolumeRatioParams,
  type VolumeTrendParams,
} from './features/volume.js';
export { haarATrous, waveletDetailFeature, type WaveletParams } from './features/wavelet.js';
export {
  alignAsOf,
  marketRegime,
  normalizedVolatility,
  equalWeightIndex,
  marketReturnFeature,
  marketVolatilityFeature,
  marketRegimeFeature,
} from './features/market.js';
export {
  dateGroups,
  crossSectionalRank,
  crossSectionalZScore,
  crossSectionalWinsorize,
  sectorRelativeStrength,
  type DateGroups,
} from './features/cross-section.js';
export * from './labels/index.js';
export { FEATURES, LABELS, getFeature, getLabel } from './features/registry.js';
export {
  buildDataset,
  toMatrix,
  type DatasetSpec,
  type FeatureSpec,
  type LabelSpec,
  type CrossSectionalSpec,
  type InteractionSpec,
  type BuildOptions,
  type Dataset,
} from './features/pipeline.js';

// metrics — scikit-learn's definitions
export {
  UndefinedMetricError,
  rocAuc,
  averagePrecision,
  brierScore,
  logLoss,
  LOG_LOSS_EPS,
  confusionMatrix,
  accuracy,
  precision,
  recall,
  f1,
  precisionAtThreshold,
  precisionAtK,
  rmse,
  mae,
  r2,
  directionAccuracy,
  informationCoefficient,
  averageRanks,
  rocCurve,
  precisionRecallCurve,
  binaryClfCurve,
  calibrationCurve,
  expectedCalibrationError,
  maxCalibrationError,
  ksStatistic,
  kolmogorovSf,
  smirnovSf,
  populationStabilityIndex,
  argsortAscending,
  type ThresholdOptions,
  type PrecisionAtThreshold,
  type IcOptions,
  type InformationCoefficient,
  type RocCurve,
  type PrecisionRecallCurve,
  type ClfCurve,
  type CalibrationCurve,
  type CalibrationBinning,
  type KsResult,
  type KsOptions,
  type PsiOptions,
  type PopulationStabilityIndex,
} from './metrics/index.js';

// backtest — scores → lagged positions → costs → returns; statistics; factor analysis; blending
export {
  simulate,
  resolvePolicy,
  targetWeights,
  resolveSelection,
  weightScratch,
  costModel,
  tradingCost,
  BPS,
  rebalanceMask,
  simulateGrid,
  priceGrid,
  alignScores,
  performanceStats,
  flattenStats,
  totalReturn,
  annualReturn,
  annualVolatility,
  sharpeRatio,
  sortinoRatio,
  downsideRisk,
  hitRate,
  skewness,
  kurtosis,
  maxDrawdown,
  drawdownSeries,
  probabilisticSharpeRatio,
  psrFromMoments,
  normalCdf,
  erfc,
  benchmarkReturns,
  relativeStats,
  BenchmarkCoverageError,
  topDecileVsBenchmark,
  factorAnalysis,
  forwardReturnsGrid,
  quantilesByDate,
  eventPrecision,
  twoTrackScore,
  mapReturnToScore,
  blendScores,
  blendRatios,
  rankBlend,
  blendSweep,
  rulesScore,
  type SimulationResult,
  type BacktestPolicy,
  type ResolvedPolicy,
  type FillAt,
  type Selection,
  type Weighting,
  type SelectionPolicy,
  type ResolvedSelection,
  type WeightScratch,
  type CostModel,
  type RebalanceFrequency,
  type DailySeries,
  type GridSimulation,
  type GridPositions,
  type GridTrades,
  type PriceGrid,
  type ScoreGrid,
  type UnmatchedPredictions,
  type TableInput,
  type Columns,
  type PerformanceStats,
  type PerformanceOptions,
  type ReturnSeries,
  type AnnualizationOptions,
  type MaxDrawdown,
  type SharpeMoments,
  type PsrOptions,
  type BenchmarkInput,
  type RelativeStats,
  type MissingRange,
  type BenchmarkComparison,
  type FactorAnalysis,
  type FactorOptions,
  type EventPrecision,
  type EventPrecisionOptions,
  type TwoTrackScore,
  type BlendSweep,
  type BlendSweepOptions,
  type Rule,
  type RuleOp,
  type RulesScore,
} from './backtest/index.js';

// cv — splitters over dates that cannot leak
export {
  timeSeriesSplit,
  walkForwardSplit,
  purgedKFold,
  checkLeakage,
  toSplitData,
  indexDates,
  horizonFromT1,
  type TimeSeriesSplitOptions,
  type WalkForwardOptions,
  type PurgedKFoldOptions,
  type Leak,
  type LeakageOptions,
  type LeakageReport,
  type DateIndex,
  type DateSplitter,
  type HorizonOptions,
  type SplitDataWithHorizon,
  type SplitInput,
} from './cv/index.js';

// calibration — fitted out of fold only
export {
  CalibratedClassifier,
  IsotonicCalibrator,
  PlattCalibrator,
  isotonicRegression,
  loadCalibrator,
  type CalibratedClassifierParams,
  type CalibratedClassifierState,
  type CalibrationMethod,
  type IsotonicParams,
  type IsotonicState,
  type PlattParams,
  type PlattState,
} from './calibration/index.js';
// models — estimator contract (DESIGN.md §4)
export {
  GBDTClassifier,
  GBDTRegressor,
  GBDT,
  gbdtFromJSON,
  fromXGBoostJSON,
  GBDT_DEFAULTS,
  GBDT_FORMAT,
  type GBDTParams,
  type GBDTJSON,
  type GBDTState,
  type TreeJSON,
  type Tree,
  type ObjectiveName,
  type EvalMetric,
  type FeatureImportanceOptions,
  type XGBoostExportOptions,
} from './models/gbdt/index.js';
export {
  LogisticRegression,
  type LogisticRegressionParams,
  type LogisticRegressionConfig,
  type LogisticRegressionState,
  type ClassWeight,
} from './models/logistic-regression.js';
export {
  StandardScaler,
  type StandardScalerParams,
  type StandardScalerState,
} from './models/preprocessing.js';
export {
  Pipeline,
  loadBuiltinStep,
  type Transformer,
  type StepLoader,
  type PipelineState,
} from './models/pipeline.js';
export { InputError, type InputArgument, type InputErrorDetails } from './models/validate-input.js';
export {
  WeightedEnsemble,
  StackingEnsemble,
  isEstimator,
  type EnsembleTask,
  type EnsembleProbUp,
  type MemberSource,
  type ModelLoader,
  type WeightedEnsembleOptions,
  type WeightedEnsembleParams,
  type WeightedEnsembleState,
  type EnsemblePrediction,
  type StackingEnsembleParams,
  type StackingEnsembleConfig,
  type StackingEnsembleState,
  type StackingOutOfFold,
  type StackingMetaFeatures,
} from './models/ensemble.js';
export {
  randomSearch,
  randomSearchAsync,
  sampleParams,
  checkSearchSpace,
  formatSearchResults,
  LIGHTGBM_SEARCH_SPACE,
  XGBOOST_SEARCH_SPACE,
  GBDT_PARAM_NAMES,
  type Distribution,
  type ChoiceDistribution,
  type UniformDistribution,
  type LogUniformDistribution,
  type IntDistribution,
  type SearchSpace,
  type ScoringName,
  type Scorer,
  type SearchData,
  type SearchProgress,
  type RandomSearchOptions,
  type SearchCandidate,
  type SearchResult,
} from './models/search.js';
export {
  fitPerSymbol,
  fitPerSymbolAsync,
  PerSymbolModel,
  type PerSymbolData,
  type PerSymbolOptions,
  type PerSymbolProgress,
  type PerSymbolReport,
  type PerSymbolParams,
  type PerSymbolState,
  type PerSymbolParts,
  type SkippedSymbol,
  type SkipReason,
} from './models/per-symbol.js';
export { loadModel, MODEL_FORMATS, type LoadedModel } from './models/load-model.js';
// charts — Vega-Lite v5 specs with inline data; SVG rendered server-side
export {
  THEME,
  PALETTE,
  COLORS,
  VEGA_LITE_SCHEMA,
  VEGA_LITE_MIME,
  noDataChart,
  rocChart,
  precisionRecallChart,
  calibrationChart,
  importanceChart,
  equityChart,
  drawdownChart,
  icChart,
  quantileReturnsChart,
  cvFoldsChart,
  comparisonChart,
  driftChart,
  psiBand,
  toSVG,
  compileSpec,
  hasNoData,
  ChartError,
  type ChartSpec,
  type ChartOptions,
  type RocChartModel,
  type PrChartModel,
  type CalibrationChartModel,
  type CalibrationChartOptions,
  type ImportanceInput,
  type ImportanceChartOptions,
  type EquitySeries,
  type EquityChartOptions,
  type IcChartOptions,
  type QuantileReturnsOptions,
  type CvFoldsOptions,
  type ComparisonInput,
  type ComparisonOptions,
  type MetricValue,
  type DriftInput,
  type DriftChartOptions,
  type RenderOptions,
} from './charts/index.js';

// display — notebook rendering (tslab) and CLI progress
export {
  show,
  toMimeBundle,
  chartBundle,
  isChartSpec,
  tableHtml,
  tableText,
  tidyMetrics,
  isMetricsObject,
  progress,
  progressText,
  inKernel,
  kernelWriter,
  publishDisplay,
  KernelDisplay,
  formatNumber,
  formatValue,
  escapeHtml,
  columnType,
  type ShowOptions,
  type TableFormat,
  type Progress,
  type ProgressOptions,
  type DisplayData,
  type DisplayWriter,
  type NumberFormat,
} from './display/index.js';

// report — executed notebook → one self-contained HTML file
export {
  renderReport,
  renderReportWithSummary,
  writeReport,
  REPORT_CSP,
  wasExecuted,
  runMetadata,
  sanitizeHtml,
  sanitizeSvg,
  renderMarkdown,
  highlightCode,
  type ReportOptions,
  type ReportSummary,
  type IpynbNotebook,
  type IpynbCell,
  type IpynbOutput,
  type MultilineText,
  type RunMetadata,
  type SanitizeOptions,
  type Heading,
} from './report/index.js';

export { Rng } from './util/rng.js';
export type {
  FitOptions,
  ModelJSON,
  Estimator,
  Classifier,
  Calibrator,
  SplitData,
  Splitter,
} from './types.js';

export { VERSION } from './version.js';
