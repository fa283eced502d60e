/**
 * Loading a GBDT without knowing its kind: from quantbook's JSON (dispatch on `state.kind`) or from an
 * XGBoost model file (dispatch on the objective).
 */
import { DataFormatError } from '../../util/errors.js';
import { GBDTClassifier } from './classifier.js';
import { GBDT_FORMAT } from './model-json.js';
import { GBDTRegressor } from './regressor.js';
import { readXGBoostJSON } from './xgboost-json.js';

/**
 * Restores a classifier or regressor from `toJSON()` output (`format: 'quantbook/gbdt'`).
 *
 * @throws DataFormatError for another format or a malformed state.
 */
export function gbdtFromJSON(json: unknown): GBDTClassifier | GBDTRegressor {
  const kind = (json as { state?: { kind?: unknown } } | null)?.state?.kind;
  if (kind === 'regressor') return GBDTRegressor.fromJSON(json);
  if (kind === 'classifier') return GBDTClassifier.fromJSON(json);
  const format = (json as { format?: unknown } | null)?.format;
  throw new DataFormatError(
    format !== GBDT_FORMAT
      ? `gbdtFromJSON: format is ${JSON.stringify(format)}, expected ${JSON.stringify(GBDT_FORMAT)}`
      : `gbdtFromJSON: state.kind must be 'classifier' or 'regressor', got ${JSON.stringify(kind)}`,
  );
}

/**
 * Loads an XGBoost JSON model: a {@link GBDTClassifier} for binary:logistic / reg:logistic, a
 * {@link GBDTRegressor} for reg:squarederror / reg:linear / reg:pseudohubererror.
 *
 * @throws DataFormatError naming the problem (see {@link readXGBoostJSON}).
 */
export function fromXGBoostJSON(json: string | object): GBDTClassifier | GBDTRegressor {
  return readXGBoostJSON(json).objective === 'binary:logistic'
    ? GBDTClassifier.fromXGBoostJSON(json)
    : GBDTRegressor.fromXGBoostJSON(json);
}

/** The loaders under one name, as the issue spells them: `GBDT.fromXGBoostJSON(json)`, `GBDT.fromJSON(json)`. */
export const GBDT = Object.freeze({ fromJSON: gbdtFromJSON, fromXGBoostJSON });
