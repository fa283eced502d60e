/**
 * Information coefficient over time: the IC of each date as bars (green ≥ 0, vermillion < 0), its
 * rolling mean as a line and the overall mean as a dashed rule; mean, ICIR and t in the subtitle.
 *
 * ```
 *  informationCoefficient(…) (perDate.date, perDate.ic)  ─┐
 *  table (date, ic[, horizon]) e.g. factorAnalysis(…).ic ─┴─▶ finite check, sort by date
 *      ──▶ rolling mean over `window` dates ──▶ layer: bars + rolling line + mean rule
 * ```
 */
import type { InformationCoefficient } from '../metrics/ranking.js';
import { columnNames, numberColumn, rollingMean, jsonNumber, type TableInput } from './input.js';
import {
  COLORS,
  PALETTE,
  chartSize,
  formatStat,
  noDataChart,
  topLevel,
  type ChartOptions,
  type ChartSpec,
} from './theme.js';
import { ParameterError, SchemaError } from '../util/errors.js';

/** Options of {@link icChart}. */
export interface IcChartOptions extends ChartOptions {
  /** Dates in the rolling mean. Default 21 (about a month of trading days). */
  window?: number;
  /** The horizon to draw when the table has a `horizon` column with several values. */
  horizon?: number;
}

function isIcResult(x: unknown): x is InformationCoefficient {
  return typeof x === 'object' && x !== null && 'perDate' in x && 'nDates' in x;
}

/**
 * IC time series with a rolling mean.
 *
 * @param input - An `informationCoefficient` result, or a table with `date` and `ic` (and `horizon`).
 * @param options - title ('Information coefficient'), window (21), horizon, width (560), height (220).
 * @returns A layered Vega-Lite spec; a "no data" chart when there is no date.
 * @throws SchemaError on a missing column or a non-finite IC or date.
 * @throws ParameterError on a bad window, or several horizons and none chosen.
 * @example icChart(informationCoefficient(dates, score, fwd), { window: 5 }) // subtitle 'mean 0.250 · ICIR 0.236 · t 0.333 · 2 dates (spearman)'
 */
export function icChart(input: InformationCoefficient | TableInput, options: IcChartOptions = {}): ChartSpec {
  const what = 'icChart';
  const title = options.title ?? 'Information coefficient';
  const window = options.window ?? 21;
  if (!(Number.isInteger(window) && window >= 1))
    throw new ParameterError(`${what}: window must be an integer ≥ 1, got ${window}`);
  const { width, height } = chartSize(what, options, { width: 560, height: 220 });
  let date: number[];
  let ic: number[];
  let method = '';
  if (isIcResult(input)) {
    date = numberColumn(what, { date: input.perDate.date }, ['date']);
    ic = numberColumn(what, { ic: input.perDate.ic }, ['ic']);
    method = ` (${input.method})`;
  } else {
    const table = input;
    date = numberColumn(what, table, ['date']);
    ic = numberColumn(what, table, ['ic']);
    if (columnNames(table).includes('horizon')) {
      const horizon = numberColumn(what, table, ['horizon']);
      const distinct = [...new Set(horizon)].sort((a, b) => a - b);
      const chosen = options.horizon ?? (distinct.length === 1 ? distinct[0] : undefined);
      if (chosen === undefined)
        throw new ParameterError(
          `${what}: the table has horizons [${distinct.join(', ')}]; pass options.horizon`,
        );
      if (!distinct.includes(chosen) && distinct.length > 0)
        throw new ParameterError(
          `${what}: horizon ${chosen} is not in the table's horizons [${distinct.join(', ')}]`,
        );
      const keep = horizon.map((h) => h === chosen);
      date = date.filter((_, i) => keep[i]);
      ic = ic.filter((_, i) => keep[i]);
      method = ` (horizon ${chosen})`;
    }
  }
  if (date.length !== ic.length)
    throw new SchemaError(
      `${what}: date and ic must have the same length, got ${date.length} and ${ic.length}`,
    );
  if (date.length === 0) return noDataChart(title, 'no data', options);
  const order = date.map((_, i) => i).sort((a, b) => date[a] - date[b]);
  const d = order.map((i) => date[i]);
  const v = order.map((i) => ic[i]);
  const rolling = rollingMean(v, window);
  const n = v.length;
  const mean = v.reduce((s, x) => s + x, 0) / n;
  const std = n > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : NaN;
  const subtitle = `mean ${formatStat(mean)} · ICIR ${formatStat(mean / std)} · t ${formatStat((mean / std) * Math.sqrt(n))} · ${n} dates${method} · line: ${window}-date mean`;
  const rows = d.map((date, i) => ({
    date,
    ic: v[i],
    rolling: jsonNumber(rolling[i]),
    sign: v[i] >= 0 ? 'positive' : 'negative',
  }));
  const x = { field: 'date', type: 'temporal' as const, scale: { type: 'utc' as const }, title: null };
  return {
    ...topLevel('ic', title, subtitle, options),
    width,
    height,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', size: Math.max(1, Math.min(8, Math.floor((width / n) * 0.8))), tooltip: true },
        encoding: {
          x,
          y: { field: 'ic', type: 'quantitative', title: 'IC' },
          color: {
            field: 'sign',
            type: 'nominal',
            scale: { domain: ['positive', 'negative'], range: [COLORS.positive, COLORS.negative] },
            legend: null,
          },
          tooltip: [
            { field: 'date', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'date' },
            { field: 'ic', type: 'quantitative', format: '.3f', title: 'IC' },
            { field: 'rolling', type: 'quantitative', format: '.3f', title: `${window}-date mean` },
          ],
        },
      },
      {
        mark: { type: 'line', color: PALETTE[0], strokeWidth: 2 },
        encoding: { x, y: { field: 'rolling', type: 'quantitative' } },
      },
      {
        data: { values: [{ mean }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.text, strokeWidth: 1 },
        encoding: { y: { field: 'mean', type: 'quantitative' } },
      },
    ],
  };
}
