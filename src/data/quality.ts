/**
 * Data-quality report (seed 002's checks): completeness per column, outlier rate, duplicate keys,
 * temporal integrity and label balance, each graded pass / warn / fail with seed 002's thresholds.
 * Returned as plain data; the CLI prints it with {@link formatQualityReport}.
 */
import type { ColumnTable } from 'arquero';
import { quantileSorted, sortedFinite } from '../util/quantile.js';
import { isNumericValues, numericColumn, scanPanelTime, stringColumn } from './panel.js';
import { formatDate } from './schema.js';

export type QualityStatus = 'pass' | 'warn' | 'fail';

/** Seed 002's thresholds (fractions in [0, 1]). */
export const QUALITY_THRESHOLDS = {
  /** completeness ≥ pass → pass; < fail → fail; between → warn. */
  completeness: { pass: 0.95, fail: 0.9 },
  /** outlier rate < pass → pass; > fail → fail; between → warn. */
  outliers: { pass: 0.05, fail: 0.1 },
  /** positive-label share inside warn → pass; outside fail → fail; between → warn. */
  labelBalance: { warn: [0.15, 0.5] as const, fail: [0.1, 0.6] as const },
} as const;

export interface ColumnQuality {
  column: string;
  /** Share of values that are present (not null, not NaN). */
  completeness: number;
  /** Share of present numeric values outside [`low`, `high`]; NaN for non-numeric columns. */
  outlierRate: number;
  /** The lower and upper outlier fences: the column's `outlierQuantiles` (type-7 quantiles). */
  low: number;
  high: number;
  status: QualityStatus;
}

export interface QualityCheck {
  name: 'completeness' | 'outliers' | 'duplicates' | 'temporal_integrity' | 'label_balance';
  status: QualityStatus;
  /** The measured value the status is graded on (a share, or a count for duplicates). */
  value: number;
  detail: string;
}

/** Result of {@link qualityReport}. */
export interface QualityReport {
  status: QualityStatus;
  nRows: number;
  nSymbols: number;
  /** First and last date (epoch-ms), NaN for an empty table. */
  start: number;
  end: number;
  checks: QualityCheck[];
  columns: ColumnQuality[];
  /** Duplicate (symbol, date) keys. */
  duplicates: number;
  /** Whether rows are sorted by (symbol, date). */
  sorted: boolean;
  /** Trading days missing inside symbols' histories (on the panel's own calendar). */
  missingDays: number;
  /** Share of label values equal to the positive class, when `labelColumn` is given. */
  positiveShare?: number;
}

/** Options of {@link qualityReport}. */
export interface QualityOptions {
  /** Column holding a binary label (1 = positive; NaN/null = unknown, excluded). */
  labelColumn?: string;
  /** The positive class value. Default 1. */
  positiveLabel?: number;
  /** Outlier fences as quantiles. Default [0.01, 0.99] (seed 002: outside the 1st/99th percentile). */
  outlierQuantiles?: readonly [number, number];
  /** Columns graded (completeness, outliers). Default: every column except symbol and date. */
  columns?: readonly string[];
}

const worst = (a: QualityStatus, b: QualityStatus): QualityStatus =>
  a === 'fail' || b === 'fail' ? 'fail' : a === 'warn' || b === 'warn' ? 'warn' : 'pass';

function gradeCompleteness(c: number): QualityStatus {
  const t = QUALITY_THRESHOLDS.completeness;
  return c >= t.pass ? 'pass' : c < t.fail ? 'fail' : 'warn';
}

function gradeOutliers(r: number): QualityStatus {
  const t = QUALITY_THRESHOLDS.outliers;
  return !(r >= t.pass) ? 'pass' : r > t.fail ? 'fail' : 'warn';
}

function gradeBalance(share: number): QualityStatus {
  const { warn, fail } = QUALITY_THRESHOLDS.labelBalance;
  if (share < fail[0] || share > fail[1]) return 'fail';
  if (share < warn[0] || share > warn[1]) return 'warn';
  return 'pass';
}

const pct = (x: number) => `${(x * 100).toFixed(3)} %`;

/**
 * Grades a dataset's quality with seed 002's checks:
 * - completeness per column (present share): ≥ 95 % pass, < 90 % fail;
 * - outlier rate per numeric column (share outside its 1st/99th percentiles): < 5 % pass, > 10 % fail.
 *   For a continuous column about 2 % lies outside by construction; the check catches mass piled at
 *   the extremes (sentinel values, unit errors) rather than individual bad prints — those are
 *   {@link validateOhlcv}'s job;
 * - duplicate (symbol, date) keys: 0 pass, else fail;
 * - temporal integrity: sorted with no missing trading days pass, unsorted or gaps warn;
 * - label balance (with `labelColumn`): positive share in [15 %, 50 %] pass, outside [10 %, 60 %] fail.
 *
 * @param table - A panel or dataset with `symbol` and `date` columns, `(nRows, nColumns)`.
 * @param options - {@link QualityOptions}.
 * @returns The report; `status` is the worst of the checks.
 * @throws SchemaError when `symbol`, `date` or the label column is absent.
 */
