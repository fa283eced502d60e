/**
 * Synthetic OHLCV panels for the pipeline tests, named as such: seeded random walks (mulberry32), not
 * market data; plus a synthetic market series and per-symbol row indices. Columns are plain typed
 * arrays so that a test can copy and perturb them before making the Arquero panel with {@link panelTable}.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { MarketSeries } from '../../src/features/types.js';

export const DAY = 86_400_000;
/** Day 0 of every synthetic calendar: date = D0 + day × DAY (UTC days). */
export const D0 = Date.UTC(2012, 0, 2);

/** Seeded uniform PRNG on [0, 1) (mulberry32): tests must not use Math.random. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller) from a uniform generator. */
export function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** A synthetic panel as plain columns, sorted by symbol then day (one row per (symbol, day)). */
export interface SyntheticPanel {
  symbol: string[];
  /** Day on the synthetic calendar. */
  day: number[];
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** One symbol of a synthetic panel: its name and the (increasing) calendar days it trades. */
export interface SyntheticSymbol {
  symbol: string;
  days: readonly number[];
  /** First close. Default 100. */
  base?: number;
}

/** Days `from` … `to − 1`. */
export function dayRange(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}

/**
 * A random-walk OHLCV panel: log close steps N(0, 0.02²); open = previous close × e^{N(0, 0.005²)};
 * high and low beyond max/min(open, close) by U(0, 2 %); volume a whole number of shares in
 * [2·10⁵, 3.2·10⁶). No NaN, no zero. `symbols` must be in codepoint order.
 */
export function randomWalkPanel(symbols: readonly SyntheticSymbol[], seed: number): SyntheticPanel {
  const u = mulberry32(seed);
  const n = symbols.reduce((s, x) => s + x.days.length, 0);
  const p: SyntheticPanel = {
    symbol: [],
    day: [],
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let i = 0;
  for (const s of symbols) {
    let c = s.base ?? 100;
    for (const d of s.days) {
      const prev = c;
      c *= Math.exp(0.02 * normal(u));
      const open = prev * Math.exp(0.005 * normal(u));
      p.symbol.push(s.symbol);
      p.day.push(d);
      p.open[i] = open;
      p.close[i] = c;
      p.high[i] = Math.max(open, c) * (1 + 0.02 * u());
      p.low[i] = Math.min(open, c) * (1 - 0.02 * u());
      p.volume[i] = Math.floor(2e5 + 3e6 * u());
      i++;
    }
  }
  return p;
}

/** A synthetic market series (a random walk from 1000, daily σ 1 %) on every day 0 … nDays − 1. */
export function syntheticMarket(nDays: number, seed: number): MarketSeries {
  const u = mulberry32(seed);
  let m = 1000;
  return {
    date: Float64Array.from({ length: nDays }, (_, d) => D0 + d * DAY),
    close: Float64Array.from({ length: nDays }, () => (m *= Math.exp(0.01 * normal(u)))),
  };
}

/** A deep copy (to perturb). */
export function copyPanel(p: SyntheticPanel): SyntheticPanel {
  return {
    symbol: [...p.symbol],
    day: [...p.day],
    open: p.open.slice(),
    high: p.high.slice(),
    low: p.low.slice(),
    close: p.close.slice(),
    volume: p.volume.slice(),
  };
}

/** The rows for which `keep(row)` holds, in order. */
export function filterPanel(p: SyntheticPanel, keep: (row: number) => boolean): SyntheticPanel {
  const rows = p.symbol.flatMap((_, i) => (keep(i) ? [i] : []));
  const take = (a: Float64Array) => Float64Array.from(rows, (i) => a[i]);
  return {
    symbol: rows.map((i) => p.symbol[i]),
    day: rows.map((i) => p.day[i]),
    open: take(p.open),
    high: take(p.high),
    low: take(p.low),
    close: take(p.close),
    volume: take(p.volume),
  };
}

/** The Arquero panel (symbol, date, open, high, low, close, volume), dates epoch-ms UTC days. */
export function panelTable(p: SyntheticPanel): ColumnTable {
  return aq.table({
    symbol: [...p.symbol],
    date: Float64Array.from(p.day, (d) => D0 + d * DAY),
    open: p.open.slice(),
    high: p.high.slice(),
    low: p.low.slice(),
    close: p.close.slice(),
    volume: p.volume.slice(),
  });
}

/** The market series restricted to dates ≤ `lastDate` (copies). */
export function marketUpTo(m: MarketSeries, lastDate: number): MarketSeries {
  let k = 0;
  while (k < m.date.length && m.date[k] <= lastDate) k++;
  return { date: m.date.slice(0, k), close: m.close.slice(0, k) };
}

/** For each row of a panel sorted by symbol, its index within its symbol (0 on the symbol's first row). */
export function rowInSymbol(symbols: ArrayLike<string | null>): Int32Array {
  const out = new Int32Array(symbols.length);
  for (let i = 1; i < symbols.length; i++) out[i] = symbols[i] === symbols[i - 1] ? out[i - 1] + 1 : 0;
  return out;
}

/** For each row of a panel sorted by symbol, the number of rows of its symbol. */
export function symbolLength(symbols: ArrayLike<string | null>): Int32Array {
  const idx = rowInSymbol(symbols);
  const out = new Int32Array(symbols.length);
  for (let i = symbols.length - 1; i >= 0; i--)
    out[i] = i + 1 < symbols.length && symbols[i + 1] === symbols[i] ? out[i + 1] : idx[i] + 1;
  return out;
}
