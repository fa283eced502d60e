/**
 * OHLCV validation: every rule is checked on every row and each violation is reported with its
 * (symbol, date, row). Nothing is dropped or fixed here — the report is the output.
 *
 * ```
 *  panel ──columns present?──▶ sort order (by symbol, date) ──per row──▶ prices finite & > 0, high ≥ low,
 *        open/close in [low, high], volume ≥ 0 ──per symbol──▶ duplicates, calendar gaps, reverting spikes
 *        ──▶ ValidationReport (strict: SchemaError when any error-severity problem)
 * ```
 */
import type { ColumnTable } from 'arquero';
import { SchemaError } from '../util/errors.js';
import { compareCodepoints, numericColumn, scanPanelTime, stringColumn } from './panel.js';
import { OHLCV_COLUMNS, formatDate } from './schema.js';

/** The rules {@link validateOhlcv} checks. */
export type ValidationRule =
  | 'missing_column'
  | 'unsorted'
  | 'non_finite_date'
  | 'duplicate_row'
  | 'non_finite_price'
  | 'non_positive_price'
  | 'high_below_low'
  | 'open_outside_range'
  | 'close_outside_range'
  | 'non_finite_volume'
  | 'negative_volume'
  | 'zero_volume'
  | 'gap'
  | 'spike';

/** `error`: the row is wrong and strict mode refuses it; `warning`: suspicious, for a human to judge. */
export type Severity = 'error' | 'warning';

/** One problem found by {@link validateOhlcv}. */
export interface ValidationProblem {
  rule: ValidationRule;
  severity: Severity;
  /** The symbol, or null for table-level problems (a missing column). */
  symbol: string | null;
  /** The date (epoch-ms, UTC day) of the offending row, or null. */
  date: number | null;
  /** 0-based row index in the table as given, or null. */
  row: number | null;
  message: string;
}

/** Result of {@link validateOhlcv}. */
export interface ValidationReport {
  /** True when no error-severity problem was found (warnings allowed). */
  ok: boolean;
  nRows: number;
  nSymbols: number;
  /** Every problem, ordered by rule then (symbol, date). */
  problems: ValidationProblem[];
  /** Number of problems per rule (rules with none are 0). */
  counts: Record<ValidationRule, number>;
}

/** Options of {@link validateOhlcv}. */
export interface ValidateOptions {
  /** Throw a SchemaError listing the first problems when any error-severity problem is found. Default false. */
  strict?: boolean;
  /** A gap is reported when more than this many trading days are missing between two rows of a symbol. Default 0. */
  maxGapDays?: number;
  /**
   * The trading calendar (epoch-ms days) gaps are counted on. Default: every date present in the panel
   * (on the real S&P 500 panel this equals the ^GSPC calendar; see ../shared/data/PROVENANCE.md).
   */
  calendar?: ArrayLike<number>;
  /**
   * A one-day move is a spike candidate when |return| ≥ max(`spikeMinMove`, `spikeSigmas` × robust σ).
   * Defaults 0.05 and 5. Measured on the real S&P 500 panel (../shared/data): 5σ flags 24 of the 26
   * reverting bad prints PROVENANCE.md names (2014-10-30, 2017-09-14, LNT 2016-05-19, O 2013-12-20)
   * plus 48 other reverting moves; 6σ flags 19 of 26 plus 22 others; 4σ all 26 plus 97 others.
   */
  spikeMinMove?: number;
  /** See `spikeMinMove`. Robust σ = 1.4826 × median |daily return| of the symbol. */
  spikeSigmas?: number;
  /** The spike fully reverts when the next close is within this fraction of the move from the previous close. Default 0.25. */
  spikeRevertFraction?: number;
  /** How many problems strict mode lists in its error message. Default 10. */
  maxListed?: number;
}

const RULES: readonly ValidationRule[] = [
  'missing_column',
  'unsorted',
  'non_finite_date',
  'duplicate_row',
  'non_finite_price',
  'non_positive_price',
  'high_below_low',
  'open_outside_range',
  'close_outside_range',
  'non_finite_volume',
  'negative_volume',
  'zero_volume',
  'gap',
  'spike',
];

