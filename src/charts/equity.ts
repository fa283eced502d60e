/**
 * Equity curve against a benchmark, above the drawdown (underwater) panel; and the drawdown alone.
 *
 * ```
 *  { date, equity[, benchmark][, drawdown] } (arrays or a table, e.g. simulate(…).equity)
 *      ──finite check (benchmark NaN = missing)──▶ drawdown = equity / running peak − 1 unless given
 *      ──▶ long rows (date, series, equity, drawdown) ──▶ vconcat: [lines equity by series, area drawdown]
 * ```
 *
 * Dates are epoch-ms UTC days, drawn on a UTC time scale. Equity is growth of 1 (or any positive
 * wealth); drawdowns are fractions ≤ 0. The running peak starts at the first value, so pass the
 * table's own `drawdown` column when the starting capital should count as a peak.
 */
import { checkLengths, columnNames, numberColumn, rowCount, type Numbers, type TableInput } from './input.js';
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

/** Arrays of {@link equityChart}: one value per date. */
export interface EquitySeries {
  /** Epoch-ms UTC days. */
  date: Numbers;
  /** Strategy wealth (growth of 1), > 0. */
  equity: Numbers;
  /** Benchmark wealth on the same dates; NaN = missing. */
  benchmark?: Numbers;
  /** The strategy's drawdown (≤ 0); computed from equity when absent. */
  drawdown?: Numbers;
}

/** Options of {@link equityChart} and {@link drawdownChart}. */
export interface EquityChartOptions extends ChartOptions {
  /** Legend name of the strategy. Default 'strategy'. */
  name?: string;
  /** Legend name of the benchmark. Default 'benchmark'. */
  benchmarkName?: string;
  /** Height of the drawdown panel of {@link equityChart}. Default 110. */
  drawdownHeight?: number;
  /** Log scale for equity. Default false. */
  logScale?: boolean;
}

/** Drawdown of a wealth path: w / running max(w) − 1 (the first value is the first peak). */
export function drawdownFromEquity(equity: readonly number[]): number[] {
  let peak = -Infinity;
  return equity.map((w) => {
    peak = Math.max(peak, w);
    return w / peak - 1;
  });
}

interface Prepared {
  rows: Record<string, number | string | null>[];
  series: string[];
  n: number;
}

function prepare(what: string, input: EquitySeries | TableInput, options: EquityChartOptions): Prepared {
  const name = options.name ?? 'strategy';
  const benchName = options.benchmarkName ?? 'benchmark';
  if (name === benchName)
    throw new SchemaError(`${what}: name and benchmarkName must differ, got '${name}' for both`);
  const table = input as TableInput;
  const n = rowCount(table);
  if (n === 0) return { rows: [], series: [name], n };
  const cols = columnNames(table);
  const date = numberColumn(what, table, ['date']);
  const equity = numberColumn(what, table, ['equity']);
  for (let i = 0; i < equity.length; i++)
    if (!(equity[i] > 0))
      throw new SchemaError(`${what}: equity must be > 0, got ${equity[i]} at index ${i}`);
  const hasBench = cols.includes('benchmark');
  const bench = hasBench ? numberColumn(what, table, ['benchmark'], { allowNaN: true }) : undefined;
  const dd = cols.includes('drawdown') ? numberColumn(what, table, ['drawdown']) : drawdownFromEquity(equity);
  checkLengths(what, { date, equity, drawdown: dd, ...(bench ? { benchmark: bench } : {}) });
  const rows: Prepared['rows'] = [];
  for (let i = 0; i < n; i++) rows.push({ date: date[i], series: name, equity: equity[i], drawdown: dd[i] });
  if (bench) {
    const finite = bench.map((b) => (Number.isFinite(b) && b > 0 ? b : NaN));
    const valid = finite.filter((b) => !Number.isNaN(b));
    const benchDd = valid.length ? drawdownFromEquity(valid) : [];
    let k = 0;
    for (let i = 0; i < n; i++) {
      const b = finite[i];
      rows.push({
        date: date[i],
        series: benchName,
        equity: Number.isNaN(b) ? null : b,
        drawdown: Number.isNaN(b) ? null : benchDd[k++],
      });
    }
  }
  return { rows, series: bench ? [name, benchName] : [name], n };
}

const X = {
  field: 'date',
  type: 'temporal' as const,
  scale: { type: 'utc' as const },
  title: null,
};

