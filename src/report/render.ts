/**
 * An executed notebook → one self-contained HTML report: inline CSS, inline SVG charts, no script,
 * no network request (a Content-Security-Policy of `default-src 'none'` makes the browser enforce
 * it), markdown rendered, code highlighted or hidden, outputs escaped or sanitized, a table of
 * contents from the headings, and the run's metadata at the top.
 *
 * ```
 *  notebook ──parseNotebook──▶ cells
 *     markdown ──renderMarkdown (headings → TOC ids)──────────────────┐
 *     code     ──highlightCode (unless hideCode / remove-input)       │
 *              ──renderOutputs (streams, errors, SVG / Vega-Lite → SVG, HTML, images)──┤
 *  runMetadata (date, kernel, parameters, data hashes, version) ──────────────────────┤
 *                                                                                     ▼
 *        <!doctype html> head (CSP, inline CSS) · header (title, metadata, banners) · TOC · cells
 * ```
 *
 * Cell tags (as nbconvert's TagRemovePreprocessor / Jupyter Book): `remove-cell` drops a cell,
 * `remove-input` (or `hide-input`) its source, `remove-output` (or `hide-output`) its outputs.
 * A notebook whose code cells have no outputs and no execution counts is reported as not executed.
 */
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { VERSION } from '../version.js';
import { escapeHtml, formatValue } from '../display/format.js';
import { highlightCode } from './highlight.js';
import { hasTag, joinText, parseNotebook, readNotebook, wasExecuted, type IpynbNotebook } from './ipynb.js';
import { Slugger, renderMarkdown, type Heading } from './markdown.js';
import { runMetadata, type RunMetadata } from './metadata.js';
import { renderOutputs, type OutputContext } from './outputs.js';
import { REPORT_CSS } from './style.js';

/** Options of {@link renderReport}. */
export interface ReportOptions {
  /** Leave code out; only markdown and outputs are shown. Default false. */
  hideCode?: boolean;
  /** Report title. Default: notebook metadata `title`, else the first heading, else the file name, else 'Notebook report'. */
  title?: string;
  /** Path of the notebook, shown in the header and used for the default title. */
  sourcePath?: string;
}

/** What {@link renderReportWithSummary} returns: the HTML and what went into it. */
export interface ReportSummary {
  html: string;
  title: string;
  cells: number;
  charts: number;
  figures: number;
  errors: number;
  executed: boolean;
  headings: Heading[];
  metadata: RunMetadata;
}

/** The Content-Security-Policy of every report: nothing loads, nothing runs. */
export const REPORT_CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

