/**
 * A small executed notebook built in code for the report tests: markdown with headings, code cells
 * with stdout/stderr streams (one printing a `<script>`), a chart with its SVG, a chart saved as a
 * Vega-Lite spec only (as nbconvert leaves it), an HTML table, a PNG, an error, and run metadata.
 */
import { rocChart, calibrationChart, toSVG, VEGA_LITE_MIME } from '../../src/charts/index.js';
import type { IpynbNotebook, IpynbCell } from '../../src/report/ipynb.js';

/** A 1×1 transparent PNG. */
export const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** The text a cell prints to try to inject a script. */
export const SCRIPT_TEXT = '<script>document.title = "pwned"; window.__pwned = true;</script>';

const y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1];
const score = [0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.5, 0.45, 0.9, 0.3, 0.6, 0.55];

function code(source: string, outputs: IpynbCell['outputs'], n: number, tags?: string[]): IpynbCell {
  return { cell_type: 'code', execution_count: n, metadata: tags ? { tags } : {}, source, outputs };
}

/** The executed sample notebook (2 charts: one with SVG, one spec-only). */
export async function sampleNotebook(): Promise<IpynbNotebook> {
  const roc = rocChart([{ name: 'logistic', y, score }]);
  const cal = calibrationChart({ name: 'logistic', y, prob: score }, { nBins: 4 });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' },
      quantbook: {
        version: '0.1.0',
        executedAt: '2024-05-01T12:00:00.000Z',
        durationMs: 4200,
        parameters: { symbol: 'SPY', horizon: 5 },
        dataHashes: { 'data/panel.parquet': 'sha256:1f2e3d' },
      },
    },
    cells: [
      {
        cell_type: 'markdown',
        metadata: {},
        source: ['# Model evaluation\n', '\n', 'Out-of-fold **scores** & labels.'],
      },
      code('const symbol = "SPY";\nconst horizon = 5;', [], 1, ['parameters']),
      { cell_type: 'markdown', metadata: {}, source: '## Data\n\nPrices from `data/panel.parquet`.' },
      code(
        'console.log("<script>…</script>");',
        [
          { output_type: 'stream', name: 'stdout', text: ['rows: 1760\n', `${SCRIPT_TEXT}\n`] },
          { output_type: 'stream', name: 'stderr', text: '\u001b[31mwarning\u001b[0m: 3 gaps\n' },
        ],
        2,
      ),
      {
        cell_type: 'markdown',
        metadata: {},
        source: '## Curves\n\nROC <b onclick="alert(1)">and</b> calibration.',
      },
      code(
        'await show(rocChart(models));',
        [
          {
            output_type: 'display_data',
            metadata: {},
            data: {
              [VEGA_LITE_MIME]: roc,
              'image/svg+xml': await toSVG(roc),
              'text/plain': '<chart: ROC curve>',
            },
          },
        ],
        3,
      ),
      code(
        'calibrationChart(models)',
        [
          {
            output_type: 'execute_result',
            execution_count: 4,
            metadata: {},
            data: { [VEGA_LITE_MIME]: cal, 'text/plain': '<chart>' },
          },
        ],
        4,
      ),
      code(
        'show(table)',
        [
          {
            output_type: 'display_data',
            metadata: {},
            data: {
              'text/html':
                '<table class="qb-table"><tr><th>auc</th><td style="text-align:right">0.61</td></tr></table><img src="https://example.com/x.png"><iframe src="https://example.com"></iframe>',
            },
          },
          {
            output_type: 'display_data',
            metadata: {},
            data: { 'image/png': PNG_1PX, 'text/plain': '<image>' },
          },
        ],
        5,
      ),
      { cell_type: 'markdown', metadata: {}, source: '## Errors' },
      code(
        'throw new Error("boom")',
        [
          {
            output_type: 'error',
            ename: 'Error',
            evalue: 'boom <b>',
            traceback: ['\u001b[31mError: boom <b>\u001b[0m', '    at <anonymous>:1:7'],
          },
        ],
        6,
      ),
      code('const hidden = 1;', [{ output_type: 'stream', name: 'stdout', text: 'hidden output\n' }], 7, [
        'remove-cell',
      ]),
    ],
  };
}

/** The same notebook as saved before running: no outputs, no execution counts. */
export async function unexecutedNotebook(): Promise<IpynbNotebook> {
  const nb = await sampleNotebook();
  return {
    ...nb,
    metadata: { kernelspec: nb.metadata.kernelspec },
    cells: nb.cells.map((c) => (c.cell_type === 'code' ? { ...c, outputs: [], execution_count: null } : c)),
  };
}
