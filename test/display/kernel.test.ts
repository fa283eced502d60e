/**
 * show() and progress() inside the real tslab kernel, under Debian's `jupyter nbconvert --execute`
 * (test/helpers/jupyter.ts): a chart becomes one display_data with the Vega-Lite spec and its SVG,
 * a progress bar is one output updated in place (nbclient applies update_display_data by display_id),
 * a metrics object an HTML table; and the executed notebook renders as a report with the chart inline.
 *
 * The notebook imports the built modules (dist/, `npm run build`; `npm test` builds in pretest) by
 * absolute path. QUANTBOOK_DIST_DIR points elsewhere (a private build) when set.
 * Fails (does not skip) when Debian's Jupyter is missing.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import {
  REPO_ROOT,
  assertDebianJupyter,
  collectOutputs,
  createJupyterSandbox,
  executeNotebook,
  installTslabKernel,
  type JupyterSandbox,
} from '../helpers/jupyter.js';
import { renderReportWithSummary } from '../../src/report/index.js';

const DIST = path.resolve(process.env.QUANTBOOK_DIST_DIR ?? path.join(REPO_ROOT, 'dist'));

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  text?: string | string[];
}

const cell = (source: string): object => ({
  cell_type: 'code',
  execution_count: null,
  metadata: {},
  outputs: [],
  source,
});

describe('display in the tslab kernel (jupyter nbconvert --execute)', function () {
  this.timeout(300_000);
  let sandbox: JupyterSandbox | undefined;
  let dir = '';

  before(async function () {
    assertDebianJupyter();
    for (const built of ['display/index.js', 'display/index.d.ts', 'charts/index.js'])
      if (!existsSync(path.join(DIST, built)))
        throw new Error(
          `${path.join(DIST, built)} is missing: run \`npm run build\` first (the notebook imports the built modules)`,
        );
    sandbox = createJupyterSandbox();
    await installTslabKernel(sandbox);
    dir = mkdtempSync(path.join(os.tmpdir(), 'quantbook-display-'));
  });

  after(() => {
    sandbox?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('show(chart) → vegalite v5 + SVG in one output; progress updates one output in place; show(metrics) → HTML', async function () {
    const display = JSON.stringify(path.join(DIST, 'display', 'index.js'));
    const charts = JSON.stringify(path.join(DIST, 'charts', 'index.js'));
    const notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
      cells: [
        {
          ...cell(`import { show, progress } from ${display};\nimport { rocChart } from ${charts};`),
          id: 'c1',
        },
        {
          ...cell("await show(rocChart({ name: 'lr', y: [0, 0, 1, 1], score: [0.1, 0.4, 0.35, 0.8] }));"),
          id: 'c2',
        },
        {
          ...cell(
            "const bar = progress(5, { label: 'cv', minIntervalMs: 0 });\nfor (let i = 0; i < 5; i++) bar.increment(1, `fold ${i}`);\nbar.stop();",
          ),
          id: 'c3',
        },
        { ...cell('await show({ auc: 0.6123, brier: 0.2468 });'), id: 'c4' },
      ],
    };
    const file = path.join(dir, 'display.ipynb');
    writeFileSync(file, JSON.stringify(notebook));
    const { notebook: executed } = await executeNotebook(sandbox!, file, {
      timeoutMs: 240_000,
      cellTimeoutSec: 180,
    });
    const { stderr, errors } = collectOutputs(executed);
    expect(errors, stderr).to.deep.equal([]);
    expect(stderr).to.equal('');
    const outputs = executed.cells.map((c) => (c.outputs ?? []) as Output[]);

    expect(outputs[1]).to.have.length(1);
    const chart = outputs[1][0];
    expect(chart.output_type).to.equal('display_data');
    expect(Object.keys(chart.data ?? {}).sort()).to.deep.equal([
      'application/vnd.vegalite.v5+json',
      'image/svg+xml',
      'text/plain',
    ]);
    expect((chart.data!['application/vnd.vegalite.v5+json'] as { usermeta: unknown }).usermeta).to.deep.equal(
      { quantbook: { chart: 'roc' } },
    );
    const svg = chart.data!['image/svg+xml'];
    expect(Array.isArray(svg) ? svg.join('') : svg).to.match(/^<svg [\s\S]*class="mark-line/);

    expect(outputs[2]).to.have.length(1);
    const bar = outputs[2][0];
    const text = bar.data!['text/plain'];
    expect(Array.isArray(text) ? text.join('') : text).to.match(/^cv \[█+\] 100% 5\/5 fold 4$/);
    expect(String(bar.data!['text/html'])).to.include('<progress value="5" max="5"');

    expect(String(outputs[3][0].data!['text/html'])).to.match(
      /<td>auc<\/td><td style="text-align:right">0\.6123<\/td>/,
    );

    const report = await renderReportWithSummary(executed);
    expect(report.charts).to.equal(1);
    expect(report.html).to.match(/<figure class="qb-figure qb-chart" aria-label="ROC curve"><svg /);
  });
});