function tooltip(value: 'equity' | 'drawdown'): {
  field: string;
  type: 'temporal' | 'nominal' | 'quantitative';
  timeUnit?: 'utcyearmonthdate';
  format?: string;
  title?: string;
}[] {
  return [
    { field: 'date', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'date' },
    { field: 'series', type: 'nominal' },
    { field: value, type: 'quantitative', format: value === 'equity' ? '.4f' : '.2%' },
  ];
}

/**
 * Equity against a benchmark with the drawdown below.
 *
 * @param input - Arrays `{ date, equity[, benchmark][, drawdown] }`, or a table with those columns
 *   (`simulate(…).equity` has date, equity, drawdown).
 * @param options - title ('Equity'), name, benchmarkName, width (560), height (240), drawdownHeight (110), logScale.
 * @returns A vconcat Vega-Lite spec; a "no data" chart for zero rows.
 * @throws SchemaError on a missing column, a non-finite or non-positive equity, mismatched lengths.
 * @example equityChart({ date: [d1, d2], equity: [1, 1.1], benchmark: [1, 1.05] }) // two lines; drawdown 0, 0
 */
export function equityChart(input: EquitySeries | TableInput, options: EquityChartOptions = {}): ChartSpec {
  const what = 'equityChart';
  const title = options.title ?? 'Equity';
  const { width, height } = chartSize(what, options, { width: 560, height: 240 });
  const ddHeight = chartSize(what, { height: options.drawdownHeight }, { height: 110 }).height;
  const { rows, series } = prepare(what, input, options);
  if (rows.length === 0) return noDataChart(title, 'no data', options);
  const color = {
    field: 'series',
    type: 'nominal' as const,
    scale: { domain: series, range: [PALETTE[0], COLORS.reference] },
    legend: { title: null, orient: 'top-left' as const, fillColor: 'white' },
  };
  return {
    ...topLevel('equity', title, undefined, options),
    data: { values: rows },
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
    vconcat: [
      {
        width,
        height,
        mark: { type: 'line', strokeWidth: 1.5, tooltip: true },
        encoding: {
          x: { ...X, axis: { labels: false, ticks: false } },
          y: {
            field: 'equity',
            type: 'quantitative',
            title: 'Equity (growth of 1)',
            scale: options.logScale ? { type: 'log' } : { zero: false },
          },
          color,
          tooltip: tooltip('equity'),
        },
      },
      {
        width,
        height: ddHeight,
        layer: [
          {
            transform: [{ filter: { field: 'series', equal: series[0] } }],
            mark: {
              type: 'area',
              color: COLORS.negative,
              opacity: 0.35,
              line: { color: COLORS.negative, strokeWidth: 1 },
            },
            encoding: {
              x: X,
              y: { field: 'drawdown', type: 'quantitative', title: 'Drawdown', axis: { format: '.0%' } },
              tooltip: tooltip('drawdown'),
            },
          },
          ...(series.length > 1
            ? [
                {
                  transform: [{ filter: { field: 'series', equal: series[1] } }],
                  mark: { type: 'line' as const, color: COLORS.reference, strokeWidth: 1 },
                  encoding: { x: X, y: { field: 'drawdown', type: 'quantitative' as const } },
                },
              ]
            : []),
        ],
      },
    ],
  };
}

/**
 * The drawdown (underwater) chart alone.
 * @param input - As {@link equityChart}; only equity (or drawdown) and date are needed.
 * @throws SchemaError as {@link equityChart}.
 */
export function drawdownChart(input: EquitySeries | TableInput, options: EquityChartOptions = {}): ChartSpec {
  const what = 'drawdownChart';
  const title = options.title ?? 'Drawdown';
  const { width, height } = chartSize(what, options, { width: 560, height: 160 });
  const { rows, series } = prepare(what, input, options);
  if (rows.length === 0) return noDataChart(title, 'no data', options);
  return {
    ...topLevel('drawdown', title, undefined, options),
    width,
    height,
    data: { values: rows.filter((r) => r.series === series[0]) },
    mark: {
      type: 'area',
      color: COLORS.negative,
      opacity: 0.35,
      line: { color: COLORS.negative, strokeWidth: 1 },
      tooltip: true,
    },
    encoding: {
      x: X,
      y: { field: 'drawdown', type: 'quantitative', title: 'Drawdown', axis: { format: '.0%' } },
      tooltip: tooltip('drawdown'),
    },
  };
}
