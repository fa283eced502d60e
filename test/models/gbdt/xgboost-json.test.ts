/**
 * XGBoost's JSON model format without running XGBoost: the fixture models trained by XGBoost 1.7.4
 * (test/fixtures/xgboost, generator committed) load and predict XGBoost's own float32 outputs; our
 * export follows the schema and reads back identically; foreign and corrupt files fail with typed errors.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { fromXGBoostJSON, GBDT, GBDTClassifier, GBDTRegressor } from '../../../src/models/gbdt/index.js';
import { DataFormatError } from '../../../src/util/errors.js';
import { matrixOf, synthetic } from './helpers.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../fixtures/xgboost/${name}`, import.meta.url), 'utf8')) as T;
const raw = (name: string): string =>
  readFileSync(new URL(`../../fixtures/xgboost/${name}`, import.meta.url), 'utf8');

/** The parts of an XGBoost JSON model the tests read or break. */
interface XgbTree {
  id: number;
  parents: number[];
  left_children: number[];
  split_conditions: number[];
  split_indices: number[];
  split_type: number[];
  tree_param: Record<string, string>;
}
interface XgbDoc {
  version: number[];
  learner: {
    feature_names: string[];
    learner_model_param: Record<string, string>;
    objective: { name: string };
    gradient_booster: {
      name: string;
      model: { gbtree_model_param: Record<string, string>; trees: XgbTree[] };
    };
  };
}

interface Expected {
  xgboost: string;
  models: Record<string, { target: string; margin: number[]; prediction: number[] }>;
}

