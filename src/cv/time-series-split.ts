/**
 * scikit-learn's `TimeSeriesSplit`, applied to the sorted unique dates of a panel.
 *
 * ```
 *  dates (nDates = 12, nSplits = 3, testSize = 2, gap = 1)
 *  day:      0 1 2 3 4 5 6 7 8 9 10 11
 *  split 0:  T T T T T · t t
 *  split 1:  T T T T T T T · t t
 *  split 2:  T T T T T T T T T ·  t  t        T = train, t = test, · = gap
 * ```
 * Test blocks of `testSize` dates end at the last date; each trains on every earlier date except the
 * `gap` dates just before its test block (the last `maxTrainSize` of them at most).
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

/** Options of {@link timeSeriesSplit}; sizes are counts of dates (sklearn's samples). */
export interface TimeSeriesSplitOptions extends HorizonOptions {
  /** Number of splits, integer ≥ 2. Default 5 (sklearn's `n_splits`). */
  nSplits?: number;
  /** Dates per test block, integer ≥ 1. Default `floor(nDates / (nSplits + 1))` (sklearn's `test_size`). */
  testSize?: number;
  /** Dates left out between the training dates and each test block, integer ≥ 0. Default 0 (sklearn's `gap`). */
  gap?: number;
  /** At most this many training dates (the latest), integer ≥ 1. Default: no limit (sklearn's `max_train_size`). */
  maxTrainSize?: number;
}

/**
 * Expanding-window time-series cross-validation with scikit-learn's `TimeSeriesSplit` semantics over
 * the sorted unique dates: with `N` dates, split `k` (0-based) tests the dates
 * `[N − (nSplits − k)·testSize, N − (nSplits − k − 1)·testSize)` and trains on the dates before
 * `testStart − gap` (the last `maxTrainSize` of them when that is smaller). Every row of a date goes
 * where its date goes, so on one series with one row per date the indices equal sklearn's. Rows are
 * placed by date alone (a row with NaN `t1` trains like any other); `t1` is read only for the horizon rule.
 *
 * The label rule (DESIGN.md §1): `gap` must be ≥ the label horizon in dates (option `horizon`, else the
 * larger of a Dataset's `horizon` and the most dates between a row's date and its `t1`), unless
 * `allowOverlap: true`. Without `t1` or a horizon the horizon is 0.
 *
 * Departures from sklearn 1.2, which mishandles these: `testSize = 0` (sklearn crashes in `range`),
 * a negative `gap` (sklearn then yields overlapping train and test) and `maxTrainSize = 0` (sklearn
 * ignores it) are refused with a ParameterError.
 *
 * @param options - {@link TimeSeriesSplitOptions}.
 * @returns A splitter whose `split(data)` takes {@link SplitData} or a Dataset, rows in any order.
 * @throws ParameterError (a RangeError) for a non-integer or out-of-range option, echoing it; from
 *   `split`, with sklearn's messages: `Cannot have number of folds=… greater than the number of
 *   samples=…` and `Too many splits=… for number of samples=… with test_size=… and gap=…` (samples
 *   are dates); and when `gap` is shorter than the label horizon.
 * @see sklearn.model_selection.TimeSeriesSplit (scikit-learn 1.2)
 * @example
 * timeSeriesSplit({ nSplits: 3, testSize: 2, gap: 2 }).split({ date: Float64Array.from({ length: 12 }, (_, i) => i * 864e5) })[0]
 * // { train: Int32Array [0, 1, 2, 3], test: Int32Array [6, 7] }
 */
export function timeSeriesSplit(options: TimeSeriesSplitOptions = {}): DateSplitter {
  const what = 'timeSeriesSplit';
  const nSplits = options.nSplits ?? 5;
  if (!Number.isInteger(nSplits))
    throw new ParameterError(
      `${what}: The number of folds must be of Integral type. ${String(nSplits)} of type ${typeof nSplits} was passed. (option nSplits)`,
    );
  if (nSplits <= 1)
    throw new ParameterError(
      `${what}: k-fold cross-validation requires at least one train/test split by setting n_splits=2 or more, got n_splits=${nSplits}. (option nSplits)`,
    );
  if (options.testSize !== undefined) checkInteger(what, 'testSize', options.testSize, 1);
  const gap = checkInteger(what, 'gap', options.gap ?? 0, 0);
  if (options.maxTrainSize !== undefined) checkInteger(what, 'maxTrainSize', options.maxTrainSize, 1);
  checkHorizonOptions(what, options);

  return {
    nSplits,
    split(data: SplitInput): Split[] {
      const input = toSplitData(data);
      const index = indexDates(input, what);
      const n = index.calendar.length;
      const nFolds = nSplits + 1;
      const testSize = options.testSize ?? Math.floor(n / nFolds);
      if (nFolds > n)
        throw new ParameterError(
          `${what}: Cannot have number of folds=${nFolds} greater than the number of samples=${n}. Samples are the unique dates.`,
        );
      if (n - gap - testSize * nSplits <= 0)
        throw new ParameterError(
          `${what}: Too many splits=${nSplits} for number of samples=${n} with test_size=${testSize} and gap=${gap}. Samples are the unique dates; testSize and gap count dates.`,
        );
      checkGap(what, 'gap', gap, resolveHorizon(input, index, options), options.allowOverlap);
      const splits: Split[] = [];
      for (let testStart = n - nSplits * testSize; testStart < n; testStart += testSize) {
        const trainEnd = testStart - gap;
        const max = options.maxTrainSize;
        const trainStart = max !== undefined && max < trainEnd ? trainEnd - max : 0;
        splits.push(splitByDays(index.day, trainStart, trainEnd, testStart, testStart + testSize));
      }
      return splits;
    },
  };
}
