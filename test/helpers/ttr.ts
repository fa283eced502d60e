/**
 * R TTR golden values (test/fixtures/ttr/, written by generate.R; see its README) and the comparison
 * every indicator test uses: NaN exactly where TTR has NA, and |got − want| ≤ 1e-10 · |want| elsewhere.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';

/** Relative tolerance against TTR: |got − want| ≤ TTR_REL_TOL · |want| at every non-NA index. */
export const TTR_REL_TOL = 1e-10;

/** The symbols test/fixtures/ttr/generate.R writes (first 300 rows each of all_stocks_5yr.csv.gz). */
export const TTR_SYMBOLS = ['AAPL', 'AMD', 'XOM'] as const;

/** One fixture: inputs as Float64Array and TTR's outputs (`null` = NA). */
export interface TtrFixture {
  source: string;
  symbol: string;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  ttr: Record<string, (number | null)[]>;
}

interface RawFixture {
  source: string;
  symbol: string;
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
  ttr: Record<string, (number | null)[]>;
}

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/ttr/${name}`, import.meta.url), 'utf8')) as T;
}

/** The fixture of `symbol`. */
export function loadTtr(symbol: (typeof TTR_SYMBOLS)[number]): TtrFixture {
  const raw = readJson<RawFixture>(`${symbol}.json`);
  return {
    source: raw.source,
    symbol: raw.symbol,
    high: Float64Array.from(raw.high),
    low: Float64Array.from(raw.low),
    close: Float64Array.from(raw.close),
    volume: Float64Array.from(raw.volume),
    ttr: raw.ttr,
  };
}

/** TTR's RSI(14) of the StockCharts worked example (stockcharts.json). */
export function loadStockcharts(): { source: string; close: Float64Array; rsi14: (number | null)[] } {
  const raw = readJson<{ source: string; close: number[]; rsi_14: (number | null)[] }>('stockcharts.json');
  return { source: raw.source, close: Float64Array.from(raw.close), rsi14: raw.rsi_14 };
}

/**
 * Asserts `got` equals TTR's `want` at every index: NaN exactly where TTR has NA (so the warm-up
 * matches), within {@link TTR_REL_TOL} relative elsewhere; and the first non-NaN index is `lookback`.
 */
export function expectTtr(
  got: Float64Array,
  want: readonly (number | null)[],
  what: string,
  lookback?: number,
): void {
  expect(got.length, `${what}: length`).to.equal(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    if (w === null) {
      expect(got[i], `${what}[${i}] is NaN (TTR: NA)`).to.be.NaN;
      continue;
    }
    const tol = TTR_REL_TOL * Math.abs(w);
    if (!(Math.abs(got[i] - w) <= tol))
      expect.fail(`${what}[${i}] = ${got[i]}, TTR ${w} (|diff| ${Math.abs(got[i] - w)} > ${tol})`);
  }
  if (lookback !== undefined) {
    const first = want.findIndex((w) => w !== null);
    expect(first, `${what}: TTR's first non-NA index`).to.equal(lookback);
    expect(
      Array.from(got).findIndex((v) => !Number.isNaN(v)),
      `${what}: first non-NaN index`,
    ).to.equal(lookback);
  }
}

/** Largest relative deviation |a − b| / |b| over indices where both are numbers (for documenting departures). */
export function maxRelativeDeviation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    if (!Number.isNaN(a[i]) && !Number.isNaN(b[i]) && b[i] !== 0)
      worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return worst;
}

/** Pads a shorter-than-input result (technicalindicators) with leading NaN to `n` rows. */
export function padStart(values: readonly number[], n: number): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  out.set(values, n - values.length);
  return out;
}
