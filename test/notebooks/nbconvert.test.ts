/**
 * The library is importable from a tslab notebook cell by its package name: Debian's
 * `jupyter nbconvert --execute` runs notebooks/00-import-smoke.ipynb on the tslab kernel (kernelspec
 * installed by `npx tslab install --python=/usr/bin/python3` into a temporary Jupyter dir).
 *
 * Needs `npm run build` first (`npm test` does it in pretest): tslab resolves `quantbook` through
 * `node_modules/quantbook` → package.json `main`/`types` → dist/index.js / dist/index.d.ts.
 * Fails (does not skip) when /usr/bin/jupyter is missing: CI installs it.
 *
 * Expected values: ../shared/data/PROVENANCE.md §3 (`SPY_daily_2012-2018.csv.gz`):
 * "Rows: 1,760. Dates: 2012-01-03 to 2018-12-31."
 */
import { existsSync, readFileSync } from 'node:fs';
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
  type Notebook,
} from '../helpers/jupyter.js';

const NOTEBOOK = path.join(REPO_ROOT, 'notebooks', '00-import-smoke.ipynb');

describe('notebooks/00-import-smoke.ipynb under jupyter nbconvert --execute (tslab kernel)', function () {
  this.timeout(240_000);
  let sandbox: JupyterSandbox | undefined;

  before(async () => {
    assertDebianJupyter();
    for (const built of ['dist/index.js', 'dist/index.d.ts'])
      if (!existsSync(path.join(REPO_ROOT, built)))
        throw new Error(
          `${built} is missing: run \`npm run build\` first (tslab imports 'quantbook' from dist/)`,
        );
    sandbox = createJupyterSandbox();
    const kernelJson = JSON.parse(readFileSync(await installTslabKernel(sandbox), 'utf8')) as {
      language: string;
    };
    expect(kernelJson.language).to.equal('typescript');
  });

  after(() => sandbox?.dispose());

  it('declares the tslab kernelspec and imports quantbook by package name', () => {
    const nb = JSON.parse(readFileSync(NOTEBOOK, 'utf8')) as Notebook;
    expect([nb.nbformat, nb.nbformat_minor]).to.deep.equal([4, 5]);
    expect(nb.metadata.kernelspec).to.include({ name: 'tslab', language: 'typescript' });
    const source = nb.cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source)).join('\n');
    expect(source).to.match(/^import \{[^}]*\breadParquet\b[^}]*\} from 'quantbook';$/m);
  });

  it('executes without errors and round-trips SPY 2012–2018 through Parquet: 1760 rows, 2012-01-03..2018-12-31', async () => {
    if (!sandbox) throw new Error('no Jupyter sandbox (see the before hook)');
    const { notebook } = await executeNotebook(sandbox, NOTEBOOK, {
      timeoutMs: 200_000,
      cellTimeoutSec: 150,
    });
    const { stdout, stderr, errors } = collectOutputs(notebook);
    const report = `stdout:\n${stdout}\nstderr:\n${stderr}\nerrors:\n${errors.join('\n')}`;
    expect(errors, report).to.deep.equal([]);
    // tslab reports compile errors ("Cannot find module 'quantbook'…") and uncaught exceptions as a stderr
    // stream, not as error outputs.
    expect(stderr, report).to.equal('');
    expect(stdout, report).to.match(/^rows: 1760$/m);
    expect(stdout, report).to.match(/^first date: 2012-01-03$/m);
    expect(stdout, report).to.match(/^last date: 2018-12-31$/m);
  });
});
