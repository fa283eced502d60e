/**
 * `quantbook report <nb.ipynb> -o <file>` (run in-process through the CLI's `main`), and
 * writeReport: the report is written atomically, bad notebooks exit 1 with one line and leave nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { main } from '../../src/cli.js';
import { defaultReportPath } from '../../src/report/cli.js';
import { writeReport } from '../../src/report/index.js';
import { sampleNotebook, unexecutedNotebook } from './sample-notebook.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const log = console.log;
  const error = console.error;
  let out = '';
  let err = '';
  console.log = (...a: unknown[]) => void (out += `${a.join(' ')}\n`);
  console.error = (...a: unknown[]) => void (err += `${a.join(' ')}\n`);
  try {
    const code = await main(['node', 'quantbook', ...args]);
    return { code, out, err };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe('quantbook report', function () {
  this.timeout(60_000);
  let dir = '';
  let nbPath = '';

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-report-'));
    nbPath = path.join(dir, 'eval.ipynb');
    fs.writeFileSync(nbPath, JSON.stringify(await sampleNotebook()));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes reports/<name>.html and prints what it holds', async function () {
    const out = path.join(dir, 'reports', 'eval.html');
    const r = await run(['report', nbPath, '-o', out]);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/^wrote .*eval\.html \(\d+ KB: 10 cells, 2 charts, 1 error output\)\n$/);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).to.match(/^<!doctype html>/);
    expect(html).to.include(`<dt>Notebook</dt><dd>${nbPath}</dd>`);
    expect(fs.readdirSync(path.dirname(out))).to.deep.equal(['eval.html']); // no temporary file left
  });

  it('--hide-code and --title are passed on', async function () {
    const out = path.join(dir, 'hidden.html');
    const r = await run(['report', nbPath, '-o', out, '--hide-code', '--title', 'Weekly <review>']);
    expect(r.code, r.err).to.equal(0);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).to.include('<title>Weekly &lt;review&gt;</title>');
    expect(html).to.not.include('class="qb-input"');
  });

  it('says when the notebook was not executed', async function () {
    const raw = path.join(dir, 'raw.ipynb');
    fs.writeFileSync(raw, JSON.stringify(await unexecutedNotebook()));
    const r = await run(['report', raw, '-o', path.join(dir, 'raw.html')]);
    expect(r.code).to.equal(0);
    expect(r.out).to.include('NOT EXECUTED: no outputs');
  });

  it('a missing or invalid notebook exits 1 with one line and writes nothing', async function () {
    const out = path.join(dir, 'bad', 'x.html');
    const missing = await run(['report', path.join(dir, 'nope.ipynb'), '-o', out]);
    expect(missing.code).to.equal(1);
    expect(missing.err).to.match(/^quantbook: notebook not found: .*nope\.ipynb\n$/);
    const bad = path.join(dir, 'bad.ipynb');
    fs.writeFileSync(bad, '{"nbformat": 3, "cells": []}');
    const invalid = await run(['report', bad, '-o', out]);
    expect(invalid.code).to.equal(1);
    expect(invalid.err).to.match(
      /^quantbook: nbformat 3 is not supported, need 4 \(.*bad\.ipynb\)\. Convert it with: jupyter nbconvert/,
    );
    expect(fs.existsSync(out)).to.equal(false);
  });

  it('defaultReportPath("notebooks/eval.executed.ipynb") is reports/eval.html', function () {
    expect(defaultReportPath('notebooks/eval.executed.ipynb')).to.equal(path.join('reports', 'eval.html'));
    expect(defaultReportPath('a/b.ipynb')).to.equal(path.join('reports', 'b.html'));
  });

  it('writeReport returns the summary and the bytes written', async function () {
    const out = path.join(dir, 'w.html');
    const s = await writeReport(nbPath, out);
    expect(s).to.include({ path: out, charts: 2, errors: 1, executed: true, title: 'Model evaluation' });
    expect(s.bytes).to.equal(fs.statSync(out).size);
  });

  it('writeReport also takes the notebook object (for `quantbook run --html`)', async function () {
    const out = path.join(dir, 'obj.html');
    const s = await writeReport(await sampleNotebook(), out, { sourcePath: 'run.ipynb' });
    expect(s.charts).to.equal(2);
    expect(fs.readFileSync(out, 'utf8')).to.include('<dt>Notebook</dt><dd>run.ipynb</dd>');
  });
});
