/**
 * Champion/challenger: seed 002's decision tree table-tested row by row (issue 10's thresholds, each
 * met exactly and just missed), and compareModels on the real panel (5 symbols, 2017 holdout) against
 * the metrics and the top-decile backtest computed directly.
 */
import { expect } from 'chai';
import { performanceStats } from '../../src/backtest/performance.js';
import { simulate } from '../../src/backtest/simulate.js';
import { numericColumn, stringColumn } from '../../src/data/panel.js';
import { brierScore, rocAuc } from '../../src/metrics/classification.js';
import { accuracy, precision, recall } from '../../src/metrics/threshold.js';
import { GBDTClassifier, GBDTRegressor } from '../../src/models/gbdt/index.js';
import { SchemaError } from '../../src/util/errors.js';
import { compareModels, decideChampion, type DecisionRule } from '../../src/registry/champion.js';
import { selectColumns } from '../../src/registry/predict.js';
import { TRAIN_END, realPanel, trainGbdt, trainingRows } from './helpers.js';

type Row = [
  what: string,
  champion: [auc: number, accuracy: number, sharpe: number],
  challenger: [auc: number, accuracy: number, sharpe: number],
  action: 'deploy' | 'ab_test' | 'keep',
  rule: DecisionRule,
  abTest: [challengerShare: number, days: number] | null,
];

// prettier-ignore
const TABLE: Row[] = [
  ['ΔAUC = +0.05 exactly (0.60 − 0.55 is 0.0499… in floating point)', [0.55, 0.52, 1.0], [0.60, 0.52, 0.1], 'deploy', 'auc_gain', null],
  ['ΔAUC +0.07, Sharpe worse: rule 1 ignores Sharpe',                   [0.55, 0.52, 1.0], [0.62, 0.50, 0.1], 'deploy', 'auc_gain', null],
  ['ΔAUC +0.0499, Sharpe better',                                       [0.55, 0.52, 0.8], [0.5999, 0.52, 1.2], 'deploy', 'auc_gain_with_sharpe', null],
  ['ΔAUC = +0.02 exactly, Sharpe better',                               [0.55, 0.52, 0.8], [0.57, 0.52, 0.81], 'deploy', 'auc_gain_with_sharpe', null],
  ['ΔAUC +0.03, Sharpe equal: not better',                              [0.55, 0.52, 0.8], [0.58, 0.52, 0.8], 'ab_test', 'ab_test_auc', [0.5, 14]],
  ['ΔAUC +0.03, Sharpe unknown (no backtest)',                          [0.55, 0.52, NaN], [0.58, 0.52, NaN], 'ab_test', 'ab_test_auc', [0.5, 14]],
  ['ΔAUC +0.0199, Sharpe better: below rule 2',                         [0.55, 0.52, 0.8], [0.5699, 0.52, 2.0], 'ab_test', 'ab_test_auc', [0.5, 14]],
  ['ΔAUC = +0.01 exactly',                                              [0.55, 0.52, 0.8], [0.56, 0.52, 0.8], 'ab_test', 'ab_test_auc', [0.5, 14]],
  ['ΔAUC +0.009, Δaccuracy +0.031',                                     [0.55, 0.52, 0.8], [0.559, 0.551, 0.8], 'ab_test', 'ab_test_accuracy', [0.25, 7]],
  ['ΔAUC −0.02, Δaccuracy +0.05',                                       [0.55, 0.52, 0.8], [0.53, 0.57, 0.8], 'ab_test', 'ab_test_accuracy', [0.25, 7]],
  ['ΔAUC +0.005, Δaccuracy = +0.03 exactly: not above',                 [0.55, 0.53, 0.8], [0.555, 0.56, 0.8], 'keep', 'keep', null],
  ['equal models',                                                      [0.55, 0.52, 0.8], [0.55, 0.52, 0.8], 'keep', 'keep', null],
  ['challenger AUC undefined (one-class holdout), Δaccuracy +0.04',     [0.55, 0.52, 0.8], [NaN, 0.56, 0.8], 'ab_test', 'ab_test_accuracy', [0.25, 7]],
  ['champion AUC undefined, Δaccuracy +0.01',                           [NaN, 0.52, 0.8], [0.70, 0.53, 0.8], 'keep', 'keep', null],
  ['challenger worse everywhere',                                       [0.60, 0.55, 1.5], [0.52, 0.50, 0.2], 'keep', 'keep', null],
];