const SEVERITY: Record<ValidationRule, Severity> = {
  missing_column: 'error',
  unsorted: 'warning',
  non_finite_date: 'error',
  duplicate_row: 'error',
  non_finite_price: 'error',
  non_positive_price: 'error',
  high_below_low: 'error',
  open_outside_range: 'error',
  close_outside_range: 'error',
  non_finite_volume: 'error',
  negative_volume: 'error',
  zero_volume: 'warning',
  gap: 'warning',
  spike: 'warning',
};

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/**
 * Validates an OHLCV panel (columns of `data/schema.ts`) and reports every problem with its
 * (symbol, date): missing columns; rows not sorted by (symbol, date); missing dates; duplicate (symbol, date);
 * non-finite or non-positive prices; high < low; open or close outside [low, high]; non-finite,
 * negative or zero volume; gaps of more than `maxGapDays` trading days inside a symbol's history;
 * one-day spikes that fully revert the next day (likely bad prints).
 *
 * NaN policy: a NaN price is reported once as `non_finite_price` and skipped by the range rules.
 *
 * @param table - The panel, `(nRows, ≥ 7)`; any row order.
 * @param options - {@link ValidateOptions}.
 * @returns The report; `ok` is false when any error-severity problem exists.
 * @throws SchemaError in strict mode when any error-severity problem exists, listing the first ones.
 * @example
 * validateOhlcv(importOhlcv('../shared/data/all_stocks_5yr.csv.gz')).counts.high_below_low; // 1 (AOS 2014-05-19)
 */
