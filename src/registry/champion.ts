/**
 * Champion/challenger (seed 002): score both models on the same holdout, then decide by a fixed tree,
 * with the reasoning spelled out.
 *
 * ```
 *  holdout X (columns by name), y ──each model──▶ P(y=1) ──▶ AUC, accuracy, precision, recall, Brier
 *        └─ symbol, date, prices ──top-decile backtest (simulate, long the top 10 %)──▶ Sharpe
 *
 *  decision tree, first match wins (Δ = challenger − champion):
 *    1. Δ AUC ≥ 0.05                                   → deploy
 *    2. Δ AUC ≥ 0.02 and challenger Sharpe > champion's → deploy
 *    3. Δ AUC ≥ 0.01                                   → A/B test, 50 % of traffic to the challenger, 14 days
 *    4. Δ accuracy > 0.03                              → A/B test, 25 % to the challenger (75 % champion), 7 days
 *    5. otherwise                                      → keep the champion
 * ```
 * A comparison within 1e-9 of a threshold counts as meeting it (0.60 − 0.55 is 0.04999… in floating
 * point). An undefined metric (AUC on a one-class holdout, Sharpe without prices) fails its rules.
 */
import { performanceStats } from '../backtest/performance.js';
import type { BacktestPolicy } from '../backtest/policy.js';
import { simulate } from '../backtest/simulate.js';
import type { TableInput } from '../backtest/columns.js';
import { brierScore, rocAuc } from '../metrics/classification.js';
import { accuracy, precision, recall } from '../metrics/threshold.js';
import type { Matrix } from '../types.js';
import { SchemaError } from '../util/errors.js';
import { selectColumns } from './predict.js';

/** The thresholds of the tree; defaults are seed 002's. */
export interface PromotionPolicy {
  /** Rule 1: deploy when the AUC gain is at least this. Default 0.05. */
  deployAucGain: number;
  /** Rule 2: deploy when the AUC gain is at least this and the Sharpe is better. Default 0.02. */
  deployAucGainWithSharpe: number;
  /** Rule 3: A/B test when the AUC gain is at least this. Default 0.01. */
  abTestAucGain: number;
  /** Rule 4: A/B test when the accuracy gain exceeds this. Default 0.03. */
  abTestAccuracyGain: number;
  /** Rule 3's test. Default 50 % to the challenger for 14 days. */
  abTestLong: { challengerShare: number; days: number };
  /** Rule 4's test. Default 25 % to the challenger for 7 days. */
  abTestShort: { challengerShare: number; days: number };
}

export const DEFAULT_PROMOTION_POLICY: Readonly<PromotionPolicy> = Object.freeze({
  deployAucGain: 0.05,
  deployAucGainWithSharpe: 0.02,
  abTestAucGain: 0.01,
  abTestAccuracyGain: 0.03,
  abTestLong: Object.freeze({ challengerShare: 0.5, days: 14 }),
  abTestShort: Object.freeze({ challengerShare: 0.25, days: 7 }),
});

const TOLERANCE = 1e-9;

/** A model's scores on the holdout. NaN where undefined. */
export interface ContenderMetrics {
  auc: number;
  accuracy: number;
  precision: number;
  recall: number;
  brier: number;
  /** Annualized Sharpe of the top-decile backtest; NaN without prices. */
  sharpe: number;
  /** Holdout rows. */
  n: number;
}

/** The rule that decided. */
export type DecisionRule = 'auc_gain' | 'auc_gain_with_sharpe' | 'ab_test_auc' | 'ab_test_accuracy' | 'keep';

/** What to do with the challenger. */
export interface ChampionDecision {
  action: 'deploy' | 'ab_test' | 'keep';
  rule: DecisionRule;
  /** The A/B test to run (action 'ab_test'); shares sum to 1. */
  abTest: { challengerShare: number; championShare: number; days: number } | null;
  /** Every rule checked, in order, up to the one that decided: one sentence each. */
  steps: string[];
  /** The steps as one paragraph. */
  reasoning: string;
}

