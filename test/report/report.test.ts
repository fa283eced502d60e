/**
 * renderReport: the structure of a report (one self-contained document: CSP, inline CSS, TOC,
 * run metadata, cells, inline SVG charts — rendered from the Vega-Lite spec when the SVG is missing),
 * escaping (a `<script>` printed by a cell is text), error outputs, hidden code, cell tags, and a
 * notebook with no outputs reported as not executed.
 */
import { expect } from 'chai';
import { renderReport, renderReportWithSummary, REPORT_CSP } from '../../src/report/index.js';
import { DataFormatError } from '../../src/util/errors.js';
import { SCRIPT_TEXT, sampleNotebook, unexecutedNotebook } from './sample-notebook.js';

const count = (html: string, re: RegExp): number => (html.match(re) ?? []).length;

describe('report/render', function () {
  this.timeout(60_000);
  let html = '';

  before(async function () {
    html = await renderReport(await sampleNotebook(), { sourcePath: 'notebooks/sample.ipynb' });
  });

  it('is one HTML document with a CSP that blocks scripts and requests, and inline CSS', function () {
    expect(html).to.match(/^<!doctype html>\n<html lang="en">/);
    expect(html).to.include(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).to.match(/^default-src 'none';/);
    expect(count(html, /<style>/g)).to.equal(1);
    expect(html).to.not.match(/<script\b/i);
    expect(html).to.not.match(/<link\b|<iframe\b|<object\b|<embed\b/i);
    expect(html).to.not.match(/(src|href)="(https?:)?\/\//i);
    expect(html).to.not.match(/url\((?!#)/i);
  });

  it('has the title, the run metadata and a table of contents from the headings', function () {
    expect(html).to.include('<title>Model evaluation</title>');
    expect(html).to.include('<h1 class="qb-title">Model evaluation</h1>');
    expect(html).to.include('<dt>Executed</dt><dd>2024-05-01T12:00:00.000Z</dd>');
    expect(html).to.include('<dt>Run time</dt><dd>4.2 s</dd>');
    expect(html).to.include('<dt>quantbook</dt><dd>0.1.0</dd>');
    expect(html).to.include('<dt>Kernel</dt><dd>TypeScript</dd>');
    expect(html).to.include(
      '<tr><td>symbol</td><td>&quot;SPY&quot;</td></tr><tr><td>horizon</td><td>5</td></tr>',
    );
    expect(html).to.include('<tr><td>data/panel.parquet</td><td>sha256:1f2e3d</td></tr>');
    expect(html).to.include('<nav class="qb-toc" aria-label="Contents">');
    for (const [id, text] of [
      ['sec-model-evaluation', 'Model evaluation'],
      ['sec-data', 'Data'],
      ['sec-curves', 'Curves'],
      ['sec-errors', 'Errors'],
    ]) {
      expect(html).to.include(`<a href="#${id}">${text}</a>`);
      expect(html).to.match(new RegExp(`<h[12] id="${id}">${text}</h[12]>`));
    }
  });

  it('renders markdown (bold, code) and sanitizes raw HTML in it', function () {
    expect(html).to.include('Out-of-fold <strong>scores</strong> &amp; labels.');
    expect(html).to.include('<code>data/panel.parquet</code>');
    expect(html).to.include('ROC <b>and</b> calibration.');
    expect(html).to.not.include('onclick');
  });

  it('shows code highlighted with its execution count', function () {
    expect(html).to.include('<div class="qb-prompt">In [3]:</div>');
    expect(html).to.include('<span class="hljs-keyword">await</span>');
  });

  it('inlines both charts as SVG: from image/svg+xml, and rendered from the Vega-Lite spec when only it was saved', async function () {
    const s = await renderReportWithSummary(await sampleNotebook());
    expect(s.charts).to.equal(2);
    const figures = html.match(/<figure class="qb-figure qb-chart"[^>]*>[\s\S]*?<\/figure>/g) ?? [];
    expect(figures).to.have.length(2);
    expect(figures[0]).to.include('aria-label="ROC curve"');
    expect(figures[1]).to.include('aria-label="Calibration"');
    for (const f of figures) {
      expect(f).to.match(/<svg [^>]*viewBox=/);
      expect(count(f, /<path\b/g)).to.be.greaterThan(5);
    }
  });

  it('escapes streams: the <script> a cell printed appears as text and cannot run', function () {
    expect(html).to.not.include(SCRIPT_TEXT);
    expect(html).to.include(
      '&lt;script&gt;document.title = &quot;pwned&quot;; window.__pwned = true;&lt;/script&gt;',
    );
    expect(html).to.match(/<pre class="qb-stream qb-stdout">rows: 1760\n&lt;script&gt;/);
    expect(html).to.include('<pre class="qb-stream qb-stderr">warning: 3 gaps\n</pre>');
  });

  it('sanitizes HTML outputs (remote images, iframes dropped) and inlines PNGs as data URIs', function () {
    expect(html).to.include(
      '<div class="qb-html"><table class="qb-table"><tr><th>auc</th><td style="text-align:right">0.61</td></tr></table><img></div>',
    );
    expect(html).to.match(/<img alt="output image" src="data:image\/png;base64,iVBOR[^"]+">/);
  });

  it('shows error outputs with their traceback (ANSI stripped, escaped) and a banner linking to them', function () {
    expect(html).to.include(
      '<div class="qb-error" role="alert"><div class="qb-ename"><strong>Error</strong>: boom &lt;b&gt;</div><pre>Error: boom &lt;b&gt;\n    at &lt;anonymous&gt;:1:7</pre></div>',
    );
    expect(html).to.include('<strong>1 cell raised an error:</strong> <a href="#cell-10">cell 10</a>');
    expect(html).to.not.include('\u001b');
  });

  it('drops cells tagged remove-cell', function () {
    expect(html).to.not.include('hidden output');
    expect(html).to.not.include('const hidden');
  });

  it('hideCode leaves out the code but keeps markdown and outputs', async function () {
    const hidden = await renderReport(await sampleNotebook(), { hideCode: true, title: 'Results only' });
    expect(hidden).to.include('<title>Results only</title>');
    expect(hidden).to.not.include('class="qb-input"');
    expect(hidden).to.not.include('<span class="hljs-keyword">');
    expect(count(hidden, /<figure class="qb-figure qb-chart"/g)).to.equal(2);
    expect(hidden).to.include('<h2 id="sec-curves">Curves</h2>');
  });

  it('a notebook with no outputs yields a report that says it was not executed', async function () {
    const s = await renderReportWithSummary(await unexecutedNotebook());
    expect(s.executed).to.equal(false);
    expect(s.html).to.include('<strong>This notebook was not executed:</strong> no code cell has outputs.');
    expect(s.charts).to.equal(0);
    expect(s.html).to.include('<div class="qb-prompt">In [ ]:</div>');
  });

  it('reads run metadata written by quantbook run and by papermill, and the parameters cell', async function () {
    const nb = await sampleNotebook();
    const fromRunner = await renderReport({
      ...nb,
      metadata: {
        quantbook: {
          parameters: { seed: 7 },
          start_time: '2024-06-01T00:00:00.000Z',
          duration_s: 1.5,
          input_path: 'a.ipynb',
          exception: false,
        },
      },
    });
    expect(fromRunner).to.include('<dt>Executed</dt><dd>2024-06-01T00:00:00.000Z</dd>');
    expect(fromRunner).to.include('<dt>Run time</dt><dd>1.5 s</dd>');
    expect(fromRunner).to.include('<tr><td>seed</td><td>7</td></tr>');
    const fromCell = await renderReport({ ...nb, metadata: {} });
    expect(fromCell).to.match(
      /<dt>Parameters<\/dt><dd><pre class="qb-params"><span class="hljs-keyword">const<\/span> [^\n]*symbol[^\n]*\n/,
    );
  });

  it('rejects what is not an nbformat 4 notebook with a DataFormatError', async function () {
    for (const [input, re] of [
      ['{not json', /invalid JSON/],
      [[], /expected a JSON object, got an array/],
      [{ cells: [] }, /no nbformat field/],
      [{ nbformat: 3, cells: [] }, /nbformat 3 is not supported, need 4/],
      [{ nbformat: 4, cells: [{}] }, /cell 0 has no cell_type/],
    ] as const) {
      let err: unknown;
      try {
        await renderReport(input);
      } catch (e) {
        err = e;
      }
      expect(err, String(re)).to.be.instanceOf(DataFormatError);
      expect((err as Error).message).to.match(re);
    }
  });
});