describe('models/gbdt/xgboost-json', () => {
  const data = fixture<{ X: (number | null)[][]; features: string[] }>('data.json');
  const X = matrixOf(
    data.X.map((r) => r.map((v) => (v === null ? NaN : v))),
    data.features,
  );
  const expected = fixture<Expected>('expected.json');

  for (const [name, want] of Object.entries(expected.models)) {
    it(`fromXGBoostJSON(model-${name}.json) predicts XGBoost ${expected.xgboost}'s margins and ${want.target === 'y_class' ? 'probabilities' : 'values'} on its 2,508 rows (NaNs included)`, () => {
      const model = fromXGBoostJSON(raw(`model-${name}.json`));
      expect(model).to.be.instanceOf(want.target === 'y_class' ? GBDTClassifier : GBDTRegressor);
      const margin = model.predictMargin(X);
      const pred = model instanceof GBDTClassifier ? model.predictProba(X) : model.predict(X);
      let maxM = 0;
      let maxP = 0;
      let identical = 0;
      for (let i = 0; i < X.rows; i++) {
        maxM = Math.max(maxM, Math.abs(margin[i] - want.margin[i]));
        maxP = Math.max(maxP, Math.abs(pred[i] - want.prediction[i]));
        if (margin[i] === Math.fround(want.margin[i])) identical++;
      }
      expect(maxM, 'max |Δmargin|').to.be.at.most(1e-6);
      expect(maxP, 'max |Δprediction|').to.be.at.most(1e-6);
      expect(identical, 'bit-identical margins').to.equal(X.rows); // same float32 routing and summation
    });
  }

  it('fromXGBoostJSON accepts the parsed object too, and GBDTClassifier/GBDTRegressor.fromXGBoostJSON refuse the other kind', () => {
    const obj = fixture<object>('model-hist-logistic.json');
    expect(GBDTClassifier.fromXGBoostJSON(obj).nTrees).to.equal(20);
    expect(GBDT.fromXGBoostJSON(obj)).to.be.instanceOf(GBDTClassifier);
    expect(GBDT.fromJSON(GBDT.fromXGBoostJSON(obj).toJSON())).to.be.instanceOf(GBDTClassifier);
    expect(() => GBDTRegressor.fromXGBoostJSON(obj)).to.throw(
      DataFormatError,
      'use GBDTClassifier.fromXGBoostJSON',
    );
    expect(() => GBDTClassifier.fromXGBoostJSON(raw('model-hist-squarederror.json'))).to.throw(
      DataFormatError,
      'use GBDTRegressor.fromXGBoostJSON',
    );
  });

  it('a model imported from XGBoost round-trips through toJSON/fromJSON and re-exports to the same trees', () => {
    const m = GBDTRegressor.fromXGBoostJSON(raw('model-exact-squarederror.json'));
    const back = GBDTRegressor.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back.predictMargin(X)).to.deep.equal(m.predictMargin(X));
    const re = JSON.parse(m.toXGBoostJSON()) as XgbDoc;
    const orig = fixture<XgbDoc>('model-exact-squarederror.json');
    const strip = (t: XgbTree): XgbTree => ({ ...t, id: -1 });
    expect(re.learner.gradient_booster.model.trees.map(strip)).to.deep.equal(
      orig.learner.gradient_booster.model.trees.map(strip),
    );
  });

  it('toXGBoostJSON() writes the 1.7 schema: string parameters, float arrays with a decimal point, parents 2147483647 at the root', () => {
    const { X: Xs, y } = synthetic(500, 3, 8, 0.1);
    const clf = new GBDTClassifier({ nEstimators: 3, maxDepth: 2, learningRate: 0.5 }).fit(Xs, y);
    const text = clf.toXGBoostJSON();
    const j = JSON.parse(text) as XgbDoc & { learner: { attributes: object; feature_types: string[] } };
    expect(Object.keys(j.learner)).to.deep.equal([
      'attributes',
      'feature_names',
      'feature_types',
      'gradient_booster',
      'learner_model_param',
      'objective',
    ]);
    expect(j.version).to.deep.equal([1, 7, 4]);
    const { base_score: baseScore, ...modelParam } = j.learner.learner_model_param;
    expect(modelParam).to.deep.equal({
      boost_from_average: '1',
      num_class: '0',
      num_feature: '3',
      num_target: '1',
    });
    expect(Math.fround(Number(baseScore))).to.equal(clf.baseScore);
    expect(j.learner.objective).to.deep.equal({
      name: 'binary:logistic',
      reg_loss_param: { scale_pos_weight: '1' },
    });
    expect(j.learner.gradient_booster.model.gbtree_model_param).to.deep.equal({
      num_parallel_tree: '1',
      num_trees: '3',
      size_leaf_vector: '0',
    });
    const t = j.learner.gradient_booster.model.trees[0];
    expect(t.parents[0]).to.equal(2147483647);
    expect(t.tree_param.num_nodes).to.equal(String(t.left_children.length));
    // XGBoost's reader types a number without '.' or exponent as an integer and refuses it in a float array
    const floatArrays = text.match(/"(base_weights|loss_changes|split_conditions|sum_hessian)":\[[^\]]*\]/g)!;
    expect(floatArrays).to.have.lengthOf(12);
    for (const a of floatArrays)
      for (const v of a.slice(a.indexOf('[') + 1, -1).split(',')) expect(v).to.match(/[.e]/);
    expect(
      (JSON.parse(clf.toXGBoostJSON({ featureNames: true })) as XgbDoc).learner.feature_names,
    ).to.deep.equal(['x0', 'x1', 'x2']);
  });

  it('toXGBoostJSON() → fromXGBoostJSON() predicts bit-identically (classifier, leaf-wise; regressor, pseudo-Huber)', () => {
    const { X: Xs, y, yReg } = synthetic(2000, 5, 9, 0.1);
    const clf = new GBDTClassifier({
      nEstimators: 10,
      growPolicy: 'leafwise',
      numLeaves: 12,
      maxDepth: 0,
    }).fit(Xs, y);
    expect(fromXGBoostJSON(clf.toXGBoostJSON()).predictMargin(Xs)).to.deep.equal(clf.predictMargin(Xs));
    const reg = new GBDTRegressor({ nEstimators: 10, objective: 'reg:pseudohubererror', huberSlope: 2 }).fit(
      Xs,
      yReg,
    );
    const back = GBDTRegressor.fromXGBoostJSON(reg.toXGBoostJSON());
    expect(back.predict(Xs)).to.deep.equal(reg.predict(Xs));
    expect(back.getParams()).to.include({ objective: 'reg:pseudohubererror', huberSlope: 2 });
  });

  it('fromXGBoostJSON rejects foreign and corrupt models with DataFormatError naming the problem', () => {
    const good = raw('model-hist-logistic.json');
    const edit = (f: (j: XgbDoc) => void): string => {
      const j = JSON.parse(good) as XgbDoc;
      f(j);
      return JSON.stringify(j);
    };
    const cases: [string | object, string][] = [
      ['{"learner": ', 'not JSON'],
      [{ foo: 1 }, 'learner is missing or not an object'],
      [
        edit((j) => (j.learner.objective.name = 'multi:softprob')),
        'unknown objective "multi:softprob"; supported: binary:logistic',
      ],
      [edit((j) => (j.learner.objective.name = 'rank:pairwise')), 'unknown objective "rank:pairwise"'],
      [
        edit((j) => Reflect.deleteProperty(j.learner.gradient_booster.model, 'trees')),
        'learner.gradient_booster.model.trees is missing',
      ],
      [edit((j) => (j.learner.gradient_booster.name = 'gblinear')), 'booster "gblinear" is not supported'],
      [edit((j) => (j.learner.learner_model_param.num_class = '3')), 'num_class is 3'],
      [
        edit((j) => (j.learner.gradient_booster.model.gbtree_model_param.num_trees = '21')),
        'num_trees is 21 but there are 20 trees',
      ],
      [
        edit((j) => j.learner.gradient_booster.model.trees[2].split_conditions.pop()),
        'trees[2].split_conditions has',
      ],
      [edit((j) => (j.learner.gradient_booster.model.trees[0].split_type[0] = 1)), 'categorical split'],
      [
        edit((j) => (j.learner.gradient_booster.model.trees[0].left_children[1] = 1)),
        'trees[0]: node 1 is reached twice (not a tree)',
      ],
      [
        edit((j) => (j.learner.gradient_booster.model.trees[0].left_children[0] = 999)),
        'trees[0]: node 0 has child 999 outside 1..',
      ],
      [
        edit((j) => (j.learner.gradient_booster.model.trees[0].split_indices[0] = 9)),
        'splits on feature 9, the model has 5',
      ],
      [
        edit((j) => (j.learner.learner_model_param.base_score = 'abc')),
        'base_score must be a number, got "abc"',
      ],
    ];
    for (const [json, msg] of cases) expect(() => fromXGBoostJSON(json), msg).to.throw(DataFormatError, msg);
  });

  it('fromXGBoostJSON reads XGBoost 2.x base_score ("[5E-1]") and the legacy objective names', () => {
    const good = fixture<XgbDoc>('model-hist-logistic.json');
    good.learner.learner_model_param.base_score = '[5E-1]';
    good.learner.objective.name = 'reg:logistic';
    const m = fromXGBoostJSON(good);
    expect(m).to.be.instanceOf(GBDTClassifier);
    expect(m.baseScore).to.equal(0.5);
    const sq = fixture<XgbDoc>('model-hist-squarederror.json');
    sq.learner.objective.name = 'reg:linear';
    expect(fromXGBoostJSON(sq)).to.be.instanceOf(GBDTRegressor);
  });
});
