/**
 * The canonical OHLCV panel schema, and the one in-memory representation of a date.
 *
 * **Dates.** A date is a UTC calendar day, held in memory as a `number`: milliseconds since the
 * Unix epoch at 00:00:00 UTC of that day (what `Date.UTC(y, m - 1, d)` returns). It is fast,
 * sortable and exact; `NaN` means unknown. Parquet stores it as Arrow `date32` (days since epoch);
 * {@link readParquet} and {@link writeParquet} convert. Time zones never enter: every date function
 * here works in UTC.
 *
 * **Panel.** Long format, one row per (symbol, date), sorted by symbol then date, unique.
 *
 * | column    | in memory        | Parquet | unit                                   |
 * |-----------|------------------|---------|----------------------------------------|
 * | symbol    | string           | utf8    | ticker                                 |
 * | date      | number (epoch ms)| date32  | UTC day                                |
 * | open      | number           | float64 | price (currency units), NaN if missing |
 * | high      | number           | float64 | price                                  |
 * | low       | number           | float64 | price                                  |
 * | close     | number           | float64 | price                                  |
 * | volume    | number           | int64 when whole, else float64 | shares  |
 * | adj_close | number, optional | float64 | price adjusted for dividends/splits    |
 *
 * @see Apache Arrow columnar format, `Date32` (days since the UNIX epoch).
 */
import { DataFormatError } from '../util/errors.js';

/** The required OHLCV columns, in canonical order. */
export const OHLCV_COLUMNS = ['symbol', 'date', 'open', 'high', 'low', 'close', 'volume'] as const;
/** Optional OHLCV columns that the importer keeps when present. */
export const OPTIONAL_OHLCV_COLUMNS = ['adj_close'] as const;
/** The price columns (float64, must be finite and positive). */
export const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;

export type OhlcvColumn = (typeof OHLCV_COLUMNS)[number] | (typeof OPTIONAL_OHLCV_COLUMNS)[number];

/** Milliseconds in one day. */
export const MS_PER_DAY = 86_400_000;

/** Epoch-ms of 00:00 UTC on the given calendar day (`month` 1–12). */
export function utcDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

/** Truncates an epoch-ms instant to 00:00 UTC of its day. NaN stays NaN. */
export function floorToUtcDay(ms: number): number {
  return Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
}

/** Epoch-ms (00:00 UTC) → Arrow date32 (whole days since 1970-01-01). */
export function msToDays(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/** Arrow date32 days → epoch-ms at 00:00 UTC. */
export function daysToMs(days: number): number {
  return days * MS_PER_DAY;
}

/** Formats an epoch-ms date as `YYYY-MM-DD` (UTC). `NaN` → `'NaN'`. */
export function formatDate(ms: number): string {
  if (!Number.isFinite(ms)) return 'NaN';
  return new Date(ms).toISOString().slice(0, 10);
}

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const US_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function validDay(y: number, m: number, d: number): number {
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  return check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? ms : NaN;
}

/**
 * Parses a date string into epoch-ms at 00:00 UTC. Accepted: `YYYY-MM-DD`, `M/D/YYYY` (US order),
 * and ISO-8601 timestamps (`2018-02-07T15:30:00Z`, `2018-02-07 00:00:00-05:00`; a timestamp without
 * offset is read as UTC), which are truncated to their UTC day.
 *
 * @returns epoch-ms, or `NaN` when the text is not one of the accepted forms or not a real day.
 * @see ISO 8601; RFC 3339 §5.6.
 */
export function parseDate(text: string): number {
  const s = text.trim();
  let m = ISO_DAY.exec(s);
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = US_DAY.exec(s);
  if (m) return validDay(Number(m[3]), Number(m[1]), Number(m[2]));
  m = ISO_TIMESTAMP.exec(s);
  if (m) {
    if (Number.isNaN(validDay(Number(m[1]), Number(m[2]), Number(m[3])))) return NaN;
    const withT = s.replace(' ', 'T');
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(withT);
    const ms = Date.parse(hasZone ? withT : `${withT}Z`);
    return Number.isNaN(ms) ? NaN : floorToUtcDay(ms);
  }
  return NaN;
}

/**
 * Converts a date given as epoch-ms, a `Date`, or a string accepted by {@link parseDate} into
 * epoch-ms at 00:00 UTC.
 *
 * @throws DataFormatError naming the value when a string cannot be parsed.
 */
export function toDateMs(value: number | string | Date, what = 'date'): number {
  if (typeof value === 'number') return floorToUtcDay(value);
  if (value instanceof Date) return floorToUtcDay(value.getTime());
  const ms = parseDate(value);
  if (Number.isNaN(ms))
    throw new DataFormatError(`${what}: cannot parse date ${JSON.stringify(value)}`, {
      hint: 'Use YYYY-MM-DD, M/D/YYYY or an ISO-8601 timestamp',
    });
  return ms;
}
