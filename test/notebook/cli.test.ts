/**
 * `quantbook run` and `quantbook test` as a user runs them (src/cli.ts through tsx, in a child process
 * whose TMPDIR is a temp folder, so that its kernels' connection files are recognisable by `ps`).
 * Needs dist/ built with `record` exported (`npm run build`): the fixture notebooks import it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { readNotebook } from '../../src/notebook/nbformat.js';
import { readRecords } from '../../src/notebook/records.js';
import { kernelProcesses, NOTEBOOKS, REPO_ROOT, tempRoot } from '../helpers/kernels.js';
import { expectValidNotebookFiles } from '../helpers/nbformat-python.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('notebook CLI: quantbook run / quantbook test', function () {
  this.timeout(180_000);
  const root = tempRoot();
  const quantbook = (args: readonly string[]): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(REPO_ROOT, 'src', 'cli.ts'), ...args],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, TMPDIR: root, FORCE_COLOR: '0', NO_COLOR: '1' },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const show = (r: Run) => `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

  after(() => {
    expect(kernelProcesses(root), 'kernel processes left behind').to.deep.equal([]);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('run: executes with typed -p parameters, prints progress per cell and writes a valid notebook', async () => {
    const out = path.join(root, 'params.out.ipynb');
    const r = await quantbook([
      'run',
      path.join(NOTEBOOKS, 'parameters.ipynb'),
      '-p',
      'window',
      '-5',
      '-p',
      'label',
      '42',
      '-p',
      'weights',
      '[1, 2]',
      '-p',
      'unknown',
      'x',
      '-o',
      out,
    ]);
    expect(r.status, show(r)).to.equal(0);
    expect(r.stdout).to.match(new RegExp(`^wrote ${out} \\(7 recorded value\\(s\\), \\d+\\.\\d s\\)\\n$`));
    expect(r.stderr).to.include(
      "quantbook: warning: parameter 'unknown' is not declared in the parameters cell (declared: window, symbol, verbose, weights, config, label)",
    );
    expect(r.stderr).to.match(/^kernel started in \d+\.\d s$/m);
    expect(r.stderr).to.match(/^\[1\/3\] cell 1 \(id 'parameters'\) ok \d+\.\d\d s$/m);
    expect(r.stderr).to.match(/^\[3\/3\] cell 3 \(id 'use'\) ok \d+\.\d\d s$/m);
    expect(readRecords(readNotebook(out))).to.deep.include({ window: -5, label: '42', weights: [1, 2] });
    expectValidNotebookFiles(out);
  });

  it('run: exits 1 on the first failing cell with its index, source head and traceback; the notebook is written', async () => {
    const out = path.join(root, 'errors.out.ipynb');
    const r = await quantbook(['run', path.join(NOTEBOOKS, 'errors.ipynb'), '-o', out, '-q']);
    expect(r.status, show(r)).to.equal(1);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.include("cell 1 (id 'runtime') failed: TypeError: boom: ünïcödé");
    expect(r.stderr).to.include('source:\n  function fail(): never {\n    throw new TypeError');
    expect(r.stderr).to.match(/traceback:\n[\s\S]* {2}TypeError: boom: ünïcödé\n\s+at fail/);
    expect(r.stderr).to.include(`(the executed notebook is in ${out})`);
    expect(r.stderr.trimEnd().split('\n').at(-1)).to.match(
      /^quantbook: cell 1 \(id 'runtime'\) failed: TypeError: boom: ünïcödé/,
    );
    expect(readNotebook(out).metadata.quantbook).to.include({ exception: true });
    expectValidNotebookFiles(out);
  });

  it('run --allow-errors exits 0 and counts the failed cells; --timeout interrupts', async () => {
    const out = path.join(root, 'timeout.out.ipynb');
    const r = await quantbook([
      'run',
      path.join(NOTEBOOKS, 'timeout.ipynb'),
      '-o',
      out,
      '--timeout',
      '1',
      '--allow-errors',
    ]);
    expect(r.status, show(r)).to.equal(0);
    expect(r.stdout).to.match(/\(0 recorded value\(s\), 2 failed cell\(s\), /);
    expect(r.stderr).to.match(/^\[2\/4\] cell 1 \(id 'busy-loop'\) error /m);
    expectValidNotebookFiles(out);
  });

  it('run --html renders the executed notebook to a self-contained report (the CSP of src/report)', async () => {
    const out = path.join(root, 'html', 'outputs.executed.ipynb');
    const html = path.join(root, 'html', 'outputs.html');
    const r = await quantbook([
      'run',
      path.join(NOTEBOOKS, 'outputs.ipynb'),
      '-o',
      out,
      '--html',
      html,
      '-q',
    ]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.include(`wrote ${html}`);
    const text = fs.readFileSync(html, 'utf8');
    // The notebook's own heading and its stdout, escaped into the page; no script and no remote URL.
    expect(text).to.include('Every kind of output — ünïcödé ✓');
    expect(text).to.include('stdout line 1');
    expect(text).to.include("default-src 'none'");
    expect(text).to.not.match(/<script\b/i);
    expect(text).to.not.match(/(src|href)=["']https?:/i);
  });

  it('run: bad input exits 1 with one line', async () => {
    for (const [args, cause] of [
      [
        ['run', path.join(NOTEBOOKS, 'nbformat3.ipynb')],
        /^quantbook: nbformat 3 notebooks are not supported/,
      ],
      [
        ['run', path.join(NOTEBOOKS, 'parameters.ipynb'), '-p', 'window'],
        /^quantbook: -p takes a name and a value/,
      ],
      [
        ['run', path.join(NOTEBOOKS, 'parameters.ipynb'), '-p', 'window', 'wide'],
        /^quantbook: parameter 'window': expected a number, got 'wide'$/,
      ],
      [
        ['run', path.join(NOTEBOOKS, 'parameters.ipynb'), '--timeout', '0'],
        /^quantbook: --timeout must be a positive number of seconds, got 0$/,
      ],
      [['run', path.join(root, 'missing.ipynb')], /^quantbook: cannot read notebook: ENOENT/],
    ] as const) {
      const r = await quantbook(args);
      expect(r.status, show(r)).to.equal(1);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, show(r)).to.have.length(1);
      expect(lines[0]).to.match(cause);
    }
  });

  it('test: PASS against the fixture baseline; FAIL (exit 1) with value, baseline and tolerance', async () => {
    const pass = await quantbook(['test', path.join(NOTEBOOKS, 'regression.ipynb')]);
    expect(pass.status, show(pass)).to.equal(0);
    expect(pass.stdout).to.match(/^PASS .*regression\.ipynb \(3 values, \d+\.\d s\)$/m);

    const dir = path.join(root, 'failing');
    fs.mkdirSync(dir);
    const nb = path.join(dir, 'regression.ipynb');
    fs.copyFileSync(path.join(NOTEBOOKS, 'regression.ipynb'), nb);
    const baseline = JSON.parse(
      fs.readFileSync(path.join(NOTEBOOKS, 'regression.baseline.json'), 'utf8'),
    ) as {
      records: Record<string, unknown>;
    };
    baseline.records.n = { value: 99, abs: 0.5 };
    fs.writeFileSync(path.join(dir, 'regression.baseline.json'), JSON.stringify(baseline));
    // --cwd: the copy's kernel runs in the repository, where 'quantbook' resolves
    const fail = await quantbook(['test', nb, '--cwd', REPO_ROOT]);
    expect(fail.status, show(fail)).to.equal(1);
    expect(fail.stdout).to.include(
      'n: 100 vs baseline 99: |difference| 1 > tolerance 0.5 (abs 0.5, rel 1e-9)',
    );
    expect(fail.stderr.trimEnd()).to.equal('quantbook: 1 of 1 notebook(s) failed against their baselines');
  });
});
