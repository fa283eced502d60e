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
import { curveChart, givenCurve, type CurveChartKind } from './curves.js';
import type { CurveChartOptions, Numbers } from './input.js';
import { COLORS, type ChartSpec } from './theme.js';

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

/** What rocChart draws: the metric's curve and AUC, or a given curve; over the chance diagonal. */
const ROC: CurveChartKind<RocChartModel> = {
  what: 'rocChart',
  mark: { type: 'line', tooltip: true },
  chart: 'roc',
  title: 'ROC curve',
  stat: 'AUC',
  legend: { title: null, orient: 'bottom-right', fillColor: 'white' },
  axes: { x: ['fpr', 'False positive rate'], y: ['tpr', 'True positive rate'] },
  curve(model) {
    if ('curve' in model) {
      const { fpr, tpr, thresholds } = model.curve;
      const [x, y] = givenCurve(ROC.what, model.name, ['fpr', fpr], ['tpr', tpr]);
      return { x, y, thresholds, stat: model.auc ?? trapezoidArea(x, y) };
    }
    const curve = rocCurve(model.y, model.score, model.sampleWeight);
    const auc = rocAuc(model.y, model.score, model.sampleWeight);
    return { x: curve.fpr, y: curve.tpr, thresholds: curve.thresholds, stat: auc };
  },
  reference: () => ({
    data: { values: [0, 1].map((v) => ({ fpr: v, tpr: v })) },
    mark: { type: 'line', strokeDash: [4, 4], strokeWidth: 1, color: COLORS.reference },
    encoding: {
      x: { field: 'fpr', type: 'quantitative' },
      y: { field: 'tpr', type: 'quantitative' },
    },
  }),
};

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
  return curveChart(ROC, models, options);
}
