/**
 * Feature importance as horizontal bars, largest first, optionally with ± one standard deviation
 * (permutation importance over repeats).
 *
 * ```
 *  { feature: value } | Map | { names, values[, std] } | rows { feature, importance[, std] }
 *      ──finite check──▶ sort by value, descending (ties by name) ──▶ top k ──▶ bars (+ error bars)
 * ```
 */
import { checkSameLength } from '../metrics/validate.js';
import { finiteNumbers, type Numbers } from './input.js';
import {
  COLORS,
  PALETTE,
  chartSize,
  noDataChart,
  topLevel,
  type ChartOptions,
  type ChartSpec,
} from './theme.js';
import { ParameterError, SchemaError } from '../util/errors.js';

/** What {@link importanceChart} takes: importance by feature name, in one of four shapes. */
export type ImportanceInput =
  | Readonly<Record<string, number>>
  | ReadonlyMap<string, number>
  | { names: readonly string[]; values: Numbers; std?: Numbers }
  | readonly { feature: string; importance: number; std?: number }[];

/** Options of {@link importanceChart}. */
export interface ImportanceChartOptions extends ChartOptions {
  /** Show the `top` largest features. Default 20. */
  top?: number;
  /** Axis title of the values. Default 'Importance'. */
  valueTitle?: string;
}

interface Item {
  feature: string;
  importance: number;
  std?: number;
}

function items(what: string, input: ImportanceInput): Item[] {
  if (input instanceof Map)
    return [...(input as ReadonlyMap<string, number>)].map(([feature, importance]) => ({
      feature,
      importance,
    }));
  if (Array.isArray(input)) return (input as readonly Item[]).map((r) => ({ ...r }));
  const obj = input as Record<string, unknown>;
  if (Array.isArray(obj.names) && obj.values !== undefined && typeof obj.values === 'object') {
    const { names, values, std } = input as { names: readonly string[]; values: Numbers; std?: Numbers };
    const n = names.length;
    checkSameLength(what, 'names', { length: n }, 'values', values);
    if (std !== undefined) checkSameLength(what, 'names', { length: n }, 'std', std);
    return names.map((feature, i) => ({ feature, importance: values[i], ...(std ? { std: std[i] } : {}) }));
  }
  return Object.entries(input as Record<string, number>).map(([feature, importance]) => ({
    feature,
    importance,
  }));
}

/**
 * Feature importance bars.
 *
 * @param importance - Importance by feature (see {@link ImportanceInput}); e.g. `{ names: X.columns, values: model.featureImportance() }`.
 * @param options - title (default 'Feature importance'), top (20), valueTitle, width (360), height (18 px per bar).
 * @returns A Vega-Lite spec; a "no data" chart when there is no feature.
 * @throws SchemaError on a non-finite importance or std (naming the feature), a repeated feature.
 * @throws ParameterError on a bad `top`.
 * @example importanceChart({ rsi: 0.2, macd: 0.5 }) // bars macd (0.5), rsi (0.2)
 */
export function importanceChart(
  importance: ImportanceInput,
  options: ImportanceChartOptions = {},
): ChartSpec {
  const what = 'importanceChart';
  const title = options.title ?? 'Feature importance';
  const top = options.top ?? 20;
  if (!(Number.isInteger(top) && top >= 1))
    throw new ParameterError(`${what}: top must be an integer ≥ 1, got ${top}`);
  const all = items(what, importance);
  const seen = new Set<string>();
  for (const it of all) {
    if (seen.has(it.feature)) throw new SchemaError(`${what}: feature '${it.feature}' appears twice`);
    seen.add(it.feature);
    finiteNumbers(what, `importance of '${it.feature}'`, [it.importance]);
    if (it.std !== undefined) finiteNumbers(what, `std of '${it.feature}'`, [it.std]);
  }
  if (all.length === 0) return noDataChart(title, 'no data', options);
  all.sort(
    (a, b) => b.importance - a.importance || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0),
  );
  const shown = all.slice(0, top);
  const { width, height } = chartSize(what, options, { width: 360, height: 18 * shown.length });
  const hasStd = shown.some((it) => it.std !== undefined);
  const rows = shown.map((it) => ({
    feature: it.feature,
    importance: it.importance,
    ...(hasStd
      ? { low: it.importance - (it.std ?? 0), high: it.importance + (it.std ?? 0), std: it.std ?? 0 }
      : {}),
  }));
  const order = shown.map((it) => it.feature);
  const y = { field: 'feature', type: 'nominal' as const, sort: order, title: null };
  const valueTitle = options.valueTitle ?? 'Importance';
  return {
    ...topLevel(
      'importance',
      title,
      all.length > shown.length ? `top ${shown.length} of ${all.length} features` : undefined,
      options,
    ),
    width,
    height,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', color: PALETTE[0], tooltip: true },
        encoding: {
          y,
          x: { field: 'importance', type: 'quantitative', title: valueTitle },
          tooltip: [
            { field: 'feature', type: 'nominal' },
            { field: 'importance', type: 'quantitative', format: '.4g' },
            ...(hasStd ? [{ field: 'std', type: 'quantitative' as const, format: '.4g' }] : []),
          ],
        },
      },
      ...(hasStd
        ? [
            {
              mark: { type: 'rule' as const, color: COLORS.text },
              encoding: { y, x: { field: 'low', type: 'quantitative' as const }, x2: { field: 'high' } },
            },
          ]
        : []),
    ],
  };
}
