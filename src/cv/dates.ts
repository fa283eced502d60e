/**
 * Shared date machinery of the splitters (cv/): the calendar of a panel's dates, each row's position
 * on it, the label horizon counted in dates, the horizon rule of DESIGN.md §1, and the row
 * collection that turns per-date decisions into a {@link Split}.
 *
 * Every splitter works on the **sorted unique dates** of its input (the calendar): a date's position
 * on it is its "day". Rows may come in any order (a panel is sorted by symbol, then date); all rows of
 * a date share its day, so a splitter deciding per day puts them on one side.
 */
import type { Dataset } from '../features/pipeline.js';
import { numericColumn } from '../data/panel.js';
import type { Split, SplitData, Splitter } from '../types.js';
import { formatDate, MS_PER_DAY } from '../data/schema.js';
import { ParameterError, SchemaError } from '../util/errors.js';

/** What a splitter accepts: {@link SplitData} or a built {@link Dataset}. */
export type SplitInput = SplitData | Dataset;

/** {@link SplitData} plus the label horizon a {@link Dataset} declares. */
export interface SplitDataWithHorizon extends SplitData {
  /** Declared label horizon, trading days (`Dataset.horizon`); absent for plain {@link SplitData}. */
  horizon?: number;
}

/**
 * The time keys of a splitter's input: a {@link Dataset}'s `date` and `t1` columns and its `horizon`,
 * or {@link SplitData} as is (no copy).
 *
 * @throws SchemaError when a Dataset's table has no `date` column.
 * @example toSplitData(buildDataset(panel, spec)) // { date, t1, horizon: 10 }
 */
export function toSplitData(x: SplitInput): SplitDataWithHorizon {
  if ('table' in x) {
    const date = numericColumn(x.table, 'date');
    const t1 = x.table.columnNames().includes('t1') ? numericColumn(x.table, 't1') : undefined;
    return { date, t1, horizon: x.horizon };
  }
  return x;
}

/** The calendar of a splitter's input and each row's position on it. */
export interface DateIndex {
  /** Sorted unique dates (epoch-ms), `(nDates,)`. */
  calendar: Float64Array;
  /** Position of each row's date in `calendar`, `(nRows,)`. */
  day: Int32Array;
}

/**
 * Indexes the dates of a splitter's input: the sorted unique dates and each row's position.
 *
 * @param what - The caller's name, for messages.
 * @throws SchemaError naming the first row whose date is not finite or whose `t1` is before its date,
 *   or when `t1` has another length.
 * @example indexDates({ date: Float64Array.of(20, 10, 20) }, 'f') // calendar [10, 20], day [1, 0, 1]
 */
export function indexDates(data: SplitData, what: string): DateIndex {
  const { date, t1 } = data;
  if (!(date instanceof Float64Array))
    throw new SchemaError(`${what}: date must be a Float64Array of epoch-ms days, got ${typeof date}`);
  if (t1 !== undefined && t1.length !== date.length)
    throw new SchemaError(`${what}: t1 has ${t1.length} rows but date has ${date.length}`);
  for (let i = 0; i < date.length; i++) {
    if (!Number.isFinite(date[i]))
      throw new SchemaError(`${what}: date of row ${i} is ${date[i]}; every row needs a date`);
    if (t1 !== undefined && t1[i] < date[i])
      throw new SchemaError(
        `${what}: t1 of row ${i} (${showDate(t1[i])}) is before its date (${showDate(date[i])})`,
      );
  }
  // Unique dates first (a panel has few dates, many rows), then sort only those.
  const pos = new Map<number, number>();
  for (let i = 0; i < date.length; i++) if (!pos.has(date[i])) pos.set(date[i], 0);
  const calendar = Float64Array.from(pos.keys()).sort();
  calendar.forEach((d, k) => pos.set(d, k));
  const day = new Int32Array(date.length);
  for (let i = 0; i < date.length; i++) day[i] = pos.get(date[i])!;
  return { calendar, day };
}

/** A date for messages: `YYYY-MM-DD` for a UTC day, the raw number otherwise. */
export function showDate(ms: number): string {
  return Number.isFinite(ms) && ms % MS_PER_DAY === 0 ? formatDate(ms) : String(ms);
}

