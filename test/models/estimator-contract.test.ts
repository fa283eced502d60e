/**
 * The estimator contract (test/contracts/estimator-contract.ts) over LogisticRegression (default, balanced
 * with a class-weight dict, unpenalized without intercept) and Pipeline(StandardScaler → LogisticRegression).
 * Data: a seeded synthetic logistic problem (not market data) on features of different scales.
 */
import { LogisticRegression } from '../../src/models/logistic-regression.js';
import { Pipeline } from '../../src/models/pipeline.js';
import { StandardScaler } from '../../src/models/preprocessing.js';
import type { Matrix } from '../../src/types.js';
import { Rng } from '../../src/util/rng.js';
import { checkEstimatorContract } from '../contracts/estimator-contract.js';

/** n rows of 4 features (scales 1, 10, 0.1, 1), y ~ Bernoulli(σ(x·w + 0.2)). */
function logisticProblem(n: number, seed: number): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const scales = [1, 10, 0.1, 1];
  const w = [1, -0.1, 5, 0.5];
  const data = new Float64Array(n * 4);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0.2;
    for (let j = 0; j < 4; j++) {
      const v = rng.normal() * scales[j];
      data[i * 4 + j] = v;
      z += v * w[j];
    }
    y[i] = rng.random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: { data, rows: n, cols: 4, columns: ['a', 'b', 'c', 'd'] }, y };
}

const train = logisticProblem(300, 1);
const data = { ...train, Xtest: logisticProblem(60, 2).X };
const lrFromJSON = (json: unknown): LogisticRegression => LogisticRegression.fromJSON(json);

checkEstimatorContract('LogisticRegression', () => new LogisticRegression(), data, {
  classifier: true,
  fromJSON: lrFromJSON,
});
checkEstimatorContract(
  "LogisticRegression({ C: 0.05, classWeight: 'balanced' })",
  () => new LogisticRegression({ C: 0.05, classWeight: 'balanced' }),
  data,
  { classifier: true, fromJSON: lrFromJSON },
);
checkEstimatorContract(
  "LogisticRegression({ penalty: 'none', fitIntercept: false, classWeight: { 1: 2 } })",
  () => new LogisticRegression({ penalty: 'none', fitIntercept: false, classWeight: { 1: 2 } }),
  data,
  { classifier: true, fromJSON: lrFromJSON },
);
checkEstimatorContract(
  'Pipeline([StandardScaler], LogisticRegression)',
  () => new Pipeline([new StandardScaler()], new LogisticRegression({ C: 0.5 })),
  data,
  { classifier: true, fromJSON: (json) => Pipeline.fromJSON(json) },
);
