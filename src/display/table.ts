/**
 * Arquero tables for people: an HTML table (numbers formatted and right-aligned, column types under
 * the names, the first and last rows when there are too many, with the count) for notebooks and
 * reports, and the same as aligned plain text for terminals.
 *
 * ```
 *  ColumnTable ──numRows > maxRows? head(⌈k/2⌉) + '…' + tail(⌊k/2⌋)──▶ per column: type, formatted cells
 *      ├─ tableHtml: <table class="qb-table"> + "n rows × m columns" caption
 *      └─ tableText: padded columns
 * ```
 */
import type { ColumnTable } from 'arquero';
import {
  DATE_COLUMNS,
  columnType,
  escapeHtml,
  formatValue,
  isDayColumn,
  type NumberFormat,
} from './format.js';

/** Options of {@link tableHtml} and {@link tableText}. */
export interface TableFormat extends NumberFormat {
  /** Most rows shown; beyond it the first and last rows with an ellipsis row between. Default 20. */
  maxRows?: number;
  /** Caption above the table. */
  caption?: string;
}

interface Shown {
  names: string[];
  types: string[];
  /** Formatted cells per shown row; null marks the ellipsis row. */
  cells: (string[] | null)[];
  /** Row numbers of the shown rows (null for the ellipsis). */
  index: (number | null)[];
  numeric: boolean[];
  nRows: number;
}

function prepare(table: ColumnTable, options: TableFormat): Shown {
  const maxRows = Math.max(1, options.maxRows ?? 20);
  const nRows = table.numRows();
  const names = table.columnNames();
  const head = nRows > maxRows ? Math.ceil(maxRows / 2) : nRows;
  const tail = nRows > maxRows ? maxRows - head : 0;
  const parts = tail > 0 ? [table.slice(0, head), table.slice(nRows - tail)] : [table];
  const types: string[] = [];
  const numeric: boolean[] = [];
  const columns: string[][] = [];
  for (const name of names) {
    const values = parts.flatMap((p) => Array.from(p.array(name) as ArrayLike<unknown>));
    const all = table.array(name) as ArrayLike<unknown>;
    const type = storedType(table, name, all);
    const asDate = DATE_COLUMNS.includes(name) && isDayColumn(all);
    types.push(type);
    numeric.push(!asDate && values.some((v) => typeof v === 'number' || typeof v === 'bigint'));
    columns.push(values.map((v) => formatValue(v, { ...options, asDate })));
  }
  const cells: (string[] | null)[] = [];
  const index: (number | null)[] = [];
  const shown = head + tail;
  for (let r = 0; r < shown; r++) {
    if (tail > 0 && r === head) {
      cells.push(null);
      index.push(null);
    }
    cells.push(columns.map((col) => col[r]));
    index.push(r < head ? r : nRows - tail + (r - head));
  }
  return { names, types, cells, index, numeric, nRows };
}

/** Arrow type ids (flechette / apache-arrow `Type`) → short names. */
function arrowTypeName(type: {
  typeId: number;
  bitWidth?: number;
  signed?: boolean;
  precision?: number;
  unit?: number;
}): string | undefined {
  switch (type.typeId) {
    case 2:
      return `${type.signed === false ? 'uint' : 'int'}${type.bitWidth ?? ''}`;
    case 3:
      return ['float16', 'float32', 'float64'][type.precision ?? 2];
    case 5:
    case 20:
      return 'str';
    case 6:
      return 'bool';
    case 8:
      return type.unit === 0 ? 'date32' : 'date64';
    case 10:
      return 'timestamp';
    case -1:
      return 'dictionary';
    default:
      return undefined;
  }
}

/** The column's type: its typed array's or Arrow vector's element type when stored as one, else from its values. */
function storedType(table: ColumnTable, name: string, values: ArrayLike<unknown>): string {
  const stored = table.column(name) as unknown;
  if (ArrayBuffer.isView(stored)) return columnType(name, stored as unknown as ArrayLike<unknown>);
  const arrow = (stored as { type?: unknown } | undefined)?.type;
  if (
    typeof arrow === 'object' &&
    arrow !== null &&
    typeof (arrow as { typeId?: unknown }).typeId === 'number'
  ) {
    const base = arrowTypeName(arrow as { typeId: number });
    if (base)
      return DATE_COLUMNS.includes(name) && base.startsWith('float') && isDayColumn(values)
        ? `date (${base})`
        : base;
  }
  return columnType(name, values);
}

/** "1,760 rows × 8 columns (first 10 and last 10 shown)". */
function countLine(nRows: number, nCols: number, shown: number): string {
  const rows = `${nRows.toLocaleString('en-US')} row${nRows === 1 ? '' : 's'} × ${nCols} column${nCols === 1 ? '' : 's'}`;
  if (shown >= nRows) return rows;
  const head = Math.ceil(shown / 2);
  return `${rows} (first ${head} and last ${shown - head} shown)`;
}

/**
 * An Arquero table as an HTML `<table>` (escaped; no scripts, no external resources).
 * @example tableHtml(aq.table({ x: [1.23456] })) // '<div class="qb-table-wrap"><table class="qb-table">…<td …>1.235</td>…'
 */
export function tableHtml(table: ColumnTable, options: TableFormat = {}): string {
  const s = prepare(table, options);
  const shown = s.cells.filter((c) => c !== null).length;
  const align = (i: number): string => (s.numeric[i] ? ' style="text-align:right"' : '');
  const head = s.names
    .map(
      (n, i) =>
        `<th${align(i)}>${escapeHtml(n)}<br><span class="qb-type" style="font-weight:normal;color:#777;font-size:85%">${escapeHtml(s.types[i])}</span></th>`,
    )
    .join('');
  const body = s.cells
    .map((row, r) =>
      row === null
        ? `<tr><th>…</th>${s.names.map((_, i) => `<td${align(i)}>…</td>`).join('')}</tr>`
        : `<tr><th style="color:#777;font-weight:normal">${s.index[r]}</th>${row.map((c, i) => `<td${align(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  return (
    `<div class="qb-table-wrap"><table class="qb-table">${caption}<thead><tr><th></th>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>` +
    `<p class="qb-table-count" style="color:#777;font-size:85%;margin:4px 0">${escapeHtml(countLine(s.nRows, s.names.length, shown))}</p></div>`
  );
}

/** An Arquero table as aligned plain text, with the same row limit and count line as {@link tableHtml}. */
export function tableText(table: ColumnTable, options: TableFormat = {}): string {
  const s = prepare(table, options);
  const shown = s.cells.filter((c) => c !== null).length;
  const idx = s.index.map((i) => (i === null ? '…' : String(i)));
  const grid: string[][] = [
    ['', ...s.names],
    ['', ...s.types.map((t) => `<${t}>`)],
    ...s.cells.map((row, r) => [idx[r], ...(row ?? s.names.map(() => '…'))]),
  ];
  const widths = grid[0].map((_, c) => Math.max(...grid.map((row) => [...row[c]].length)));
  const lines = grid.map((row) =>
    row
      .map((cell, c) => {
        const pad = ' '.repeat(widths[c] - [...cell].length);
        return c > 0 && s.numeric[c - 1] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
  if (options.caption) lines.unshift(options.caption);
  lines.push(countLine(s.nRows, s.names.length, shown));
  return lines.join('\n');
}
