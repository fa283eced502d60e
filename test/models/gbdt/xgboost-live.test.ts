/**
 * quantbook ⇄ real XGBoost (Debian python3-xgboost, /usr/bin/python3) on features of the real panel:
 * 20 symbols of ../shared/data/all_stocks_5yr.csv.gz through buildDataset (returns, RSI, volatility,
 * MACD, Bollinger, volume ratio; warm-up NaNs kept) with the 5-day direction label.
 *
 *  - our models, exported with toXGBoostJSON(), loaded by xgboost.Booster(model_file=…): margins and
 *    probabilities on the same rows agree within 1e-6 (in fact bit for bit);
 *  - a model trained by XGBoost on the same rows, loaded with fromXGBoostJSON(): same agreement.
 * Rows travel as raw little-endian float64 (NaN included), predictions come back as float32.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ColumnTable } from 'arquero';
import * as aq from 'arquero';
import { expect } from 'chai';
import { importOhlcv } from '../../../src/data/import.js';
import { numericColumn } from '../../../src/data/panel.js';
import { buildDataset, toMatrix } from '../../../src/features/pipeline.js';
import { auc } from '../../../src/models/gbdt/eval-metrics.js';
import { fromXGBoostJSON, GBDTClassifier, GBDTRegressor } from '../../../src/models/gbdt/index.js';
import type { Matrix } from '../../../src/types.js';
import { python, takeRows, xgboostVersion } from './helpers.js';

const DATA_DIR = process.env.QUANTBOOK_DATA
  ? path.resolve(process.env.QUANTBOOK_DATA)
  : path.resolve('../shared/data');
const SYMBOLS = [
  'AAPL',
  'AMD',
  'AMZN',
  'BA',
  'C',
  'CAT',
  'CVX',
  'DIS',
  'F',
  'GE',
  'GS',
  'IBM',
  'INTC',
  'JPM',
  'KO',
  'MSFT',
  'NFLX',
  'NVDA',
  'PFE',
  'XOM',
];

const PREDICT = `
import sys, numpy as np, xgboost as xgb
model, rows, cols, xfile, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
X = np.fromfile(xfile, dtype='<f8').reshape(rows, cols)
b = xgb.Booster(model_file=model)
d = xgb.DMatrix(X)
b.predict(d, output_margin=True).astype('<f4').tofile(out + '.margin')
b.predict(d).astype('<f4').tofile(out + '.pred')
`;

const TRAIN = `
import sys, numpy as np, xgboost as xgb
rows, cols, xfile, yfile, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
X = np.fromfile(xfile, dtype='<f8').reshape(rows, cols)
y = np.fromfile(yfile, dtype='<f8')
params = {'objective': 'binary:logistic', 'tree_method': 'hist', 'max_depth': 5, 'eta': 0.1, 'subsample': 0.8, 'seed': 1}
xgb.train(params, xgb.DMatrix(X, y), 60).save_model(out)
`;

function writeF64(file: string, a: Float64Array): void {
  fs.writeFileSync(file, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}
function readF32(file: string): Float32Array {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

describe('models/gbdt ⇄ real XGBoost on the real panel (python3-xgboost)', function () {
  this.timeout(300_000);
  let dir: string;
  let train: Matrix;
  let test: Matrix;
  let yTrain: Float64Array;
  let yTest: Float64Array;
  let retTrain: Float64Array;

  before(function () {
    xgboostVersion(); // fails with the install command when XGBoost is missing
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-xgb-'));
    const all = importOhlcv(path.join(DATA_DIR, 'all_stocks_5yr.csv.gz'));
    const keep = new Set(SYMBOLS);
    const panel: ColumnTable = all.filter(aq.escape((d: { symbol: string }) => keep.has(d.symbol))).reify();
    const ds = buildDataset(panel, {
      features: [
        { name: 'returns', params: { period: 1 } },
        { name: 'returns', params: { period: 5 } },
        { name: 'rsi' },
        { name: 'volatility', params: { window: 20 } },
        { name: 'macd' },
        { name: 'bollinger' },
        { name: 'volume_ratio' },
      ],
      labels: [
        { name: 'direction', params: { h: 5 } },
        { name: 'forward_return', params: { h: 5 } },
      ],
      dropUnlabeled: true,
    });
    const X = toMatrix(ds);
    const y = numericColumn(ds.table, ds.labelNames[0]);
    const ret = numericColumn(ds.table, ds.labelNames[1]);
    const date = numericColumn(ds.table, 'date');
    const dates = [...new Set(date)].sort((a, b) => a - b);
    const cut = dates[Math.floor(dates.length * 0.8)];
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < X.rows; i++) (date[i] < cut ? tr : te).push(i);
    train = takeRows(X, tr);
    test = takeRows(X, te);
    yTrain = Float64Array.from(tr, (i) => y[i]);
    yTest = Float64Array.from(te, (i) => y[i]);
    retTrain = Float64Array.from(tr, (i) => ret[i]);
    // both sides see NaNs: the indicators' warm-up rows
    expect(Array.from(train.data).some(Number.isNaN)).to.equal(true);
    writeF64(path.join(dir, 'train.f64'), train.data as Float64Array);
    writeF64(path.join(dir, 'test.f64'), test.data as Float64Array);
    writeF64(path.join(dir, 'ytrain.f64'), yTrain);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** XGBoost's margins and predictions for `X` with our exported model. */
  function xgboostPredict(
    modelJson: string,
    X: Matrix,
    file: string,
  ): { margin: Float32Array; pred: Float32Array } {
    const model = path.join(dir, `${file}.json`);
    fs.writeFileSync(model, modelJson);
    python(PREDICT, [
      model,
      String(X.rows),
      String(X.cols),
      path.join(dir, X === train ? 'train.f64' : 'test.f64'),
      path.join(dir, file),
    ]);
    return {
      margin: readF32(path.join(dir, `${file}.margin`)),
      pred: readF32(path.join(dir, `${file}.pred`)),
    };
  }

  function agreement(ours: Float64Array, theirs: Float32Array): { max: number; identical: number } {
    let max = 0;
    let identical = 0;
    for (let i = 0; i < ours.length; i++) {
      max = Math.max(max, Math.abs(ours[i] - theirs[i]));
      if (ours[i] === theirs[i]) identical++;
    }
    return { max, identical };
  }

  it('GBDTClassifier.toXGBoostJSON() loaded by xgboost.Booster predicts the same margins and probabilities (≤ 1e-6) on train and test rows', () => {
    const clf = new GBDTClassifier({
      nEstimators: 80,
      maxDepth: 5,
      learningRate: 0.1,
      subsample: 0.8,
      colsampleByTree: 0.8,
      seed: 3,
    });
    clf.fit(train, yTrain);
    for (const X of [train, test]) {
      const { margin, pred } = xgboostPredict(clf.toXGBoostJSON(), X, X === train ? 'clf-train' : 'clf-test');
      const m = agreement(clf.predictMargin(X), margin);
      expect(m.max, 'max |Δmargin|').to.be.at.most(1e-6);
      expect(m.identical, 'bit-identical margins').to.equal(X.rows);
      expect(agreement(clf.predictProba(X), pred).max, 'max |Δprobability|').to.be.at.most(1e-6);
    }
  });

  it('GBDTRegressor (leaf-wise, pseudo-Huber) on the forward return: XGBoost predicts the same values (≤ 1e-6)', () => {
    const reg = new GBDTRegressor({
      objective: 'reg:pseudohubererror',
      huberSlope: 0.05,
      growPolicy: 'leafwise',
      numLeaves: 24,
      maxDepth: 0,
      minDataInLeaf: 50,
      nEstimators: 40,
      learningRate: 0.2,
    }).fit(train, retTrain);
    const { margin, pred } = xgboostPredict(reg.toXGBoostJSON(), test, 'reg-test');
    const ours = reg.predict(test);
    expect(agreement(ours, margin).identical).to.equal(test.rows);
    expect(agreement(ours, pred).max).to.be.at.most(1e-6);
  });

  it('a model trained by XGBoost on the same rows, read with fromXGBoostJSON, predicts what XGBoost predicts (≤ 1e-6); its test AUC is close to ours', () => {
    const file = path.join(dir, 'xgb-trained.json');
    python(TRAIN, [
      String(train.rows),
      String(train.cols),
      path.join(dir, 'train.f64'),
      path.join(dir, 'ytrain.f64'),
      file,
    ]);
    const text = fs.readFileSync(file, 'utf8');
    const model = fromXGBoostJSON(text) as GBDTClassifier;
    const { margin, pred } = xgboostPredict(text, test, 'xgb-test');
    expect(agreement(model.predictMargin(test), margin).identical).to.equal(test.rows);
    expect(agreement(model.predictProba(test), pred).max).to.be.at.most(1e-6);
    const ours = new GBDTClassifier({
      nEstimators: 60,
      maxDepth: 5,
      learningRate: 0.1,
      subsample: 0.8,
      baseScore: 0.5,
      seed: 1,
    });
    const a = auc(yTest, ours.fit(train, yTrain).predictMargin(test));
    const b = auc(yTest, margin);
    expect(Math.abs(a - b), `AUC ours ${a.toFixed(4)} vs XGBoost ${b.toFixed(4)}`).to.be.below(0.02);
  });
});
