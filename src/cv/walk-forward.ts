/**
 * Walk-forward validation over the sorted unique dates of a panel: consecutive test blocks at the end
 * of the data, each trained only on dates before it, minus an embargo.
 *
 * ```
 *  N dates (day 0 … N−1), nSplits = 3, T = testDays, S = step (= T by default), E = embargoDays
 *
 *  expanding:  [0 ─────────── train ───────────)[E dates][── test T ──)
 *  split 0     0                          s0 − E       s0          s0 + T
 *  split 1     [0 ─────────────── train ─────────────────)[E][── test T ──)        s1 = s0 + S
 *  split 2     [0 ───────────────────── train ───────────────────)[E][── test T ──) s2 = s0 + 2S, s2 + T = N
 *
 *  rolling:    the same test blocks; train keeps only the last W = trainDays dates before the embargo:
 *              [s_k − E − W ── train W ──)[E][── test T ──)
 * ```
 * With `S = T` the test blocks tile the last `nSplits · T` dates; the seed-004 setting (`nSplits: 5`,
 * `testFraction: 0.2`, `embargoDays: 2`) tests the last 20 % of dates in five consecutive blocks.
 */
import type { Split } from '../types.js';
import { ParameterError } from '../util/errors.js';
import {
  checkGap,
  checkHorizonOptions,
  checkInteger,
  indexDates,
  resolveHorizon,
  splitByDays,
  toSplitData,
  type DateSplitter,
  type HorizonOptions,
  type SplitInput,
} from './dates.js';

/** Options of {@link walkForwardSplit}; every length is a count of dates (trading days of the data). */
export interface WalkForwardOptions extends HorizonOptions {
  /** Number of test blocks (splits), integer ≥ 1. Default 5. */
  nSplits?: number;
  /** `'expanding'` trains on every date before the embargo (default); `'rolling'` on the last `trainDays`. */
  window?: 'expanding' | 'rolling';
  /** Training dates per split for `window: 'rolling'`, integer ≥ 1. Default: what the first split has (`s_0 − embargoDays`). */
  trainDays?: number;
  /** Dates per test block `T`, integer ≥ 1. Exclusive with `testFraction`. */
  testDays?: number;
  /** Fraction of all dates to test on, in (0, 1): `T = floor(nDates · testFraction / nSplits)`. Default 0.2 when `testDays` is absent. */
  testFraction?: number;
  /** Dates between the starts of consecutive test blocks `S`, integer ≥ 1. Default `T` (adjacent blocks). */
  step?: number;
  /** Dates left out between the last training date and the test block `E`, integer ≥ 0. Required. */
  embargoDays: number;
}

/**
 * Walk-forward splits over dates. With `N` unique dates, test block length `T` (`testDays`, or
 * `floor(N · testFraction / nSplits)`) and step `S` (default `T`), split `k = 0 … nSplits − 1` tests
 * the dates `[s_k, s_k + T)` with `s_k = N − T − (nSplits − 1 − k) · S` (the last block ends at the
 * last date) and trains on the dates `[0, s_k − E)` (`expanding`) or `[s_k − E − W, s_k − E)`
 * (`rolling`, `W = trainDays`, default `s_0 − E` so every split trains on as many dates as the first
 * can). So every training date is more than `E` dates before every test date of its split. Rows are
 * placed by date alone (a row with NaN `t1` trains like any other); `t1` is read only for the horizon rule.
 *
 * The label rule (DESIGN.md §1): `embargoDays` must be ≥ the label horizon in dates (option
 * `horizon`, else the larger of a Dataset's `horizon` and the most dates between a date and its
 * `t1`), unless `allowOverlap: true`.
 *
 * @param options - {@link WalkForwardOptions}.
 * @returns A splitter whose `split(data)` takes {@link SplitData} or a Dataset, rows in any order.
 * @throws ParameterError echoing a bad option (both `testDays` and `testFraction`, `trainDays` with an
 *   expanding window, …); from `split`, when the test blocks do not fit in the dates, when the first
 *   split has no training dates (or fewer than `trainDays`), and when `embargoDays` is shorter than the
 *   label horizon.
 * @example
 * // date = 10 consecutive days, one row each; 2 blocks of 2 test dates, embargo 1
 * walkForwardSplit({ nSplits: 2, testDays: 2, embargoDays: 1 }).split({ date })
 * // [{ train: [0, 1, 2, 3, 4], test: [6, 7] }, { train: [0, 1, 2, 3, 4, 5, 6], test: [8, 9] }]
 */
