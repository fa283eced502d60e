/**
 * The shared estimator contract (test/contracts/estimator-contract.ts) over GBDTClassifier and
 * GBDTRegressor in several configurations (depth-wise, leaf-wise with row/column sampling under a seed,
 * class weights with early stopping on an eval set, pseudo-Huber). NaN in X is allowed: GBDTs route it.
 * Data: seeded synthetic matrices (test/models/gbdt/helpers.ts), not market data.
 */
import { GBDTClassifier, GBDTRegressor } from '../../../src/models/gbdt/index.js';
import { checkEstimatorContract } from '../../contracts/estimator-contract.js';
import { synthetic } from './helpers.js';

const train = synthetic(400, 5, 31, 0.05);
const holdout = synthetic(120, 5, 32, 0.05);
const clfData = { X: train.X, y: train.y, Xtest: holdout.X };
const regData = { X: train.X, y: train.yReg, Xtest: holdout.X };
const clfFromJSON = (json: unknown): GBDTClassifier => GBDTClassifier.fromJSON(json);
const regFromJSON = (json: unknown): GBDTRegressor => GBDTRegressor.fromJSON(json);

checkEstimatorContract(
  'GBDTClassifier({ nEstimators: 20 })',
  () => new GBDTClassifier({ nEstimators: 20 }),
  clfData,
  {
    classifier: true,
    fromJSON: clfFromJSON,
    missing: 'allowed',
  },
);
checkEstimatorContract(
  "GBDTClassifier({ growPolicy: 'leafwise', subsample: 0.7, colsampleByTree: 0.6, seed })",
  (seed) =>
    new GBDTClassifier({
      nEstimators: 15,
      growPolicy: 'leafwise',
      numLeaves: 8,
      maxDepth: 0,
      subsample: 0.7,
      colsampleByTree: 0.6,
      seed,
    }),
  clfData,
  { classifier: true, fromJSON: clfFromJSON, missing: 'allowed' },
);
checkEstimatorContract(
  "GBDTClassifier({ classWeight: 'balanced', earlyStoppingRounds: 5 }) with an evalSet",
  () =>
    new GBDTClassifier({
      nEstimators: 60,
      classWeight: 'balanced',
      earlyStoppingRounds: 5,
      evalMetric: 'auc',
    }),
  clfData,
  {
    classifier: true,
    fromJSON: clfFromJSON,
    missing: 'allowed',
    fitOptions: { evalSet: { X: holdout.X, y: holdout.y } },
  },
);
checkEstimatorContract(
  'GBDTRegressor({ nEstimators: 20 })',
  () => new GBDTRegressor({ nEstimators: 20 }),
  regData,
  {
    classifier: false,
    fromJSON: regFromJSON,
    missing: 'allowed',
  },
);
checkEstimatorContract(
  "GBDTRegressor({ objective: 'reg:pseudohubererror', minDataInLeaf: 10 })",
  () =>
    new GBDTRegressor({
      nEstimators: 20,
      objective: 'reg:pseudohubererror',
      huberSlope: 0.5,
      minDataInLeaf: 10,
    }),
  regData,
  { classifier: false, fromJSON: regFromJSON, missing: 'allowed' },
);
