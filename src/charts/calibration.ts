/**
 * Calibration: a reliability diagram (fraction of positives against mean predicted probability per
 * bin, with the diagonal of perfect calibration and each bin's row count) above the histogram of the
 * scores over the same bins.
 *
 * ```
 *  per model: { name, y, prob } ──calibrationCurve (metrics; its errors)──┐
 *             { name, curve: CalibrationCurve } ──finite check───────────┴─▶ per non-empty bin:
 *  (probPred, probTrue, count, bin bounds from the edges) ──▶ vconcat: [diagonal + line/points (+ n labels),
 *                                                                       bars count × [lo, hi]]
 * ```
 */
import { binIndex } from '../metrics/binning.js';
import {
  calibrationCurve,
  type CalibrationBinning,
  type CalibrationCurve,
} from '../metrics/calibration-curve.js';
import { checkSameLength } from '../metrics/validate.js';
import { finiteNumbers, namedList, type Numbers } from './input.js';
import { COLORS, chartSize, noDataChart, topLevel, type ChartOptions, type ChartSpec } from './theme.js';

/** One model of {@link calibrationChart}: labels and probabilities, or a curve from `calibrationCurve`. */
export type CalibrationChartModel =
  { name: string; y: Numbers; prob: Numbers } | { name: string; curve: CalibrationCurve };

/** Options of {@link calibrationChart}: the chart's, plus the binning of raw inputs (default 10 uniform bins). */
export interface CalibrationChartOptions extends ChartOptions, CalibrationBinning {
  /** Height of the histogram panel. Default 110. */
  histogramHeight?: number;
}

/**
 * Bounds [lo, hi] of each non-empty bin of a curve: the bin of its mean probability among the edges
 * (bins are right-inclusive, so the mean of a bin lies in it), kept strictly increasing against
 * rounding of the mean onto an edge.
 */
export function binBounds(curve: CalibrationCurve): { lo: number[]; hi: number[] } {
  const edges = curve.edges;
  const nBins = edges.length - 1;
  const inner = edges.subarray(1, Math.max(nBins, 1));
  const lo: number[] = [];
  const hi: number[] = [];
  let prev = -1;
  for (let k = 0; k < curve.probPred.length; k++) {
    let b = nBins > 0 ? binIndex(inner, curve.probPred[k]) : 0;
    if (b <= prev) b = prev + 1;
    b = Math.min(b, Math.max(nBins - 1, 0));
    prev = b;
    lo.push(edges[b] ?? 0);
    hi.push(edges[b + 1] ?? 1);
  }
  return { lo, hi };
}

/**
 * Reliability diagram with per-bin counts, over the score histogram, of one or several models.
 *
 * @param models - One model or a list; names must be unique. Raw inputs go through
 *   `calibrationCurve` (nBins, strategy from the options), so bad input throws its error.
 * @param options - title (default 'Calibration'), width (360), height (300), histogramHeight (110), nBins, strategy.
 * @returns A vconcat Vega-Lite spec; a "no data" chart for an empty list.
 * @throws SchemaError on NaN in a given curve, mismatched lengths or a repeated name.
 * @example calibrationChart({ name: 'lr', y: [0, 0, 1, 1], prob: [0.1, 0.3, 0.6, 0.9] }, { nBins: 2 }) // points (0.2, 0), (0.75, 1), n = 2 each
 */
