/**
 * Forward-return labels: the return from the close of row t to the close of row t + h.
 *
 * ```
 *  forward_return    fwd_ret_<h>     = close_{t+h} / close_t − 1        (log: fwd_logret_<h> = ln(close_{t+h} / close_t))
 *  excess_return     excess_ret_<h>  = fwd_ret_<h> − (market_{t+h} / market_t − 1)   (log: excess_logret_<h>)
 *  next_day_return   next_ret_1      = forward_return with h = 1 (seed 004's target)
 *  t1 = date_{t+h}; horizon h rows (trading days); NaN (and NaN t1) for the last h rows.
 * ```
 * h counts rows of the symbol, not calendar days. Returns are fractions (0.01 = 1 %), unannualized.
 * Equal to pandas `close.shift(-h) / close - 1` and `np.log(close.shift(-h) / close)` at every row
 * (test/fixtures/labels, 1e-12).
 *
 * NaN policy: NaN where close_t or close_{t+h} is NaN, or the result is not finite (a zero close_t; a
 * zero close_{t+h} in log form). Closes are expected positive (validateOhlcv's `non_positive_price`).
 */
import { checkPeriod } from '../features/rolling.js';
import type { FeatureContext, LabelDefinition, LabelResult, SymbolSeries } from '../features/types.js';
import { ParameterError, SchemaError } from '../util/errors.js';
import { finiteOrNaN, t1AtHorizon } from './t1.js';

/** Options of {@link forwardReturn}. */
export interface ForwardReturnOptions {
  /** Log return ln(close_{t+h} / close_t) instead of the simple return. Default false. */
  log?: boolean;
}

/**
 * Forward return over `h` rows: close_{t+h} / close_t − 1, or ln(close_{t+h} / close_t).
 *
 * @param close - Closes, `(nObs,)`.
 * @param h - Horizon in rows (integer ≥ 1).
 * @param options - {@link ForwardReturnOptions}.
 * @returns `(nObs,)`, fraction; NaN for t ≥ nObs − h and where either close is NaN (see the NaN policy).
 * @throws ParameterError (RangeError) for a non-integer or < 1 `h`, echoing it.
 * @see pandas `close.shift(-h) / close - 1`.
 * @example forwardReturn(Float64Array.of(100, 110, 99), 1) // [0.10000000000000009, -0.09999999999999998, NaN]
 */
export function forwardReturn(
  close: Float64Array,
  h: number,
  options: ForwardReturnOptions = {},
): Float64Array {
  checkPeriod('forwardReturn', 'h', h);
  const log = options.log ?? false;
  const out = new Float64Array(close.length).fill(NaN);
  for (let t = 0; t + h < close.length; t++) {
    const ratio = close[t + h] / close[t];
    out[t] = finiteOrNaN(log ? Math.log(ratio) : ratio - 1);
  }
  return out;
}

/**
 * Forward return in excess of the market's over the same rows: forwardReturn(close) − forwardReturn(market).
 *
 * @param close - Closes, `(nObs,)`.
 * @param market - Market closes aligned to the same rows (`ctx.marketClose`), `(nObs,)`.
 * @param h - Horizon in rows (integer ≥ 1).
 * @param options - {@link ForwardReturnOptions}: `log` subtracts log returns.
 * @returns `(nObs,)`, fraction; NaN where either forward return is NaN.
 * @throws ParameterError for a bad `h`; SchemaError when `market` has another length.
 * @example excessReturn(Float64Array.of(100, 110), Float64Array.of(10, 10.5), 1) // [0.050000000000000044, NaN]
 */
export function excessReturn(
  close: Float64Array,
  market: Float64Array,
  h: number,
  options: ForwardReturnOptions = {},
): Float64Array {
  if (market.length !== close.length)
    throw new SchemaError(
      `excessReturn: market has ${market.length} rows, close has ${close.length}; align the market to the symbol's dates`,
    );
  const own = forwardReturn(close, h, options);
  const mkt = forwardReturn(market, h, options);
  for (let t = 0; t < own.length; t++) own[t] -= mkt[t];
  return own;
}

/** Parameters of {@link forwardReturnLabel} and {@link excessReturnLabel}. */
export interface ForwardReturnParams {
  /** Horizon in rows (trading days), integer ≥ 1. Default 5 (one trading week). */
  h: number;
  /** Log return instead of simple. Default false. */
  log: boolean;
}

function validateForward(what: string, p: ForwardReturnParams): void {
  checkPeriod(what, 'h', p.h);
  if (typeof p.log !== 'boolean')
    throw new ParameterError(`${what}: log must be a boolean, got ${String(p.log)}`);
}

function fixedHorizon(series: SymbolSeries, h: number, value: Float64Array): LabelResult {
  return { values: [value], t1: t1AtHorizon(series.date, h, value) };
}

/** `fwd_ret_<h>` (or `fwd_logret_<h>`): the forward return over h rows; t1 = date_{t+h}. */
export const forwardReturnLabel: LabelDefinition<ForwardReturnParams> = {
  name: 'forward_return',
  description: 'forward return over h rows, close_{t+h} / close_t − 1 (or its log); t1 = date_{t+h}',
  defaults: { h: 5, log: false },
  validate: (p) => validateForward('forward_return', p),
  outputs: (p) => [p.log ? `fwd_logret_${p.h}` : `fwd_ret_${p.h}`],
  horizon: (p) => p.h,
  compute(series, p) {
    validateForward('forward_return', p);
    return fixedHorizon(series, p.h, forwardReturn(series.close, p.h, { log: p.log }));
  },
};

/**
 * `excess_ret_<h>` (or `excess_logret_<h>`): the forward return minus the market's over the same rows
 * (ctx.marketClose, aligned as-of to the symbol's dates); t1 = date_{t+h}.
 *
 * @throws SchemaError from compute when `ctx.marketClose` is absent.
 */
export const excessReturnLabel: LabelDefinition<ForwardReturnParams> = {
  name: 'excess_return',
  description: "forward return over h rows minus the market's over the same rows; t1 = date_{t+h}",
  defaults: { h: 5, log: false },
  validate: (p) => validateForward('excess_return', p),
  outputs: (p) => [p.log ? `excess_logret_${p.h}` : `excess_ret_${p.h}`],
  horizon: (p) => p.h,
  needsMarket: true,
  compute(series: SymbolSeries, p: ForwardReturnParams, ctx: FeatureContext) {
    validateForward('excess_return', p);
    if (!ctx.marketClose)
      throw new SchemaError(`excess_return: needs the market close (ctx.marketClose) for ${series.symbol}`, {
        hint: 'Build the dataset with a market series (options.market)',
      });
    return fixedHorizon(series, p.h, excessReturn(series.close, ctx.marketClose, p.h, { log: p.log }));
  },
};

/**
 * `next_ret_1`: the next day's simple return close_{t+1} / close_t − 1 (seed 004's target), i.e.
 * {@link forwardReturnLabel} with h = 1 under its own name. No parameters; horizon 1; t1 = date_{t+1}.
 */
export const nextDayReturnLabel: LabelDefinition<Record<string, never>> = {
  name: 'next_day_return',
  description:
    "next day's simple return close_{t+1} / close_t − 1 (forward_return with h = 1); t1 = date_{t+1}",
  defaults: {},
  validate: () => undefined,
  outputs: () => ['next_ret_1'],
  horizon: () => 1,
  compute: (series) => fixedHorizon(series, 1, forwardReturn(series.close, 1)),
};
