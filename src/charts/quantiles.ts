/**
 * Mean forward return by score quantile (alphalens' `mean_return_by_quantile`): one bar per
 * quantile, green for gains and vermillion for losses; with several horizons, grouped bars coloured
 * by horizon.
 *
 * ```
 *  number[] (quantile 1…q) | { quantile, meanReturn } | table (quantile, mean_return[, horizon])
 *      e.g. factorAnalysis(…).quantileReturns ──finite check──▶ rows ──▶ bars (xOffset by horizon)
 * ```
 */
import { columnNames, numberColumn, type Numbers, type TableInput } from './input.js';
import { COLORS, chartSize, noDataChart, topLevel, type ChartOptions, type ChartSpec } from './theme.js';
import { ParameterError } from '../util/errors.js';

/** Options of {@link quantileReturnsChart}. */
export interface QuantileReturnsOptions extends ChartOptions {
  /** Draw only this horizon (when the table has a `horizon` column). Default: all. */
  horizon?: number;
  /** Use the date-demeaned mean (`mean_return_demeaned`). Default false. */
  demeaned?: boolean;
  /** Axis title of the returns. Default 'Mean forward return' (with the horizon unit 'days' when known). */
  valueTitle?: string;
}

/**
 * Mean return by quantile.
 *
 * @param input - Mean returns of quantiles 1…q as an array, `{ quantile, meanReturn }` arrays, or a
 *   table with `quantile` and `mean_return` (or `meanReturn`; `mean_return_demeaned` with `demeaned`)
 *   and optionally `horizon`.
 * @param options - title ('Mean return by quantile'), horizon, demeaned, width (360), height (240).
 * @returns A Vega-Lite bar chart; a "no data" chart for zero rows.
 * @throws SchemaError on a missing column or a non-finite value (naming its index).
 * @throws ParameterError when `horizon` is not in the table.
 * @example quantileReturnsChart([-0.002, 0, 0.001, 0.003]) // 4 bars, quantile 1 red, 3–4 green
 */
export function quantileReturnsChart(
  input: Numbers | { quantile: Numbers; meanReturn: Numbers } | TableInput,
  options: QuantileReturnsOptions = {},
): ChartSpec {
  const what = 'quantileReturnsChart';
  const title = options.title ?? 'Mean return by quantile';
  const { width, height } = chartSize(what, options, { width: 360, height: 240 });
  const isArray = Array.isArray(input) || ArrayBuffer.isView(input);
  const table: TableInput = isArray
    ? { quantile: Array.from(input as Numbers, (_, i) => i + 1), mean_return: Array.from(input as Numbers) }
    : (input as TableInput);
  const cols = columnNames(table);
  const valueNames = options.demeaned
    ? ['mean_return_demeaned', 'meanReturnDemeaned']
    : ['mean_return', 'meanReturn'];
  const quantile = numberColumn(what, table, ['quantile']);
  const value = numberColumn(what, table, valueNames);
  let horizon = cols.includes('horizon') ? numberColumn(what, table, ['horizon']) : undefined;
  const count = cols.includes('count') ? numberColumn(what, table, ['count']) : undefined;
  let keep = quantile.map(() => true);
  if (options.horizon !== undefined) {
    if (!horizon)
      throw new ParameterError(
        `${what}: horizon ${options.horizon} given but the input has no horizon column`,
      );
    const distinct = [...new Set(horizon)];
    if (!distinct.includes(options.horizon))
      throw new ParameterError(
        `${what}: horizon ${options.horizon} is not in the table's horizons [${distinct.sort((a, b) => a - b).join(', ')}]`,
      );
    keep = horizon.map((h) => h === options.horizon);
  }
  const rows: Record<string, number | string>[] = [];
  for (let i = 0; i < quantile.length; i++) {
    if (!keep[i]) continue;
    rows.push({
      quantile: quantile[i],
      value: value[i],
      sign: value[i] >= 0 ? 'gain' : 'loss',
      ...(horizon ? { horizon: `${horizon[i]}d` } : {}),
      ...(count ? { count: count[i] } : {}),
    });
  }
  if (rows.length === 0) return noDataChart(title, 'no data', options);
  const horizons = horizon
    ? [...new Set(horizon.filter((_, i) => keep[i]))].sort((a, b) => a - b).map((h) => `${h}d`)
    : [];
  if (horizons.length <= 1) horizon = undefined;
  const valueTitle =
    options.valueTitle ?? (options.demeaned ? 'Mean forward return, demeaned' : 'Mean forward return');
  const subtitle = horizons.length === 1 ? `horizon ${horizons[0]}` : undefined;
  return {
    ...topLevel('quantiles', title, subtitle, options),
    width,
    height,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x: {
            field: 'quantile',
            type: 'ordinal',
            title: 'Score quantile (1 = lowest)',
            axis: { labelAngle: 0 },
          },
          y: { field: 'value', type: 'quantitative', title: valueTitle, axis: { format: '.2%' } },
          ...(horizon
            ? {
                xOffset: { field: 'horizon', type: 'nominal' as const, sort: horizons },
                color: { field: 'horizon', type: 'nominal' as const, sort: horizons, title: 'horizon' },
              }
            : {
                color: {
                  field: 'sign',
                  type: 'nominal' as const,
                  scale: { domain: ['gain', 'loss'], range: [COLORS.positive, COLORS.negative] },
                  legend: null,
                },
              }),
          tooltip: [
            { field: 'quantile', type: 'ordinal' },
            ...(horizon ? [{ field: 'horizon', type: 'nominal' as const }] : []),
            { field: 'value', type: 'quantitative', format: '.3%', title: 'mean return' },
            ...(count ? [{ field: 'count', type: 'quantitative' as const, title: 'rows' }] : []),
          ],
        },
      },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: COLORS.reference, strokeWidth: 1 },
        encoding: { y: { field: 'zero', type: 'quantitative' } },
      },
    ],
  };
}
