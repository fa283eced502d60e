/**
 * loadModel: every quantbook format (and an XGBoost model file) comes back as its class with identical
 * predictions and the same JSON text, nested models included; unknown formats are refused with the list
 * of known ones. Data: a seeded synthetic logistic problem (not market data).
 */
import { expect } from 'chai';
import { CalibratedClassifier } from '../../src/calibration/calibrated-classifier.js';
import { IsotonicCalibrator } from '../../src/calibration/isotonic.js';
import { PlattCalibrator } from '../../src/calibration/platt.js';
import { StackingEnsemble, WeightedEnsemble } from '../../src/models/ensemble.js';
import { GBDTClassifier, GBDTRegressor } from '../../src/models/gbdt/index.js';
import { loadModel, MODEL_FORMATS } from '../../src/models/load-model.js';
import { LogisticRegression } from '../../src/models/logistic-regression.js';
import { NeuralNet } from '../../src/models/neural-net.js';
import { fitPerSymbol, PerSymbolModel } from '../../src/models/per-symbol.js';
import { Pipeline } from '../../src/models/pipeline.js';
import { StandardScaler } from '../../src/models/preprocessing.js';
import type { Matrix, ModelJSON } from '../../src/types.js';
import { DataFormatError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { expandingDateSplit } from '../helpers/classifiers.js';

const rng = new Rng(21);
const n = 240;
const data = new Float64Array(n * 3);
const y = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const [a, b, c] = [rng.normal(), rng.normal() * 5, rng.normal()];
  data.set([a, b, c], i * 3);
  y[i] = rng.random() < 1 / (1 + Math.exp(-(1.5 * a - 0.2 * b))) ? 1 : 0;
}
const X: Matrix = { data, rows: n, cols: 3, columns: ['a', 'b', 'c'] };
const dates = Float64Array.from(
  { length: n },
  (_, i) => Date.UTC(2017, 0, 2) + Math.floor(i / 4) * 86_400_000,
);
const symbols = Array.from({ length: n }, (_, i) => ['AA', 'BB', 'CC'][i % 3]);
const scores = Float64Array.from({ length: n }, (_, i) => data[i * 3]);

type Output = (m: unknown) => Float64Array;
const proba: Output = (m) => (m as { predictProba(X: Matrix): Float64Array }).predictProba(X);
const value: Output = (m) => (m as { predict(X: Matrix): Float64Array }).predict(X);
const transformed: Output = (m) => Float64Array.from((m as StandardScaler).transform(X).data);
const calibrated: Output = (m) => (m as IsotonicCalibrator).predict(scores);
const routed: Output = (m) => (m as PerSymbolModel).predictProba(X, symbols);

const lr = (): LogisticRegression => new LogisticRegression({ C: 0.5 });
const gb = (): GBDTClassifier => new GBDTClassifier({ nEstimators: 8, maxDepth: 3, seed: 1 });

