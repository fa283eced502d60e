/**
 * Scoring: columns aligned by name, missing features (error, or 0 with a warning naming them), rows with
 * more than 10 % NaN features refused and reported, probabilities checked, and predictPanel building the
 * model's own features from a real panel (5 symbols, ../shared/data) at a date, causally.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { expect } from 'chai';
import { numericColumn, stringColumn } from '../../src/data/panel.js';
import { buildDataset, toMatrix, type Dataset } from '../../src/features/pipeline.js';
import type { GBDTClassifier } from '../../src/models/gbdt/index.js';
import type { Matrix } from '../../src/types.js';
import { NotFoundError, SchemaError } from '../../src/util/errors.js';
import { ScoringError } from '../../src/registry/errors.js';
import { predictPanel, scoreRows, type Scorable } from '../../src/registry/predict.js';
import { SPEC, realPanel, trainGbdt } from './helpers.js';

const day = (s: string) => Date.parse(`${s}T00:00:00Z`);

/** The dataset rows on one date, as a table. */
function rowsOn(ds: Dataset, date: number): ColumnTable {
  const d = numericColumn(ds.table, 'date');
  const rows: number[] = [];
  for (let i = 0; i < d.length; i++) if (d[i] === date) rows.push(i);
  return ds.table.reify(rows);
}

