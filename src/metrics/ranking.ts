/**
 * Information coefficient: the cross-sectional correlation, date by date, between a score and the
 * forward return it should rank, summarised over dates (Grinold & Kahn's IC and ICIR).
 *
 * ```
 *  rows (date, score, forwardReturn) ──group by date (stable radix argsort)──▶ per date: pairs with
 *  both values present ──n < max(minObs, 2) or a constant side? skip──▶ IC = Spearman (Pearson of
 *  average ranks, scipy.stats.spearmanr) or Pearson (scipy.stats.pearsonr)
 *      ──▶ mean, std (ddof = 1), ICIR = mean / std, t = mean / std · √nDates
 * ```
 *
 * NaN policy: a NaN score or forward return drops that row's pair (warm-up rows, delisted symbols);
 * a NaN or infinite date, or an infinite score or return, throws a SchemaError naming the index.
 */
import { UndefinedMetricError } from './errors.js';
import { argsortAscending } from './sort.js';
import { checkInteger, checkSameLength, type Values } from './validate.js';
import { ParameterError, SchemaError } from '../util/errors.js';

/** Options of {@link informationCoefficient}. */
export interface IcOptions {
  /** `'spearman'` (default; rank IC) or `'pearson'`. */
  method?: 'spearman' | 'pearson';
  /** Fewest valid pairs a date needs; dates with fewer are skipped. Default 2 (values below 2 act as 2). */
  minObs?: number;
}

/** What {@link informationCoefficient} returns. */
export interface InformationCoefficient {
  method: 'spearman' | 'pearson';
  /** One entry per date with an IC, ascending by date (a table in columns). */
  perDate: {
    /** The date (as given, e.g. epoch-ms UTC days). */
    date: Float64Array;
    /** The correlation in [−1, 1]. */
    ic: Float64Array;
    /** Valid pairs on that date. */
    n: Int32Array;
  };
  /** Dates without an IC: fewer than max(minObs, 2) valid pairs, or a constant score or return. */
  skippedDates: Float64Array;
  /** Dates with an IC. */
  nDates: number;
  /** Mean IC. */
  mean: number;
  /** Standard deviation of the IC across dates, ddof = 1 (pandas' default); NaN with one date. */
  std: number;
  /** mean / std. */
  icir: number;
  /** mean / std · √nDates: the t-statistic of a mean IC of zero. */
  tStat: number;
}

/**
 * Per-date information coefficient and its summary.
 *
 * @param dates - Row dates, `(n,)`, any finite numbers (epoch-ms by convention); rows need not be sorted.
 * @param score - The ranking signal, `(n,)`; NaN = missing.
 * @param forwardReturn - The realised forward return, `(n,)`; NaN = missing.
 * @param options - method (default 'spearman'), minObs (default 2).
 * @throws SchemaError on a length mismatch, a non-finite date or an infinite value.
 * @throws ParameterError on a bad method or minObs.
 * @throws UndefinedMetricError when no date has an IC.
 * @see scipy.stats.spearmanr, scipy.stats.pearsonr (SciPy 1.10)
 * @example
 * informationCoefficient([1, 1, 1, 2, 2, 2], [1, 2, 3, 1, 2, 3], [0.1, 0.2, 0.3, 0.3, 0.1, 0.2])
 * // perDate.ic ≈ [1, −0.5] (0.9999999999999998, −0.4999999999999999), mean ≈ 0.25, std ≈ 1.0607, tStat ≈ 1/3
 */
export function informationCoefficient(
  dates: Values,
  score: Values,
  forwardReturn: Values,
  options: IcOptions = {},
): InformationCoefficient {
  const what = 'informationCoefficient';
  const { method = 'spearman', minObs = 2 } = options;
  if (method !== 'spearman' && method !== 'pearson') {
    throw new ParameterError(`${what}: method must be 'spearman' or 'pearson', got ${String(method)}`);
  }
  checkInteger(what, 'minObs', minObs, 0);
  checkSameLength(what, 'dates', dates, 'score', score);
  checkSameLength(what, 'dates', dates, 'forwardReturn', forwardReturn);
  for (let i = 0; i < dates.length; i++) {
    if (!Number.isFinite(dates[i]))
      throw new SchemaError(`${what}: dates must be finite, got ${dates[i]} at index ${i}`);
    for (const [name, v] of [
      ['score', score[i]],
      ['forwardReturn', forwardReturn[i]],
    ] as const) {
      if (v === Infinity || v === -Infinity) throw new SchemaError(`${what}: ${name} is ${v} at index ${i}`);
    }
  }
  const need = Math.max(minObs, 2);
  const order = argsortAscending(dates);
  const outDate: number[] = [];
  const outIc: number[] = [];
  const outN: number[] = [];
  const skipped: number[] = [];
  const xs = new Float64Array(dates.length);
  const ys = new Float64Array(dates.length);
  for (let start = 0; start < order.length;) {
    const date = dates[order[start]];
    let end = start;
    let m = 0;
    while (end < order.length && dates[order[end]] === date) {
      const i = order[end++];
      if (!Number.isNaN(score[i]) && !Number.isNaN(forwardReturn[i])) {
        xs[m] = score[i];
        ys[m++] = forwardReturn[i];
      }
    }
    start = end;
    const x = xs.subarray(0, m);
    const y = ys.subarray(0, m);
    if (m < need || isConstant(x) || isConstant(y)) {
      skipped.push(date);
      continue;
    }
    outDate.push(date);
    outIc.push(method === 'spearman' ? pearson(averageRanks(x), averageRanks(y)) : pearson(x, y));
    outN.push(m);
  }
  const k = outIc.length;
  if (k === 0) {
    throw new UndefinedMetricError(
      what,
      `no date has ${need} or more valid (score, forwardReturn) pairs with both sides varying`,
    );
  }
  let mean = 0;
  for (const v of outIc) mean += v;
  mean /= k;
  let ss = 0;
  for (const v of outIc) ss += (v - mean) * (v - mean);
  const std = k > 1 ? Math.sqrt(ss / (k - 1)) : NaN;
  return {
    method,
    perDate: { date: Float64Array.from(outDate), ic: Float64Array.from(outIc), n: Int32Array.from(outN) },
    skippedDates: Float64Array.from(skipped),
    nDates: k,
    mean,
    std,
    icir: mean / std,
    tStat: (mean / std) * Math.sqrt(k),
  };
}

function isConstant(x: Float64Array): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

/**
 * Average ranks 1..n (ties get the mean of the ranks they span), as `scipy.stats.rankdata(x,
 * method='average')`.
 * @example averageRanks(Float64Array.of(10, 20, 10, 30)) // Float64Array [1.5, 3, 1.5, 4]
 */
export function averageRanks(x: Float64Array): Float64Array {
  const order = argsortAscending(x);
  const ranks = new Float64Array(x.length);
  for (let i = 0; i < order.length;) {
    let j = i + 1;
    while (j < order.length && x[order[j]] === x[order[i]]) j++;
    const rank = (i + 1 + j) / 2; // mean of ranks i+1 … j
    for (let t = i; t < j; t++) ranks[order[t]] = rank;
    i = j;
  }
  return ranks;
}

/** Pearson correlation as `scipy.stats.pearsonr`: centred dot product over the norms, clipped to [−1, 1]. */
function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
  return Math.max(-1, Math.min(1, r));
}
