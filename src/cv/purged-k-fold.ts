/**
 * Purged k-fold cross-validation with an embargo (López de Prado, *Advances in Financial Machine
 * Learning*, 2018, ch. 7), over the sorted unique dates of a panel.
 *
 * ```
 *  dates:        [──── fold 0 ────][──── fold 1 (test) ────][──── fold 2 ────]
 *  test span:                      t0 ══ test rows' [date, t1] ══▶ t1max
 *  + embargo:                                                      ──E dates──▶ end
 *  train:        rows whose [date, t1] misses [t0, end] (closed), t1 known
 *  purged:               ◀─[date, t1] reaching t0─┘            └─ dated in (t1max, end] ─▶
 * ```
 */
import type { Split } from '../types.js';
import { ParameterError, SchemaError } from '../util/errors.js';
import {
  checkGap,
  checkHorizonOptions,
  checkInteger,
  collectSplit,
  datesUpTo,
  indexDates,
  resolveHorizon,
  showDate,
  toSplitData,
  type DateSplitter,
  type HorizonOptions,
  type SplitInput,
} from './dates.js';

/** Options of {@link purgedKFold}. */
export interface PurgedKFoldOptions extends HorizonOptions {
  /** Number of folds K, integer ≥ 2. Default 5. */
  nSplits?: number;
  /** Embargo as a fraction of the dates, in [0, 1): `E = floor(nDates · embargo)` dates (AFML's `pctEmbargo`). Exclusive with `embargoDays`. */
  embargo?: number;
  /** Embargo as a count of dates `E`, integer ≥ 0. Exclusive with `embargo`. Default 0 (then the horizon rule asks for one). */
  embargoDays?: number;
}

/**
 * Purged k-fold splits over dates (AFML snippets 7.1 getTrainTimes, 7.2 getEmbargoTimes, 7.3
 * PurgedKFold). With `N` unique dates:
 *
 * 1. The dates are cut into K contiguous folds like `numpy.array_split(range(N), K)` (the first
 *    `N mod K` folds have one date more). Split `k` tests every row dated in fold `k`.
 * 2. Test span: `[t0, t1max]`, `t0` = the fold's first date, `t1max` = the latest `t1` of its test
 *    rows (a test row with NaN `t1` counts its date).
 * 3. Embargo (7.2): the span's end moves `E` dates later on the calendar — to the date `E` positions
 *    after the last date ≤ `t1max` (past the last date: to +∞). `E = embargoDays`, or
 *    `floor(N · embargo)` for a fraction (AFML's `int(T · pctEmbargo)`, on dates).
 * 4. Purge (7.1): a row outside the fold trains iff its `t1` is known and its label interval
 *    `[date, t1]` does not intersect the embargoed span `[t0, end]` (closed intervals: a label ending
 *    on `t0`, or one starting on `end`, is purged). Rows with NaN `t1` never train.
 *
 * Departures from snippet 7.3's code, deliberate: it keeps a training label ending exactly at `t0`
 * (`t1 <= t0`) and a training row dated exactly `t1max` (`searchsorted`), which the closed intervals of
 * 7.1 purge; its embargo counts rows (`int(X.shape[0] * pctEmbargo)`), ours dates (a panel has many rows
 * per date).
 *
 * The label rule (DESIGN.md §1): the embargo (in dates) must be ≥ the label horizon (option `horizon`,
 * else the larger of a Dataset's `horizon` and the most dates between a date and its `t1`) unless
 * `allowOverlap: true`. Purging alone already keeps labels apart; the embargo then buffers the training
 * rows after a test fold, whose features look back into the test labels' period, by at least a horizon.
 *
 * @param options - {@link PurgedKFoldOptions}.
 * @returns A splitter whose `split(data)` takes {@link SplitData} with `t1`, or a Dataset.
 * @throws ParameterError echoing a bad option; from `split`: more folds than dates, an embargo shorter
 *   than the horizon, or a split left without training rows.
 * @throws SchemaError from `split` when the data have no `t1`, or a `t1` is before its date.
 * @see López de Prado (2018), *Advances in Financial Machine Learning*, §7.4, snippets 7.1–7.3.
 * @example
 * // 6 consecutive days, one row each; t1 = the next day (NaN on the last); K = 3, embargoDays 1:
 * // split 1 tests days 2, 3; span [2, 4] + 1 date → [2, 5]; day 1 ([1, 2]) and days 4, 5 are purged
 * purgedKFold({ nSplits: 3, embargoDays: 1 }).split({ date, t1 })[1] // { train: [0], test: [2, 3] }
 */
