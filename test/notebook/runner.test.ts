/**
 * runNotebook on the tslab kernel with the fixture notebooks (test/fixtures/notebooks/): every output
 * type, failing cells, timeouts interrupting an infinite loop and a never-settling await, a kernel that
 * dies by process.exit, parameters of every type, unicode, kernelspec lookup and bad input. Every
 * written notebook validates against the nbformat 4.5 schema (ours and Debian's python3-nbformat),
 * and no kernel process is left after the suite (`ps`).
 *
 * The notebooks import `record` from 'quantbook' (dist/, like a user's notebook): `npm run build` first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { KernelDiedError } from '../../src/notebook/kernel.js';
import { KernelSpecNotFoundError } from '../../src/notebook/kernelspec.js';
import {
  cellSource,
  joinText,
  readNotebook,
  type CodeCell,
  type Notebook,
} from '../../src/notebook/nbformat.js';
import { typeParameters } from '../../src/notebook/parameters.js';
import { RECORD_MIME } from '../../src/notebook/records.js';
import { NotebookCellError, runNotebook, type RunProgress } from '../../src/notebook/runner.js';
import { registeredKernelGroups } from '../../src/notebook/sentinel.js';
import { DataFormatError } from '../../src/util/errors.js';
import {
  fakeKernelSpec,
  kernelProcesses,
  NOTEBOOKS,
  REPO_ROOT,
  tempRoot,
  tslabSpec,
} from '../helpers/kernels.js';
import { expectValidNotebookFiles } from '../helpers/nbformat-python.js';

const code = (nb: Notebook, id: string): CodeCell => {
  const cell = nb.cells.find((c) => c.id === id);
  if (cell?.cell_type !== 'code') throw new Error(`no code cell ${id}`);
  return cell;
};
const streams = (cell: CodeCell, name = 'stdout'): string =>
  cell.outputs.map((o) => (o.output_type === 'stream' && o.name === name ? joinText(o.text) : '')).join('');

async function rejection(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as Error,
  );
}

describe('notebook/runner: runNotebook on tslab', function () {
  this.timeout(180_000);
  const root = tempRoot();
  const out = (name: string) => path.join(root, name);
  const kernel = tslabSpec();

  before(async () => {
    const dist = await import('quantbook').catch(() => ({}));
    if (typeof (dist as { record?: unknown }).record !== 'function')
      throw new Error(
        'dist/index.js does not export record: run `npm run build` (src/index.ts re-exports notebook/)',
      );
  });
  after(() => {
    expect(kernelProcesses(root), 'kernel processes left behind').to.deep.equal([]);
    expect(registeredKernelGroups()).to.deep.equal([]);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('records every output type tslab produces, unicode and recorded values, and writes a valid notebook', async () => {
    const progress: RunProgress[] = [];
    const file = out('outputs.ipynb');
    const { notebook, records, failures, warnings } = await runNotebook(
      path.join(NOTEBOOKS, 'outputs.ipynb'),
      {
        kernel,
        runtimeDir: root,
        output: file,
        onProgress: (p) => progress.push(p),
      },
    );
    expect(failures).to.deep.equal([]);
    expect(warnings).to.deep.equal([]);
    expect(
      notebook.cells.map((c) => (c.cell_type === 'code' ? c.execution_count : c.cell_type)),
    ).to.deep.equal(['markdown', 1, 2, 3, 4, 5, 6, 7, 'raw', null]);
    expect(code(notebook, 'streams').outputs).to.deep.equal([
      { output_type: 'stream', name: 'stdout', text: 'stdout line 1\n' },
      { output_type: 'stream', name: 'stderr', text: 'stderr line\n' },
      { output_type: 'stream', name: 'stdout', text: 'naïve café — 日本語 🚀\n' },
    ]);
    expect(
      code(notebook, 'rich').outputs.map((o) => (o.output_type === 'display_data' ? o.data : o)),
    ).to.deep.equal([
      { 'text/html': '<b>bold</b>' },
      { 'text/markdown': '**markdown** ✓' },
      { 'image/svg+xml': '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>' },
      { 'image/png': 'iVBORw0KGgo=' },
    ]);
    // update_display_data replaced the display in place: one output, the last value
    expect(code(notebook, 'update').outputs).to.deep.equal([
      { output_type: 'display_data', data: { 'text/plain': 'step 2 ✓' }, metadata: {} },
    ]);
    expect(streams(code(notebook, 'last-expression'))).to.equal('[ 2, 4, 6 ]\n');
    expect(streams(code(notebook, 'async'))).to.equal('async done\n');
    expect(
      code(notebook, 'records').outputs.map((o) => o.output_type === 'display_data' && Object.keys(o.data)),
    ).to.deep.equal([[RECORD_MIME], [RECORD_MIME], [RECORD_MIME], [RECORD_MIME]]);
    expect(records).to.deep.equal({
      auc: 0.61,
      σ: [1.5, NaN, Infinity],
      table: { rows: 3, name: 'ünï' },
      series: [0.25, -0.5],
    });
    expect(code(notebook, 'streams').metadata.execution).to.have.keys(
      'iopub.status.busy',
      'shell.execute_reply',
      'iopub.status.idle',
    );
    expect(notebook.metadata.language_info).to.include({ name: 'typescript' });
    expect(notebook.metadata.quantbook).to.include({ exception: false });
    expect(
      progress.filter((p) => p.phase === 'cell-done').map((p) => [p.step, p.total, p.status]),
    ).to.deep.equal([1, 2, 3, 4, 5, 6, 7].map((i) => [i, 7, 'ok']));
    expectValidNotebookFiles(file);
    expect(readNotebook(file)).to.deep.equal(notebook);
    expect(fs.readdirSync(root).filter((f) => f.includes('.tmp-'))).to.deep.equal([]);
  });

  it('stops at the first failing cell with its index, source head and traceback, and still writes the notebook', async () => {
    const file = out('errors-stop.ipynb');
    const err = await rejection(
      runNotebook(path.join(NOTEBOOKS, 'errors.ipynb'), { kernel, runtimeDir: root, output: file }),
    );
    expect(err).to.be.instanceOf(NotebookCellError);
    const e = err as NotebookCellError;
    expect(e.message).to.equal(
      `cell 1 (id 'runtime') failed: TypeError: boom: ünïcödé (${path.join(NOTEBOOKS, 'errors.ipynb')})`,
    );
    expect(e.failure).to.include({ cellIndex: 1, cellId: 'runtime' });
    expect(e.failure.error).to.include({ output_type: 'error', ename: 'TypeError', evalue: 'boom: ünïcödé' });
    expect(e.details).to.include('source:\n  function fail(): never {');
    expect(e.details).to.match(/traceback:\n[\s\S]*TypeError: boom: ünïcödé\n\s+at fail/);
    const written = readNotebook(file);
    expect(written.cells.map((c) => (c as CodeCell).execution_count)).to.deep.equal([1, 2, null, null]);
    expect(written.metadata.quantbook).to.include({ exception: true });
    expectValidNotebookFiles(file);
  });

  it('with allowErrors, records runtime and compile errors as error outputs and runs the rest', async () => {
    const file = out('errors-allowed.ipynb');
    const { notebook, failures } = await runNotebook(path.join(NOTEBOOKS, 'errors.ipynb'), {
      kernel,
      runtimeDir: root,
      output: file,
      allowErrors: true,
    });
    expect(failures.map((f) => [f.cellIndex, f.error.ename])).to.deep.equal([
      [1, 'TypeError'],
      [2, 'CompileError'],
    ]);
    expect(failures[1].error.evalue).to.equal("1:7 - Type 'string' is not assignable to type 'number'.");
    // tslab's own report stays as its stderr stream; the error output is added after it
    expect(streams(code(notebook, 'compile'), 'stderr')).to.equal(
      "1:7 - Type 'string' is not assignable to type 'number'.\n",
    );
    expect(code(notebook, 'runtime').outputs.at(-1)).to.include({ output_type: 'error', ename: 'TypeError' });
    expect(streams(code(notebook, 'after'))).to.equal('after\n');
    expectValidNotebookFiles(file);
  });

  it('interrupts an infinite loop and a never-settling await at the per-cell timeout; the kernel lives on', async () => {
    const file = out('timeout.ipynb');
    const started = Date.now();
    const { notebook, failures } = await runNotebook(path.join(NOTEBOOKS, 'timeout.ipynb'), {
      kernel,
      runtimeDir: root,
      output: file,
      timeout: 1.5,
      allowErrors: true,
    });
    expect(Date.now() - started).to.be.below(60_000);
    expect(failures.map((f) => [f.cellId, f.error.ename])).to.deep.equal([
      ['busy-loop', 'CellTimeoutError'],
      ['never-resolves', 'CellTimeoutError'],
    ]);
    expect(failures[0].error.evalue).to.equal(
      'cell 1 did not finish within the 1.5 s timeout and was interrupted',
    );
    expect(streams(code(notebook, 'busy-loop'), 'stderr')).to.include(
      'Script execution was interrupted by `SIGINT`',
    );
    expect(streams(code(notebook, 'after'))).to.equal('still alive\n');
    expectValidNotebookFiles(file);
  });

  it('reports a kernel that dies in a cell (process.exit) with the exit code and the cell, and writes the notebook', async () => {
    const file = out('dies.ipynb');
    const err = await rejection(
      runNotebook(path.join(NOTEBOOKS, 'dies.ipynb'), {
        kernel,
        runtimeDir: root,
        output: file,
        allowErrors: true,
      }),
    );
    expect(err).to.be.instanceOf(KernelDiedError);
    expect((err as KernelDiedError).exitCode).to.equal(3);
    expect(err.message).to.match(
      /^kernel 'tslab' \(pid \d+\) died \(exit code 3\) while executing cell 1 \(id 'exit'\)$/m,
    );
    const written = readNotebook(file);
    const exit = code(written, 'exit');
    expect(exit.outputs.at(-1)).to.include({ output_type: 'error', ename: 'KernelDiedError' });
    expect(code(written, 'never').execution_count).to.equal(null);
    expectValidNotebookFiles(file);
  });

  it('injects parameters of every type after the parameters cell, typed by the declarations, and warns of undeclared ones', async () => {
    const input = path.join(NOTEBOOKS, 'parameters.ipynb');
    const parameters = typeParameters(readNotebook(input), [
      ['window', '60'],
      ['symbol', 'QQQ — ünï 日本'],
      ['verbose', 'true'],
      ['weights', '[0.2, 0.8]'],
      ['config', '{"fast": false, "note": "x"}'],
      ['label', '42'],
      ['extra', '1.5'],
    ]);
    const file = out('parameters.ipynb');
    const { notebook, records, warnings } = await runNotebook(input, {
      kernel,
      runtimeDir: root,
      output: file,
      parameters,
    });
    expect(warnings).to.deep.equal([
      "parameter 'extra' is not declared in the parameters cell (declared: window, symbol, verbose, weights, config, label)",
    ]);
    expect(notebook.cells.map((c) => c.metadata.tags ?? [])).to.deep.equal([
      [],
      ['parameters'],
      ['injected-parameters'],
      [],
    ]);
    expect(cellSource(notebook.cells[2]).split('\n').slice(1)).to.deep.equal([
      'const window = 60;',
      'const symbol = "QQQ — ünï 日本";',
      'const verbose = true;',
      'const weights = [0.2,0.8];',
      'let config: { fast: boolean; note?: string } = {"fast":false,"note":"x"};',
      'const label: string = "42";',
      'const extra = 1.5;',
    ]);
    expect(records).to.deep.equal({
      window: 60,
      symbol: 'QQQ — ünï 日本',
      verbose: true,
      weights: [0.2, 0.8],
      config: { fast: false, note: 'x' },
      label: '42',
      types: ['number', 'string', 'boolean', true, 'object', 'string'],
    });
    expect(notebook.metadata.quantbook).to.deep.include({ parameters });
    expectValidNotebookFiles(file);
  });

  it('starts the kernel from the kernelspec found on JUPYTER_PATH (an in-memory notebook, cwd option)', async () => {
    const jupyter = path.join(root, 'jupyter');
    const specDir = path.join(jupyter, 'kernels', 'tslab');
    fs.mkdirSync(specDir, { recursive: true });
    fs.writeFileSync(
      path.join(specDir, 'kernel.json'),
      JSON.stringify({
        ...kernel,
        env: { QUANTBOOK_SPEC_MARK: 'from kernel.json' },
        resource_dir: undefined,
      }),
    );
    const nb = readNotebook(path.join(NOTEBOOKS, 'outputs.ipynb'));
    nb.cells = [
      { ...code(nb, 'streams'), source: 'console.log(process.env.QUANTBOOK_SPEC_MARK, process.cwd());' },
    ];
    const { notebook } = await runNotebook(nb, {
      runtimeDir: root,
      cwd: REPO_ROOT,
      env: { ...process.env, JUPYTER_PATH: jupyter, JUPYTER_DATA_DIR: path.join(root, 'empty') },
    });
    expect(streams(notebook.cells[0] as CodeCell)).to.equal(
      `from kernel.json ${REPO_ROOT.replace(/\/$/, '')}\n`,
    );
  });

  it("continues past a cell tagged raises-exception, skips skipTags cells, keeps a kernel's error and execute_result (fake kernel)", async () => {
    const cell = (id: string, source: string, tags: string[] = []): CodeCell => ({
      id,
      cell_type: 'code',
      metadata: { tags },
      source,
      outputs: [],
      execution_count: null,
    });
    const nb: Notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        cell('a', 'result 42'),
        cell('expected-failure', 'error ValueError expected', ['raises-exception']),
        cell('skipped', 'exit 9', ['nbval-skip']),
        cell('b', 'print after'),
      ],
    };
    const file = out('fake.ipynb');
    const { notebook, failures } = await runNotebook(nb, {
      kernel: fakeKernelSpec(),
      runtimeDir: root,
      output: file,
      skipTags: ['nbval-skip'],
    });
    expect(failures.map((f) => [f.cellId, f.error.ename, f.error.evalue])).to.deep.equal([
      ['expected-failure', 'ValueError', 'expected'],
    ]);
    expect(notebook.cells.map((c) => (c as CodeCell).execution_count)).to.deep.equal([1, 2, null, 3]);
    expect(code(notebook, 'a').outputs).to.deep.equal([
      { output_type: 'execute_result', data: { 'text/plain': '42' }, metadata: {}, execution_count: 1 },
    ]);
    expect(code(notebook, 'expected-failure').outputs).to.have.length(1); // the kernel's own error output
    expect(notebook.metadata).to.deep.include({
      kernelspec: { name: 'fake', display_name: 'Fake', language: 'fake' },
      language_info: { name: 'fake', version: '0', file_extension: '.txt' },
    });
    expectValidNotebookFiles(file);
  });

  it('refuses a notebook whose kernelspec is missing, telling how to install it', async () => {
    const nb = readNotebook(path.join(NOTEBOOKS, 'outputs.ipynb'));
    nb.metadata.kernelspec = { name: 'no-such-kernel', display_name: 'None' };
    const err = await rejection(runNotebook(nb, { env: { JUPYTER_PATH: root, JUPYTER_DATA_DIR: root } }));
    expect(err).to.be.instanceOf(KernelSpecNotFoundError);
    expect(err.message).to.match(
      /^no Jupyter kernelspec named 'no-such-kernel' \(searched .*\)\. Install the kernel/,
    );
    const tslabMissing = new KernelSpecNotFoundError('tslab', ['/x/kernels']);
    expect(tslabMissing.message).to.include('npm install --save-dev tslab');
  });

  it('rejects nbformat 3, invalid JSON and non-notebooks with the reason', async () => {
    const v3 = await rejection(runNotebook(path.join(NOTEBOOKS, 'nbformat3.ipynb'), { kernel }));
    expect(v3).to.be.instanceOf(DataFormatError);
    expect(v3.message).to.match(
      /nbformat 3 notebooks are not supported.*Convert it first: jupyter nbconvert --to notebook --nbformat 4 /,
    );
    const bad = await rejection(runNotebook(path.join(NOTEBOOKS, 'invalid-json.ipynb'), { kernel }));
    expect(bad.message).to.match(/^not a notebook: invalid JSON \(.+\) \(.*invalid-json\.ipynb\)$/);
    const pkg = await rejection(runNotebook(path.join(REPO_ROOT, 'package.json'), { kernel }));
    expect(pkg.message).to.match(/^not a Jupyter notebook: the JSON has no nbformat field/);
  });
});
