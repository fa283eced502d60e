/**
 * As-of join: attach to each left row the latest right row at or before it — the point-in-time join
 * of market data, fundamentals or sector tables onto a panel, which never looks forward.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { ParameterError } from '../util/errors.js';
import { MS_PER_DAY } from './schema.js';
import { isNumericColumn, numericColumn, requireColumns, stringColumn } from './panel.js';

/** Options of {@link asOfJoin}. */
export interface AsOfJoinOptions {
  /** Key column(s) matched exactly (e.g. `'symbol'`); `null` joins on time only. Default `'symbol'`. */
  by?: string | null;
  /** Time column (epoch-ms) in both tables. Default `'date'`. */
  on?: string;
  /** Maximum age of the matched right row, in days (calendar days: `left.on − right.on ≤ tolerance × 86 400 000 ms`). Default unlimited. */
  tolerance?: number;
  /** Suffix for right columns whose names collide with left ones. Default `'_right'`. */
  suffix?: string;
}

/**
 * For each row of `left`, finds the right row with the same `by` key and the greatest `on` ≤ the
 * left row's `on` (ties: the last such row in right's order), and appends that row's other columns.
 * Left rows keep their order and count. A left row with no match (or only matches older than
 * `tolerance`) gets NaN in numeric right columns and null in others. Right rows dated after a left
 * row are never used: the join cannot look forward.
 *
 * @param left - Table with the `by` and `on` columns, `(nLeft, ·)`; any order.
 * @param right - Table with the `by` and `on` columns, `(nRight, ·)`; any order.
 * @param options - {@link AsOfJoinOptions}.
 * @returns `(nLeft, leftColumns + rightColumns − keys)`.
 * @throws SchemaError naming a missing key column; ParameterError for a negative tolerance.
 * @see pandas `merge_asof(direction='backward')`; kdb+ `aj`.
 */
export function asOfJoin(left: ColumnTable, right: ColumnTable, options: AsOfJoinOptions = {}): ColumnTable {
  const by = options.by === undefined ? 'symbol' : options.by;
  const on = options.on ?? 'date';
  const suffix = options.suffix ?? '_right';
  const tolerance = options.tolerance;
  if (tolerance !== undefined && !(tolerance >= 0))
    throw new ParameterError(`asOfJoin: tolerance must be a number of days ≥ 0, got ${tolerance}`);
  const keys = by ? [by, on] : [on];
  requireColumns(left, keys, 'asOfJoin (left)');
  requireColumns(right, keys, 'asOfJoin (right)');
  const leftTime = numericColumn(left, on);
  const rightTime = numericColumn(right, on);
  const leftKey = by ? stringColumn(left, by) : null;
  const rightKey = by ? stringColumn(right, by) : null;

  // Right rows grouped by key, each group sorted by time (stable).
  const groups = new Map<string | null, number[]>();
  for (let j = 0; j < rightTime.length; j++) {
    if (Number.isNaN(rightTime[j])) continue; // an unknown date can never be "at or before"
    const k = rightKey ? rightKey[j]! : null;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(j);
  }
  for (const g of groups.values()) g.sort((a, b) => rightTime[a] - rightTime[b] || a - b);

  const maxAge = tolerance === undefined ? Infinity : tolerance * MS_PER_DAY;
  const match = new Int32Array(leftTime.length).fill(-1);
  for (let i = 0; i < leftTime.length; i++) {
    const g = groups.get(leftKey ? leftKey[i]! : null);
    const t = leftTime[i];
    if (!g || Number.isNaN(t)) continue;
    // Last index in g with time ≤ t.
    let lo = 0;
    let hi = g.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rightTime[g[mid]] <= t) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) continue;
    const j = g[lo - 1];
    if (t - rightTime[j] <= maxAge) match[i] = j;
  }

  const leftNames = left.columnNames();
  const out: Record<string, unknown> = {};
  for (const name of leftNames) out[name] = left.array(name);
  for (const name of right.columnNames()) {
    if (keys.includes(name)) continue;
    const values = right.array(name) as ArrayLike<unknown>;
    const numeric = isNumericColumn(right, name);
    const target = leftNames.includes(name) ? `${name}${suffix}` : name;
    if (numeric) {
      const col = new Float64Array(match.length);
      for (let i = 0; i < match.length; i++) {
        const j = match[i];
        col[i] = j < 0 ? NaN : ((values[j] as number | null) ?? NaN);
      }
      out[target] = col;
    } else {
      out[target] = Array.from(match, (j) => (j < 0 ? null : (values[j] ?? null)));
    }
  }
  return aq.table(out as Record<string, ArrayLike<unknown>>);
}
