/**
 * Model comparison: one panel per metric (its own scale, not forced to zero), a dot per model (± one
 * standard deviation as a line when given, e.g. across CV folds), models in the order given.
 *
 * ```
 *  { model: { metric: value | { mean, std } } } | rows { model, metric, value[, std] }
 *      ──finite check──▶ tidy rows (model, metric, value, low, high) ──▶ facet by metric: dots + error rules
 * ```
 */
import { columnNames, columnOf, isArqueroTable, rowCount, type TableInput } from './input.js';
import {
  COLORS,
  PALETTE,
  chartSize,
  noDataChart,
  topLevel,
  type ChartOptions,
  type ChartSpec,
} from './theme.js';
import { SchemaError } from '../util/errors.js';

/** A metric's value: a number, or a mean with its standard deviation. */
export type MetricValue = number | { mean: number; std: number };

/** What {@link comparisonChart} takes: metrics by model, or tidy rows (a table or row objects). */
export type ComparisonInput = Readonly<Record<string, Readonly<Record<string, MetricValue>>>> | TableInput;

/** Options of {@link comparisonChart}. */
export interface ComparisonOptions extends ChartOptions {
  /** Metrics to draw, in this order. Default: all, in order of appearance. */
  metrics?: readonly string[];
  /** Panels per row. Default 3. */
  columns?: number;
}

interface Row {
  model: string;
  metric: string;
  value: number;
  low?: number;
  high?: number;
}

function finite(what: string, model: string, metric: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new SchemaError(`${what}: ${model} / ${metric} must be a finite number, got ${String(v)}`);
  return v;
}

function isTidy(input: ComparisonInput): input is TableInput {
  if (isArqueroTable(input) || Array.isArray(input)) return true;
  const obj = input as Record<string, unknown>;
  return ['model', 'metric', 'value'].every((k) => Array.isArray(obj[k]) || ArrayBuffer.isView(obj[k]));
}

function comparisonRows(what: string, input: ComparisonInput): Row[] {
  const rows: Row[] = [];
  if (isTidy(input)) {
    const cols = columnNames(input);
    const model = columnOf(input, ['model']);
    const metric = columnOf(input, ['metric']);
    const value = columnOf(input, ['value']);
    if (!model || !metric || !value)
      throw new SchemaError(
        `${what}: tidy input needs columns model, metric, value, got [${cols.join(', ')}]`,
      );
    const std = columnOf(input, ['std']);
    for (let i = 0; i < rowCount(input); i++) {
      const m = String(model[i]);
      const k = String(metric[i]);
      const v = finite(what, m, k, value[i]);
      const si = std?.[i];
      const s = si === null || si === undefined ? undefined : finite(what, m, `${k} std`, si);
      rows.push({ model: m, metric: k, value: v, ...(s === undefined ? {} : { low: v - s, high: v + s }) });
    }
    return rows;
  }
  for (const [model, metrics] of Object.entries(input as Record<string, Record<string, MetricValue>>)) {
    if (typeof metrics !== 'object' || metrics === null)
      throw new SchemaError(
        `${what}: metrics of '${model}' must be an object of numbers, got ${String(metrics)}`,
      );
    for (const [metric, mv] of Object.entries(metrics)) {
      if (typeof mv === 'object' && mv !== null) {
        const v = finite(what, model, metric, mv.mean);
        const s = finite(what, model, `${metric} std`, mv.std);
        rows.push({ model, metric, value: v, low: v - s, high: v + s });
      } else rows.push({ model, metric, value: finite(what, model, metric, mv) });
    }
  }
  return rows;
}

/**
 * Metrics of several models side by side.
 *
 * @param models - `{ lr: { auc: 0.56, brier: 0.248 }, gbdt: { auc: { mean: 0.58, std: 0.02 } } }`, or tidy rows.
 * @param options - title ('Model comparison'), metrics, columns (3), width (220 per panel), height (18 px per model, ≥ 60).
 * @returns A faceted Vega-Lite spec; a "no data" chart when there is no value.
 * @throws SchemaError on a non-finite value or std, naming the model and metric.
 * @example comparisonChart({ lr: { auc: 0.56 }, gbdt: { auc: 0.58 } }) // panel 'auc' with dots lr, gbdt
 */
export function comparisonChart(models: ComparisonInput, options: ComparisonOptions = {}): ChartSpec {
  const what = 'comparisonChart';
  const title = options.title ?? 'Model comparison';
  let rows = comparisonRows(what, models);
  if (options.metrics) {
    const wanted = options.metrics;
    for (const m of wanted)
      if (!rows.some((r) => r.metric === m)) throw new SchemaError(`${what}: no model has the metric '${m}'`);
    rows = rows.filter((r) => wanted.includes(r.metric));
  }
  if (rows.length === 0) return noDataChart(title, 'no data', options);
  const modelOrder = [...new Set(rows.map((r) => r.model))];
  const metricOrder = options.metrics ? [...options.metrics] : [...new Set(rows.map((r) => r.metric))];
  const { width, height } = chartSize(what, options, {
    width: 220,
    height: Math.max(60, 18 * modelOrder.length),
  });
  const hasStd = rows.some((r) => r.low !== undefined);
  const y = { field: 'model', type: 'nominal' as const, sort: modelOrder, title: null };
  return {
    ...topLevel(
      'comparison',
      title,
      hasStd ? 'dots: mean · lines: ± one standard deviation' : undefined,
      options,
    ),
    data: { values: rows },
    facet: { field: 'metric', type: 'nominal', sort: metricOrder, title: null },
    columns: options.columns ?? 3,
    resolve: { scale: { x: 'independent' } },
    spec: {
      width,
      height,
      layer: [
        ...(hasStd
          ? [
              {
                mark: { type: 'rule' as const, color: COLORS.text },
                encoding: {
                  y,
                  x: { field: 'low', type: 'quantitative' as const, scale: { zero: false } },
                  x2: { field: 'high' },
                },
              },
            ]
          : []),
        {
          mark: { type: 'point', filled: true, size: 80, tooltip: true },
          encoding: {
            y,
            x: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
            color: {
              field: 'model',
              type: 'nominal',
              scale: { domain: modelOrder, range: [...PALETTE] },
              legend: null,
            },
            tooltip: [
              { field: 'model', type: 'nominal' },
              { field: 'metric', type: 'nominal' },
              { field: 'value', type: 'quantitative', format: '.4f' },
              ...(hasStd
                ? [
                    { field: 'low', type: 'quantitative' as const, format: '.4f', title: '− std' },
                    { field: 'high', type: 'quantitative' as const, format: '.4f', title: '+ std' },
                  ]
                : []),
            ],
          },
        },
      ],
    },
  };
}
