/**
 * A strategy against a benchmark (SPY): the benchmark's returns on the strategy's dates, and the
 * relative statistics with empyrical 0.5.5's definitions (conventions as in ratios.ts).
 *
 * Alignment: with closes, the benchmark return on strategy date d_k is C(d_k) / C(d_{k−1}) − 1, and
 * for the first date C(d_0) / C(the benchmark's last date before d_0) − 1, so both series cover the
 * same holding intervals. With returns, each strategy date must have one. A benchmark that does not
 * cover every date is an error naming the missing ranges — never a silent shortening of the period.
 */
import { formatDate } from '../data/schema.js';
import { SchemaError } from '../util/errors.js';
import { type AnnualizationOptions, annualReturn, checkReturns, conventions, stdDev } from './ratios.js';

/** A benchmark as closes (e.g. `marketSeries(market, 'SPY')`) or as returns; dates epoch-ms UTC, ascending. */
export type BenchmarkInput =
  | { date: ArrayLike<number>; close: ArrayLike<number> }
  | { date: ArrayLike<number>; returns: ArrayLike<number> };

/** A contiguous run of strategy dates the benchmark lacks. */
export interface MissingRange {
  from: string;
  to: string;
  /** Strategy dates in the run. */
  count: number;
}

/** The benchmark does not cover the strategy's period; `missing` names the gaps. */
export class BenchmarkCoverageError extends SchemaError {
  readonly missing: MissingRange[];
  constructor(message: string, missing: MissingRange[]) {
    super(message, {
      hint: 'Pass a benchmark series covering the whole period, or restrict the period (start/end)',
    });
    this.missing = missing;
  }
}

/**
 * The benchmark's return on each strategy date.
 *
 * @param dates - Strategy dates, ascending, `(n,)`.
 * @throws BenchmarkCoverageError naming the missing range(s).
 */
export function benchmarkReturns(
  benchmark: BenchmarkInput,
  dates: ArrayLike<number>,
  what = 'benchmarkReturns',
): Float64Array {
  const n = dates.length;
  const byDate = new Map<number, number>();
  const values = 'close' in benchmark ? benchmark.close : benchmark.returns;
  for (let i = 0; i < benchmark.date.length; i++)
    if (Number.isFinite(values[i])) byDate.set(benchmark.date[i], values[i]);
  const out = new Float64Array(n);
  const missing: number[] = [];
  let base = NaN;
  if ('close' in benchmark && n > 0) {
    let bestDate = -Infinity;
    for (let i = 0; i < benchmark.date.length; i++) {
      const d = benchmark.date[i];
      if (d < dates[0] && d > bestDate && Number.isFinite(benchmark.close[i])) {
        bestDate = d;
        base = benchmark.close[i];
      }
    }
  }
  for (let k = 0; k < n; k++) {
    const v = byDate.get(dates[k]);
    if (v === undefined) {
      missing.push(k);
      continue;
    }
    if ('returns' in benchmark) out[k] = v;
    else {
      const prev = k === 0 ? base : (byDate.get(dates[k - 1]) ?? NaN);
      out[k] = v / prev - 1;
    }
  }
  const noBase = 'close' in benchmark && n > 0 && Number.isNaN(base);
  if (missing.length > 0 || noBase) {
    const ranges = toRanges(missing, dates);
    const parts = ranges
      .slice(0, 3)
      .map((r) => `${r.from}..${r.to} (${r.count} date${r.count > 1 ? 's' : ''})`);
    if (ranges.length > 3) parts.push(`and ${ranges.length - 3} more range(s)`);
    if (noBase) parts.unshift(`a close before ${formatDate(dates[0])} (the base of the first return)`);
    throw new BenchmarkCoverageError(
      `${what}: the benchmark does not cover the period ${formatDate(dates[0])}..${formatDate(dates[n - 1])}: missing ${parts.join(', ')}`,
      ranges,
    );
  }
  return out;
}

function toRanges(missing: number[], dates: ArrayLike<number>): MissingRange[] {
  const out: MissingRange[] = [];
  for (let j = 0; j < missing.length;) {
    let e = j;
    while (e + 1 < missing.length && missing[e + 1] === missing[e] + 1) e++;
    out.push({ from: formatDate(dates[missing[j]]), to: formatDate(dates[missing[e]]), count: e - j + 1 });
    j = e + 1;
  }
  return out;
}

/** Statistics relative to a benchmark. */
export interface RelativeStats {
  /** Annualized alpha, (1 + mean(r − rf_p − β(b − rf_p)))^periodsPerYear − 1 (empyrical `alpha`). */
  alpha: number;
  /** cov(r, b) / var(b) (empyrical `beta`). */
  beta: number;
  /** mean(r − b) / std(r − b, ddof = 1) · √periodsPerYear: empyrical `excess_sharpe` annualized. */
  informationRatio: number;
  /** std(r − b, ddof = 1) · √periodsPerYear. */
  trackingError: number;
  /** CAGR of the benchmark over the same periods. */
  benchmarkAnnualReturn: number;
  /** CAGR(strategy) − CAGR(benchmark). */
  excessAnnualReturn: number;
}

/**
 * Alpha, beta, information ratio, tracking error and excess CAGR of `returns` against aligned
 * benchmark returns (both `(n,)`, same periods).
 * @throws SchemaError on a length mismatch or a non-finite value.
 */
export function relativeStats(
  returns: ArrayLike<number>,
  bench: ArrayLike<number>,
  options: AnnualizationOptions = {},
): RelativeStats {
  const what = 'relativeStats';
  const { ppy, rf } = conventions(options, what);
  if (returns.length !== bench.length)
    throw new SchemaError(
      `${what}: returns and benchmark must have the same length, got ${returns.length} and ${bench.length}`,
    );
  checkReturns(what, returns);
  checkReturns(what, bench, 'benchmark');
  const n = returns.length;
  let mb = 0;
  for (let i = 0; i < n; i++) mb += bench[i];
  mb /= n;
  let cov = 0;
  let varB = 0;
  for (let i = 0; i < n; i++) {
    const d = bench[i] - mb;
    cov += d * returns[i];
    varB += d * d;
  }
  const beta = n >= 2 && varB / n >= 1e-30 ? cov / varB : NaN;
  let alphaMean = 0;
  const active = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    alphaMean += returns[i] - rf - beta * (bench[i] - rf);
    active[i] = returns[i] - bench[i];
  }
  alphaMean /= n;
  const te = stdDev(active);
  let activeMean = 0;
  for (let i = 0; i < n; i++) activeMean += active[i];
  activeMean /= n;
  const cagr = annualReturn(returns, options);
  const benchCagr = annualReturn(bench, options);
  return {
    alpha: n >= 2 ? Math.pow(1 + alphaMean, ppy) - 1 : NaN,
    beta,
    informationRatio: te > 0 ? (activeMean / te) * Math.sqrt(ppy) : NaN,
    trackingError: te * Math.sqrt(ppy),
    benchmarkAnnualReturn: benchCagr,
    excessAnnualReturn: cagr - benchCagr,
  };
}
