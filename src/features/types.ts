/**
 * The contracts of features and labels (DESIGN.md §4).
 *
 * A **feature** looks back: computed per symbol from rows at or before each date, length-preserving,
 * NaN during warm-up, never rounded; its `lookback` is the index of its first non-NaN value on a
 * series without NaN. A **label** looks forward: computed per symbol from rows after each date, it
 * emits `t1`, the date on which the label becomes known, and exports its `horizon` in rows (trading
 * days). Splitters purge and embargo on `t1` (cv/).
 */

/** One symbol's rows, oldest first, as typed columns (`(nObs,)` each). Dates are epoch-ms UTC days. */
export interface SymbolSeries {
  symbol: string;
  date: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Data shared by all symbols while building a dataset. */
export interface FeatureContext {
  /**
   * The market series (e.g. SPY), aligned to the symbol's dates point-in-time: for each of the
   * symbol's rows, the market close at or before that date (`asOfJoin`). Present when the dataset was
   * built with a market series.
   */
  marketClose?: Float64Array;
  /** The market series on its own calendar (oldest first), for features computed on the market itself. */
  market?: MarketSeries;
}

/** A market series (SPY, ^GSPC or an equal-weight index) on its own trading calendar. */
export interface MarketSeries {
  /** Epoch-ms UTC days, strictly increasing, `(nObs,)`. */
  date: Float64Array;
  /** Close (or index level), `(nObs,)`. */
  close: Float64Array;
}

/** A feature: a pure, causal function of one symbol's series. */
export interface FeatureDefinition<P extends object = Record<string, number>> {
  /** Registry name used in specs, e.g. `'rsi'`. */
  readonly name: string;
  /** One line for the docs and error messages. */
  readonly description: string;
  /** Default parameters (every parameter has one). */
  readonly defaults: Readonly<P>;
  /** Throws a ParameterError (RangeError) echoing an invalid parameter value. */
  validate(params: P): void;
  /** Output column names, e.g. `['rsi_14']` or `['macd_line', 'macd_signal', 'macd_hist']`. */
  outputs(params: P): string[];
  /** Index of the first non-NaN output on a NaN-free series (the same for every output column, or the largest). */
  lookback(params: P): number;
  /** Whether the feature needs `ctx.marketClose`. */
  readonly needsMarket?: boolean;
  /** Computes the outputs, in the order of `outputs(params)`, each `(nObs,)`. Must not read `series` after index t for output t. */
  compute(series: SymbolSeries, params: P, ctx: FeatureContext): Float64Array[];
}

/** What a label computes for one symbol. */
export interface LabelResult {
  /** One array per output column, `(nObs,)`; NaN where the label is not yet known. */
  values: Float64Array[];
  /** Date (epoch-ms) on which each row's label becomes known; NaN where not known. `(nObs,)`. */
  t1: Float64Array;
}

/** A label: a function of one symbol's series that looks forward at most `horizon` rows. */
export interface LabelDefinition<P extends object = Record<string, number>> {
  readonly name: string;
  readonly description: string;
  readonly defaults: Readonly<P>;
  validate(params: P): void;
  outputs(params: P): string[];
  /** The most rows ahead the label reads (its vertical barrier): row t depends on rows (t, t + horizon] only. */
  horizon(params: P): number;
  readonly needsMarket?: boolean;
  compute(series: SymbolSeries, params: P, ctx: FeatureContext): LabelResult;
}
