/**
 * ROC curves of several models overlaid, with the chance diagonal and each model's AUC in the legend.
 *
 * ```
 *  per model: { name, y, score[, sampleWeight] } ──rocCurve + rocAuc (metrics; their errors)──┐
 *             { name, curve: RocCurve[, auc] }  ──finite check, trapezoidal AUC if not given──┴─▶
 *  rows (model "name (AUC 0.xyz)", fpr, tpr, threshold, i) ──▶ layer: dashed diagonal + one line per model
 * ```
 */
import { rocAuc } from '../metrics/classification.js';
import { rocCurve, type RocCurve } from '../metrics/curves.js';
import { checkSameLength } from '../metrics/validate.js';
import {
  finiteNumbers,
  jsonNumber,
  namedList,
  thinCurve,
  type CurveChartOptions,
  type Numbers,
} from './input.js';
import { COLORS, chartSize, formatStat, noDataChart, topLevel, type ChartSpec } from './theme.js';

/** One model of {@link rocChart}: raw labels and scores, or a curve from `rocCurve`. */
export type RocChartModel =
  | { name: string; y: Numbers; score: Numbers; sampleWeight?: Numbers }
  | { name: string; curve: RocCurve; auc?: number };

/** Area under a curve given by points sorted by x (trapezoids), as sklearn's `auc`. */
export function trapezoidArea(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

/**
 * ROC curves of one or several models.
 *
 * @param models - One model or a list; names must be unique. Raw inputs go through `rocCurve` and
 *   `rocAuc`, so bad input throws the metric's own error.
 * @param options - title (default 'ROC curve'), subtitle (e.g. the test window), width, height (default
 *   360 × 360), resolution (default 0.001: points that move neither rate by that much are not drawn;
 *   the AUC is computed on every score).
 * @returns A layered Vega-Lite spec; a "no data" chart for an empty list.
 * @throws SchemaError on a NaN in a given curve, mismatched lengths or a repeated name.
 * @throws UndefinedMetricError (from rocCurve) when a model's labels hold one class.
 * @example rocChart([{ name: 'lr', y: [0, 0, 1, 1], score: [0.1, 0.4, 0.35, 0.8] }]) // legend 'lr (AUC 0.750)'
 */
export function rocChart(
  models: RocChartModel | readonly RocChartModel[],
  options: CurveChartOptions = {},
): ChartSpec {
  const what = 'rocChart';
  const resolution = options.resolution ?? 0.001;
  const title = options.title ?? 'ROC curve';
  const list = namedList(what, models);
  const { width, height } = chartSize(what, options, { width: 360, height: 360 });
  if (list.length === 0) return noDataChart(title, 'no data', options);
  const labels: string[] = [];
  const rows: Record<string, number | string | null>[] = [];
  for (const model of list) {
    let curve: RocCurve;
    let auc: number;
    if ('curve' in model) {
      curve = model.curve;
      checkSameLength(what, 'fpr', curve.fpr, 'tpr', curve.tpr);
      const fpr = finiteNumbers(what, `${model.name}: fpr`, curve.fpr);
      const tpr = finiteNumbers(what, `${model.name}: tpr`, curve.tpr);
      auc = model.auc ?? trapezoidArea(fpr, tpr);
    } else {
      curve = rocCurve(model.y, model.score, model.sampleWeight);
      auc = rocAuc(model.y, model.score, model.sampleWeight);
    }
    const label = `${model.name} (AUC ${formatStat(auc)})`;
    labels.push(label);
    for (const i of thinCurve(curve.fpr, curve.tpr, resolution)) {
      rows.push({
        model: label,
        fpr: curve.fpr[i],
        tpr: curve.tpr[i],
        threshold: jsonNumber(curve.thresholds[i] ?? NaN),
        i,
      });
    }
  }
  if (rows.length === 0) return noDataChart(title, 'no data', options);
  return {
    ...topLevel('roc', title, undefined, options),
    width,
    height,
    layer: [
      {
        data: {
          values: [
            { fpr: 0, tpr: 0 },
            { fpr: 1, tpr: 1 },
          ],
        },
        mark: { type: 'line', strokeDash: [4, 4], strokeWidth: 1, color: COLORS.reference },
        encoding: {
          x: { field: 'fpr', type: 'quantitative' },
          y: { field: 'tpr', type: 'quantitative' },
        },
      },
      {
        data: { values: rows },
        mark: { type: 'line', tooltip: true },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: 'False positive rate', scale: { domain: [0, 1] } },
          y: { field: 'tpr', type: 'quantitative', title: 'True positive rate', scale: { domain: [0, 1] } },
          color: {
            field: 'model',
            type: 'nominal',
            scale: { domain: labels },
            legend: { title: null, orient: 'bottom-right', fillColor: 'white' },
          },
          order: { field: 'i', type: 'quantitative' },
          tooltip: [
            { field: 'model', type: 'nominal' },
            { field: 'fpr', type: 'quantitative', format: '.3f' },
            { field: 'tpr', type: 'quantitative', format: '.3f' },
            { field: 'threshold', type: 'quantitative', format: '.4g' },
          ],
        },
      },
    ],
  };
}