/** Number of calendar dates ≤ `t` (binary search): `position of t` + 1 when `t` is on the calendar. */
export function datesUpTo(calendar: Float64Array, t: number): number {
  let lo = 0;
  let hi = calendar.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (calendar[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The label horizon in dates found in the data: the largest number of calendar dates in
 * (date, t1] over the rows with a finite `t1` — `datesUpTo(t1) − 1 − day`. A `t1` after the last
 * date counts the dates up to the last one only (those are the dates a split can overlap).
 *
 * @returns 0 when `t1` is absent or all NaN (`t1 ≥ date` is checked by {@link indexDates}).
 * @example horizon of rows dated day 0, 1, 2 with t1 = date 2, 2, NaN → 2
 */
export function horizonFromT1(data: SplitData, index: DateIndex): number {
  const { t1 } = data;
  if (!t1) return 0;
  let h = 0;
  for (let i = 0; i < t1.length; i++) {
    const end = t1[i];
    if (Number.isNaN(end)) continue;
    h = Math.max(h, datesUpTo(index.calendar, end) - 1 - index.day[i]);
  }
  return h;
}

/** The options every splitter shares about the label horizon. */
export interface HorizonOptions {
  /**
   * The label horizon in dates: overrides the Dataset's `horizon` and the one derived from `t1`.
   * Default: the larger of the Dataset's `horizon` and the largest count of dates in (date, t1].
   */
  horizon?: number;
  /** Accept a gap/embargo shorter than the label horizon (labels may then overlap). Default false. */
  allowOverlap?: boolean;
}

/** The horizon a splitter checks against, and where it came from (for messages). */
export function resolveHorizon(
  input: SplitDataWithHorizon,
  index: DateIndex,
  options: HorizonOptions,
): { horizon: number; source: string } {
  if (options.horizon !== undefined) return { horizon: options.horizon, source: 'the horizon option' };
  const derived = horizonFromT1(input, index);
  if (input.horizon !== undefined && input.horizon >= derived)
    return { horizon: input.horizon, source: "the Dataset's horizon" };
  return { horizon: derived, source: 'the data: the most dates between a date and its t1' };
}

/**
 * The rule of DESIGN.md §1: a gap (or embargo) shorter than the label horizon lets the labels of the
 * training rows next to a test block overlap it; refuse it unless `allowOverlap` is set.
 *
 * @param name - The parameter holding the gap, as the user spelled it (`gap`, `embargoDays`, …).
 * @param shown - How the gap is echoed; default `name=gap dates`.
 * @throws ParameterError echoing the gap, the horizon and its source, and naming `allowOverlap`.
 */
export function checkGap(
  what: string,
  name: string,
  gap: number,
  horizon: { horizon: number; source: string },
  allowOverlap: boolean | undefined,
  shown = `${name}=${gap} dates`,
): void {
  if (allowOverlap || gap >= horizon.horizon) return;
  throw new ParameterError(
    `${what}: ${shown} is shorter than the label horizon of ${horizon.horizon} dates ` +
      `(from ${horizon.source}), so training labels could overlap the test dates; use ${name} ≥ ${horizon.horizon}, ` +
      `or pass allowOverlap: true to accept the overlap`,
  );
}

/** Throws unless `value` is an integer ≥ `min`: `what: name must be an integer ≥ min, got value`. */
export function checkInteger(what: string, name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new ParameterError(`${what}: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  return value;
}

/** Validates `horizon` and `allowOverlap` of {@link HorizonOptions}. */
export function checkHorizonOptions(what: string, options: HorizonOptions): void {
  if (options.horizon !== undefined) checkInteger(what, 'horizon', options.horizon, 0);
  if (options.allowOverlap !== undefined && typeof options.allowOverlap !== 'boolean')
    throw new ParameterError(
      `${what}: allowOverlap must be true or false, got ${String(options.allowOverlap)}`,
    );
}

/**
 * Collects a split from per-row decisions in one ascending pass over the rows.
 *
 * @param role - Per row: 1 = train, 2 = test, anything else = neither.
 */
export function collectSplit(n: number, role: (row: number) => number): Split {
  let nTrain = 0;
  let nTest = 0;
  const roles = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = role(i);
    roles[i] = r;
    if (r === 1) nTrain++;
    else if (r === 2) nTest++;
  }
  const train = new Int32Array(nTrain);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (roles[i] === 1) train[a++] = i;
    else if (roles[i] === 2) test[b++] = i;
  }
  return { train, test };
}

/** A split made of day ranges: rows dated in days `[trainFrom, trainTo)` train, `[testFrom, testTo)` test. */
export function splitByDays(
  day: Int32Array,
  trainFrom: number,
  trainTo: number,
  testFrom: number,
  testTo: number,
): Split {
  return collectSplit(day.length, (i) => {
    const d = day[i];
    if (d >= testFrom && d < testTo) return 2;
    if (d >= trainFrom && d < trainTo) return 1;
    return 0;
  });
}

/** A {@link Splitter} that also accepts a {@link Dataset} (its `date`/`t1` columns and `horizon`). */
export interface DateSplitter extends Splitter {
  split(data: SplitInput): Split[];
}
