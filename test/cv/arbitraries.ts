/**
 * fast-check arbitraries and brute-force helpers shared by the cv/ tests: random panels (several
 * symbols, irregular calendars, rows in panel or shuffled order) with random label end dates t1.
 */
import fc from 'fast-check';
import type { Split, SplitData } from '../../src/types.js';

export const DAY = 86_400_000;
/** 2018-01-01, a Monday. */
export const BASE = Date.UTC(2018, 0, 1);

/** `n` consecutive UTC days from {@link BASE}. */
export const days = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => BASE + i * DAY);

/** A random panel: its calendar, each row's position on it, and the SplitData. */
export interface RandomPanel {
  calendar: Float64Array;
  /** Calendar position of each row's date. */
  pos: Int32Array;
  data: Required<SplitData>;
  /** The largest count of dates in (date, t1] over rows with a t1. */
  horizon: number;
}

/**
 * Random panels: `nDates` trading dates with 1–3 day steps; symbol 0 trades every date (so the
 * calendar has `nDates` dates), others on about 80 % of them; rows sorted by symbol then date, or
 * shuffled; t1 = the calendar date `h` (0…maxH) positions later, capped at the last date, NaN for
 * about 10 % of rows.
 */
export function randomPanel(options: { minDates?: number; maxDates?: number; maxH?: number } = {}) {
  const { minDates = 3, maxDates = 40, maxH = 5 } = options;
  return fc
    .record({
      nDates: fc.integer({ min: minDates, max: maxDates }),
      nSymbols: fc.integer({ min: 1, max: 4 }),
      maxH: fc.integer({ min: 0, max: maxH }),
    })
    .chain(({ nDates, nSymbols, maxH: mh }) =>
      fc.record({
        steps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: nDates, maxLength: nDates }),
        cells: fc.array(
          fc.record({
            present: fc.integer({ min: 0, max: 4 }),
            h: fc.integer({ min: 0, max: mh }),
            nan: fc.integer({ min: 0, max: 9 }),
            key: fc.nat(),
          }),
          { minLength: nDates * nSymbols, maxLength: nDates * nSymbols },
        ),
        shuffle: fc.boolean(),
      }),
    )
    .map(({ steps, cells, shuffle }): RandomPanel => {
      const nDates = steps.length;
      const calendar = new Float64Array(nDates);
      let t = BASE;
      steps.forEach((s, k) => {
        t += s * DAY;
        calendar[k] = t;
      });
      const rows: { pos: number; t1: number; key: number }[] = [];
      cells.forEach((c, j) => {
        const symbol = Math.floor(j / nDates);
        const p = j % nDates;
        if (symbol > 0 && c.present === 0) return;
        const t1 = c.nan === 0 ? NaN : calendar[Math.min(p + c.h, nDates - 1)];
        rows.push({ pos: p, t1, key: c.key });
      });
      if (shuffle) rows.sort((a, b) => a.key - b.key);
      const pos = Int32Array.from(rows, (r) => r.pos);
      let horizon = 0;
      for (const r of rows)
        if (!Number.isNaN(r.t1)) horizon = Math.max(horizon, calendar.indexOf(r.t1) - r.pos);
      return {
        calendar,
        pos,
        data: {
          date: Float64Array.from(rows, (r) => calendar[r.pos]),
          t1: Float64Array.from(rows, (r) => r.t1),
        },
        horizon,
      };
    });
}

/** Asserts the Split contract: indices in range, strictly ascending, disjoint. Returns a message or null. */
export function splitContractViolation(split: Split, n: number): string | null {
  for (const [name, rows] of [
    ['train', split.train],
    ['test', split.test],
  ] as const) {
    if (!(rows instanceof Int32Array)) return `${name} is not an Int32Array`;
    for (let k = 0; k < rows.length; k++) {
      if (rows[k] < 0 || rows[k] >= n) return `${name}[${k}] = ${rows[k]} out of range`;
      if (k > 0 && rows[k] <= rows[k - 1]) return `${name} not strictly ascending at ${k}`;
    }
  }
  const train = new Set(split.train);
  for (const r of split.test) if (train.has(r)) return `row ${r} in both train and test`;
  return null;
}

/** The sorted set of calendar positions of some rows. */
export const daysOf = (rows: Int32Array, pos: Int32Array): number[] =>
  [...new Set(Array.from(rows, (r) => pos[r]))].sort((a, b) => a - b);

/** The rows (ascending) whose position is in `positions`. */
export function rowsOnDays(pos: Int32Array, positions: Iterable<number>): number[] {
  const set = new Set(positions);
  const out: number[] = [];
  pos.forEach((p, r) => {
    if (set.has(p)) out.push(r);
  });
  return out;
}

/** `[a, b)` as a list. */
export const range = (a: number, b: number): number[] =>
  Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
