/**
 * Charts: pure functions returning Vega-Lite v5 specs with inline data, one theme for all, and
 * `toSVG` to render them server-side. Each takes the output of a metric (or the raw labels and
 * scores, passed through the metric) and returns a "no data" chart when its input has no rows.
 */
export {
  THEME,
  PALETTE,
  COLORS,
  VEGA_LITE_SCHEMA,
  VEGA_LITE_MIME,
  noDataChart,
  type ChartSpec,
  type ChartOptions,
} from './theme.js';
export { thinCurve, type CurveChartOptions } from './input.js';
export { rocChart, type RocChartModel } from './roc.js';
export { precisionRecallChart, type PrChartModel } from './pr.js';
export { calibrationChart, type CalibrationChartModel, type CalibrationChartOptions } from './calibration.js';
export { importanceChart, type ImportanceInput, type ImportanceChartOptions } from './importance.js';
export { equityChart, drawdownChart, type EquitySeries, type EquityChartOptions } from './equity.js';
export { icChart, type IcChartOptions } from './ic.js';
export { quantileReturnsChart, type QuantileReturnsOptions } from './quantiles.js';
export { cvFoldsChart, type CvFoldsOptions } from './cv-folds.js';
export {
  comparisonChart,
  type ComparisonInput,
  type ComparisonOptions,
  type MetricValue,
} from './comparison.js';
export { driftChart, psiBand, type DriftInput, type DriftChartOptions } from './drift.js';
export { toSVG, compileSpec, hasNoData, ChartError, type RenderOptions } from './render.js';
