/**
 * The demo (src/report/demo.ts) and its index page (src/report/index-page.ts): pure functions on
 * crafted values, then `runDemo` on two small tslab notebooks in a temporary project — one that
 * records values from the real panel (PROVENANCE.md §1: 619,040 rows, 505 symbols) and declares
 * `quick` and `registryDir`, one whose second cell throws — checking what it writes and that a
 * failure neither stops the other notebook nor goes unreported.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Notebook } from '../../src/notebook/nbformat.js';
import {
  demoParameters,
  listDemoNotebooks,
  registryChampions,
  runDemo,
  type DemoEvent,
  type DemoResult,
} from '../../src/report/demo.js';
import { formatDemoSummary, formatRecord, renderIndexPage } from '../../src/report/index-page.js';
import { GBDTClassifier } from '../../src/models/gbdt/index.js';
import { LogisticRegression } from '../../src/models/logistic-regression.js';
import { ModelRegistry } from '../../src/registry/store.js';
import type { Matrix } from '../../src/types.js';
import { NotFoundError } from '../../src/util/errors.js';
import { REPO_ROOT, tslabSpec } from '../helpers/kernels.js';

const DATA_DIR = process.env.QUANTBOOK_DATA
  ? path.resolve(process.env.QUANTBOOK_DATA)
  : path.resolve(REPO_ROOT, '..', 'shared', 'data');

function notebook(cells: { source: string; tags?: string[]; markdown?: boolean }[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' },
      language_info: { name: 'typescript' },
    },
    cells: cells.map((c, i) =>
      c.markdown
        ? { id: `m${i}`, cell_type: 'markdown', metadata: {}, source: c.source }
        : {
            id: `c${i}`,
            cell_type: 'code',
            metadata: c.tags ? { tags: c.tags } : {},
            source: c.source,
            outputs: [],
            execution_count: null,
          },
    ),
  };
}

describe('report/index-page formatRecord, formatDemoSummary, renderIndexPage', function () {
  it('formatRecord: integers in full, fractions to 4 significant digits, objects as k v pairs, long text cut', function () {
    expect(formatRecord(619040)).to.equal('619,040');
    expect(formatRecord(0.523456)).to.equal('0.5235');
    expect(formatRecord(true)).to.equal('true');
    expect(formatRecord('2017-03-01..2018-02-07')).to.equal('2017-03-01..2018-02-07');
    expect(formatRecord({ min: 44, median: 1259 })).to.equal('min 44, median 1,259');
    expect(formatRecord([1, 2, 3])).to.equal('[1,2,3]');
    const long = formatRecord('x'.repeat(200), 20);
    expect(long).to.have.length(20);
    expect(long.endsWith('…')).to.equal(true);
  });

  it('formatDemoSummary: one line per notebook with status and time, metrics wrapped under it, a total', function () {
    const text = formatDemoSummary(
      [
        { name: '02-volatility-spike', ok: true, durationMs: 61_000, records: { auc: 0.61234, rows: 1000 } },
        { name: '03-x', ok: false, durationMs: 1_500, records: {} },
      ],
      100,
    );
    const lines = text.split('\n');
    expect(lines[0]).to.match(/^notebook\s+status\s+time\s+headline metrics$/);
    expect(lines[2]).to.match(/^02-volatility-spike\s+ok\s+61\.0 s\s+auc = 0\.6123; rows = 1,000$/);
    expect(lines[3]).to.match(/^03-x\s+FAILED\s+1\.5 s\s+\(none recorded\)$/);
    expect(lines[4]).to.match(/^total\s+62\.5 s$/);
    const wrapped = formatDemoSummary(
      [{ name: 'n', ok: true, durationMs: 0, records: { a: 'x'.repeat(30), b: 'y'.repeat(30), c: 1 } }],
      80,
    ).split('\n');
    expect(wrapped.length).to.equal(5); // header, rule, 2 metric lines, total
    for (const line of wrapped) expect(line.length).to.be.at.most(80);
  });

  it('renderIndexPage escapes titles, errors and values, links each report, and carries the report CSP', function () {
    const html = renderIndexPage([
      {
        name: '02-a',
        title: 'A <b>title</b>',
        reportHref: '02-a.html',
        notebookHref: '02-a.ipynb',
        ok: false,
        durationMs: 1234,
        records: { note: '<script>x</script>' },
        error: 'Error: <img src=x>',
        parameters: { quick: true },
      },
    ]);
    expect(html).to.include("default-src 'none'");
    expect(html).to.include('href="02-a.html"');
    expect(html).to.include('href="02-a.ipynb"');
    expect(html).to.include('A &lt;b&gt;title&lt;/b&gt;');
    expect(html).to.include('&lt;script&gt;x&lt;/script&gt;');
    expect(html).to.include('Error: &lt;img src=x&gt;');
    expect(html).to.include('quick = true');
    expect(html).not.to.match(/<script|<img/);
  });
});

describe('report/demo listDemoNotebooks and demoParameters', function () {
  let dir: string;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-demo-list-'));
    for (const f of [
      '00-import-smoke.ipynb',
      '02-b.ipynb',
      '01-a.ipynb',
      'notes.ipynb',
      '03-c.baseline.json',
    ])
      fs.writeFileSync(path.join(dir, f), '{}');
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists NN-*.ipynb with NN ≥ 01 in name order; --only filters by prefix; none → NotFoundError', function () {
    expect(listDemoNotebooks(dir).map((f) => path.basename(f))).to.deep.equal(['01-a.ipynb', '02-b.ipynb']);
    expect(listDemoNotebooks(dir, ['02']).map((f) => path.basename(f))).to.deep.equal(['02-b.ipynb']);
    expect(() => listDemoNotebooks(dir, ['09'])).to.throw(NotFoundError, /starting with 09/);
    expect(() => listDemoNotebooks(path.join(dir, 'missing'))).to.throw(NotFoundError, /does not exist/);
  });

  it('demoParameters passes only the parameters the notebook declares', function () {
    const nb = notebook([
      { source: 'const quick = false;\nconst symbols: string[] = [];', tags: ['parameters'] },
    ]);
    expect(demoParameters(nb, { quick: true, registryDir: '/m' })).to.deep.equal({ quick: true });
    expect(demoParameters(notebook([{ source: 'const x = 1;' }]), { quick: true })).to.deep.equal({});
  });
});

describe('report/demo registryChampions', function () {
  let dir: string;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-demo-champions-'));
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists each promoted champion with its folder and xgboost.json (tree models only); unpromoted models are left out', function () {
    // synthetic: 60 rows, 2 features, y = a > 0
    const data = Float64Array.from({ length: 120 }, (_, i) => Math.sin(i * 0.7));
    const X: Matrix = { data, rows: 60, cols: 2, columns: ['a', 'b'] };
    const y = Float64Array.from({ length: 60 }, (_, i) => (data[2 * i] > 0 ? 1 : 0));
    const spec = { features: [{ name: 'returns', params: { period: 1 } }] };
    const registry = new ModelRegistry(dir);
    const gbdt = new GBDTClassifier({ nEstimators: 2, minChildWeight: 0 }).fit(X, y);
    const lr = new LogisticRegression().fit(X, y);
    const a = registry.saveModel(gbdt, { name: 'trees', metadata: { dataset: spec, features: ['a', 'b'] } });
    registry.promote('trees', a.version);
    const b = registry.saveModel(lr, { name: 'linear', metadata: { dataset: spec, features: ['a', 'b'] } });
    registry.promote('linear', b.version);
    registry.saveModel(lr, { name: 'unpromoted', metadata: { dataset: spec, features: ['a', 'b'] } });
    expect(registryChampions(dir)).to.deep.equal([
      { name: 'linear', version: b.version, dir: b.dir, xgboostPath: null },
      { name: 'trees', version: a.version, dir: a.dir, xgboostPath: path.join(a.dir, 'xgboost.json') },
    ]);
    expect(registryChampions(path.join(dir, 'nothing-here'))).to.deep.equal([]);
  });
});

describe('report/demo runDemo on two tslab notebooks (one failing)', function () {
  this.timeout(240_000);
  let root: string;
  let result: DemoResult;
  const events: DemoEvent[] = [];

  before(async function () {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-demo-'));
    const nbDir = path.join(root, 'notebooks');
    fs.mkdirSync(nbDir);
    // the cells import 'quantbook' as the flagship notebooks do: through the repository's node_modules
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    const good = notebook([
      { source: '# Good notebook', markdown: true },
      { source: "const quick = false;\nconst registryDir = '';", tags: ['parameters'] },
      {
        source: [
          "import { loadRealData, record } from 'quantbook';",
          `const data = loadRealData({ dataDir: ${JSON.stringify(DATA_DIR)}, outDir: ${JSON.stringify(path.join(root, 'data'))} });`,
          "record('rows', data.panel.numRows());",
          "record('symbols', new Set(data.panel.array('symbol') as string[]).size);",
          "record('quick', quick);",
          "record('registry_dir', registryDir);",
          "record('env', [process.env.QUANTBOOK_DATA, process.env.QUANTBOOK_PARQUET_DIR]);",
          'console.log(`rows ${data.panel.numRows()}`);',
        ].join('\n'),
      },
    ]);
    const bad = notebook([
      { source: '# Bad notebook', markdown: true },
      { source: "import { record } from 'quantbook';\nrecord('before', 1);" },
      { source: "throw new Error('deliberate failure');" },
      { source: "record('after', 2);" },
    ]);
    fs.writeFileSync(path.join(nbDir, '01-good.ipynb'), JSON.stringify(good));
    fs.writeFileSync(path.join(nbDir, '02-bad.ipynb'), JSON.stringify(bad));
    result = await runDemo({
      root,
      dataDir: DATA_DIR,
      notebooksDir: nbDir,
      quick: true,
      kernel: tslabSpec(),
      onEvent: (e) => events.push(e),
    });
  });

  after(function () {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('runs both notebooks, reports the failing one without stopping, and is not ok overall', function () {
    expect(result.ok).to.equal(false);
    expect(result.importedData).to.equal(true);
    expect(result.notebooks.map((r) => [r.name, r.ok])).to.deep.equal([
      ['01-good', true],
      ['02-bad', false],
    ]);
    expect(result.notebooks[1].error).to.include('deliberate failure');
  });

  it('passes the declared parameters (quick, registryDir = <root>/models) and QUANTBOOK_DATA / QUANTBOOK_PARQUET_DIR, and collects the recorded values', function () {
    const good = result.notebooks[0];
    expect(good.parameters).to.deep.equal({ quick: true, registryDir: path.join(root, 'models') });
    expect(good.records).to.deep.equal({
      rows: 619_040,
      symbols: 505,
      quick: true,
      registry_dir: path.join(root, 'models'),
      env: [DATA_DIR, path.join(root, 'data')],
    });
    expect(good.title).to.equal('Good notebook');
  });

  it('writes reports/<name>.ipynb and .html for both (the failing one shows its error) and an index linking them', function () {
    for (const name of ['01-good', '02-bad']) {
      expect(fs.existsSync(path.join(root, 'reports', `${name}.ipynb`)), name).to.equal(true);
      expect(fs.existsSync(path.join(root, 'reports', `${name}.html`)), name).to.equal(true);
    }
    expect(fs.readFileSync(path.join(root, 'reports', '02-bad.html'), 'utf8')).to.include(
      'deliberate failure',
    );
    const index = fs.readFileSync(result.indexPath, 'utf8');
    expect(result.indexPath).to.equal(path.join(root, 'reports', 'index.html'));
    expect(index).to.include('href="01-good.html"').and.include('href="02-bad.html"');
    expect(index).to.include('619,040').and.include('failed');
    expect(result.champions).to.deep.equal([]); // the notebooks saved no model
  });

  it('reports progress: data, then per notebook start, cells and done', function () {
    expect(events[0]).to.include({ kind: 'data', imported: true, rows: 619_040 });
    const kinds = events.map((e) => (e.kind === 'cell' ? `cell:${e.name}` : e.kind));
    expect(kinds.indexOf('notebook-start')).to.equal(1);
    expect(kinds).to.include('cell:01-good').and.include('cell:02-bad');
    expect(kinds.filter((k) => k === 'notebook-done')).to.have.length(2);
  });
});
