/**
 * The estimator contract (DESIGN.md §4) for GBDTClassifier and GBDTRegressor: shapes, determinism
 * under a seed (byte-identical JSON), the JSON round trip, NotFittedError before fit, and typed errors
 * that name the problem for bad parameters, bad input and bad JSON. Data: seeded synthetic matrices.
 */
import { expect } from 'chai';
import {
  GBDTClassifier,
  GBDTRegressor,
  gbdtFromJSON,
  type GBDTJSON,
  type GBDTState,
} from '../../../src/models/gbdt/index.js';
import type { Matrix } from '../../../src/types.js';
import { DataFormatError, NotFittedError, ParameterError, SchemaError } from '../../../src/util/errors.js';
import { matrixOf, synthetic } from './helpers.js';

type Model = GBDTClassifier | GBDTRegressor;

const kinds = [
  {
    name: 'GBDTClassifier',
    make: (p: object = {}) => new GBDTClassifier({ nEstimators: 20, maxDepth: 4, ...p }),
    fromJSON: (j: unknown) => GBDTClassifier.fromJSON(j),
    target: (d: ReturnType<typeof synthetic>) => d.y,
  },
  {
    name: 'GBDTRegressor',
    make: (p: object = {}) => new GBDTRegressor({ nEstimators: 20, maxDepth: 4, ...p }),
    fromJSON: (j: unknown) => GBDTRegressor.fromJSON(j),
    target: (d: ReturnType<typeof synthetic>) => d.yReg,
  },
] as const;

const same = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

