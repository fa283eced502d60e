/**
 * Factor analysis, alphalens-style, as tables: does the score rank what happens next?
 *
 * ```
 *  prices ──priceGrid──▶ forward returns r_h(t, s) = close[t+h]/close[t] − 1, h ∈ horizons (1, 5, 10, 20)
 *  predictions ──alignScores──▶ score(t, s) ──quantilesByDate──▶ quantile(t, s) ∈ 1…q
 *      ├─ IC per date and horizon: metrics.informationCoefficient(date, score, r_h)  → ic, icSummary (IC decay)
 *      ├─ mean r_h by quantile (raw and demeaned by date)                             → quantileReturns
 *      ├─ top − bottom quantile mean r_h per date                                      → spread, spreadSummary
 *      └─ share of names new to quantile k since `turnoverPeriod` dates earlier        → quantileTurnover
 * ```
 *
 * Causal alignment: the score dated t is set against the return from the close of t to the close
 * of t + h. Each horizon keeps its own rows (alphalens' `get_clean_factor_and_forward_returns`
 * drops a row when any horizon is missing); quantiles use every scored row of the date.
 *
 * @see alphalens 0.4 (Quantopian): `factor_information_coefficient`, `mean_return_by_quantile`,
 *   `compute_mean_returns_spread`, `quantile_turnover`.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { informationCoefficient } from '../metrics/ranking.js';
import { UndefinedMetricError } from '../metrics/errors.js';
import { forwardReturnsGrid } from './forward-returns.js';
import { type TableInput, type UnmatchedPredictions, alignScores, priceGrid } from './grid.js';
import { quantilesByDate } from './quantiles.js';
import { dailySpread, meanStd, quantileMeans, quantileTurnover } from './quantile-stats.js';
import { checkInteger, checkOneOf } from './validate.js';
import { ParameterError } from '../util/errors.js';

/** Options of {@link factorAnalysis}. */
export interface FactorOptions {
  /** Forward-return horizons in trading days. Default [1, 5, 10, 20]. */
  horizons?: number[];
  /** Number of score quantiles per date. Default 5. */
  quantiles?: number;
  /** Default 'score'. */
  scoreColumn?: string;
  /** Price column of the forward returns. Default 'close'. */
  priceColumn?: string;
  /** IC method. Default 'spearman' (rank IC). */
  method?: 'spearman' | 'pearson';
  /** Dates between the two name sets compared by the quantile turnover. Default 1. */
  turnoverPeriod?: number;
}

/** What {@link factorAnalysis} returns; dates are epoch-ms UTC, returns are fractions over h days. */
export interface FactorAnalysis {
  /** date, horizon, ic, n. */
  ic: ColumnTable;
  /** horizon, mean_ic, ic_std, icir, t_stat, n_dates — the IC decay over horizons. */
  icSummary: ColumnTable;
  /** horizon, quantile, mean_return, mean_return_demeaned, per_day ((1 + mean)^(1/h) − 1), count. */
  quantileReturns: ColumnTable;
  /** date, horizon, spread (top-quantile mean − bottom-quantile mean). */
  spread: ColumnTable;
  /** horizon, mean_spread, spread_std, t_stat, n_dates. */
  spreadSummary: ColumnTable;
  /** date, quantile, turnover (share of the quantile's names not in it `turnoverPeriod` dates before). */
  quantileTurnover: ColumnTable;
  /** quantile, mean_turnover. */
  turnoverSummary: ColumnTable;
  unmatched: UnmatchedPredictions;
}

/**
 * Alphalens-style analysis of a score against forward returns.
 *
 * @throws ParameterError on bad horizons, quantiles, method or turnoverPeriod.
 * @throws SchemaError on missing columns or duplicate keys.
 */
