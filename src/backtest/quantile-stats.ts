/**
 * The quantile statistics of factor.ts, on the grid: mean forward return per score quantile, the
 * top − bottom spread per date, and the quantile turnover (alphalens 0.4 `mean_return_by_quantile`,
 * `compute_mean_returns_spread`, `quantile_turnover`). `quant` holds each cell's quantile 1…q (0 =
 * no score) and `fwd` its forward return (NaN = unknown), both `(nDates × nSymbols)`.
 */
import type { PriceGrid } from './grid.js';

/** Mean and sample standard deviation (ddof = 1) of a list; NaN where undefined. */
export function meanStd(values: number[]): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const ss = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN };
}

/** Mean forward return per quantile over all (date, symbol) rows, raw and demeaned by the date's mean. */
export function quantileMeans(
  out: {
    horizon: number[];
    quantile: number[];
    mean_return: number[];
    mean_return_demeaned: number[];
    per_day: number[];
    count: number[];
  },
  h: number,
  grid: PriceGrid,
  quant: Uint8Array,
  fwd: Float64Array,
  q: number,
): void {
  const S = grid.nSymbols;
  const sum = new Float64Array(q + 1);
  const sumDemeaned = new Float64Array(q + 1);
  const count = new Float64Array(q + 1);
  for (let t = 0; t < grid.nDates; t++) {
    const row = t * S;
    let dateSum = 0;
    let dateN = 0;
    for (let s = 0; s < S; s++)
      if (quant[row + s] > 0 && !Number.isNaN(fwd[row + s])) {
        dateSum += fwd[row + s];
        dateN++;
      }
    if (dateN === 0) continue;
    const dateMean = dateSum / dateN;
    for (let s = 0; s < S; s++) {
      const k = quant[row + s];
      const r = fwd[row + s];
      if (k === 0 || Number.isNaN(r)) continue;
      sum[k] += r;
      sumDemeaned[k] += r - dateMean;
      count[k]++;
    }
  }
  for (let k = 1; k <= q; k++) {
    const mean = sum[k] / count[k];
    out.horizon.push(h);
    out.quantile.push(k);
    out.mean_return.push(mean);
    out.mean_return_demeaned.push(sumDemeaned[k] / count[k]);
    out.per_day.push(Math.pow(1 + mean, 1 / h) - 1);
    out.count.push(count[k]);
  }
}

/** Per date: mean forward return of the top quantile minus that of the bottom one (dates with both). */
export function dailySpread(
  grid: PriceGrid,
  quant: Uint8Array,
  fwd: Float64Array,
  q: number,
): [number, number][] {
  const S = grid.nSymbols;
  const out: [number, number][] = [];
  for (let t = 0; t < grid.nDates; t++) {
    const row = t * S;
    let top = 0;
    let nTop = 0;
    let bottom = 0;
    let nBottom = 0;
    for (let s = 0; s < S; s++) {
      const r = fwd[row + s];
      if (Number.isNaN(r)) continue;
      if (quant[row + s] === q) {
        top += r;
        nTop++;
      } else if (quant[row + s] === 1) {
        bottom += r;
        nBottom++;
      }
    }
    if (nTop > 0 && nBottom > 0) out.push([grid.dates[t], top / nTop - bottom / nBottom]);
  }
  return out;
}

/**
 * alphalens `quantile_turnover`: on each date where quantile k holds names, the share of them that
 * were not in quantile k on the `period`-th previous such date.
 */
export function quantileTurnover(grid: PriceGrid, quant: Uint8Array, q: number, period: number) {
  const S = grid.nSymbols;
  const rows = { date: [] as number[], quantile: [] as number[], turnover: [] as number[] };
  const summary = { quantile: [] as number[], mean_turnover: [] as number[] };
  for (let k = 1; k <= q; k++) {
    const sets: { date: number; names: Int32Array }[] = [];
    for (let t = 0; t < grid.nDates; t++) {
      const names: number[] = [];
      for (let s = 0; s < S; s++) if (quant[t * S + s] === k) names.push(s);
      if (names.length > 0) sets.push({ date: grid.dates[t], names: Int32Array.from(names) });
    }
    const member = new Uint8Array(S);
    let total = 0;
    let count = 0;
    for (let j = period; j < sets.length; j++) {
      const before = sets[j - period].names;
      for (const s of before) member[s] = 1;
      let fresh = 0;
      for (const s of sets[j].names) if (member[s] === 0) fresh++;
      for (const s of before) member[s] = 0;
      const v = fresh / sets[j].names.length;
      rows.date.push(sets[j].date);
      rows.quantile.push(k);
      rows.turnover.push(v);
      total += v;
      count++;
    }
    summary.quantile.push(k);
    summary.mean_turnover.push(count > 0 ? total / count : NaN);
  }
  return { rows, summary };
}
