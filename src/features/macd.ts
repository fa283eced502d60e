/**
 * MACD (Appel) with TTR::MACD's EMAs, and the three lines divided by close as features.
 *
 * ```
 *  line_t    = EMA_fast(close)_t − EMA_slow(close)_t       EMAs seeded with the SMA of their first n values
 *  signal_t  = EMA_signal(line)_t                          seeded with the mean of the first `signal` lines
 *  hist_t    = line_t − signal_t
 *  features  = line / close, signal / close, hist / close  (TTR's MACD(percent = FALSE) divided by close)
 * ```
 * First values (lookbacks): line at slow − 1 (25), signal and histogram at slow + signal − 2 (33).
 *
 * Computed here rather than through `technicalindicators` (v3.1.0). Its `MACD.calculate` must be
 * told `SimpleMAOscillator: false, SimpleMASignal: false` (its EMA is then SMA-seeded like TTR's) and
 * then agrees with TTR to ~1e-11 relative (its EMA step `(x − e)·α + e` rounds differently from
 * TTR's `α·x + (1 − α)·e`), but it returns `slow − 1` fewer rows, skips a step when either EMA is 0
 * (`if (fast && slow)`), so a NaN close freezes the line at its last value instead of propagating,
 * and steps a generator per row. Ours uses TTR's EMA formula (rolling.ts `ema`).
 */
import { ParameterError } from '../util/errors.js';
import { checkPeriod, ema } from './rolling.js';
import type { FeatureDefinition } from './types.js';

/** The three MACD series, in price units. */
export interface MacdResult {
  line: Float64Array;
  signal: Float64Array;
  hist: Float64Array;
}

function checkMacd(what: string, fast: number, slow: number, signal: number): void {
  checkPeriod(what, 'fast', fast);
  checkPeriod(what, 'slow', slow);
  checkPeriod(what, 'signal', signal);
  if (fast >= slow)
    throw new ParameterError(
      `${what}: fast must be shorter than slow, got fast = ${String(fast)}, slow = ${String(slow)}`,
    );
}

/**
 * MACD line, signal and histogram of `close`, in price units (TTR::MACD with percent = FALSE).
 *
 * @param close - Closes, `(nObs,)`.
 * @param fast - Fast EMA period (integer ≥ 1), default 12.
 * @param slow - Slow EMA period (integer > fast), default 26.
 * @param signal - Signal EMA period (integer ≥ 1), default 9.
 * @returns `{ line, signal, hist }`, each `(nObs,)` in price units: line NaN for t < slow − 1, signal
 *   and hist NaN for t < slow + signal − 2. NaN policy: a NaN close makes both EMAs NaN from there;
 *   each re-seeds on its next n valid closes (rolling.ts `ema`), then the signal on its next `signal`
 *   valid lines.
 * @throws ParameterError (RangeError) for a non-integer or < 1 period, or fast ≥ slow, echoing them.
 * @see TTR::MACD(x, 12, 26, 9, maType = "EMA", percent = FALSE); Appel (2005) Technical Analysis:
 *   Power Tools for Active Investors.
 * @example macd(Float64Array.of(1, 2, 3, 4, 5), 2, 3, 2).line // [NaN, NaN, 0.5, 0.5, 0.5]
 */
export function macd(close: Float64Array, fast = 12, slow = 26, signal = 9): MacdResult {
  checkMacd('macd', fast, slow, signal);
  const line = ema(close, fast);
  const emaSlow = ema(close, slow);
  for (let t = 0; t < line.length; t++) line[t] -= emaSlow[t];
  const sig = ema(line, signal);
  const hist = emaSlow; // reuse the buffer
  for (let t = 0; t < line.length; t++) hist[t] = line[t] - sig[t];
  return { line, signal: sig, hist };
}

/** Parameters of {@link macdFeature}. */
export interface MacdParams {
  /** Fast EMA period. Default 12. */
  fast: number;
  /** Slow EMA period (> fast). Default 26. */
  slow: number;
  /** Signal EMA period. Default 9. */
  signal: number;
}

/** Lookbacks of the feature's outputs `[line, signal, hist]`: slow − 1, slow + signal − 2 (twice). */
export function macdLookbacks(p: MacdParams): number[] {
  return [p.slow - 1, p.slow + p.signal - 2, p.slow + p.signal - 2];
}

/**
 * `macd_line`, `macd_signal`, `macd_hist`, each divided by close (a fraction of price, comparable
 * across symbols). With non-default periods the names get a `_<fast>_<slow>_<signal>` suffix.
 * Lookback: the largest, slow + signal − 2 (33); `macd_line` itself starts at slow − 1 (25).
 */
export const macdFeature: FeatureDefinition<MacdParams> = {
  name: 'macd',
  description: 'MACD line, signal and histogram (EMA 12/26/9, TTR::MACD percent = FALSE) divided by close',
  defaults: { fast: 12, slow: 26, signal: 9 },
  validate: (p) => checkMacd('macd', p.fast, p.slow, p.signal),
  outputs: (p) => {
    const suffix = p.fast === 12 && p.slow === 26 && p.signal === 9 ? '' : `_${p.fast}_${p.slow}_${p.signal}`;
    return ['macd_line', 'macd_signal', 'macd_hist'].map((c) => c + suffix);
  },
  lookback: (p) => Math.max(...macdLookbacks(p)),
  compute: (s, p) => {
    const m = macd(s.close, p.fast, p.slow, p.signal);
    const c = s.close;
    for (let t = 0; t < c.length; t++) {
      m.line[t] /= c[t];
      m.signal[t] /= c[t];
      m.hist[t] /= c[t];
    }
    return [m.line, m.signal, m.hist];
  },
};