export function qualityReport(table: ColumnTable, options: QualityOptions = {}): QualityReport {
  const symbols = stringColumn(table, 'symbol');
  const dates = numericColumn(table, 'date');
  const n = table.numRows();
  const [qLow, qHigh] = options.outlierQuantiles ?? [0.01, 0.99];
  const graded = options.columns ?? table.columnNames().filter((c) => c !== 'symbol' && c !== 'date');
  const columns: ColumnQuality[] = graded.map((column) => {
    const raw = table.array(column) as ArrayLike<unknown>;
    const numeric = isNumericValues(raw);
    if (!numeric) {
      let present = 0;
      for (let i = 0; i < n; i++) if (raw[i] !== null && raw[i] !== undefined && raw[i] !== '') present++;
      const completeness = n ? present / n : 1;
      return {
        column,
        completeness,
        outlierRate: NaN,
        low: NaN,
        high: NaN,
        status: gradeCompleteness(completeness),
      };
    }
    const values = numericColumn(table, column);
    const sorted = sortedFinite(values);
    const completeness = n ? sorted.length / n : 1;
    const low = quantileSorted(sorted, qLow);
    const high = quantileSorted(sorted, qHigh);
    let outside = 0;
    for (const v of sorted) if (v < low || v > high) outside++;
    const outlierRate = sorted.length ? outside / sorted.length : 0;
    return {
      column,
      completeness,
      outlierRate,
      low,
      high,
      status: worst(gradeCompleteness(completeness), gradeOutliers(outlierRate)),
    };
  });

  const scan = scanPanelTime(symbols, dates);
  const missingDays = scan.gaps.reduce((s, g) => s + g.missing, 0);
  const minCompleteness = columns.reduce((m, c) => Math.min(m, c.completeness), 1);
  const maxOutliers = columns.reduce(
    (m, c) => (Number.isNaN(c.outlierRate) ? m : Math.max(m, c.outlierRate)),
    0,
  );
  const lowest = columns.find((c) => c.completeness === minCompleteness);
  const highest = columns.find((c) => c.outlierRate === maxOutliers);
  const checks: QualityCheck[] = [
    {
      name: 'completeness',
      status: gradeCompleteness(minCompleteness),
      value: minCompleteness,
      detail: `lowest ${lowest ? `${lowest.column} ` : ''}${pct(minCompleteness)} (pass ≥ 95 %, fail < 90 %)`,
    },
    {
      name: 'outliers',
      status: gradeOutliers(maxOutliers),
      value: maxOutliers,
      detail: `highest ${highest ? `${highest.column} ` : ''}${pct(maxOutliers)} outside its 1st/99th percentiles (pass < 5 %, fail > 10 %)`,
    },
    {
      name: 'duplicates',
      status: scan.duplicates.length ? 'fail' : 'pass',
      value: scan.duplicates.length,
      detail: `${scan.duplicates.length} duplicate (symbol, date) row(s)`,
    },
    {
      name: 'temporal_integrity',
      status: scan.order || missingDays > 0 ? 'warn' : 'pass',
      value: missingDays,
      detail: `${scan.order ? 'not sorted by (symbol, date)' : 'sorted'}; ${missingDays} trading day(s) missing inside ${new Set(scan.gaps.map((g) => symbols[g.row])).size} symbol(s)`,
    },
  ];
  let positiveShare: number | undefined;
  if (options.labelColumn !== undefined) {
    const labels = numericColumn(table, options.labelColumn);
    const positive = options.positiveLabel ?? 1;
    let known = 0;
    let hits = 0;
    for (const v of labels)
      if (Number.isFinite(v)) {
        known++;
        if (v === positive) hits++;
      }
    positiveShare = known ? hits / known : NaN;
    checks.push({
      name: 'label_balance',
      status: Number.isNaN(positiveShare) ? 'fail' : gradeBalance(positiveShare),
      value: positiveShare,
      detail: `${pct(positiveShare)} positive of ${known} labelled rows (pass 15–50 %, fail outside 10–60 %)`,
    });
  }
  let start = Infinity;
  let end = -Infinity;
  for (const d of dates) {
    if (d < start) start = d;
    if (d > end) end = d;
  }
  return {
    status: checks.reduce<QualityStatus>((s, c) => worst(s, c.status), 'pass'),
    nRows: n,
    nSymbols: new Set(symbols).size,
    start: n ? start : NaN,
    end: n ? end : NaN,
    checks,
    columns,
    duplicates: scan.duplicates.length,
    sorted: scan.order === null,
    missingDays,
    ...(positiveShare === undefined ? {} : { positiveShare }),
  };
}

/** Renders a {@link QualityReport} as plain text (what `quantbook validate` prints). */
export function formatQualityReport(report: QualityReport): string {
  const mark = (s: QualityStatus) => (s === 'pass' ? 'PASS' : s === 'warn' ? 'WARN' : 'FAIL');
  const lines = [
    `Quality: ${mark(report.status)} — ${report.nRows} rows, ${report.nSymbols} symbols, ${formatDate(report.start)}..${formatDate(report.end)}`,
    ...report.checks.map((c) => `  [${mark(c.status)}] ${c.name}: ${c.detail}`),
    '  columns:',
    ...report.columns.map(
      (c) =>
        `    ${c.column.padEnd(12)} complete ${pct(c.completeness).padStart(9)}  outliers ${Number.isNaN(c.outlierRate) ? '      —' : pct(c.outlierRate).padStart(8)}  [${mark(c.status)}]`,
    ),
  ];
  return lines.join('\n');
}