export function calibrationChart(
  models: CalibrationChartModel | readonly CalibrationChartModel[],
  options: CalibrationChartOptions = {},
): ChartSpec {
  const what = 'calibrationChart';
  const title = options.title ?? 'Calibration';
  const list = namedList(what, models);
  const { width, height } = chartSize(what, options, { width: 360, height: 300 });
  const histogram = chartSize(what, { height: options.histogramHeight }, { height: 110 }).height;
  if (list.length === 0) return noDataChart(title, 'no data', options);
  const names = list.map((m) => m.name);
  const bins: Record<string, number | string>[] = [];
  for (const model of list) {
    const binning: CalibrationBinning = {};
    if (options.nBins !== undefined) binning.nBins = options.nBins;
    if (options.strategy !== undefined) binning.strategy = options.strategy;
    const curve = 'curve' in model ? model.curve : calibrationCurve(model.y, model.prob, binning);
    checkSameLength(what, 'probPred', curve.probPred, 'probTrue', curve.probTrue);
    checkSameLength(what, 'probPred', curve.probPred, 'counts', curve.counts);
    const probPred = finiteNumbers(what, `${model.name}: probPred`, curve.probPred);
    const probTrue = finiteNumbers(what, `${model.name}: probTrue`, curve.probTrue);
    finiteNumbers(what, `${model.name}: edges`, curve.edges);
    const { lo, hi } = binBounds(curve);
    for (let k = 0; k < probPred.length; k++) {
      bins.push({
        model: model.name,
        probPred: probPred[k],
        probTrue: probTrue[k],
        count: curve.counts[k],
        label: `n=${curve.counts[k]}`,
        lo: lo[k],
        hi: hi[k],
      });
    }
  }
  if (bins.length === 0) return noDataChart(title, 'no data', options);
  const color = {
    field: 'model',
    type: 'nominal' as const,
    scale: { domain: names },
    legend: list.length > 1 ? { title: null, orient: 'bottom' as const } : null,
  };
  const x = {
    field: 'probPred',
    type: 'quantitative' as const,
    title: 'Mean predicted probability',
    scale: { domain: [0, 1] },
  };
  const y = {
    field: 'probTrue',
    type: 'quantitative' as const,
    title: 'Fraction of positives',
    scale: { domain: [0, 1] },
  };
  const tooltip = [
    { field: 'model', type: 'nominal' as const },
    { field: 'probPred', type: 'quantitative' as const, format: '.3f', title: 'mean predicted' },
    { field: 'probTrue', type: 'quantitative' as const, format: '.3f', title: 'fraction positive' },
    { field: 'count', type: 'quantitative' as const, title: 'rows' },
  ];
  return {
    ...topLevel('calibration', title, undefined, options),
    data: { values: bins },
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
    vconcat: [
      {
        width,
        height,
        layer: [
          {
            data: {
              values: [
                { probPred: 0, probTrue: 0 },
                { probPred: 1, probTrue: 1 },
              ],
            },
            mark: { type: 'line', strokeDash: [4, 4], strokeWidth: 1, color: COLORS.reference },
            encoding: {
              x: { field: 'probPred', type: 'quantitative' },
              y: { field: 'probTrue', type: 'quantitative' },
            },
          },
          {
            mark: { type: 'line', point: true, tooltip: true },
            encoding: { x, y, color, order: { field: 'probPred', type: 'quantitative' }, tooltip },
          },
          ...(list.length === 1
            ? [
                {
                  mark: { type: 'text' as const, dy: -10, fontSize: 9, color: COLORS.text },
                  encoding: { x, y, text: { field: 'label', type: 'nominal' as const } },
                },
              ]
            : []),
        ],
      },
      {
        width,
        height: histogram,
        mark: {
          type: 'rect',
          opacity: list.length > 1 ? 0.55 : 0.85,
          stroke: 'white',
          strokeWidth: 0.5,
          tooltip: true,
        },
        encoding: {
          x: { field: 'lo', type: 'quantitative', title: 'Predicted probability', scale: { domain: [0, 1] } },
          x2: { field: 'hi' },
          y: { field: 'count', type: 'quantitative', title: 'Rows', scale: { zero: true } },
          y2: { datum: 0 },
          color,
          tooltip: [
            { field: 'model', type: 'nominal' },
            { field: 'lo', type: 'quantitative', format: '.3f', title: 'bin from' },
            { field: 'hi', type: 'quantitative', format: '.3f', title: 'bin to' },
            { field: 'count', type: 'quantitative', title: 'rows' },
          ],
        },
      },
    ],
  };
}
