/**
 * Leakage check of any set of splits: does a training row's label interval touch a test row's?
 *
 * ```
 *  per split: test rows ──by calendar date──▶ running max of their t1 (and the row holding it)
 *             each train row [date, t1] ──test rows dated ≤ its t1──▶ any t1 ≥ its date? → overlap
 *             each train row's date ──latest test date before it──▶ within embargoDays dates? → embargo
 * ```
 * O(nRows + nDates) per split.
 */
import type { Split } from '../types.js';
import { ParameterError } from '../util/errors.js';
import { checkInteger, datesUpTo, indexDates, toSplitData, type SplitInput } from './dates.js';

/** Options of {@link checkLeakage}. */
export interface LeakageOptions {
  /** Also flag training rows dated 1 … `embargoDays` dates (on the data's calendar) after a test row's date. Default 0 (off). */
  embargoDays?: number;
  /** At most this many leaks are listed (`count` is the total). Default 100. */
  maxLeaks?: number;
}

/** One leaking training row of one split, with a test row it leaks into. */
export interface Leak {
  /** Index of the split in the array checked. */
  split: number;
  /** `'overlap'`: the label intervals intersect; `'embargo'`: the training row is dated within the embargo after the test row. */
  kind: 'overlap' | 'embargo';
  trainRow: number;
  /** A test row it leaks into: for an overlap, of the test rows dated ≤ the training row's t1, the one whose t1 reaches furthest; for an embargo, a row on the latest test date before it. */
  testRow: number;
  /** `[date, t1]` of the training row, epoch-ms (`t1` = date when NaN or absent). */
  trainInterval: [number, number];
  /** `[date, t1]` of the test row, epoch-ms (same convention). */
  testInterval: [number, number];
}

/** What {@link checkLeakage} found. */
export interface LeakageReport {
  /** True when no training row leaks. */
  ok: boolean;
  /** Leaking (split, training row) pairs in total. */
  count: number;
  /** Leaking training rows per split. */
  perSplit: number[];
  /** The first `maxLeaks` leaks, by split then training row. */
  leaks: Leak[];
}

/**
 * Checks splits for label leakage. A training row leaks into a test row when their label intervals
 * `[date, t1]` intersect (closed; a row without a known `t1` is the instant `[date, date]`, so a date
 * with rows on both sides always leaks) — `'overlap'`; or, with `embargoDays = E > 0`, when it is dated
 * 1 … E calendar dates after the test row — `'embargo'` (a row that does both counts once, as an overlap).
 * The calendar is the data's sorted unique dates.
 *
 * @param splits - Splits of the rows of `data` (any splitter's, or hand-made).
 * @param data - {@link SplitData} or a Dataset: `date` and, for label intervals, `t1`.
 * @param options - {@link LeakageOptions}.
 * @returns {@link LeakageReport}; `ok` iff `count === 0`.
 * @throws ParameterError naming a split whose row index is out of range or not an integer.
 * @example
 * // dates day 0..3, t1 = next date; train [0, 1], test [2, 3]: row 1's [1, 2] meets row 2's [2, 3]
 * checkLeakage([{ train: Int32Array.of(0, 1), test: Int32Array.of(2, 3) }], { date, t1 }).count // 1
 */
export function checkLeakage(
  splits: readonly Split[],
  data: SplitInput,
  options: LeakageOptions = {},
): LeakageReport {
  const what = 'checkLeakage';
  const embargo = checkInteger(what, 'embargoDays', options.embargoDays ?? 0, 0);
  const maxLeaks = checkInteger(what, 'maxLeaks', options.maxLeaks ?? 100, 0);
  const input = toSplitData(data);
  const { date } = input;
  const n = date.length;
  const { calendar, day } = indexDates(input, what);
  const nDays = calendar.length;
  // Each row's interval end (its date when t1 is NaN or absent) and the calendar position of the last
  // date ≤ it (t1 may be off the calendar). Plain loops: TypedArray.from with a map function is slow.
  const end = new Float64Array(n);
  const endDay = new Int32Array(n);
  const t1 = input.t1;
  for (let i = 0; i < n; i++) {
    const e = t1 === undefined || Number.isNaN(t1[i]) ? date[i] : t1[i];
    end[i] = e;
    endDay[i] = e === date[i] ? day[i] : datesUpTo(calendar, e) - 1;
  }
  const interval = (r: number): [number, number] => [date[r], end[r]];

  const leaks: Leak[] = [];
  const perSplit: number[] = [];
  let count = 0;
  const maxEnd = new Float64Array(nDays);
  const argMax = new Int32Array(nDays);
  const lastTest = new Int32Array(nDays);
  const rowOnDay = new Int32Array(nDays);
  splits.forEach((split, s) => {
    for (const [side, rows] of [
      ['train', split.train],
      ['test', split.test],
    ] as const)
      for (const r of rows)
        if (!Number.isInteger(r) || r < 0 || r >= n)
          throw new ParameterError(`${what}: split ${s} has ${side} row ${r}, outside 0..${n - 1}`);

    // Per calendar position d: the latest interval end of the test rows dated ≤ d and the row holding
    // it; and the latest test date ≤ d with a test row on it.
    maxEnd.fill(-Infinity);
    argMax.fill(-1);
    rowOnDay.fill(-1);
    for (const r of split.test) {
      const d = day[r];
      if (end[r] > maxEnd[d]) {
        maxEnd[d] = end[r];
        argMax[d] = r;
      }
      if (rowOnDay[d] < 0) rowOnDay[d] = r;
    }
    for (let d = 0; d < nDays; d++) {
      if (d > 0 && maxEnd[d - 1] >= maxEnd[d]) {
        maxEnd[d] = maxEnd[d - 1];
        argMax[d] = argMax[d - 1];
      }
      lastTest[d] = rowOnDay[d] >= 0 ? d : d > 0 ? lastTest[d - 1] : -1;
    }

    let inSplit = 0;
    for (const r of split.train) {
      let hit = -1;
      let kind: Leak['kind'] = 'overlap';
      const q = endDay[r]; // test rows dated ≤ this row's t1 are those on days ≤ q
      if (q >= 0 && maxEnd[q] >= date[r]) hit = argMax[q];
      else if (embargo > 0 && day[r] > 0) {
        const t = lastTest[day[r] - 1];
        if (t >= 0 && day[r] - t <= embargo) {
          hit = rowOnDay[t];
          kind = 'embargo';
        }
      }
      if (hit < 0) continue;
      inSplit++;
      if (leaks.length < maxLeaks)
        leaks.push({
          split: s,
          kind,
          trainRow: r,
          testRow: hit,
          trainInterval: interval(r),
          testInterval: interval(hit),
        });
    }
    perSplit.push(inSplit);
    count += inSplit;
  });
  return { ok: count === 0, count, perSplit, leaks };
}
