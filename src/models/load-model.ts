/**
 * One loader for every model quantbook writes (DESIGN.md §4): `loadModel(json)` reads the envelope's
 * `format` and hands the JSON to that class's `fromJSON`; models that nest others (pipeline, calibrated
 * classifier, ensembles, per-symbol fleets) load their parts with `loadModel` again.
 *
 * ```
 *  text or object ─▶ format ─┬─ quantbook/gbdt                  GBDTClassifier | GBDTRegressor (by state.kind)
 *                            ├─ quantbook/logistic-regression   LogisticRegression
 *                            ├─ quantbook/standard-scaler       StandardScaler
 *                            ├─ quantbook/pipeline              Pipeline          (steps, estimator: loadModel)
 *                            ├─ quantbook/isotonic | platt      IsotonicCalibrator | PlattCalibrator
 *                            ├─ quantbook/calibrated-classifier CalibratedClassifier (bases: loadModel)
 *                            ├─ quantbook/neural-net            NeuralNet
 *                            ├─ quantbook/weighted-ensemble     WeightedEnsemble  (members: loadModel)
 *                            ├─ quantbook/stacking-ensemble     StackingEnsemble  (bases: loadModel)
 *                            ├─ quantbook/per-symbol            PerSymbolModel    (models: loadModel)
 *                            └─ (no format, a `learner` object)  an XGBoost model file: fromXGBoostJSON
 * ```
 * Models loaded this way predict exactly as the ones saved. Models that were built from factories
 * (CalibratedClassifier, StackingEnsemble) load without them: they predict, and refit only when the class's
 * own `fromJSON` is given the factories again.
 *
 * @example
 * fs.writeFileSync('model.json', JSON.stringify(model.toJSON()));
 * const again = loadModel(fs.readFileSync('model.json', 'utf8')); // same class, same predictions
 */
import { CalibratedClassifier } from '../calibration/calibrated-classifier.js';
import { IsotonicCalibrator } from '../calibration/isotonic.js';
import { PlattCalibrator } from '../calibration/platt.js';
import type { Classifier, ModelJSON } from '../types.js';
import { DataFormatError } from '../util/errors.js';
import { StackingEnsemble, WeightedEnsemble } from './ensemble.js';
import { fromXGBoostJSON, gbdtFromJSON, type GBDTClassifier, type GBDTRegressor } from './gbdt/index.js';
import { LogisticRegression } from './logistic-regression.js';
import { NeuralNet } from './neural-net.js';
import { PerSymbolModel } from './per-symbol.js';
import { Pipeline, type StepLoader } from './pipeline.js';
import { StandardScaler } from './preprocessing.js';

/** Every format {@link loadModel} reads (written out here, not read from the classes: the modules import each other). */
export const MODEL_FORMATS: readonly string[] = Object.freeze([
  'quantbook/gbdt',
  'quantbook/logistic-regression',
  'quantbook/standard-scaler',
  'quantbook/pipeline',
  'quantbook/isotonic',
  'quantbook/platt',
  'quantbook/calibrated-classifier',
  'quantbook/neural-net',
  'quantbook/weighted-ensemble',
  'quantbook/stacking-ensemble',
  'quantbook/per-symbol',
]);

/** Any model {@link loadModel} returns. */
export type LoadedModel =
  | GBDTClassifier
  | GBDTRegressor
  | LogisticRegression
  | StandardScaler
  | Pipeline
  | IsotonicCalibrator
  | PlattCalibrator
  | CalibratedClassifier
  | NeuralNet
  | WeightedEnsemble
  | StackingEnsemble
  | PerSymbolModel;

const isXGBoostModel = (json: object): boolean =>
  !('format' in json) && typeof (json as { learner?: unknown }).learner === 'object';

/**
 * Rebuilds a fitted model from its `toJSON()` output (or the JSON text of it), dispatching on `format`; an
 * XGBoost model file (`Booster.save_model('m.json')`) loads as a GBDTClassifier or GBDTRegressor.
 * @returns The model, of the class that wrote it (narrow with `instanceof`).
 * @throws DataFormatError for text that is not JSON, a non-object, an unknown format (naming it and listing
 *   the known ones), or a malformed model (from the class's fromJSON).
 */
export function loadModel(json: unknown): LoadedModel {
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch (err) {
      throw new DataFormatError(`loadModel: the text is not JSON (${(err as Error).message})`, {
        cause: err,
      });
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new DataFormatError(
      `loadModel: expected a model JSON object { format, version, params, state }, got ${Array.isArray(value) ? 'an array' : String(value)}`,
    );
  if (isXGBoostModel(value)) return fromXGBoostJSON(value);
  const format = (value as Partial<ModelJSON>).format;
  switch (format) {
    case 'quantbook/gbdt':
      return gbdtFromJSON(value);
    case 'quantbook/logistic-regression':
      return LogisticRegression.fromJSON(value);
    case 'quantbook/standard-scaler':
      return StandardScaler.fromJSON(value);
    case 'quantbook/pipeline':
      return Pipeline.fromJSON(value, loadModel as StepLoader);
    case 'quantbook/isotonic':
      return IsotonicCalibrator.fromJSON(value);
    case 'quantbook/platt':
      return PlattCalibrator.fromJSON(value);
    case 'quantbook/calibrated-classifier':
      return CalibratedClassifier.fromJSON(value, loadClassifier);
    case 'quantbook/neural-net':
      return NeuralNet.fromJSON(value);
    case 'quantbook/weighted-ensemble':
      return WeightedEnsemble.fromJSON(value, loadModel);
    case 'quantbook/stacking-ensemble':
      return StackingEnsemble.fromJSON(value, loadModel);
    case 'quantbook/per-symbol':
      return PerSymbolModel.fromJSON(value, loadModel);
    default:
      throw new DataFormatError(
        `loadModel: unknown model format ${JSON.stringify(format)}; known formats: ${MODEL_FORMATS.join(', ')} ` +
          '(and XGBoost JSON model files)',
      );
  }
}

/** {@link loadModel} for a nested model that must be a classifier. */
function loadClassifier(json: ModelJSON): Classifier {
  const model = loadModel(json);
  if (typeof (model as Partial<Classifier>).predictProba !== 'function')
    throw new DataFormatError(
      `loadModel: a nested model of format ${json.format} is not a classifier (no predictProba)`,
    );
  return model as Classifier;
}
