/**
 * Notebook display: `show(x)` for charts (Vega-Lite + SVG), Arquero tables (formatted HTML) and
 * metrics objects (tidy tables); progress bars that update in place in the notebook or the terminal.
 */
export { show, toMimeBundle, chartBundle, isChartSpec, type ShowOptions } from './show.js';
export { tableHtml, tableText, type TableFormat } from './table.js';
export { tidyMetrics, isMetricsObject } from './metrics.js';
export { progress, progressText, type Progress, type ProgressOptions } from './progress.js';
export {
  inKernel,
  kernelWriter,
  publishDisplay,
  KernelDisplay,
  type MimeBundle,
  type DisplayData,
  type DisplayWriter,
} from './kernel.js';
export { formatNumber, formatValue, escapeHtml, columnType, type NumberFormat } from './format.js';