export function purgedKFold(options: PurgedKFoldOptions = {}): DateSplitter {
  const what = 'purgedKFold';
  const nSplits = checkInteger(what, 'nSplits', options.nSplits ?? 5, 2);
  if (options.embargo !== undefined && options.embargoDays !== undefined)
    throw new ParameterError(
      `${what}: give embargo (a fraction of the dates) or embargoDays (a count), not both (got embargo=${options.embargo}, embargoDays=${options.embargoDays})`,
    );
  if (options.embargo !== undefined && !(options.embargo >= 0 && options.embargo < 1))
    throw new ParameterError(
      `${what}: embargo must be a fraction of the dates in [0, 1), got ${String(options.embargo)}`,
    );
  if (options.embargoDays !== undefined) checkInteger(what, 'embargoDays', options.embargoDays, 0);
  checkHorizonOptions(what, options);

  return {
    nSplits,
    split(data: SplitInput): Split[] {
      const input = toSplitData(data);
      const { date, t1 } = input;
      if (!t1)
        throw new SchemaError(`${what}: the data have no t1 (label end dates); purging needs them`, {
          hint: 'Pass { date, t1 } or a Dataset with a t1 column',
        });
      const index = indexDates(input, what);
      const { calendar, day } = index;
      const n = calendar.length;
      if (nSplits > n)
        throw new ParameterError(
          `${what}: Cannot have number of splits n_splits=${nSplits} greater than the number of samples: n_samples=${n} (samples are the unique dates)`,
        );
      const embargo = options.embargoDays ?? Math.floor(n * (options.embargo ?? 0) + 1e-9);
      const horizon = resolveHorizon(input, index, options);
      const shown =
        options.embargo === undefined
          ? `embargoDays=${embargo} dates`
          : `embargo=${options.embargo} (= ${embargo} of ${n} dates)`;
      checkGap(what, 'embargoDays', embargo, horizon, options.allowOverlap, shown);

      const splits: Split[] = [];
      const base = Math.floor(n / nSplits);
      const extra = n % nSplits;
      let from = 0;
      for (let k = 0; k < nSplits; k++) {
        const to = from + base + (k < extra ? 1 : 0);
        const t0 = calendar[from];
        let spanEnd = -Infinity;
        for (let i = 0; i < day.length; i++)
          if (day[i] >= from && day[i] < to)
            spanEnd = Math.max(spanEnd, Number.isNaN(t1[i]) ? date[i] : t1[i]);
        let end = spanEnd;
        if (embargo > 0) {
          const p = datesUpTo(calendar, spanEnd) - 1 + embargo;
          end = p < n ? calendar[p] : Infinity;
        }
        const split = collectSplit(day.length, (i) => {
          if (day[i] >= from && day[i] < to) return 2;
          const e = t1[i];
          if (Number.isNaN(e)) return 0;
          return date[i] <= end && e >= t0 ? 0 : 1;
        });
        if (split.train.length === 0)
          throw new ParameterError(
            `${what}: split ${k} (test dates ${showDate(t0)}..${showDate(calendar[to - 1])}) has no training rows left ` +
              `after purging and an embargo of ${embargo} dates; use fewer splits or a shorter embargo, or check t1`,
          );
        splits.push(split);
        from = to;
      }
      return splits;
    },
  };
}