export function factorAnalysis(
  predictions: TableInput,
  prices: TableInput,
  options: FactorOptions = {},
): FactorAnalysis {
  const what = 'factorAnalysis';
  const { horizons = [1, 5, 10, 20], quantiles = 5, method = 'spearman', turnoverPeriod = 1 } = options;
  if (!Array.isArray(horizons) || horizons.length === 0)
    throw new ParameterError(`${what}: horizons must be a non-empty array, got ${JSON.stringify(horizons)}`);
  for (const h of horizons) checkInteger(what, 'horizon', h, 1);
  checkInteger(what, 'quantiles', quantiles, 2, 100);
  checkOneOf(what, 'method', method, ['spearman', 'pearson'] as const);
  checkInteger(what, 'turnoverPeriod', turnoverPeriod, 1);
  const grid = priceGrid(prices, { priceColumn: options.priceColumn, what: `${what}: prices` });
  const aligned = alignScores(grid, predictions, options.scoreColumn ?? 'score', `${what}: predictions`);
  const S = grid.nSymbols;
  const score = aligned.score;
  const quant = quantilesByDate(score, S, quantiles);
  const cells: number[] = [];
  for (let c = 0; c < score.length; c++) if (!Number.isNaN(score[c])) cells.push(c);
  const cellDate = Float64Array.from(cells, (c) => grid.dates[Math.floor(c / S)]);
  const cellScore = Float64Array.from(cells, (c) => score[c]);

  const ic = { date: [] as number[], horizon: [] as number[], ic: [] as number[], n: [] as number[] };
  const icSum = summaryColumns();
  const qr = {
    horizon: [] as number[],
    quantile: [] as number[],
    mean_return: [] as number[],
    mean_return_demeaned: [] as number[],
    per_day: [] as number[],
    count: [] as number[],
  };
  const sp = { date: [] as number[], horizon: [] as number[], spread: [] as number[] };
  const spSum = {
    horizon: [] as number[],
    mean_spread: [] as number[],
    spread_std: [] as number[],
    t_stat: [] as number[],
    n_dates: [] as number[],
  };
  for (const h of horizons) {
    const fwd = forwardReturnsGrid(grid, h);
    const cellFwd = Float64Array.from(cells, (c) => fwd[c]);
    addIc(ic, icSum, h, cellDate, cellScore, cellFwd, method);
    quantileMeans(qr, h, grid, quant, fwd, quantiles);
    const spreads = dailySpread(grid, quant, fwd, quantiles);
    for (const [date, v] of spreads) {
      sp.date.push(date);
      sp.horizon.push(h);
      sp.spread.push(v);
    }
    const values = spreads.map(([, v]) => v);
    const { mean, std } = meanStd(values);
    spSum.horizon.push(h);
    spSum.mean_spread.push(mean);
    spSum.spread_std.push(std);
    spSum.t_stat.push((mean / std) * Math.sqrt(values.length));
    spSum.n_dates.push(values.length);
  }
  const turnover = quantileTurnover(grid, quant, quantiles, turnoverPeriod);
  return {
    ic: aq.table({ date: ic.date, horizon: ic.horizon, ic: ic.ic, n: ic.n }),
    icSummary: aq.table(icSum),
    quantileReturns: aq.table(qr),
    spread: aq.table(sp),
    spreadSummary: aq.table(spSum),
    quantileTurnover: aq.table(turnover.rows),
    turnoverSummary: aq.table(turnover.summary),
    unmatched: aligned.unmatched,
  };
}

function summaryColumns() {
  return {
    horizon: [] as number[],
    mean_ic: [] as number[],
    ic_std: [] as number[],
    icir: [] as number[],
    t_stat: [] as number[],
    n_dates: [] as number[],
  };
}

function addIc(
  ic: { date: number[]; horizon: number[]; ic: number[]; n: number[] },
  sum: ReturnType<typeof summaryColumns>,
  h: number,
  dates: Float64Array,
  scores: Float64Array,
  fwd: Float64Array,
  method: 'spearman' | 'pearson',
): void {
  sum.horizon.push(h);
  try {
    const r = informationCoefficient(dates, scores, fwd, { method });
    for (let k = 0; k < r.nDates; k++) {
      ic.date.push(r.perDate.date[k]);
      ic.horizon.push(h);
      ic.ic.push(r.perDate.ic[k]);
      ic.n.push(r.perDate.n[k]);
    }
    sum.mean_ic.push(r.mean);
    sum.ic_std.push(r.std);
    sum.icir.push(r.icir);
    sum.t_stat.push(r.tStat);
    sum.n_dates.push(r.nDates);
  } catch (err) {
    if (!(err instanceof UndefinedMetricError)) throw err;
    sum.mean_ic.push(NaN);
    sum.ic_std.push(NaN);
    sum.icir.push(NaN);
    sum.t_stat.push(NaN);
    sum.n_dates.push(0);
  }
}
