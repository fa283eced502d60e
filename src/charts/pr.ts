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
import { curveChart, givenCurve, type CurveChartKind } from './curves.js';
import type { CurveChartOptions, Numbers } from './input.js';
import { COLORS, type ChartSpec } from './theme.js';

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

/** What precisionRecallChart draws: the metric's curve and AP, or a given curve; over prevalence rules. */
const PR: CurveChartKind<PrChartModel> = {
  what: 'precisionRecallChart',
  mark: { type: 'line', interpolate: 'step-after', tooltip: true },
  chart: 'precision-recall',
  title: 'Precision–recall',
  stat: 'AP',
  legend: { title: null, orient: 'bottom' },
  axes: { x: ['recall', 'Recall'], y: ['precision', 'Precision'] },
  curve(model) {
    if ('curve' in model) {
      const { precision: p, recall: r, thresholds } = model.curve;
      const [precision, recall] = givenCurve(PR.what, model.name, ['precision', p], ['recall', r]);
      return { x: recall, y: precision, thresholds, stat: model.ap ?? stepArea(recall, precision) };
    }
    const curve = precisionRecallCurve(model.y, model.score, model.sampleWeight);
    const ap = averagePrecision(model.y, model.score, model.sampleWeight);
    return { x: curve.recall, y: curve.precision, thresholds: curve.thresholds, stat: ap };
  },
  // The precision at the lowest threshold (the first point) is the prevalence.
  reference: (curves) => ({
    data: {
      values: curves
        .filter(({ curve }) => curve.y.length > 0)
        .map(({ label, curve }) => ({ model: label, prevalence: curve.y[0] })),
    },
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
  }),
};

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
  return curveChart(PR, models, options);
}
