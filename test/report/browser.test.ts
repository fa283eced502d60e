/**
 * A generated report in a real browser: Debian's Chromium, headless (playwright-core driving
 * /usr/bin/chromium with --headless --no-sandbox --disable-gpu --disable-background-networking).
 * The report holds every chart kind (some with saved SVG, most rendered from their Vega-Lite spec)
 * and a cell that prints a `<script>`. Asserts: no console errors (a CSP violation would be one), no
 * page errors, no request besides the report file itself, every chart's SVG present with a non-empty
 * box and marks, the printed script shown as text and never run; saves a screenshot under reports/.
 *
 * Fails (does not skip) when /usr/bin/chromium is missing: CI installs Debian's `chromium`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { chromium, type Browser } from 'playwright-core';
import { VEGA_LITE_MIME } from '../../src/charts/index.js';
import type { IpynbCell } from '../../src/report/ipynb.js';
import { REPORT_CSP, renderReportWithSummary } from '../../src/report/index.js';
import { CHART_CASES } from '../charts/helpers.js';
import { SCRIPT_TEXT, sampleNotebook } from './sample-notebook.js';

const CHROMIUM = '/usr/bin/chromium';

/** What the page reports about itself. */
interface PageFacts {
  title: string;
  pwned: boolean;
  scripts: number;
  stdout: string;
  charts: { label: string | null; width: number; height: number; marks: number }[];
  toc: (string | null)[];
}

/** Runs in the page (plain JavaScript: the test's TypeScript has no DOM types). */
const FACTS_SCRIPT = `(() => {
  const figures = [...document.querySelectorAll('figure.qb-chart')];
  return {
    title: document.title,
    pwned: window.__pwned ?? false,
    scripts: document.querySelectorAll('script').length,
    stdout: document.querySelector('pre.qb-stdout')?.textContent ?? '',
    charts: figures.map((f) => {
      const svg = f.querySelector('svg');
      const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
      return {
        label: f.getAttribute('aria-label'),
        width: box.width,
        height: box.height,
        marks: svg ? svg.querySelectorAll('path, rect, line, text').length : 0,
      };
    }),
    toc: [...document.querySelectorAll('nav.qb-toc a')].map((a) => a.textContent),
  };
})()`;
const REPORTS = fileURLToPath(new URL('../../reports/', import.meta.url));

describe('report in headless Chromium', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;

  before(async function () {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is missing; this test needs Debian's Chromium: apt-get install --no-install-recommends chromium`,
      );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
  });

  after(async () => {
    await browser?.close();
  });

  it('shows every chart as SVG, runs no script, makes no request and logs no error', async function () {
    const nb = await sampleNotebook();
    const chartCells: IpynbCell[] = Object.entries(CHART_CASES).map(([name, make], i) => ({
      cell_type: 'code',
      execution_count: 20 + i,
      metadata: {},
      source: `show(${name})`,
      outputs: [
        {
          output_type: 'display_data',
          metadata: {},
          data: { [VEGA_LITE_MIME]: make(), 'text/plain': '<chart>' },
        },
      ],
    }));
    const summary = await renderReportWithSummary(
      {
        ...nb,
        cells: [
          ...nb.cells,
          { cell_type: 'markdown', metadata: {}, source: '## Every chart' },
          ...chartCells,
        ],
      },
      { sourcePath: 'test/report/sample-notebook.ts' },
    );
    const nCharts = 2 + chartCells.length;
    expect(summary.charts).to.equal(nCharts);
    fs.mkdirSync(REPORTS, { recursive: true });
    const file = path.join(REPORTS, 'browser-check.html');
    fs.writeFileSync(file, summary.html);
    const url = pathToFileURL(file).href;

    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning')
        consoleErrors.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('request', (req) => {
      if (req.url() !== url) requests.push(req.url());
    });
    await page.goto(url, { waitUntil: 'load' });

    const facts = await page.evaluate<PageFacts>(FACTS_SCRIPT);
    await page.screenshot({ path: path.join(REPORTS, 'browser-check.png'), fullPage: true });

    expect(consoleErrors, consoleErrors.join('\n')).to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
    expect(requests, 'network requests').to.deep.equal([]);
    expect(facts.title).to.equal('Model evaluation');
    expect(facts.pwned).to.equal(false);
    expect(facts.scripts).to.equal(0);
    expect(facts.stdout).to.include(SCRIPT_TEXT);
    expect(facts.charts).to.have.length(nCharts);
    for (const c of facts.charts) {
      expect(c.width, `${c.label} width`).to.be.greaterThan(100);
      expect(c.height, `${c.label} height`).to.be.greaterThan(50);
      expect(c.marks, `${c.label} marks`).to.be.greaterThan(5);
    }
    expect(facts.toc).to.deep.equal(['Model evaluation', 'Data', 'Curves', 'Errors', 'Every chart']);
    await page.close();
  });

  it('control: the same checks see an inline script blocked by the report CSP and a request without it', async function () {
    fs.mkdirSync(REPORTS, { recursive: true });
    const blocked = path.join(REPORTS, 'browser-control-csp.html');
    fs.writeFileSync(
      blocked,
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}"><script>window.__pwned = true</script><p>x</p>`,
    );
    const open = path.join(REPORTS, 'browser-control-open.html');
    fs.writeFileSync(open, '<!doctype html><img src="http://127.0.0.1:9/x.png"><p>x</p>');
    const page = await browser!.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(blocked).href, { waitUntil: 'load' });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned ?? false)).to.equal(
      false,
    );
    expect(errors.join('\n')).to.match(/Content Security Policy/);
    await page.goto(pathToFileURL(open).href, { waitUntil: 'load' });
    expect(requests).to.include('http://127.0.0.1:9/x.png');
    await page.close();
    fs.rmSync(blocked);
    fs.rmSync(open);
  });
});