describe('registry/predict', () => {
  let panel: ColumnTable;
  let model: GBDTClassifier;
  let dataset: Dataset;
  let entry: Scorable;

  before(() => {
    panel = realPanel();
    ({ model, dataset } = trainGbdt(panel));
    entry = {
      name: 'dir5',
      version: '1.0.0',
      model,
      metadata: { features: dataset.featureNames, threshold: 0.5, dataset: SPEC },
    };
  });

  it('aligns columns by name, whatever their order and extra columns', () => {
    const t = rowsOn(dataset, day('2017-06-01'));
    const shuffled = t.select([
      'date',
      'symbol',
      'direction_5',
      ...[...dataset.featureNames].reverse(),
      't1',
    ]);
    const r = scoreRows(entry, shuffled);
    expect(r.predictions.columnNames()).to.deep.equal([
      'symbol',
      'date',
      'score',
      'class',
      'model',
      'model_version',
    ]);
    expect(stringColumn(r.predictions, 'symbol')).to.deep.equal(['AAPL', 'JPM', 'KO', 'MSFT', 'XOM']);
    const expected = model.predictProba(toMatrix(t, dataset.featureNames));
    expect(Float64Array.from(numericColumn(r.predictions, 'score'))).to.deep.equal(expected);
    expect(Array.from(numericColumn(r.predictions, 'class'))).to.deep.equal(
      Array.from(expected, (p) => (p >= 0.5 ? 1 : 0)),
    );
    expect(r.features.columns).to.deep.equal(dataset.featureNames);
    expect(r.refused).to.deep.equal([]);
    expect(r.warnings).to.deep.equal([]);
  });

  it('a missing feature is an error naming it, or 0 with a warning naming it (fillMissing zero)', () => {
    const t = rowsOn(dataset, day('2017-06-01')).select(aq.not('rsi_14', 'macd_hist'));
    expect(() => scoreRows(entry, t)).to.throw(
      SchemaError,
      /lacks feature\(s\) rsi_14, macd_hist of dir5@1\.0\.0/,
    );
    const warnings: string[] = [];
    const r = scoreRows(entry, t, { fillMissing: 'zero', onWarning: (m) => warnings.push(m) });
    expect(warnings).to.deep.equal(['filled missing feature(s) with 0: rsi_14, macd_hist']);
    expect(r.filled).to.deep.equal(['rsi_14', 'macd_hist']);
    const X = toMatrix(rowsOn(dataset, day('2017-06-01')), dataset.featureNames);
    for (const f of ['rsi_14', 'macd_hist']) {
      const j = X.columns.indexOf(f);
      for (let i = 0; i < X.rows; i++) X.data[i * X.cols + j] = 0;
    }
    expect(Float64Array.from(numericColumn(r.predictions, 'score'))).to.deep.equal(model.predictProba(X));
  });

  it('refuses rows with more than 10 % NaN features and reports them; 10 % exactly is scored', () => {
    const t = rowsOn(dataset, day('2017-06-01'));
    const cols: Record<string, unknown> = Object.fromEntries(
      t.columnNames().map((c) => [c, Array.from(t.array(c) as ArrayLike<unknown>)]),
    );
    (cols.rsi_14 as number[])[0] = NaN; // AAPL: 1 of 10 NaN = 10 %: scored (GBDT takes NaN)
    (cols.rsi_14 as number[])[1] = NaN; // JPM: 2 of 10 = 20 %: refused
    (cols.ret_5 as number[])[1] = Infinity;
    const r = scoreRows(entry, aq.table(cols));
    expect(r.refused).to.deep.equal([
      { symbol: 'JPM', date: day('2017-06-01'), nanShare: 0.2, nanFeatures: ['ret_5', 'rsi_14'] },
    ]);
    expect(stringColumn(r.predictions, 'symbol')).to.deep.equal(['AAPL', 'KO', 'MSFT', 'XOM']);
    expect(r.warnings).to.deep.equal(['refused 1 row(s) with more than 10 % NaN features']);
    expect(scoreRows(entry, aq.table(cols), { maxNanShare: 0 }).refused.map((x) => x.symbol)).to.deep.equal([
      'AAPL',
      'JPM',
    ]);
  });

  it('checks that every probability lies in [0, 1] and that the model is a classifier', () => {
    const t = rowsOn(dataset, day('2017-06-01'));
    const fake = (p: number): Scorable => ({
      ...entry,
      model: { predictProba: (X: Matrix) => new Float64Array(X.rows).fill(p) },
    });
    expect(() => scoreRows(fake(1.2), t)).to.throw(
      ScoringError,
      /gave probability 1\.2 for AAPL 2017-06-01; probabilities must lie in \[0, 1\]/,
    );
    expect(() => scoreRows(fake(NaN), t)).to.throw(ScoringError, /probability NaN/);
    expect(() => scoreRows(fake(-1e-9), t)).to.throw(ScoringError);
    expect(scoreRows(fake(1), t).predictions.numRows()).to.equal(5);
    expect(() => scoreRows({ ...entry, model: {} }, t)).to.throw(ScoringError, /not a classifier/);
  });

  it('predictPanel builds the model’s features from the panel and scores the last date (or --date), causally', () => {
    const last = predictPanel(entry, panel);
    expect(last.asOf).to.equal(day('2018-02-07'));
    const full = buildDataset(panel, { ...SPEC, labels: [] });
    const expectLast = model.predictProba(toMatrix(rowsOn(full, day('2018-02-07')), dataset.featureNames));
    expect(Float64Array.from(numericColumn(last.predictions, 'score'))).to.deep.equal(expectLast);

    const mid = predictPanel(entry, panel, { date: '2017-06-01' });
    const expectMid = model.predictProba(toMatrix(rowsOn(full, day('2017-06-01')), dataset.featureNames));
    expect(Float64Array.from(numericColumn(mid.predictions, 'score'))).to.deep.equal(expectMid);
    expect(Array.from(numericColumn(mid.predictions, 'date'))).to.deep.equal(
      new Array(5).fill(day('2017-06-01')),
    );

    expect(() => predictPanel(entry, panel, { date: '2017-06-03' })).to.throw(
      NotFoundError,
      /no rows on 2017-06-03; the data covers 2013-02-08\.\.2018-02-07/,
    );
    const all = predictPanel(entry, panel, { date: 'all' });
    expect(all.asOf).to.be.NaN;
    expect(all.predictions.numRows() + all.refused.length).to.equal(panel.numRows());
    expect(all.refused.length).to.be.greaterThan(0); // the warm-up rows
  });

  it('a feature table (no OHLCV columns) is scored as it is', () => {
    const t = rowsOn(dataset, day('2017-06-01')).select(['symbol', 'date', ...dataset.featureNames]);
    const r = predictPanel(entry, t);
    expect(Float64Array.from(numericColumn(r.predictions, 'score'))).to.deep.equal(
      model.predictProba(toMatrix(t, dataset.featureNames)),
    );
  });

  it('market features without a market series: an error, or dropped and filled with 0 (fillMissing zero)', () => {
    const spec = { features: [...SPEC.features, { name: 'market_return' }] };
    const features = [...dataset.featureNames, 'market_ret_20'];
    const seen: Matrix[] = [];
    const withMarket: Scorable = {
      name: 'mkt',
      version: '1.0.0',
      model: { predictProba: (X: Matrix) => (seen.push(X), new Float64Array(X.rows).fill(0.5)) },
      metadata: { features, threshold: 0.5, dataset: spec },
    };
    expect(() => predictPanel(withMarket, panel)).to.throw(
      SchemaError,
      /market_return need\(s\) a market series/,
    );
    const warnings: string[] = [];
    const r = predictPanel(withMarket, panel, { fillMissing: 'zero', onWarning: (m) => warnings.push(m) });
    expect(warnings).to.deep.equal(['filled missing feature(s) with 0: market_ret_20']);
    expect(r.predictions.numRows()).to.equal(5);
    const X = seen[0];
    expect(X.columns).to.deep.equal(features);
    for (let i = 0; i < X.rows; i++) expect(X.data[i * X.cols + X.cols - 1]).to.equal(0);
  });
});