/** [format, class, fitted model, output] for every format. */
const cases: [string, new (...args: never[]) => unknown, () => unknown, Output][] = [
  ['quantbook/gbdt', GBDTClassifier, () => gb().fit(X, y), proba],
  ['quantbook/gbdt', GBDTRegressor, () => new GBDTRegressor({ nEstimators: 5 }).fit(X, scores), value],
  ['quantbook/logistic-regression', LogisticRegression, () => lr().fit(X, y), proba],
  ['quantbook/standard-scaler', StandardScaler, () => new StandardScaler().fit(X), transformed],
  ['quantbook/pipeline', Pipeline, () => new Pipeline([new StandardScaler()], lr()).fit(X, y), proba],
  ['quantbook/isotonic', IsotonicCalibrator, () => new IsotonicCalibrator().fit(scores, y), calibrated],
  ['quantbook/platt', PlattCalibrator, () => new PlattCalibrator().fit(scores, y), calibrated],
  [
    'quantbook/calibrated-classifier',
    CalibratedClassifier,
    () => new CalibratedClassifier(gb, { cv: expandingDateSplit(3) }).fit(X, y, { dates }),
    proba,
  ],
  [
    'quantbook/neural-net',
    NeuralNet,
    () =>
      new NeuralNet({
        task: 'classification',
        hiddenUnits: [4],
        epochs: 2,
        batchNorm: false,
        dropout: 0,
        seed: 1,
        backend: 'cpu',
      }).fit(X, y),
    proba,
  ],
  [
    'quantbook/weighted-ensemble',
    WeightedEnsemble,
    // nested: a pipeline and a calibrated GBDT as members
    () =>
      new WeightedEnsemble(
        [
          () => new Pipeline([new StandardScaler()], lr()),
          () => new CalibratedClassifier(gb, { cv: expandingDateSplit(3), method: 'isotonic' }),
        ],
        [0.3, 0.7],
      ).fit(X, y, { dates }),
    proba,
  ],
  [
    'quantbook/stacking-ensemble',
    StackingEnsemble,
    () => new StackingEnsemble([lr, gb], { cv: expandingDateSplit(3) }).fit(X, y, { dates }),
    proba,
  ],
  [
    'quantbook/per-symbol',
    PerSymbolModel,
    () => fitPerSymbol({ X, y, symbols }, gb, { minSamples: 70 }),
    routed,
  ],
];

const same = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('loadModel', function () {
  this.timeout(120_000);

  it('covers every format in MODEL_FORMATS', () => {
    expect([...new Set(cases.map((c) => c[0]))].sort()).to.deep.equal([...MODEL_FORMATS].sort());
  });

  for (const [format, Class, make, output] of cases)
    it(`loadModel(${Class.name}.toJSON()) → a ${Class.name} (${format}) with identical output and JSON text`, () => {
      const model = make() as { toJSON(): ModelJSON };
      const text = JSON.stringify(model.toJSON());
      expect((JSON.parse(text) as ModelJSON).format).to.equal(format);
      const back = loadModel(JSON.parse(text));
      expect(back).to.be.instanceOf(Class);
      expect(same(output(back), output(model))).to.equal(true);
      expect(JSON.stringify(back.toJSON())).to.equal(text);
      const fromText = loadModel(text); // JSON text works too
      expect(same(output(fromText), output(model))).to.equal(true);
    });

  it('loads an XGBoost model file (no format, a learner) as a GBDTClassifier predicting the same margins', () => {
    const m = gb().fit(X, y);
    const back = loadModel(m.toXGBoostJSON());
    expect(back).to.be.instanceOf(GBDTClassifier);
    expect(same((back as GBDTClassifier).predictMargin(X), m.predictMargin(X))).to.equal(true);
  });

  it('refuses an unknown format, naming it and listing every known format', () => {
    const json = { format: 'quantbook/random-forest', version: 1, params: {}, state: {} };
    expect(() => loadModel(json))
      .to.throw(
        DataFormatError,
        'unknown model format "quantbook/random-forest"; known formats: quantbook/gbdt, ',
      )
      .with.property('message')
      .that.includes(MODEL_FORMATS.join(', '));
    expect(() => loadModel({ version: 1 })).to.throw(DataFormatError, 'unknown model format undefined');
  });

  it('refuses non-objects and text that is not JSON', () => {
    for (const v of [null, 42, [1, 2], undefined])
      expect(() => loadModel(v)).to.throw(DataFormatError, 'expected a model JSON object');
    expect(() => loadModel('{"format": ')).to.throw(DataFormatError, 'not JSON');
  });

  it('passes a malformed model’s own error through (DataFormatError naming the format)', () => {
    const json = JSON.parse(JSON.stringify(lr().fit(X, y).toJSON())) as ModelJSON;
    expect(() => loadModel({ ...json, version: 99 })).to.throw(
      DataFormatError,
      'quantbook/logistic-regression',
    );
  });
});