describe('registry/champion', () => {
  describe('decideChampion: seed 002’s tree, row by row', () => {
    for (const [what, c, d, action, rule, ab] of TABLE)
      it(`${what} → ${action}${ab ? ` ${ab[0] * 100} % / ${ab[1]} days` : ''}`, () => {
        const decision = decideChampion(
          { auc: c[0], accuracy: c[1], sharpe: c[2] },
          { auc: d[0], accuracy: d[1], sharpe: d[2] },
        );
        expect(decision.action).to.equal(action);
        expect(decision.rule).to.equal(rule);
        expect(decision.abTest).to.deep.equal(
          ab ? { challengerShare: ab[0], championShare: 1 - ab[0], days: ab[1] } : null,
        );
        expect(decision.reasoning).to.equal(decision.steps.join('; '));
      });

    it('spells out its reasoning, one step per rule checked', () => {
      const d = decideChampion(
        { auc: 0.55, accuracy: 0.52, sharpe: 0.8 },
        { auc: 0.58, accuracy: 0.52, sharpe: 0.7 },
      );
      expect(d.steps).to.deep.equal([
        'challenger AUC 0.5800 vs champion 0.5500 (+0.0300) is below +0.05',
        'the AUC gain is ≥ +0.02 but the top-decile Sharpe 0.7000 vs 0.8000 is not better',
        'the AUC gain is ≥ +0.01: A/B test with 50 % of traffic to the challenger for 14 days',
      ]);
      const keep = decideChampion(
        { auc: 0.55, accuracy: 0.52, sharpe: 0.8 },
        { auc: 0.55, accuracy: 0.53, sharpe: 0.8 },
      );
      expect(keep.steps.at(-1)).to.equal(
        'challenger accuracy 0.5300 vs 0.5200 (+0.0100) is not above +0.03: keep the champion',
      );
    });

    it('takes its thresholds from the policy', () => {
      const c = { auc: 0.55, accuracy: 0.52, sharpe: 0.8 };
      const d = { auc: 0.57, accuracy: 0.52, sharpe: 0.1 };
      expect(decideChampion(c, d).action).to.equal('ab_test');
      expect(decideChampion(c, d, { deployAucGain: 0.02 }).action).to.equal('deploy');
      const t = decideChampion(c, d, { abTestLong: { challengerShare: 0.1, days: 30 } });
      expect(t.abTest).to.deep.equal({ challengerShare: 0.1, championShare: 0.9, days: 30 });
    });
  });

  it('compareModels scores both models on the holdout (columns by name) with a top-decile backtest', () => {
    const panel = realPanel();
    const { model: champion, dataset } = trainGbdt(panel, { nEstimators: 5, maxDepth: 2 });
    const { X: Xtrain, y: ytrain } = trainingRows(dataset, -Infinity, TRAIN_END);
    const challengerFeatures = ['rsi_14', 'ret_5', 'macd_hist', 'volatility_10'];
    const challenger = new GBDTClassifier({ nEstimators: 30, maxDepth: 3, learningRate: 0.1 }).fit(
      selectColumns(Xtrain, challengerFeatures),
      ytrain,
    );
    const hold = trainingRows(dataset, TRAIN_END + 1, Infinity);
    const keys = dataset.table.reify(hold.rows);
    const holdout = {
      X: hold.X,
      y: hold.y,
      symbol: stringColumn(keys, 'symbol') as string[],
      date: numericColumn(keys, 'date'),
      prices: panel,
    };
    const cmp = compareModels(
      { model: champion, metadata: { features: dataset.featureNames } },
      { model: challenger, metadata: { features: challengerFeatures } },
      holdout,
    );
    const direct = (scores: Float64Array) => ({
      auc: rocAuc(hold.y, scores),
      accuracy: accuracy(hold.y, scores),
      precision: precision(hold.y, scores),
      recall: recall(hold.y, scores),
      brier: brierScore(hold.y, scores),
      sharpe: performanceStats(
        simulate({ symbol: holdout.symbol, date: holdout.date, score: scores }, panel, {
          select: 'top-quantile',
          quantile: 0.1,
        }),
      ).sharpe,
      n: hold.X.rows,
    });
    expect(cmp.champion).to.deep.equal(direct(champion.predictProba(hold.X)));
    expect(cmp.challenger).to.deep.equal(
      direct(challenger.predictProba(selectColumns(hold.X, challengerFeatures))),
    );
    expect(hold.X.rows).to.be.greaterThan(1000);
    expect(cmp.decision).to.deep.equal(decideChampion(cmp.champion, cmp.challenger));
    // Without prices there is no backtest: Sharpe is NaN, and rule 2 cannot fire.
    const noBacktest = compareModels(challenger, challenger, {
      X: selectColumns(hold.X, challengerFeatures),
      y: hold.y,
    });
    expect(noBacktest.champion.sharpe).to.be.NaN;
    expect(noBacktest.decision.action).to.equal('keep');
  });

  it('compareModels takes a loaded model of any kind (as registry.loadModel returns); a regressor is refused at run time', () => {
    // synthetic: 40 rows, 2 features, y = x0 > 0
    const data = Float64Array.from({ length: 80 }, (_, i) => Math.sin(i * 1.7));
    const X = { data, rows: 40, cols: 2, columns: ['a', 'b'] };
    const y = Float64Array.from({ length: 40 }, (_, i) => (data[2 * i] > 0 ? 1 : 0));
    const regressor = new GBDTRegressor({ nEstimators: 2, minChildWeight: 0 }).fit(X, y);
    const asLoaded: { model: object; metadata: { features: string[] } } = {
      model: regressor,
      metadata: { features: ['a', 'b'] },
    };
    expect(() => compareModels(asLoaded, asLoaded, { X, y })).to.throw(SchemaError, 'not a classifier');
  });
});