const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : 'undefined');
const signed = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(4)}` : 'undefined');

/**
 * Seed 002's decision tree on two models' holdout metrics.
 *
 * @param champion - At least auc, accuracy and sharpe (NaN = undefined).
 * @param challenger - The same.
 * @param policy - Thresholds overriding {@link DEFAULT_PROMOTION_POLICY}.
 * @example
 * decideChampion({ auc: 0.55, accuracy: 0.52, sharpe: 0.4 }, { auc: 0.61, accuracy: 0.53, sharpe: 0.3 }).action // 'deploy'
 */
export function decideChampion(
  champion: Pick<ContenderMetrics, 'auc' | 'accuracy' | 'sharpe'>,
  challenger: Pick<ContenderMetrics, 'auc' | 'accuracy' | 'sharpe'>,
  policy: Partial<PromotionPolicy> = {},
): ChampionDecision {
  const p: PromotionPolicy = { ...DEFAULT_PROMOTION_POLICY, ...policy };
  const dAuc = challenger.auc - champion.auc;
  const dAcc = challenger.accuracy - champion.accuracy;
  const auc = `challenger AUC ${f4(challenger.auc)} vs champion ${f4(champion.auc)} (${signed(dAuc)})`;
  const steps: string[] = [];
  const done = (
    action: ChampionDecision['action'],
    rule: DecisionRule,
    test: PromotionPolicy['abTestLong'] | null,
  ): ChampionDecision => ({
    action,
    rule,
    abTest: test
      ? { challengerShare: test.challengerShare, championShare: 1 - test.challengerShare, days: test.days }
      : null,
    steps,
    reasoning: steps.join('; '),
  });
  const atLeast = (x: number, t: number) => Number.isFinite(x) && x >= t - TOLERANCE;

  if (atLeast(dAuc, p.deployAucGain)) {
    steps.push(`${auc} ≥ +${p.deployAucGain}: deploy the challenger`);
    return done('deploy', 'auc_gain', null);
  }
  steps.push(`${auc} is below +${p.deployAucGain}`);

  const sharpeKnown = Number.isFinite(challenger.sharpe) && Number.isFinite(champion.sharpe);
  const sharpe = `top-decile Sharpe ${f4(challenger.sharpe)} vs ${f4(champion.sharpe)}`;
  if (atLeast(dAuc, p.deployAucGainWithSharpe) && sharpeKnown && challenger.sharpe > champion.sharpe) {
    steps.push(
      `the AUC gain is ≥ +${p.deployAucGainWithSharpe} and the ${sharpe} is better: deploy the challenger`,
    );
    return done('deploy', 'auc_gain_with_sharpe', null);
  }
  steps.push(
    !atLeast(dAuc, p.deployAucGainWithSharpe)
      ? `the AUC gain is below +${p.deployAucGainWithSharpe}`
      : sharpeKnown
        ? `the AUC gain is ≥ +${p.deployAucGainWithSharpe} but the ${sharpe} is not better`
        : `the AUC gain is ≥ +${p.deployAucGainWithSharpe} but the Sharpe is unknown (no backtest)`,
  );

  if (atLeast(dAuc, p.abTestAucGain)) {
    const t = p.abTestLong;
    steps.push(
      `the AUC gain is ≥ +${p.abTestAucGain}: A/B test with ${t.challengerShare * 100} % of traffic to the challenger for ${t.days} days`,
    );
    return done('ab_test', 'ab_test_auc', t);
  }
  steps.push(`the AUC gain is below +${p.abTestAucGain}`);

  const acc = `challenger accuracy ${f4(challenger.accuracy)} vs ${f4(champion.accuracy)} (${signed(dAcc)})`;
  if (Number.isFinite(dAcc) && dAcc > p.abTestAccuracyGain + TOLERANCE) {
    const t = p.abTestShort;
    steps.push(
      `${acc} > +${p.abTestAccuracyGain}: A/B test with ${t.challengerShare * 100} % of traffic to the challenger (${(1 - t.challengerShare) * 100} % champion) for ${t.days} days`,
    );
    return done('ab_test', 'ab_test_accuracy', t);
  }
  steps.push(`${acc} is not above +${p.abTestAccuracyGain}: keep the champion`);
  return done('keep', 'keep', null);
}

/** Something that predicts probabilities: a classifier, or a registered model (columns aligned by its metadata). */
export type Contender =
  | { predictProba(X: Matrix): Float64Array }
  | {
      /** Any loaded model (e.g. `registry.loadModel(name)`); it must have `predictProba(X)` at run time. */
      model: object;
      metadata: { features: string[]; threshold?: number };
    };

/** The holdout both models are scored on. */
export interface Holdout {
  /** Named columns; each registered model takes its own features by name. */
  X: Matrix;
  /** 0/1 labels, `(rows,)`. */
  y: ArrayLike<number>;
  /** Row keys and the price panel, for the top-decile backtest (Sharpe); omit for no backtest. */
  symbol?: ArrayLike<string>;
  date?: ArrayLike<number>;
  prices?: TableInput;
  /** Default `{ select: 'top-quantile', quantile: 0.1 }` (long the top decile, daily, lag 1, no costs). */
  policy?: BacktestPolicy;
  /** Class-1 threshold for accuracy, precision, recall. Default 0.5. */
  threshold?: number;
}

/** What {@link compareModels} returns. */
export interface ModelComparison {
  champion: ContenderMetrics;
  challenger: ContenderMetrics;
  decision: ChampionDecision;
}

function scoresOf(c: Contender, X: Matrix, what: string): Float64Array {
  if ('metadata' in c) {
    const model = c.model as { predictProba?: (X: Matrix) => Float64Array };
    if (typeof model.predictProba !== 'function')
      throw new SchemaError(`compareModels: the ${what} is not a classifier (no predictProba)`);
    return model.predictProba(selectColumns(X, c.metadata.features, `compareModels (${what})`));
  }
  return c.predictProba(X);
}

function evaluate(c: Contender, h: Holdout, what: string): ContenderMetrics {
  const score = scoresOf(c, h.X, what);
  const threshold = h.threshold ?? 0.5;
  let auc = NaN;
  try {
    auc = rocAuc(h.y, score);
  } catch {
    auc = NaN; // one class in the holdout
  }
  let sharpe = NaN;
  if (h.prices && h.symbol && h.date) {
    const preds = { symbol: Array.from(h.symbol), date: Float64Array.from(h.date), score };
    const run = simulate(preds, h.prices, h.policy ?? { select: 'top-quantile', quantile: 0.1 });
    try {
      sharpe = performanceStats(run).sharpe;
    } catch {
      sharpe = NaN; // fewer than 2 returns
    }
  }
  return {
    auc,
    accuracy: accuracy(h.y, score, { threshold }),
    precision: precision(h.y, score, { threshold }),
    recall: recall(h.y, score, { threshold }),
    brier: brierScore(h.y, score),
    sharpe,
    n: h.X.rows,
  };
}

/**
 * Scores the champion and the challenger on one holdout and decides by {@link decideChampion}.
 *
 * @throws SchemaError when a model's features are missing from the holdout, or y and X differ in length.
 */
export function compareModels(
  champion: Contender,
  challenger: Contender,
  holdout: Holdout,
  policy: Partial<PromotionPolicy> = {},
): ModelComparison {
  if (holdout.y.length !== holdout.X.rows)
    throw new SchemaError(`compareModels: ${holdout.y.length} labels for ${holdout.X.rows} holdout rows`);
  const a = evaluate(champion, holdout, 'champion');
  const b = evaluate(challenger, holdout, 'challenger');
  return { champion: a, challenger: b, decision: decideChampion(a, b, policy) };
}
