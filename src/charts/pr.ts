/**
 * Precision-recall curves of several models overlaid, each model's average precision in the legend
 * and its prevalence (the precision of a random ranking) as a dashed reference line.
 *
 * ```
 *  per model: { name, y, score[, sampleWeight] } ──precisionRecallCurve + averagePrecision──┐
 *             { name, curve: PrecisionRecallCurve[, ap] } ──finite check, AP from the steps──┴─▶
 *  rows (model "name (AP 0.xyz)", recall, precision, threshold, i) ──▶ step lines + prevalence rules
 * ```
 *
 * The curve is drawn as scikit-learn's `PrecisionRecallDisplay` does (steps-post over sklearn's
 * order of decreasing recall), which is the step function whose area is the average precision.
 */
import { averagePrecision } from '../metrics/classification.js';
import { precisionRecallCurve, type PrecisionRecallCurve } from '../metrics/curves.js';
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

/** One model of {@link precisionRecallChart}: raw labels and scores, or a curve from `precisionRecallCurve`. */
export type PrChartModel =
  | { name: string; y: Numbers; score: Numbers; sampleWeight?: Numbers }
  | { name: string; curve: PrecisionRecallCurve; ap?: number };

/** Average precision of a curve in sklearn's order: −Σ (recall[i+1] − recall[i]) · precision[i]. */
export function stepArea(recall: readonly number[], precision: readonly number[]): number {
  let ap = 0;
  for (let i = 0; i + 1 < recall.length; i++) ap -= (recall[i + 1] - recall[i]) * precision[i];
  return ap;
}

/**
 * Precision-recall curves of one or several models.
 *
 * @param models - One model or a list; names must be unique. Raw inputs go through the metrics, so
 *   bad input throws the metric's own error.
 * @param options - title (default 'Precision–recall'), subtitle (e.g. the test window), width, height
 *   (default 360 × 360), resolution (default 0.001: points that move neither recall nor precision by that
 *   much are not drawn; the AP is computed on every score).
 * @returns A layered Vega-Lite spec; a "no data" chart for an empty list.
 * @throws SchemaError on a NaN in a given curve, mismatched lengths or a repeated name.
 * @example precisionRecallChart({ name: 'lr', y: [0, 0, 1, 1], score: [0.1, 0.4, 0.35, 0.8] }) // legend 'lr (AP 0.833)', prevalence 0.5
 */
export function precisionRecallChart(
  models: PrChartModel | readonly PrChartModel[],
  options: CurveChartOptions = {},
): ChartSpec {
  const what = 'precisionRecallChart';
  const resolution = options.resolution ?? 0.001;
  const title = options.title ?? 'Precision–recall';
  const list = namedList(what, models);
  const { width, height } = chartSize(what, options, { width: 360, height: 360 });
  if (list.length === 0) return noDataChart(title, 'no data', options);
  const labels: string[] = [];
  const rows: Record<string, number | string | null>[] = [];
  const prevalence: { model: string; prevalence: number }[] = [];
  for (const model of list) {
    let precision: number[];
    let recall: number[];
    let thresholds: ArrayLike<number>;
    let ap: number;
    if ('curve' in model) {
      checkSameLength(what, 'precision', model.curve.precision, 'recall', model.curve.recall);
      precision = finiteNumbers(what, `${model.name}: precision`, model.curve.precision);
      recall = finiteNumbers(what, `${model.name}: recall`, model.curve.recall);
      thresholds = model.curve.thresholds;
      ap = model.ap ?? stepArea(recall, precision);
    } else {
      const curve = precisionRecallCurve(model.y, model.score, model.sampleWeight);
      precision = Array.from(curve.precision);
      recall = Array.from(curve.recall);
      thresholds = curve.thresholds;
      ap = averagePrecision(model.y, model.score, model.sampleWeight);
    }
    const label = `${model.name} (AP ${formatStat(ap)})`;
    labels.push(label);
    if (precision.length > 0) prevalence.push({ model: label, prevalence: precision[0] });
    for (const i of thinCurve(recall, precision, resolution)) {
      rows.push({
        model: label,
        recall: recall[i],
        precision: precision[i],
        threshold: jsonNumber(thresholds[i] ?? NaN),
        i,
      });
    }
  }
  if (rows.length === 0) return noDataChart(title, 'no data', options);
  return {
    ...topLevel('precision-recall', title, undefined, options),
    width,
    height,
    layer: [
      {
        data: { values: prevalence },
        mark: { type: 'rule', strokeDash: [4, 4], strokeWidth: 1, color: COLORS.reference },
        encoding: {
          y: { field: 'prevalence', type: 'quantitative' },
          tooltip: [
            { field: 'model', type: 'nominal' },
            {
              field: 'prevalence',
              type: 'quantitative',
              format: '.3f',
              title: 'prevalence (random ranking)',
            },
          ],
        },
      },
      {
        data: { values: rows },
        mark: { type: 'line', interpolate: 'step-after', tooltip: true },
        encoding: {
          x: { field: 'recall', type: 'quantitative', title: 'Recall', scale: { domain: [0, 1] } },
          y: { field: 'precision', type: 'quantitative', title: 'Precision', scale: { domain: [0, 1] } },
          color: {
            field: 'model',
            type: 'nominal',
            scale: { domain: labels },
            legend: { title: null, orient: 'bottom' },
          },
          order: { field: 'i', type: 'quantitative' },
          tooltip: [
            { field: 'model', type: 'nominal' },
            { field: 'recall', type: 'quantitative', format: '.3f' },
            { field: 'precision', type: 'quantitative', format: '.3f' },
            { field: 'threshold', type: 'quantitative', format: '.4g' },
          ],
        },
      },
    ],
  };
}
