/**
 * The same notebook under real Jupyter and under quantbook: test/fixtures/notebooks/outputs.ipynb is
 * executed by Debian's `jupyter nbconvert --to notebook --execute` (nbclient, the reference Jupyter
 * client) and by runNotebook, both on the tslab kernelspec installed by `npx tslab install` into a
 * private Jupyter folder (test/helpers/jupyter.ts). Every code cell's outputs must be equal, and both
 * written notebooks must validate.
 *
 * Needs Debian's jupyter-nbconvert (fails, not skips, without it) and dist/ built with `record`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { readNotebook, type CodeCell } from '../../src/notebook/nbformat.js';
import { runNotebook } from '../../src/notebook/runner.js';
import {
  assertDebianJupyter,
  createJupyterSandbox,
  executeNotebook,
  installTslabKernel,
  type JupyterSandbox,
} from '../helpers/jupyter.js';
import { kernelProcesses, NOTEBOOKS } from '../helpers/kernels.js';
import { expectValidNotebookFiles } from '../helpers/nbformat-python.js';

describe('notebook: runNotebook and jupyter nbconvert --execute produce the same outputs', function () {
  this.timeout(240_000);
  let sandbox: JupyterSandbox | undefined;

  before(async () => {
    assertDebianJupyter();
    sandbox = createJupyterSandbox('quantbook-parity-');
    await installTslabKernel(sandbox);
  });
  after(() => {
    if (!sandbox) return;
    expect(kernelProcesses(sandbox.root), 'kernel processes left behind').to.deep.equal([]);
    sandbox.dispose();
  });

  it('outputs.ipynb: the same outputs in every code cell (execution counts: see below)', async () => {
    if (!sandbox) throw new Error('no Jupyter sandbox (see the before hook)');
    const input = path.join(NOTEBOOKS, 'outputs.ipynb');
    const { result } = await executeNotebook(sandbox, input);
    expect(result.code, result.stderr).to.equal(0);
    const nbconvertFile = fs
      .readdirSync(sandbox.root)
      .filter((d) => d.startsWith('out-'))
      .map((d) => path.join(sandbox!.root, d, 'outputs.ipynb'))
      .find((f) => fs.existsSync(f));
    const oursFile = path.join(sandbox.root, 'ours.ipynb');
    await runNotebook(input, { env: sandbox.env, output: oursFile, runtimeDir: sandbox.root });
    expectValidNotebookFiles(oursFile, nbconvertFile!);
    const cells = (file: string) =>
      readNotebook(file)
        .cells.filter((c): c is CodeCell => c.cell_type === 'code')
        .map((c) => ({ id: c.id, execution_count: c.execution_count, outputs: c.outputs }));
    const theirs = cells(nbconvertFile!);
    expect(theirs.find((c) => c.id === 'records')?.outputs).to.have.length(4);
    const ours = cells(oursFile);
    expect(ours.map((c) => c.outputs)).to.deep.equal(theirs.map((c) => c.outputs));
    expect(ours.map((c) => c.id)).to.deep.equal(theirs.map((c) => c.id));
    // Execution counts: nbclient 0.7 takes them only from iopub (execute_input / execute_result), which
    // tslab never sends, so its cells keep null; quantbook reads execute_reply.execution_count.
    expect(theirs.map((c) => c.execution_count)).to.deep.equal([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(ours.map((c) => c.execution_count)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, null]);
  });
});