export function walkForwardSplit(options: WalkForwardOptions): DateSplitter {
  const what = 'walkForwardSplit';
  const nSplits = checkInteger(what, 'nSplits', options.nSplits ?? 5, 1);
  const window = options.window ?? 'expanding';
  if (window !== 'expanding' && window !== 'rolling')
    throw new ParameterError(
      `${what}: window must be 'expanding' or 'rolling', got ${JSON.stringify(window)}`,
    );
  if (options.embargoDays === undefined)
    throw new ParameterError(
      `${what}: embargoDays is required (dates between training and test, ≥ the label horizon)`,
    );
  const embargo = checkInteger(what, 'embargoDays', options.embargoDays, 0);
  if (options.trainDays !== undefined) {
    checkInteger(what, 'trainDays', options.trainDays, 1);
    if (window === 'expanding')
      throw new ParameterError(
        `${what}: trainDays=${options.trainDays} applies to window 'rolling' only; an expanding window trains on every earlier date`,
      );
  }
  if (options.testDays !== undefined && options.testFraction !== undefined)
    throw new ParameterError(
      `${what}: give testDays or testFraction, not both (got testDays=${options.testDays}, testFraction=${options.testFraction})`,
    );
  if (options.testDays !== undefined) checkInteger(what, 'testDays', options.testDays, 1);
  const fraction = options.testFraction ?? 0.2;
  if (!(fraction > 0 && fraction < 1))
    throw new ParameterError(`${what}: testFraction must be in (0, 1), got ${String(fraction)}`);
  if (options.step !== undefined) checkInteger(what, 'step', options.step, 1);
  checkHorizonOptions(what, options);

  return {
    nSplits,
    split(data: SplitInput): Split[] {
      const input = toSplitData(data);
      const index = indexDates(input, what);
      const n = index.calendar.length;
      // 1e-9 absorbs float error in n · fraction (100 · 0.29 = 28.999999999999996 in binary floating point).
      const testDays = options.testDays ?? Math.floor((n * fraction) / nSplits + 1e-9);
      if (testDays < 1)
        throw new ParameterError(
          `${what}: testFraction=${fraction} of ${n} dates in nSplits=${nSplits} blocks leaves less than one test date per block; use more dates, fewer splits or testDays`,
        );
      const step = options.step ?? testDays;
      const firstTest = n - testDays - (nSplits - 1) * step;
      const firstTrainEnd = firstTest - embargo;
      if (firstTrainEnd < 1)
        throw new ParameterError(
          `${what}: nSplits=${nSplits} test blocks of ${testDays} dates every ${step} dates with embargoDays=${embargo} ` +
            `need more than ${n - firstTrainEnd} dates, got ${n}; the first split would have no training dates`,
        );
      const trainDays = options.trainDays ?? firstTrainEnd;
      if (window === 'rolling' && trainDays > firstTrainEnd)
        throw new ParameterError(
          `${what}: trainDays=${trainDays} but the first split has only ${firstTrainEnd} dates before its embargo (of ${n} dates)`,
        );
      checkGap(what, 'embargoDays', embargo, resolveHorizon(input, index, options), options.allowOverlap);
      const splits: Split[] = [];
      for (let k = 0; k < nSplits; k++) {
        const testStart = firstTest + k * step;
        const trainEnd = testStart - embargo;
        const trainStart = window === 'rolling' ? trainEnd - trainDays : 0;
        splits.push(splitByDays(index.day, trainStart, trainEnd, testStart, testStart + testDays));
      }
      return splits;
    },
  };
}