for (const kind of kinds) {
  describe(`models/gbdt contract: ${kind.name}`, () => {
    const data = synthetic(1500, 6, 42, 0.08);
    const X = data.X;
    const y = kind.target(data);
    const test = synthetic(300, 6, 43, 0.08).X;

    it(`${kind.name}.fit(X, y) returns this; predict gives (nSamples,) finite values; getParams() echoes the defaults`, () => {
      const m = kind.make();
      expect(m.fit(X, y)).to.equal(m);
      const p = m.predict(test);
      expect(p).to.be.instanceOf(Float64Array).with.lengthOf(300);
      expect(p.every(Number.isFinite)).to.equal(true);
      expect(m.predictMargin(test)).to.have.lengthOf(300);
      const params = m.getParams();
      expect(params).to.include({
        nEstimators: 20,
        maxDepth: 4,
        learningRate: 0.3,
        lambda: 1,
        seed: 0,
        maxBin: 255,
      });
      params.nEstimators = 99; // a copy
      expect(m.getParams().nEstimators).to.equal(20);
      expect(m.nTrees).to.equal(20);
      expect(m.featureNames).to.deep.equal(['x0', 'x1', 'x2', 'x3', 'x4', 'x5']);
    });

    it(`${kind.name}: the same seed gives byte-identical toJSON() (with subsample and colsampleByTree), another seed another model`, () => {
      const p = { subsample: 0.6, colsampleByTree: 0.5, seed: 7 };
      const a = JSON.stringify(kind.make(p).fit(X, y).toJSON());
      const b = JSON.stringify(kind.make(p).fit(X, y).toJSON());
      expect(a).to.equal(b);
      expect(
        JSON.stringify(
          kind
            .make({ ...p, seed: 8 })
            .fit(X, y)
            .toJSON(),
        ),
      ).to.not.equal(a);
    });

    it(`${kind.name}.fromJSON(toJSON()) predicts identically and serializes to the same text (also through JSON text)`, () => {
      const m = kind.make({ growPolicy: 'leafwise', numLeaves: 9, maxDepth: 0 }).fit(X, y, {
        evalSet: { X: test, y: kind.target(synthetic(300, 6, 43, 0.08)) },
      });
      const json = m.toJSON();
      expect(json.format).to.equal('quantbook/gbdt');
      expect(json.version).to.equal(1);
      const back = kind.fromJSON(JSON.parse(JSON.stringify(json)));
      expect(same(back.predict(test), m.predict(test))).to.equal(true);
      expect(same(back.predictMargin(X), m.predictMargin(X))).to.equal(true);
      expect(JSON.stringify(back.toJSON())).to.equal(JSON.stringify(json));
      expect(back.getParams()).to.deep.equal(m.getParams());
      expect(back.evalHistory).to.deep.equal(m.evalHistory);
      const any = gbdtFromJSON(json);
      expect(any).to.be.instanceOf(kind.name === 'GBDTClassifier' ? GBDTClassifier : GBDTRegressor);
    });

    it(`${kind.name} before fit: predict, predictMargin, toJSON, toXGBoostJSON and featureImportance throw NotFittedError`, () => {
      const m: Model = kind.make();
      for (const call of [
        () => m.predict(test),
        () => m.predictMargin(test),
        () => m.toJSON(),
        () => m.toXGBoostJSON(),
        () => m.featureImportance(),
      ])
        expect(call).to.throw(NotFittedError, `${kind.name} is not fitted yet`);
    });

    it(`${kind.name}.fit rejects NaN / Infinity in y, zero rows or features, and mismatched lengths with SchemaError naming them`, () => {
      const bad =
        (yy: Float64Array, XX: Matrix = X): (() => unknown) =>
        () =>
          kind.make().fit(XX, yy);
      const yNaN = y.slice();
      yNaN[5] = NaN;
      expect(bad(yNaN)).to.throw(SchemaError, 'y[5] is NaN; targets must be finite');
      const yInf = y.slice();
      yInf[9] = -Infinity;
      expect(bad(yInf)).to.throw(SchemaError, 'y[9] is -Infinity');
      expect(bad(new Float64Array(0), { data: new Float64Array(0), rows: 0, cols: 6, columns: [] })).to.throw(
        SchemaError,
        'X has 0 rows',
      );
      expect(bad(new Float64Array(3), { data: new Float64Array(0), rows: 3, cols: 0, columns: [] })).to.throw(
        SchemaError,
        'X has 0 features',
      );
      expect(bad(y.subarray(1))).to.throw(SchemaError, `y has ${X.rows - 1} values, X has ${X.rows} rows`);
      expect(bad(y, { ...X, rows: X.rows + 1 })).to.throw(SchemaError, 'X.data has');
      expect(() => kind.make().fit(X, y, { sampleWeight: new Float64Array(X.rows).fill(-1) })).to.throw(
        SchemaError,
        'sampleWeight[0] is -1; weights must be finite and ≥ 0',
      );
      expect(() => kind.make().fit(X, y, { sampleWeight: new Float64Array(X.rows) })).to.throw(
        SchemaError,
        'sums to 0',
      );
      expect(() =>
        kind.make().fit(X, y, { evalSet: { X: matrixOf([[1, 2]]), y: Float64Array.of(0) } }),
      ).to.throw(SchemaError, 'X has 2 features, the model was fitted on 6');
    });

    it(`${kind.name}.predict(X with another feature count) throws SchemaError naming both counts`, () => {
      const m = kind.make().fit(X, y);
      expect(() => m.predict(matrixOf([[1, 2, 3]]))).to.throw(
        SchemaError,
        'X has 3 features, the model was fitted on 6',
      );
    });

    it(`new ${kind.name}(bad params) throws ParameterError (a RangeError) echoing the value`, () => {
      const cases: [object, string][] = [
        [{ nEstimators: 0 }, 'nEstimators must be an integer ≥ 1, got 0'],
        [{ learningRate: 1.5 }, 'learningRate must be a finite number in (0, 1], got 1.5'],
        [{ maxDepth: 0 }, 'maxDepth must be an integer in [1, 30] for depth-wise growth, got 0'],
        [{ maxBin: 256 }, 'maxBin must be an integer in [2, 255], got 256'],
        [{ subsample: 0 }, 'subsample must be a finite number in (0, 1], got 0'],
        [{ lambda: -1 }, 'lambda must be a finite number ≥ 0, got -1'],
        [{ gamma: NaN }, 'gamma must be a finite number ≥ 0, got NaN'],
        [{ growPolicy: 'lossguide' }, `growPolicy must be 'depthwise' or 'leafwise', got "lossguide"`],
        [{ earlyStoppingRounds: 0 }, 'earlyStoppingRounds must be an integer ≥ 1 or null, got 0'],
        [{ seed: 1.5 }, 'seed must be an integer, got 1.5'],
        [{ nestimators: 10 }, 'unknown parameter "nestimators"'],
      ];
      for (const [p, msg] of cases) {
        expect(() => kind.make(p), JSON.stringify(p)).to.throw(ParameterError, `${kind.name}: ${msg}`);
        expect(() => kind.make(p)).to.throw(RangeError);
      }
    });

    it(`${kind.name}.fromJSON rejects foreign and corrupt JSON with DataFormatError naming the problem`, () => {
      const good = kind.make().fit(X, y).toJSON();
      /** A deep copy of `good`, loosely typed so that a test can break it. */
      type Loose = Omit<GBDTJSON, 'version' | 'params' | 'state'> & {
        version: number;
        params: Record<string, unknown>;
        state: Omit<GBDTState, 'objective' | 'kind'> & { objective: string; kind: string };
      };
      const corrupt = (f: (j: Loose) => void): unknown => {
        const j = JSON.parse(JSON.stringify(good)) as Loose;
        f(j);
        return j;
      };
      const cases: [unknown, string][] = [
        [null, 'expected an object, got null'],
        [
          { format: 'quantbook/isotonic', version: 1 },
          'format is "quantbook/isotonic", expected "quantbook/gbdt"',
        ],
        [corrupt((j) => (j.version = 2)), 'version 2 is not supported'],
        [corrupt((j) => Reflect.deleteProperty(j.state, 'trees')), 'state.trees is missing'],
        [corrupt((j) => (j.state.objective = 'multi:softmax')), 'unknown objective "multi:softmax"'],
        [corrupt((j) => (j.state.trees[0].left[0] = 0)), 'state.trees[0]: node 0 has child 0 outside'],
        [corrupt((j) => j.state.trees[0].threshold.pop()), 'state.trees[0].threshold must be an array of'],
        [
          corrupt((j) => (j.state.trees[1].feature[0] = 17)),
          'state.trees[1]: node 0 splits on feature 17, the model has 6',
        ],
        [corrupt((j) => (j.params.maxDepth = -3)), 'params: '],
        [
          corrupt((j) => (j.state.kind = kind.name === 'GBDTClassifier' ? 'regressor' : 'classifier')),
          'model, not a',
        ],
      ];
      for (const [json, msg] of cases) expect(() => kind.fromJSON(json), msg).to.throw(DataFormatError, msg);
      expect(() => gbdtFromJSON({ format: 'other' })).to.throw(DataFormatError, 'format is "other"');
    });

    it(`${kind.name}.featureImportance({ type }) credits the informative features most; 'split' counts splits`, () => {
      const m = kind.make().fit(X, y);
      const gain = m.featureImportance({ type: 'gain' });
      const split = m.featureImportance({ type: 'split' });
      expect(gain).to.have.lengthOf(6);
      const top = Array.from(gain.keys()).sort((a, b) => gain[b] - gain[a]);
      expect(top.slice(0, 2).sort()).to.deep.equal([0, 1]);
      const nSplits = m.trees.reduce((s, t) => s + t.left.filter((c) => c !== -1).length, 0);
      expect(split.reduce((s, v) => s + v, 0)).to.equal(nSplits);
      expect(m.featureImportance()).to.deep.equal(gain);
    });
  });
}
