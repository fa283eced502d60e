/**
 * `quantbook predict` end to end, as a user runs it (`node --import tsx src/cli.ts predict …`, a child
 * process): a GBDT trained on 5 symbols of the real panel (../shared/data) is saved and promoted, then
 * scores all 505 symbols of all_stocks_5yr.csv.gz on its last day (2018-02-07, the last date of every
 * ticker per PROVENANCE.md §1); a date and an explicit version; missing features (error, or --fill-missing
 * zero with a warning naming them); refused NaN rows; and the fallback when the champion's file is corrupt.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { expect } from 'chai';
import { numericColumn, stringColumn } from '../../src/data/panel.js';
import { readParquet, writeParquet } from '../../src/data/parquet.js';
import type { GBDTClassifier } from '../../src/models/gbdt/index.js';
import { predictPanel } from '../../src/registry/predict.js';
import { ModelRegistry } from '../../src/registry/store.js';
import { REPO_ROOT, SPEC, STOCKS_CSV, realPanel, tempDir, trainGbdt } from './helpers.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function quantbook(args: readonly string[]): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src', 'cli.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const show = (r: Run) => `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

describe('registry/cli: quantbook predict', () => {
  let tmp: ReturnType<typeof tempDir>;
  let root: string;
  let panel: ColumnTable;
  let model: GBDTClassifier;
  let featureNames: string[];
  const out = () => path.join(tmp.dir, 'preds.parquet');

  before(() => {
    tmp = tempDir();
    root = path.join(tmp.dir, 'models');
    panel = realPanel();
    const trained = trainGbdt(panel);
    model = trained.model;
    featureNames = trained.dataset.featureNames;
    const registry = new ModelRegistry(root);
    const saved = registry.saveModel(model, {
      name: 'dir5',
      metadata: { dataset: SPEC, dataFiles: [STOCKS_CSV] },
      reference: { X: trained.X },
    });
    registry.promote('dir5', saved.version);
    writeParquet(panel, path.join(tmp.dir, 'panel.parquet'));
  });
  after(() => tmp.remove());

  it('scores every symbol of the real panel on its last day with the champion, and logs the predictions', () => {
    const log = path.join(tmp.dir, 'log.parquet');
    const r = quantbook([
      'predict',
      '--model',
      'dir5',
      '--data',
      STOCKS_CSV,
      '--models',
      root,
      '--out',
      out(),
      '--log',
      log,
    ]);
    expect(r.status, show(r)).to.equal(0);
    const preds = readParquet(out());
    const refused = (r.stderr.match(/^ {2}refused /gm) ?? []).length;
    expect(preds.numRows() + refused).to.equal(505);
    expect(preds.numRows()).to.be.greaterThan(490);
    expect(r.stdout).to.match(
      new RegExp(
        `^dir5@1\\.0\\.0 \\(champion\\) scored ${preds.numRows()} row\\(s\\) on 2018-02-07 → .*preds\\.parquet`,
      ),
    );
    expect(preds.columnNames()).to.deep.equal(['symbol', 'date', 'score', 'class', 'model', 'model_version']);
    expect(new Set(numericColumn(preds, 'date'))).to.deep.equal(new Set([Date.UTC(2018, 1, 7)]));
    const scores = numericColumn(preds, 'score');
    expect(scores.every((p) => p >= 0 && p <= 1)).to.equal(true);
    // The 5 training symbols score as in process (features are per symbol).
    const mine = predictPanel(
      {
        name: 'dir5',
        version: '1.0.0',
        model,
        metadata: { features: featureNames, threshold: 0.5, dataset: SPEC },
      },
      panel,
    );
    const bySymbol = new Map(stringColumn(preds, 'symbol').map((s, i) => [s, scores[i]]));
    stringColumn(mine.predictions, 'symbol').forEach((s, i) =>
      expect(bySymbol.get(s ?? ''), s ?? '').to.equal(numericColumn(mine.predictions, 'score')[i]),
    );
    expect(readParquet(log).numRows()).to.equal(preds.numRows());
  });

  it('scores a named version on --date; a bad model name fails in one line', () => {
    const data = path.join(tmp.dir, 'panel.parquet');
    const r = quantbook([
      'predict',
      '--model',
      'dir5@1.0.0',
      '--data',
      data,
      '--date',
      '2017-06-01',
      '--models',
      root,
      '-o',
      out(),
    ]);
    expect(r.status, show(r)).to.equal(0);
    expect(r.stdout).to.match(/^dir5@1\.0\.0 scored 5 row\(s\) on 2017-06-01/);
    expect(stringColumn(readParquet(out()), 'symbol')).to.deep.equal(['AAPL', 'JPM', 'KO', 'MSFT', 'XOM']);
    const bad = quantbook(['predict', '--model', '../dir5', '--data', data, '--models', root, '-o', out()]);
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.match(/^quantbook: model name "\.\.\/dir5" is not allowed/);
  });

  it('a missing feature fails naming it, or with --fill-missing zero warns naming it; NaN rows are refused and listed', () => {
    // A feature table without rsi_14, where MSFT lacks two more features (2 of 10 = 20 % > 10 %).
    const p = predictPanel(
      {
        name: 'dir5',
        version: '1.0.0',
        model,
        metadata: { features: featureNames, threshold: 0.5, dataset: SPEC },
      },
      panel,
    );
    const cols: Record<string, unknown[]> = {
      symbol: stringColumn(p.predictions, 'symbol'),
      date: Array.from(numericColumn(p.predictions, 'date')),
    };
    featureNames.forEach(
      (f, j) =>
        (cols[f] = Array.from(
          { length: p.features.rows },
          (_, i) => p.features.data[i * p.features.cols + j],
        )),
    );
    delete cols.rsi_14;
    const msft = (cols.symbol as string[]).indexOf('MSFT');
    (cols.macd_hist as number[])[msft] = NaN;
    (cols.bb_width_20 as number[])[msft] = NaN;
    const data = path.join(tmp.dir, 'features.parquet');
    writeParquet(aq.table(cols), data);
    const strict = quantbook(['predict', '--model', 'dir5', '--data', data, '--models', root, '-o', out()]);
    expect(strict.status, show(strict)).to.equal(1);
    expect(strict.stderr).to.match(/^quantbook: predict: the data lacks feature\(s\) rsi_14 of dir5@1\.0\.0/);
    fs.rmSync(out(), { force: true });
    const filled = quantbook([
      'predict',
      '--model',
      'dir5',
      '--data',
      data,
      '--models',
      root,
      '-o',
      out(),
      '--fill-missing',
      'zero',
    ]);
    expect(filled.status, show(filled)).to.equal(0);
    expect(filled.stderr).to.include('quantbook: warning: filled missing feature(s) with 0: rsi_14');
    expect(filled.stderr).to.include(
      '  refused MSFT 2018-02-07: 2 of 10 features NaN (macd_hist, bb_width_20)',
    );
    expect(filled.stdout).to.match(/scored 4 row\(s\) on 2018-02-07 .*, 1 refused/);
    expect(stringColumn(readParquet(out()), 'symbol')).to.deep.equal(['AAPL', 'JPM', 'KO', 'XOM']);
  });

  it('falls back to the previous version when the champion fails to load, and says so', () => {
    const registry = new ModelRegistry(root);
    const { dir } = registry.saveModel(model, { name: 'dir5', metadata: { dataset: SPEC } });
    registry.promote('dir5', '1.0.1');
    fs.writeFileSync(path.join(dir, 'model.json'), '{"format": "quantbook/gbdt", "trees": [');
    const data = path.join(tmp.dir, 'panel.parquet');
    const r = quantbook([
      'predict',
      '--model',
      'dir5@champion',
      '--data',
      data,
      '--models',
      root,
      '-o',
      out(),
    ]);
    expect(r.status, show(r)).to.equal(0);
    expect(r.stderr).to.match(
      /^quantbook: warning: champion dir5@1\.0\.1 failed to load \(model dir5@1\.0\.1: model\.json is corrupt: .*\); falling back to the previous version 1\.0\.0$/m,
    );
    expect(r.stdout).to.match(
      /^dir5@1\.0\.0 \(fallback: champion 1\.0\.1 failed to load\) scored 5 row\(s\)/,
    );
    expect(new Set(stringColumn(readParquet(out()), 'model_version'))).to.deep.equal(new Set(['1.0.0']));
  });
});
