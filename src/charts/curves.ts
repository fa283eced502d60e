/**
 * What rocChart and precisionRecallChart share (internal: not re-exported): the per-model loop and the
 * layered spec around it.
 *
 * ```
 *  models (one or a list, unique names) ──kind.curve: the metric's curve and statistic, or a given curve
 *  checked by givenCurve──▶ legend label "name (STAT 0.xyz)" ──thinCurve──▶ rows (model, x, y, threshold, i)
 *  ──▶ layer: kind.reference (drawn under) + one line per model
 * ```
 */
import { checkSameLength } from '../metrics/validate.js';
import {
  finiteNumbers,
  jsonNumber,
  namedList,
  thinCurve,
  type CurveChartOptions,
  type Numbers,
} from './input.js';
import { chartSize, formatStat, noDataChart, topLevel, type ChartSpec } from './theme.js';

/** One layer of a layered spec. */
export type CurveLayer = Extract<ChartSpec, { layer: unknown }>['layer'][number];
type CurveMark = Extract<CurveLayer, { mark: unknown }>['mark'];

/** One model's curve as drawn: x and y per point, each point's threshold and the legend statistic. */
export interface DrawnCurve {
  x: Numbers;
  y: Numbers;
  thresholds: ArrayLike<number>;
  stat: number;
}

/** How one curve chart reads a model and draws the curves. */
export interface CurveChartKind<M extends { name: string }> {
  /** The function's name, for errors (e.g. 'rocChart'). */
  what: string;
  /** The usermeta kind (e.g. 'roc'). */
  chart: string;
  /** The default title. */
  title: string;
  /** The curve layer's mark. */
  mark: CurveMark;
  /** The statistic named in the legend (e.g. 'AUC'). */
  stat: string;
  /** The row field and axis title of x and of y (e.g. `x: ['fpr', 'False positive rate']`). */
  axes: { x: [field: string, title: string]; y: [field: string, title: string] };
  /** The colour legend of the curve layer. */
  legend: { title: null; orient: 'bottom' | 'bottom-right'; fillColor?: string };
  /** One model's curve; throws the metric's error for bad raw input. */
  curve(model: M): DrawnCurve;
  /** The layer drawn under the curves, from each model's legend label and curve. */
  reference(curves: readonly { label: string; curve: DrawnCurve }[]): CurveLayer;
}

/**
 * A given curve's two coordinate arrays as finite `number[]` copies, in the order given: their lengths
 * checked equal, then each checked finite.
 * @throws SchemaError for mismatched lengths or a non-finite value (naming the model and the index).
 */
export function givenCurve(
  what: string,
  model: string,
  [aName, a]: [string, Numbers],
  [bName, b]: [string, Numbers],
): [number[], number[]] {
  checkSameLength(what, aName, a, bName, b);
  return [finiteNumbers(what, `${model}: ${aName}`, a), finiteNumbers(what, `${model}: ${bName}`, b)];
}

/**
 * A curve chart of one or several models: each model's curve from `kind.curve`, labelled with its
 * statistic, thinned to `options.resolution` (default 0.001), drawn over `kind.reference`.
 * @returns A layered Vega-Lite spec of 360 × 360 by default; a "no data" chart for an empty list or no points.
 * @throws SchemaError on a repeated or empty name; what `kind.curve` and thinCurve throw.
 */
export function curveChart<M extends { name: string }>(
  kind: CurveChartKind<M>,
  models: M | readonly M[],
  options: CurveChartOptions,
): ChartSpec {
  const what = kind.what;
  const resolution = options.resolution ?? 0.001;
  const title = options.title ?? kind.title;
  const list = namedList(what, models);
  const { width, height } = chartSize(what, options, { width: 360, height: 360 });
  if (list.length === 0) return noDataChart(title, 'no data', options);
  const {
    x: [xField, xTitle],
    y: [yField, yTitle],
  } = kind.axes;
  const labels: string[] = [];
  const curves: { label: string; curve: DrawnCurve }[] = [];
  const rows: Record<string, number | string | null>[] = [];
  for (const model of list) {
    const curve = kind.curve(model);
    const label = `${model.name} (${kind.stat} ${formatStat(curve.stat)})`;
    labels.push(label);
    curves.push({ label, curve });
    for (const i of thinCurve(curve.x, curve.y, resolution)) {
      rows.push({
        model: label,
        [xField]: curve.x[i],
        [yField]: curve.y[i],
        threshold: jsonNumber(curve.thresholds[i] ?? NaN),
        i,
      });
    }
  }
  if (rows.length === 0) return noDataChart(title, 'no data', options);
  const axis = (field: string, axisTitle: string) => ({
    field,
    type: 'quantitative' as const,
    title: axisTitle,
    scale: { domain: [0, 1] },
  });
  return {
    ...topLevel(kind.chart, title, undefined, options),
    width,
    height,
    layer: [
      kind.reference(curves),
      {
        data: { values: rows },
        mark: kind.mark,
        encoding: {
          x: axis(xField, xTitle),
          y: axis(yField, yTitle),
          color: { field: 'model', type: 'nominal', scale: { domain: labels }, legend: kind.legend },
          order: { field: 'i', type: 'quantitative' },
          tooltip: [
            { field: 'model', type: 'nominal' },
            { field: xField, type: 'quantitative', format: '.3f' },
            { field: yField, type: 'quantitative', format: '.3f' },
            { field: 'threshold', type: 'quantitative', format: '.4g' },
          ],
        },
      },
    ],
  };
}
