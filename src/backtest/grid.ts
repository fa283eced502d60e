/**
 * The (date × symbol) grid every backtest computation runs on: a price panel in long format becomes
 * dense date-major `Float64Array`s (cell `t * nSymbols + s`), and a predictions table is placed on
 * the same grid. Rows that cannot be placed are counted and reported ({@link UnmatchedPredictions}),
 * never silently dropped.
 *
 * ```
 *  prices (symbol, date, open?, close) ──unique dates (ascending) × unique symbols (codepoint order)──▶
 *      close[t·S + s], open[t·S + s]   (NaN where the symbol has no row that day)
 *  predictions (symbol, date, score) ──lookup──▶ score[t·S + s] + unmatched {unknown symbol | unknown date | no price}
 * ```
 *
 * Dates are epoch-ms UTC days (data/schema.ts). Inputs are an Arquero table or plain columns
 * (`{ symbol: string[], date: Float64Array, score: Float64Array }`); neither is modified.
 */
import { formatDate } from '../data/schema.js';
import { SchemaError } from '../util/errors.js';
import { type TableInput, numbersOf, stringsOf } from './columns.js';
import { DateIndex, uniqueDates } from './date-index.js';

export type { Columns, TableInput } from './columns.js';

/** Dense price grid of a panel. */
export interface PriceGrid {
  /** Trading days (epoch-ms UTC), ascending and unique: every date present in the panel, `(nDates,)`. */
  dates: Float64Array;
  /** Symbols in codepoint order, `(nSymbols,)`. */
  symbols: string[];
  nDates: number;
  nSymbols: number;
  /** Close per cell `t * nSymbols + s`; NaN where the symbol has no row (or a NaN close) that day. */
  close: Float64Array;
  /** Open per cell, when asked for; NaN where missing. */
  open: Float64Array | null;
  symbolIndex: Map<string, number>;
  dateIndex: DateIndex;
}

/** Prediction rows that could not be placed on the price grid. */
export interface UnmatchedPredictions {
  /** All rows not placed: unknownSymbol + unknownDate + noPrice. */
  count: number;
  /** Rows whose symbol has no price row at all. */
  unknownSymbol: number;
  /** Rows whose date is not a trading day of the price panel (no symbol has a row that day). */
  unknownDate: number;
  /** Rows whose symbol and date are known but the symbol has no close that day (not listed yet, delisted, halted). */
  noPrice: number;
  /** Distinct symbols absent from the prices (up to 20). */
  missingSymbols: string[];
  /** Up to 10 example rows. */
  examples: { symbol: string; date: string; reason: 'unknown symbol' | 'unknown date' | 'no price' }[];
}

/** Scores placed on a {@link PriceGrid}. */
export interface ScoreGrid {
  /** Score per cell `t * nSymbols + s`; NaN where there is no prediction (or a NaN score). */
  score: Float64Array;
  /** Prediction rows placed on the grid (including rows with a NaN score). */
  matched: number;
  /** First and last date index holding a placed row; -1 when none. */
  firstIndex: number;
  lastIndex: number;
  unmatched: UnmatchedPredictions;
}

/**
 * Builds the dense grid of a price panel (any row order).
 *
 * @param prices - Panel with `symbol`, `date` and the price columns.
 * @param options - `priceColumn` (default 'close'), `open` (also read the `open` column), `what` (for messages).
 * @throws SchemaError on a missing column, a non-finite date, a repeated (symbol, date), or a price ≤ 0 or infinite.
 */