export function validateOhlcv(table: ColumnTable, options: ValidateOptions = {}): ValidationReport {
  const problems: ValidationProblem[] = [];
  const have = table.columnNames();
  const missing = OHLCV_COLUMNS.filter((c) => !have.includes(c));
  for (const c of missing)
    problems.push({
      rule: 'missing_column',
      severity: 'error',
      symbol: null,
      date: null,
      row: null,
      message: `missing column ${c}; the table has ${have.join(', ')}`,
    });
  const n = table.numRows();
  const symbols = have.includes('symbol') ? stringColumn(table, 'symbol') : new Array<string>(n).fill('');
  const dates = have.includes('date') ? numericColumn(table, 'date') : new Float64Array(n).fill(NaN);
  const col = (c: string) => (have.includes(c) ? numericColumn(table, c) : null);
  const open = col('open');
  const high = col('high');
  const low = col('low');
  const close = col('close');
  const volume = col('volume');
  const add = (rule: ValidationRule, row: number, message: string) =>
    problems.push({
      rule,
      severity: SEVERITY[rule],
      symbol: symbols[row] ?? null,
      date: dates[row],
      row,
      message: `${symbols[row]} ${formatDate(dates[row])}: ${message}`,
    });

  const scan = scanPanelTime(symbols, dates, options.calendar);
  if (scan.order) {
    let firstBad = 1;
    while (firstBad < n && scan.order[firstBad - 1] < scan.order[firstBad]) firstBad++;
    add(
      'unsorted',
      scan.order[firstBad] ?? 0,
      'rows are not sorted by symbol then date (sortPanel sorts them)',
    );
  }
  for (const [row, earlier] of scan.duplicates) add('duplicate_row', row, `duplicate of row ${earlier}`);
  const maxGap = options.maxGapDays ?? 0;
  for (const { row, previousRow, missing } of scan.gaps)
    if (missing > maxGap)
      add('gap', row, `${missing} trading day(s) missing since ${formatDate(dates[previousRow])}`);
  const order = scan.order ?? Int32Array.from({ length: n }, (_, i) => i);

  // Row rules.
  const priceColumns: [string, Float64Array][] = [];
  for (const [name, a] of [
    ['open', open],
    ['high', high],
    ['low', low],
    ['close', close],
  ] as const)
    if (a) priceColumns.push([name, a]);
  const hasDate = have.includes('date');
  for (let i = 0; i < n; i++) {
    if (hasDate && !Number.isFinite(dates[i])) add('non_finite_date', i, `date ${dates[i]} not a valid day`);
    let nonFinite = '';
    let nonPositive = '';
    for (const [name, a] of priceColumns) {
      const v = a[i];
      if (!Number.isFinite(v)) nonFinite += nonFinite ? `, ${name}` : name;
      else if (v <= 0) nonPositive += `${nonPositive ? ', ' : ''}${name} ${v}`;
    }
    if (nonFinite) add('non_finite_price', i, `${nonFinite} not finite`);
    if (nonPositive) add('non_positive_price', i, `${nonPositive} ≤ 0`);
    if (high && low && high[i] < low[i]) add('high_below_low', i, `high ${high[i]} < low ${low[i]}`);
    if (high && low && high[i] >= low[i]) {
      if (open && (open[i] < low[i] || open[i] > high[i]))
        add('open_outside_range', i, `open ${open[i]} outside [low ${low[i]}, high ${high[i]}]`);
      if (close && (close[i] < low[i] || close[i] > high[i]))
        add('close_outside_range', i, `close ${close[i]} outside [low ${low[i]}, high ${high[i]}]`);
    }
    if (volume) {
      const v = volume[i];
      if (!Number.isFinite(v)) add('non_finite_volume', i, `volume ${v} not finite`);
      else if (v < 0) add('negative_volume', i, `volume ${v} < 0`);
      else if (v === 0) add('zero_volume', i, 'volume 0');
    }
  }

  const minMove = options.spikeMinMove ?? 0.05;
  const sigmas = options.spikeSigmas ?? 5;
  const revert = options.spikeRevertFraction ?? 0.25;

  // Per-symbol rules over rows in (symbol, date) order.
  let s = 0;
  while (s < n) {
    let e = s + 1;
    while (e < n && symbols[order[e]] === symbols[order[s]]) e++;
    if (close && e - s >= 3) {
      const moves = new Float64Array(e - s - 1);
      for (let k = s + 1; k < e; k++) moves[k - s - 1] = Math.abs(close[order[k]] / close[order[k - 1]] - 1);
      const finite = moves.filter(Number.isFinite).sort();
      const threshold = Math.max(minMove, sigmas * 1.4826 * median(finite));
      for (let k = s + 1; k < e - 1; k++) {
        const c0 = close[order[k - 1]];
        const c1 = close[order[k]];
        const c2 = close[order[k + 1]];
        const move = c1 / c0 - 1;
        if (Math.abs(move) >= threshold && Math.abs(c2 - c0) <= revert * Math.abs(c1 - c0))
          add(
            'spike',
            order[k],
            `close ${c0} → ${c1} → ${c2}: a ${(move * 100).toFixed(1)} % one-day move that reverts (likely a bad print)`,
          );
      }
    }
    s = e;
  }

  const rank = new Map(RULES.map((r, i) => [r, i]));
  problems.sort(
    (p, q) =>
      rank.get(p.rule)! - rank.get(q.rule)! ||
      compareCodepoints(p.symbol ?? '', q.symbol ?? '') ||
      (p.date ?? 0) - (q.date ?? 0),
  );
  const counts = Object.fromEntries(RULES.map((r) => [r, 0])) as Record<ValidationRule, number>;
  for (const p of problems) counts[p.rule]++;
  const report: ValidationReport = {
    ok: problems.every((p) => p.severity !== 'error'),
    nRows: n,
    nSymbols: new Set(symbols).size,
    problems,
    counts,
  };
  if (options.strict && !report.ok) {
    const errors = problems.filter((p) => p.severity === 'error');
    const listed = errors.slice(0, options.maxListed ?? 10).map((p) => `  ${p.rule}: ${p.message}`);
    throw new SchemaError(
      `validateOhlcv: ${errors.length} problem(s) in strict mode, first ${errors[0].rule}: ${errors[0].message}\n${listed.join('\n')}${errors.length > listed.length ? `\n  … and ${errors.length - listed.length} more` : ''}`,
      { hint: 'Fix or remove these rows, or validate without strict to get the full report' },
    );
  }
  return report;
}
