/**
 * Notebook-backed regression tests: tolerance comparisons, baselines, nbval-style text, and the mocha
 * suite `npm test` runs over test/fixtures/notebooks/regression.ipynb.
 *
 * Reference value: the harmonic number H₁₀₀ = 14466636279520351160221518043104131447711 /
 * 2788815009188499086581352357412492142272 = 5.18737751763962026… (exact rational, OEIS A001008/A002805),
 * stored in regression.baseline.json as 5.18737751763962 with abs tolerance 1e-12; 0.1 + 0.2 is compared
 * with 0.3 under the default relative tolerance 1e-9.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Notebook } from '../../src/notebook/nbformat.js';
import { describeNotebooks } from '../../src/notebook/mocha.js';
import { RECORD_MIME } from '../../src/notebook/records.js';
import {
  baselinePath,
  compareValues,
  compareWithBaseline,
  formatFailures,
  makeBaseline,
  readBaseline,
  testNotebook,
  textOutputs,
  type NotebookBaseline,
} from '../../src/notebook/regression.js';
import type { RunResult } from '../../src/notebook/runner.js';
import { kernelProcesses, NOTEBOOKS, REPO_ROOT, tempRoot, tslabSpec } from '../helpers/kernels.js';

const notebook = (outputs: string[], tags: string[] = []): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    {
      id: 'c',
      cell_type: 'code',
      metadata: { tags },
      source: '',
      execution_count: 1,
      outputs: [
        ...outputs.map((text) => ({ output_type: 'stream' as const, name: 'stdout', text })),
        { output_type: 'display_data', data: { [RECORD_MIME]: { name: 'x', value: 1 } }, metadata: {} },
        { output_type: 'display_data', data: { 'image/png': 'AA==', 'text/html': '<b/>' }, metadata: {} },
        { output_type: 'error', ename: 'E', evalue: 'v', traceback: ['long', 'trace'] },
      ],
    },
  ],
});

describe('notebook/regression: values against baselines', () => {
  it('compares numbers under max(abs, rel·|baseline|), showing value, baseline and tolerance', () => {
    expect(compareValues(0.6134, 0.61, { abs: 0.001 })).to.deep.equal([
      '0.6134 vs baseline 0.61: |difference| 0.0034 > tolerance 0.001 (abs 0.001, rel 0)',
    ]);
    expect(compareValues(0.6105, 0.61, { abs: 0.001 })).to.deep.equal([]);
    expect(compareValues(101, 100, { rel: 0.01 })).to.deep.equal([]);
    expect(compareValues(102, 100, { abs: 0.5, rel: 0.01 })).to.deep.equal([
      '102 vs baseline 100: |difference| 2 > tolerance 1 (abs 0.5, rel 0.01)',
    ]);
    expect(compareValues(NaN, NaN, {})).to.deep.equal([]);
    expect(compareValues(Infinity, Infinity, {})).to.deep.equal([]);
    expect(compareValues(NaN, 1, { abs: 1 })).to.have.length(1);
  });

  it('recurses into arrays and objects, naming the path, and compares other values exactly', () => {
    expect(
      compareValues({ a: [1, 2.5], b: 'x' }, { a: [1, 2], b: 'y', c: true }, { abs: 0.1 }),
    ).to.deep.equal([
      'a[1]: 2.5 vs baseline 2: |difference| 0.5 > tolerance 0.1 (abs 0.1, rel 0)',
      'b: "x" vs baseline "y"',
      'c: missing (baseline true)',
    ]);
    expect(compareValues([1], [1, 2], {})).to.deep.equal(['length 1 vs baseline length 2']);
    expect(compareValues({ z: null }, {}, {})).to.deep.equal(['z: null is not in the baseline']);
  });

  it('extracts nbval-style text: streams, text/plain or mime names, errors; sanitized; tags ignore cells', () => {
    const sanitizers = [{ pattern: '\\d+ ms', replacement: '<ms>' }];
    expect(textOutputs(notebook(['took 12 ms\n']), sanitizers)).to.deep.equal({
      c: ['stdout: took <ms>\n', '[image/png, text/html]', 'error: E: v'],
    });
    expect(textOutputs(notebook(['x'], ['nbval-ignore-output']))).to.deep.equal({});
    expect(textOutputs(notebook(['x'], ['nbval-skip']))).to.deep.equal({});
  });

  it('reports missing, new and out-of-tolerance records and text differences', () => {
    const baseline: NotebookBaseline = {
      format: 'quantbook/notebook-baseline',
      version: 1,
      notebook: 'x.ipynb',
      tolerance: { abs: 0.01 },
      records: { auc: { value: 0.6 }, gone: { value: 1 }, tight: { value: 1, abs: 0 } },
      text: { cells: { c: ['stdout: other\n', '[image/png, text/html]', 'error: E: v'] } },
    };
    const failures = compareWithBaseline(
      notebook(['took 12 ms\n']),
      { auc: 0.605, tight: 1.001, added: 'x' },
      baseline,
    );
    expect(failures.map((f) => [f.kind, f.name])).to.deep.equal([
      ['missing-record', 'gone'],
      ['record', 'tight'],
      ['new-record', 'added'],
      ['text', 'c'],
    ]);
    expect(failures[1].message).to.equal(
      'tight: 1.001 vs baseline 1: |difference| 0.001 > tolerance 1e-9 (abs 0, rel 1e-9)',
    );
    expect(failures[3].message).to.equal(
      'cell \'c\', output 0:\n  actual:   "stdout: took 12 ms\\n"\n  baseline: "stdout: other\\n"',
    );
  });

  it('makes baselines that keep tolerances, sanitizers and parameters of the previous one', () => {
    const previous: NotebookBaseline = {
      format: 'quantbook/notebook-baseline',
      version: 1,
      notebook: 'x.ipynb',
      parameters: { n: 1 },
      records: { auc: { value: 0.5, abs: 0.01 } },
      text: { sanitizers: [{ pattern: '\\d+ ms', replacement: '<ms>' }], cells: {} },
    };
    const run = { records: { auc: 0.7, bad: NaN }, notebook: notebook(['1 ms\n']) } as unknown as RunResult;
    expect(makeBaseline('/d/x.ipynb', run, previous, false)).to.deep.equal({
      format: 'quantbook/notebook-baseline',
      version: 1,
      notebook: 'x.ipynb',
      parameters: { n: 1 },
      records: { auc: { value: 0.7, abs: 0.01 }, bad: { value: { $number: 'NaN' } } },
      text: {
        sanitizers: [{ pattern: '\\d+ ms', replacement: '<ms>' }],
        cells: { c: ['stdout: <ms>\n', '[image/png, text/html]', 'error: E: v'] },
      },
    });
    expect(baselinePath('/d/x.ipynb')).to.equal('/d/x.baseline.json');
  });
});

// The notebook suite of `npm test`: every notebook with a baseline in test/fixtures/notebooks/.
describeNotebooks(
  'notebook/regression: describeNotebooks over test/fixtures/notebooks/*.baseline.json',
  fs
    .readdirSync(NOTEBOOKS)
    .filter((f) => f.endsWith('.baseline.json'))
    .map((f) => path.join(NOTEBOOKS, f.replace(/\.baseline\.json$/, '.ipynb'))),
  { kernel: tslabSpec() },
);

describe('notebook/regression: testNotebook on tslab', function () {
  this.timeout(180_000);
  const root = tempRoot();
  // the copies live in a temp folder: the kernel runs in the repository so that 'quantbook' resolves
  const options = { kernel: tslabSpec(), runtimeDir: root, cwd: REPO_ROOT };
  let copies = 0;
  const copy = (name: string, baseline?: (b: NotebookBaseline) => void): string => {
    const dir = path.join(root, `copy-${++copies}`);
    fs.mkdirSync(dir);
    const target = path.join(dir, name);
    fs.copyFileSync(path.join(NOTEBOOKS, name), target);
    const source = baselinePath(path.join(NOTEBOOKS, name));
    if (baseline && fs.existsSync(source)) {
      const b = readBaseline(source)!;
      baseline(b);
      fs.writeFileSync(baselinePath(target), JSON.stringify(b));
    }
    return target;
  };
  after(() => {
    expect(kernelProcesses(root), 'kernel processes left behind').to.deep.equal([]);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('fails with the value, the baseline and the tolerance, and lists every difference', async () => {
    const nb = copy('regression.ipynb', (b) => {
      b.records.harmonic = { value: 5.19, abs: 0.001 };
      delete b.records.n;
      b.records.sharpe = { value: 1.2 };
      b.text!.cells.compute = ['stdout: harmonic(100) = 5.19\n'];
    });
    const result = await testNotebook(nb, options);
    expect(result.ok).to.equal(false);
    expect(result.failures.map((f) => f.message)).to.deep.equal([
      'harmonic: 5.187377517639621 vs baseline 5.19: |difference| 0.00262248 > tolerance 0.001 (abs 0.001, rel 1e-9)',
      'sharpe: not recorded by the notebook (baseline 1.2)',
      'n: recorded (100) but not in the baseline; run with --update to accept it',
      'cell \'compute\', output 0:\n  actual:   "stdout: harmonic(100) = 5.187378\\n"\n  baseline: "stdout: harmonic(100) = 5.19\\n"',
    ]);
    expect(formatFailures(result).split('\n')[0]).to.match(
      /regression\.ipynb: 4 failure\(s\) against .*regression\.baseline\.json$/,
    );
  });

  it('without a baseline fails telling how to create one; --update writes it and the next run passes', async () => {
    const nb = copy('regression.ipynb');
    const missing = await testNotebook(nb);
    expect(missing.failures.map((f) => f.kind)).to.deep.equal(['no-baseline']);
    expect(missing.failures[0].message).to.match(
      /^no baseline .*regression\.baseline\.json: create it with `quantbook test --update /,
    );
    const updated = await testNotebook(nb, { ...options, update: true, text: true, parameters: { n: 10 } });
    expect(updated).to.include({ ok: true, updated: true });
    const written = readBaseline(baselinePath(nb))!;
    expect(Object.keys(written.records)).to.deep.equal(['harmonic', 'n', 'pair']);
    expect(written.records.n).to.deep.equal({ value: 10 });
    expect(Object.keys(written.text!.cells)).to.deep.equal(['parameters', 'compute', 'timestamp']);
    const again = await testNotebook(nb, { ...options, parameters: { n: 10 } });
    // the timestamp cell differs (no sanitizer in a fresh baseline): only that one
    expect(again.failures.map((f) => [f.kind, f.name])).to.deep.equal([['text', 'timestamp']]);
  });

  it('reports a failing cell as a failure with its traceback', async () => {
    const nb = copy('errors.ipynb');
    fs.writeFileSync(
      baselinePath(nb),
      JSON.stringify({
        format: 'quantbook/notebook-baseline',
        version: 1,
        notebook: 'errors.ipynb',
        records: {},
      }),
    );
    const result = await testNotebook(nb, options);
    expect(result.failures.map((f) => f.kind)).to.deep.equal(['cell']);
    expect(result.failures[0].message).to.match(
      /^cell 1 \(id 'runtime'\) failed: TypeError: boom: ünïcödé[\s\S]*traceback:/,
    );
  });
});