export function priceGrid(
  prices: TableInput,
  options: { priceColumn?: string; open?: boolean; what?: string } = {},
): PriceGrid {
  const what = options.what ?? 'priceGrid';
  const symbolCol = stringsOf(prices, 'symbol', what);
  const dateCol = numbersOf(prices, 'date', what);
  const closeCol = numbersOf(prices, options.priceColumn ?? 'close', what);
  const openCol = options.open ? numbersOf(prices, 'open', what) : null;
  const n = dateCol.length;
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(dateCol[i]))
      throw new SchemaError(`${what}: prices have a non-finite date (${dateCol[i]}) at row ${i}`);
  const dates = uniqueDates(dateCol);
  const dateIndex = new DateIndex(dates);
  const symbolSet = new Set<string>();
  for (let i = 0; i < n; i++) symbolSet.add(symbolCol[i] ?? '');
  const symbols = [...symbolSet].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const symbolIndex = new Map<string, number>();
  symbols.forEach((s, k) => symbolIndex.set(s, k));
  const nS = symbols.length;
  const close = new Float64Array(dates.length * nS).fill(NaN);
  const open = openCol ? new Float64Array(dates.length * nS).fill(NaN) : null;
  const seen = new Uint8Array(dates.length * nS);
  let lastSym: string | null = null;
  let s = -1;
  for (let i = 0; i < n; i++) {
    const sym = symbolCol[i] ?? '';
    if (sym !== lastSym) {
      s = symbolIndex.get(sym)!;
      lastSym = sym;
    }
    const cell = dateIndex.get(dateCol[i])! * nS + s;
    if (seen[cell] === 1)
      throw new SchemaError(`${what}: duplicate price row (${sym}, ${formatDate(dateCol[i])}) at row ${i}`, {
        hint: 'Remove duplicate rows (validateOhlcv lists them)',
      });
    seen[cell] = 1;
    const c = closeCol[i];
    checkPrice(what, options.priceColumn ?? 'close', c, sym, dateCol[i]);
    close[cell] = c;
    if (open && openCol) {
      checkPrice(what, 'open', openCol[i], sym, dateCol[i]);
      open[cell] = openCol[i];
    }
  }
  return { dates, symbols, nDates: dates.length, nSymbols: nS, close, open, symbolIndex, dateIndex };
}

function checkPrice(what: string, column: string, v: number, symbol: string, date: number): void {
  if (Number.isNaN(v) || (v > 0 && v < Infinity)) return;
  throw new SchemaError(
    `${what}: ${column} must be a positive finite price or NaN, got ${v} for ${symbol} on ${formatDate(date)}`,
  );
}

/**
 * Places a predictions column on a price grid. A row is placed when its symbol has a price on its
 * date; every other row is counted in `unmatched` by reason.
 *
 * @param column - Score column. Default 'score'.
 * @throws SchemaError on a missing column or a repeated (symbol, date) among the placed rows.
 */
export function alignScores(
  grid: PriceGrid,
  predictions: TableInput,
  column = 'score',
  what = 'alignScores',
): ScoreGrid {
  const symbolCol = stringsOf(predictions, 'symbol', what);
  const dateCol = numbersOf(predictions, 'date', what);
  const scoreCol = numbersOf(predictions, column, what);
  const nS = grid.nSymbols;
  const score = new Float64Array(grid.nDates * nS).fill(NaN);
  const seen = new Uint8Array(grid.nDates * nS);
  const unmatched: UnmatchedPredictions = {
    count: 0,
    unknownSymbol: 0,
    unknownDate: 0,
    noPrice: 0,
    missingSymbols: [],
    examples: [],
  };
  const missing = new Set<string>();
  let matched = 0;
  let first = -1;
  let last = -1;
  const miss = (symbol: string, date: number, reason: UnmatchedPredictions['examples'][number]['reason']) => {
    unmatched.count++;
    if (reason === 'unknown symbol') {
      unmatched.unknownSymbol++;
      if (!missing.has(symbol) && missing.size < 20) missing.add(symbol);
    } else if (reason === 'unknown date') unmatched.unknownDate++;
    else unmatched.noPrice++;
    if (unmatched.examples.length < 10) unmatched.examples.push({ symbol, date: formatDate(date), reason });
  };
  let lastSym: string | null = null;
  let s: number | undefined;
  for (let i = 0; i < dateCol.length; i++) {
    const sym = symbolCol[i] ?? '';
    if (sym !== lastSym) {
      s = grid.symbolIndex.get(sym);
      lastSym = sym;
    }
    if (s === undefined) {
      miss(sym, dateCol[i], 'unknown symbol');
      continue;
    }
    const t = grid.dateIndex.get(dateCol[i]);
    if (t === undefined) {
      miss(sym, dateCol[i], 'unknown date');
      continue;
    }
    const cell = t * nS + s;
    if (Number.isNaN(grid.close[cell])) {
      miss(sym, dateCol[i], 'no price');
      continue;
    }
    if (seen[cell] === 1)
      throw new SchemaError(`${what}: duplicate prediction (${sym}, ${formatDate(dateCol[i])}) at row ${i}`, {
        hint: 'Keep one prediction per (symbol, date)',
      });
    seen[cell] = 1;
    const v = scoreCol[i];
    if (v === Infinity || v === -Infinity)
      throw new SchemaError(`${what}: ${column} is ${v} for (${sym}, ${formatDate(dateCol[i])}) at row ${i}`);
    score[cell] = v;
    matched++;
    if (first < 0 || t < first) first = t;
    if (t > last) last = t;
  }
  unmatched.missingSymbols = [...missing];
  return { score, matched, firstIndex: first, lastIndex: last, unmatched };
}
