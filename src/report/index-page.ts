/**
 * The reports' front page (`reports/index.html`, written by `npm run demo`): one row per executed
 * notebook with a link to its HTML report and executed .ipynb, its status, its run time and its
 * headline metrics (the values it recorded with `record`). Self-contained like every report: inline
 * CSS, no script, the same Content-Security-Policy.
 */
import { escapeHtml, formatValue } from '../display/format.js';
import { VERSION } from '../version.js';
import { REPORT_CSP } from './render.js';
import { REPORT_CSS } from './style.js';

/** One notebook on the index page. */
export interface IndexEntry {
  /** Notebook name without extension, e.g. `02-volatility-spike`. */
  name: string;
  /** The report's title (its first heading). */
  title: string;
  /** Link to the HTML report, relative to the index page. */
  reportHref: string;
  /** Link to the executed notebook, relative to the index page. */
  notebookHref: string;
  /** True when every cell ran. */
  ok: boolean;
  /** Wall time of the run, ms. */
  durationMs: number;
  /** The notebook's recorded values. */
  records: Record<string, unknown>;
  /** The error, when the run failed. */
  error?: string;
  /** Parameters the run was given. */
  parameters?: Record<string, unknown>;
}

/**
 * A recorded value as short text: numbers with 4 significant digits (integers in full), strings and
 * booleans as they are, small objects as `k v, k v`, arrays and larger objects as compact JSON cut
 * at `maxLength` characters.
 */
export function formatRecord(value: unknown, maxLength = 80): string {
  let text: string;
  if (typeof value === 'number')
    text = Number.isInteger(value) ? formatValue(value) : formatValue(value, { digits: 4 });
  else if (typeof value === 'string' || typeof value === 'boolean') text = String(value);
  else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    text = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k} ${typeof v === 'object' && v !== null ? JSON.stringify(v) : formatRecord(v)}`)
      .join(', ');
  } else text = JSON.stringify(value) ?? String(value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/**
 * Renders the index page.
 *
 * @param entries - The notebooks, in order.
 * @param options - `title` of the page (default 'quantbook research reports'); `generatedAt` (ISO
 *   time, default now); `footer` text.
 */
export function renderIndexPage(
  entries: readonly IndexEntry[],
  options: { title?: string; generatedAt?: string; footer?: string } = {},
): string {
  const title = options.title ?? 'quantbook research reports';
  const generatedAt = options.generatedAt ?? new Date().toISOString();
  const rows = entries
    .map((e) => {
      const metrics = Object.entries(e.records)
        .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(formatRecord(v))}</td></tr>`)
        .join('');
      const params =
        e.parameters && Object.keys(e.parameters).length
          ? `<div class="qb-note">parameters: ${escapeHtml(
              Object.entries(e.parameters)
                .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
                .join(', '),
            )}</div>`
          : '';
      const status = e.ok
        ? '<span class="qb-ok">ok</span>'
        : `<span class="qb-fail">failed</span><div class="qb-note">${escapeHtml(e.error ?? '')}</div>`;
      return (
        `<tr><td><a href="${escapeHtml(e.reportHref)}">${escapeHtml(e.title)}</a>` +
        `<div class="qb-note">${escapeHtml(e.name)} · <a href="${escapeHtml(e.notebookHref)}">executed notebook</a></div>${params}</td>` +
        `<td>${status}</td><td>${escapeHtml(formatValue(e.durationMs / 1000, { digits: 3 }))} s</td>` +
        `<td>${metrics ? `<table>${metrics}</table>` : '<span class="qb-note">none recorded</span>'}</td></tr>`
      );
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}
.qb-index td { vertical-align: top; }
.qb-ok { color: #1a7f37; font-weight: 600; }
.qb-fail { color: #cf222e; font-weight: 600; }
</style>
</head>
<body class="qb-show-code">
<header class="qb-header">
<h1 class="qb-title">${escapeHtml(title)}</h1>
<p class="qb-note">Generated ${escapeHtml(generatedAt)} by quantbook ${escapeHtml(VERSION)} (<code>npm run demo</code>). Every figure was computed from the real data (../shared/data, see its PROVENANCE.md) by the notebook it belongs to; open a report for its charts, test windows and reasoning.</p>
</header>
<main>
<div class="qb-table-wrap"><table class="qb-table qb-index">
<thead><tr><th>Notebook</th><th>Status</th><th>Run time</th><th>Headline metrics (recorded)</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
</main>
<footer class="qb-footer">${escapeHtml(options.footer ?? `quantbook ${VERSION} · static HTML, no scripts`)}</footer>
</body>
</html>
`;
}

/** What {@link formatDemoSummary} needs of a run. */
export interface SummaryRow {
  name: string;
  ok: boolean;
  durationMs: number;
  records: Record<string, unknown>;
}

/**
 * The demo's closing table as plain text: notebook, status and run time on one line, then its
 * headline metrics (`name = value`, see {@link formatRecord}) wrapped at `width` characters.
 */
export function formatDemoSummary(rows: readonly SummaryRow[], width = 100): string {
  const nameWidth = Math.max(8, ...rows.map((r) => r.name.length));
  const lines = [`${'notebook'.padEnd(nameWidth)}  status  ${'time'.padStart(8)}  headline metrics`];
  lines.push('-'.repeat(Math.min(width, nameWidth + 36)));
  const indent = ' '.repeat(nameWidth + 20);
  for (const r of rows) {
    const head = `${r.name.padEnd(nameWidth)}  ${(r.ok ? 'ok' : 'FAILED').padEnd(6)}  ${`${(r.durationMs / 1000).toFixed(1)} s`.padStart(8)}  `;
    const items = Object.entries(r.records).map(([k, v]) => `${k} = ${formatRecord(v, 60)}`);
    if (items.length === 0) {
      lines.push(`${head}(none recorded)`);
      continue;
    }
    let line = head;
    let fresh = true;
    for (const item of items) {
      if (!fresh && line.length + item.length + 2 > width) {
        lines.push(line.trimEnd());
        line = indent;
        fresh = true;
      }
      line += fresh ? item : `; ${item}`;
      fresh = false;
    }
    lines.push(line.trimEnd());
  }
  const total = rows.reduce((a, r) => a + r.durationMs, 0);
  lines.push(
    `${'total'.padEnd(nameWidth)}  ${''.padEnd(6)}  ${`${(total / 1000).toFixed(1)} s`.padStart(8)}`,
  );
  return lines.join('\n');
}
