/**
 * show(x): inside a (fake) tslab kernel a chart becomes one display_data with the Vega-Lite spec and
 * its SVG, a table an HTML table, a metrics object a tidy table; outside a kernel the text form is
 * printed. The real kernel is exercised in kernel.test.ts.
 */
import * as aq from 'arquero';
import { expect } from 'chai';
import { rocChart, VEGA_LITE_MIME } from '../../src/charts/index.js';
import { chartBundle, inKernel, isChartSpec, show, toMimeBundle } from '../../src/display/index.js';
import { isRowArray } from '../../src/display/metrics.js';
import { installFakeKernel, type WriterCall } from './fake-kernel.js';

const y = [0, 0, 1, 1, 0, 1];
const score = [0.1, 0.4, 0.35, 0.8, 0.3, 0.6];

async function captureStdout(fn: () => Promise<void>): Promise<string> {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = (chunk: string | Uint8Array): boolean => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  };
  try {
    await fn();
  } finally {
    process.stdout.write = write;
  }
  return out;
}

describe('display/show', function () {
  this.timeout(60_000);

  describe('inside a tslab kernel', function () {
    let kernel: { calls: WriterCall[]; uninstall: () => void };
    beforeEach(() => (kernel = installFakeKernel()));
    afterEach(() => kernel.uninstall());

    it('inKernel() is true and show(chart) sends one display_data with vegalite v5 + SVG + text', async function () {
      expect(inKernel()).to.equal(true);
      const spec = rocChart({ name: 'lr', y, score });
      await show(spec);
      expect(kernel.calls).to.have.length(1);
      const { data, update } = kernel.calls[0];
      expect(update).to.equal(false);
      expect(Object.keys(data.data).sort()).to.deep.equal([
        'application/vnd.vegalite.v5+json',
        'image/svg+xml',
        'text/plain',
      ]);
      expect(data.data[VEGA_LITE_MIME]).to.deep.equal(spec);
      expect(data.data['image/svg+xml']).to.match(/^<svg [\s\S]*class="mark-line[\s\S]*<\/svg>$/);
      expect(data.data['text/plain']).to.equal('<chart: ROC curve>');
      expect(data.metadata).to.deep.equal({});
    });

    it('show(table) sends an HTML table and its text; show(metrics) a tidy table', async function () {
      await show(aq.table({ a: [1, 2], b: ['x', 'y'] }));
      await show({ auc: 0.6123, brier: 0.2468 });
      expect(kernel.calls).to.have.length(2);
      expect(kernel.calls[0].data.data['text/html']).to.include('<table class="qb-table">');
      expect(kernel.calls[0].data.data['text/plain']).to.include('2 rows × 2 columns');
      const metrics = String(kernel.calls[1].data.data['text/html']);
      expect(metrics).to.match(/<td>auc<\/td><td style="text-align:right">0\.6123<\/td>/);
      expect(metrics).to.match(/<td>brier<\/td>/);
    });
  });

  describe('outside a kernel', function () {
    it('inKernel() is false and show prints the text form', async function () {
      expect(inKernel()).to.equal(false);
      const out = await captureStdout(async () => {
        await show(rocChart({ name: 'lr', y, score }));
        await show({ auc: 0.61 });
        await show('hello');
        await show([1, 2, 3]);
      });
      expect(out).to.include('<chart: ROC curve>\n');
      expect(out).to.match(/metric\s+value\n\s+<str>\s+<float>\n0\s+auc\s+0\.61\n1 row × 2 columns\n/);
      expect(out).to.include('hello\n');
      expect(out).to.include('[ 1, 2, 3 ]\n');
    });
  });

  it('isChartSpec recognises Vega-Lite specs by $schema or the quantbook tag', function () {
    expect(isChartSpec(rocChart({ name: 'lr', y, score }))).to.equal(true);
    expect(isChartSpec({ $schema: 'https://vega.github.io/schema/vega-lite/v5.json', mark: 'bar' })).to.equal(
      true,
    );
    expect(isChartSpec({ $schema: 'https://vega.github.io/schema/vega/v5.json' })).to.equal(false);
    expect(isChartSpec({ mark: 'bar' })).to.equal(false);
  });

  it('chartBundle of an empty-data spec carries a "no data" SVG; toMimeBundle of other values is text', async function () {
    const bundle = await chartBundle({
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: 'T',
      data: { values: [] },
      mark: 'bar',
    });
    expect(bundle['image/svg+xml']).to.include('>no data</text>');
    expect(await toMimeBundle(new Map([['a', 1]]))).to.deep.equal({ 'text/plain': "Map(1) { 'a' => 1 }" });
  });

  it('toMimeBundle of an array of row objects is a table of them (columns in first-seen key order); mixed arrays stay text', async function () {
    const rows = [
      { symbol: 'AAPL', rmse: 0.0412, own: true },
      { symbol: 'APTV', rmse: 0.0533, own: false, note: 'pooled' },
    ];
    const bundle = await toMimeBundle(rows);
    const text = bundle['text/plain'] as string;
    expect(text.split('\n')[0]).to.match(/symbol\s+rmse\s+own\s+note/);
    expect(text).to.include('AAPL').and.include('0.0533').and.include('pooled');
    expect(bundle['text/html']).to.include('<table').and.include('APTV');
    expect(isRowArray([{ a: 1 }, { a: [1] }])).to.equal(false);
    expect(isRowArray([])).to.equal(false);
    expect((await toMimeBundle([1, 2]))['text/html']).to.equal(undefined);
  });
});