function metadataHtml(meta: RunMetadata, sourcePath: string | undefined, nb: IpynbNotebook): string {
  const rows: [string, string][] = [];
  if (sourcePath) rows.push(['Notebook', escapeHtml(sourcePath)]);
  if (meta.executedAt) rows.push(['Executed', escapeHtml(meta.executedAt)]);
  if (meta.durationSeconds !== undefined)
    rows.push(['Run time', `${escapeHtml(formatValue(meta.durationSeconds, { digits: 3 }))} s`]);
  if (meta.kernel) rows.push(['Kernel', escapeHtml(meta.kernel)]);
  if (meta.quantbookVersion) rows.push(['quantbook', escapeHtml(meta.quantbookVersion)]);
  if (meta.parameters) {
    const entries = Object.entries(meta.parameters);
    rows.push([
      'Parameters',
      entries.length === 0
        ? '<span class="qb-note">none</span>'
        : `<table>${entries.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(JSON.stringify(v) ?? String(v))}</td></tr>`).join('')}</table>`,
    ]);
  } else if (meta.parametersSource) {
    rows.push(['Parameters', `<pre class="qb-params">${highlightCode(meta.parametersSource)}</pre>`]);
  }
  if (meta.dataHashes) {
    rows.push([
      'Data',
      `<table>${Object.entries(meta.dataHashes)
        .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`)
        .join('')}</table>`,
    ]);
  }
  const lang = nb.metadata.language_info;
  if (!meta.kernel && lang?.name)
    rows.push(['Language', escapeHtml(`${lang.name}${lang.version ? ` ${lang.version}` : ''}`)]);
  if (rows.length === 0) return '';
  return `<dl class="qb-meta">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function tocHtml(headings: readonly Heading[]): string {
  const shown = headings.filter((h) => h.level <= 3);
  if (shown.length === 0) return '';
  const top = Math.min(...shown.map((h) => h.level));
  const items = shown
    .map(
      (h) =>
        `<li class="qb-toc-${h.level - top + 1}"><a href="#${escapeHtml(h.id)}">${escapeHtml(h.text)}</a></li>`,
    )
    .join('');
  return `<nav class="qb-toc" aria-label="Contents"><h2>Contents</h2><ol>${items}</ol></nav>`;
}

/**
 * Renders an executed notebook as a self-contained HTML report, with a summary of what it holds.
 * @throws DataFormatError when `notebook` is not an nbformat 4 notebook.
 */
export async function renderReportWithSummary(
  notebook: unknown,
  options: ReportOptions = {},
): Promise<ReportSummary> {
  const nb = parseNotebook(notebook, options.sourcePath);
  const executed = wasExecuted(nb);
  const language = nb.metadata.language_info?.name ?? nb.metadata.kernelspec?.language ?? 'typescript';
  const ctx: OutputContext = { slugger: new Slugger(), headings: [], figures: 0, charts: 0, errors: 0 };
  const sections: string[] = [];
  const errorCells: string[] = [];
  let shownCells = 0;
  for (let i = 0; i < nb.cells.length; i++) {
    const cell = nb.cells[i];
    if (hasTag(cell, 'remove-cell')) continue;
    const anchor = `cell-${i + 1}`;
    const source = joinText(cell.source);
    if (cell.cell_type === 'markdown') {
      if (!source.trim()) continue;
      sections.push(
        `<section class="qb-cell qb-markdown" id="${anchor}">${renderMarkdown(source, { ...ctx, attachments: cell.attachments ?? {} })}</section>`,
      );
      shownCells++;
    } else if (cell.cell_type === 'code') {
      const showInput =
        !options.hideCode &&
        !hasTag(cell, 'remove-input') &&
        !hasTag(cell, 'hide-input') &&
        source.trim() !== '';
      const showOutput = !hasTag(cell, 'remove-output') && !hasTag(cell, 'hide-output');
      const errorsBefore = ctx.errors;
      const outputs = showOutput ? await renderOutputs(cell.outputs ?? [], ctx) : '';
      if (ctx.errors > errorsBefore) errorCells.push(anchor);
      if (!showInput && !outputs) continue;
      const count = typeof cell.execution_count === 'number' ? String(cell.execution_count) : ' ';
      const input = showInput
        ? `<div class="qb-input"><div class="qb-prompt">In [${count}]:</div><pre class="qb-source"><code class="hljs language-${escapeHtml(language)}">${highlightCode(source, language)}</code></pre></div>`
        : '';
      sections.push(
        `<section class="qb-cell qb-code" id="${anchor}">${input}${outputs ? `<div class="qb-outputs">${outputs}</div>` : ''}</section>`,
      );
      shownCells++;
    }
  }
  const meta = runMetadata(nb);
  const firstHeading = ctx.headings[0]?.text;
  const title =
    options.title ??
    (typeof nb.metadata.title === 'string' && nb.metadata.title ? nb.metadata.title : undefined) ??
    firstHeading ??
    (options.sourcePath ? path.basename(options.sourcePath, '.ipynb') : 'Notebook report');
  const banners: string[] = [];
  if (!executed)
    banners.push(
      '<div class="qb-banner qb-not-executed" role="status"><strong>This notebook was not executed:</strong> no code cell has outputs. ' +
        'Run it first (<code>quantbook run &lt;notebook&gt; -o &lt;executed.ipynb&gt;</code>) and render the executed copy.</div>',
    );
  if (errorCells.length > 0)
    banners.push(
      `<div class="qb-banner qb-errors" role="alert"><strong>${errorCells.length} cell${errorCells.length === 1 ? '' : 's'} raised an error:</strong> ` +
        `${errorCells.map((a) => `<a href="#${a}">${a.replace('-', ' ')}</a>`).join(', ')}</div>`,
    );
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="quantbook ${escapeHtml(VERSION)}">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body class="${options.hideCode ? 'qb-hide-code' : 'qb-show-code'}">
<header class="qb-header">
<h1 class="qb-title">${escapeHtml(title)}</h1>
${metadataHtml(meta, options.sourcePath, nb)}
${banners.join('\n')}
</header>
<div class="qb-layout">
${tocHtml(ctx.headings)}
<main>
${sections.join('\n')}
</main>
</div>
<footer class="qb-footer">Rendered by quantbook ${escapeHtml(VERSION)} · ${shownCells} cells · ${ctx.charts} charts · static HTML, no scripts</footer>
</body>
</html>
`;
  return {
    html,
    title,
    cells: shownCells,
    charts: ctx.charts,
    figures: ctx.figures,
    errors: ctx.errors,
    executed,
    headings: ctx.headings,
    metadata: meta,
  };
}

/**
 * Renders an executed notebook as one self-contained HTML string (see the file header).
 *
 * @param notebook - An nbformat 4 notebook (parsed JSON or JSON text), normally executed.
 * @param options - hideCode (default false), title, sourcePath.
 * @returns The HTML document.
 * @throws DataFormatError when `notebook` is not an nbformat 4 notebook.
 * @example const html = await renderReport(JSON.parse(fs.readFileSync('out.ipynb', 'utf8')), { hideCode: true });
 */
export async function renderReport(notebook: unknown, options: ReportOptions = {}): Promise<string> {
  return (await renderReportWithSummary(notebook, options)).html;
}

/**
 * Renders a notebook and writes the report atomically (parent directories created): the target holds
 * the old report or the complete new one, never a partial file.
 *
 * @param notebook - A notebook file path, or the notebook itself (e.g. what `runNotebook` returns, for `run --html`).
 * @param outPath - The HTML file to write.
 * @param options - As {@link renderReport}; sourcePath defaults to the notebook's path.
 * @returns The summary of {@link renderReportWithSummary} plus the path written and its size in bytes.
 * @throws NotFoundError / DataFormatError on a missing or invalid notebook.
 */
export async function writeReport(
  notebook: string | object,
  outPath: string,
  options: ReportOptions = {},
): Promise<ReportSummary & { path: string; bytes: number }> {
  const nb = typeof notebook === 'string' ? readNotebook(notebook) : notebook;
  const sourcePath = options.sourcePath ?? (typeof notebook === 'string' ? notebook : undefined);
  const summary = await renderReportWithSummary(nb, { ...options, ...(sourcePath ? { sourcePath } : {}) });
  writeFileAtomic(outPath, summary.html);
  return { ...summary, path: outPath, bytes: Buffer.byteLength(summary.html) };
}
