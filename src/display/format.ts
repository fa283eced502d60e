/**
 * Formatting of values for people: numbers to a few significant digits with thousands separators,
 * epoch-ms UTC days as ISO dates, HTML escaping. Used by the notebook tables and the reports.
 */
import { MS_PER_DAY, formatDate } from '../data/schema.js';

/** Options of {@link formatNumber}. */
export interface NumberFormat {
  /** Significant digits of non-integers. Default 4. */
  digits?: number;
}

const cache = new Map<number, Intl.NumberFormat>();
const integers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A number for display: integers in full with separators (1,760), other values to `digits`
 * significant digits (0.5612, 1,235), very large or small ones in exponent form (1.235e-7);
 * NaN → 'NaN', ±Infinity → '∞' / '−∞'.
 * @example formatNumber(0.561234) // '0.5612'
 */
export function formatNumber(x: number, { digits = 4 }: NumberFormat = {}): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return integers.format(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-5 || a >= 1e15)) return x.toExponential(digits - 1);
  let f = cache.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumSignificantDigits: digits });
    cache.set(digits, f);
  }
  return f.format(x);
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/** Column names whose epoch-ms numbers are UTC days (DESIGN.md §3). */
export const DATE_COLUMNS: readonly string[] = ['date', 't1'];

/** True when every present value is a whole UTC day in epoch-ms. */
export function isDayColumn(values: ArrayLike<unknown>): boolean {
  let seen = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
    if (typeof v !== 'number' || v % MS_PER_DAY !== 0) return false;
    seen++;
  }
  return seen > 0;
}

/** A short type name for a column: the typed array's element type, or what its values hold. */
export function columnType(name: string, values: ArrayLike<unknown>): string {
  if (ArrayBuffer.isView(values)) {
    const ctor = (values as unknown as { constructor: { name: string } }).constructor.name;
    const base = ctor.replace(/Array$/, '').toLowerCase();
    return DATE_COLUMNS.includes(name) && isDayColumn(values) ? `date (${base})` : base;
  }
  const kinds = new Set<string>();
  let ints = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (v instanceof Date) kinds.add('date');
    else if (typeof v === 'number') {
      kinds.add('number');
      if (!Number.isInteger(v) && !Number.isNaN(v)) ints = false;
    } else kinds.add(typeof v === 'object' ? (Array.isArray(v) ? 'array' : 'object') : typeof v);
  }
  if (kinds.size === 0) return 'null';
  if (kinds.size > 1) return 'mixed';
  const [kind] = [...kinds];
  if (kind === 'number') {
    if (DATE_COLUMNS.includes(name) && isDayColumn(values)) return 'date';
    return ints ? 'int' : 'float';
  }
  return kind === 'boolean' ? 'bool' : kind === 'string' ? 'str' : kind;
}

/** One cell as text: numbers by {@link formatNumber}, day columns as ISO dates, missing as ''. */
export function formatValue(v: unknown, options: NumberFormat & { asDate?: boolean } = {}): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number')
    return options.asDate && Number.isFinite(v) ? formatDate(v) : formatNumber(v, options);
  if (typeof v === 'bigint') return integers.format(v);
  if (v instanceof Date)
    return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString().replace(/T00:00:00\.000Z$/, '');
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return `[${(v as ArrayLike<unknown>).length} values]`;
  if (typeof v === 'object') {
    try {
      return JSON.stringify(v) ?? '';
    } catch {
      return Object.prototype.toString.call(v);
    }
  }
  return typeof v === 'symbol' ? v.toString() : typeof v === 'function' ? `[function ${v.name}]` : '';
}
