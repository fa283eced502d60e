/**
 * Cross-validation metrics per fold: one small panel per metric (its own y scale, not forced to
 * zero), the folds in order as a line with points and the mean over folds as a dashed rule — how
 * stable a model is across time.
 *
 * ```
 *  rows { fold, auc, brier, … } (wide) | rows { fold, metric, value } (tidy) | a table of either
 *      ──finite check──▶ tidy rows (fold, metric, value) ──▶ facet by metric: line + points + mean rule
 * ```
 */
import { columnNames, columnOf, rowCount, type TableInput } from './input.js';
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

/** Options of {@link cvFoldsChart}. */
export interface CvFoldsOptions extends ChartOptions {
  /** Metrics to draw, in this order. Default: every numeric column but `fold` (wide input), or every metric (tidy). */
  metrics?: readonly string[];
  /** Panels per row. Default 3. */
  columns?: number;
}

/** Tidy (fold, metric, value) rows of a wide or tidy fold table. @throws SchemaError on a non-finite value. */
export function foldRows(
  what: string,
  input: TableInput,
  metrics?: readonly string[],
): { rows: { fold: string; metric: string; value: number }[]; metrics: string[] } {
  const cols = columnNames(input);
  const n = rowCount(input);
  if (n === 0) return { rows: [], metrics: metrics ? [...metrics] : [] };
  const folds = columnOf(input, ['fold']);
  if (folds === undefined)
    throw new SchemaError(`${what}: needs a 'fold' column, got columns [${cols.join(', ')}]`);
  const rows: { fold: string; metric: string; value: number }[] = [];
  const check = (metric: string, v: unknown, i: number): number => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new SchemaError(
        `${what}: metric '${metric}' must be a finite number, got ${String(v)} at row ${i}`,
      );
    return v;
  };
  if (cols.includes('metric') && cols.includes('value')) {
    const metric = columnOf(input, ['metric']) ?? [];
    const value = columnOf(input, ['value']) ?? [];
    const wanted = metrics ?? [...new Set(metric.map(String))];
    for (let i = 0; i < n; i++) {
      const m = String(metric[i]);
      if (wanted.includes(m)) rows.push({ fold: String(folds[i]), metric: m, value: check(m, value[i], i) });
    }
    return { rows, metrics: [...wanted] };
  }
  const chosen =
    metrics ??
    cols.filter((c) => c !== 'fold' && (columnOf(input, [c]) ?? []).every((v) => typeof v === 'number'));
  for (const m of chosen)
    if (!cols.includes(m))
      throw new SchemaError(`${what}: no column '${m}', got columns [${cols.join(', ')}]`);
  for (const m of chosen) {
    const values = columnOf(input, [m]) ?? [];
    for (let i = 0; i < n; i++)
      rows.push({ fold: String(folds[i]), metric: m, value: check(m, values[i], i) });
  }
  return { rows, metrics: [...chosen] };
}

/**
 * Metrics per CV fold, one panel per metric.
 *
 * @param folds - One row per fold with a `fold` column and a numeric column per metric, or tidy rows (fold, metric, value).
 * @param options - title ('Metrics by fold'), metrics, columns (default 3; 2 for four metrics; fewer for
 *   fewer metrics), width (200 per panel), height (160).
 * @returns A faceted Vega-Lite spec; a "no data" chart when there is no row.
 * @throws SchemaError on a missing `fold` column or metric, or a non-finite value.
 * @example cvFoldsChart([{ fold: 0, auc: 0.55 }, { fold: 1, auc: 0.58 }]) // one panel 'auc', two points, mean rule at 0.565
 */
export function cvFoldsChart(folds: TableInput, options: CvFoldsOptions = {}): ChartSpec {
  const what = 'cvFoldsChart';
  const title = options.title ?? 'Metrics by fold';
  const { width, height } = chartSize(what, options, { width: 200, height: 160 });
  const { rows, metrics } = foldRows(what, folds, options.metrics);
  if (rows.length === 0) return noDataChart(title, 'no data', options);
  const foldOrder = [...new Set(rows.map((r) => r.fold))];
  return {
    ...topLevel('cv-folds', title, `${foldOrder.length} folds · dashed: mean over folds`, options),
    data: { values: rows },
    facet: { field: 'metric', type: 'nominal', sort: metrics, title: null },
    // 4 metrics as 2 × 2: 3 columns would leave two empty cells that still draw an x axis
    columns: options.columns ?? (metrics.length === 4 ? 2 : Math.min(3, metrics.length)),
    resolve: { scale: { y: 'independent' } },
    spec: {
      width,
      height,
      layer: [
        {
          mark: { type: 'line', color: PALETTE[0], point: { color: PALETTE[0], size: 50 }, tooltip: true },
          encoding: {
            x: {
              field: 'fold',
              type: 'ordinal',
              sort: foldOrder,
              title: 'Fold',
              axis: { labelAngle: 0 },
              scale: { padding: 0.5 },
            },
            y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
            tooltip: [
              { field: 'fold', type: 'ordinal' },
              { field: 'metric', type: 'nominal' },
              { field: 'value', type: 'quantitative', format: '.4f' },
            ],
          },
        },
        {
          mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.text },
          encoding: { y: { field: 'value', type: 'quantitative', aggregate: 'mean' } },
        },
      ],
    },
  };
}
