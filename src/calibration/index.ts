/**
 * Calibration: maps from raw classifier scores to probabilities, fitted on out-of-fold scores only.
 * {@link IsotonicCalibrator} and {@link PlattCalibrator} reproduce scikit-learn's isotonic and sigmoid
 * calibration; {@link CalibratedClassifier} wraps a classifier factory and a time-series splitter;
 * {@link loadCalibrator} rebuilds either calibrator from its JSON.
 */
import type { ModelJSON } from '../types.js';
import { DataFormatError } from '../util/errors.js';
import { IsotonicCalibrator } from './isotonic.js';
import { PlattCalibrator } from './platt.js';

export {
  CalibratedClassifier,
  type CalibratedClassifierParams,
  type CalibratedClassifierState,
  type CalibrationMethod,
} from './calibrated-classifier.js';
export {
  IsotonicCalibrator,
  isotonicRegression,
  type IsotonicParams,
  type IsotonicState,
} from './isotonic.js';
export { PlattCalibrator, type PlattParams, type PlattState } from './platt.js';

/**
 * Rebuilds a fitted calibrator from its JSON, dispatching on `format` ('quantbook/isotonic' or
 * 'quantbook/platt').
 * @throws DataFormatError for any other format (or a malformed model).
 */
export function loadCalibrator(json: unknown): IsotonicCalibrator | PlattCalibrator {
  const format = (json as Partial<ModelJSON> | null)?.format;
  if (format === IsotonicCalibrator.format) return IsotonicCalibrator.fromJSON(json);
  if (format === PlattCalibrator.format) return PlattCalibrator.fromJSON(json);
  throw new DataFormatError(
    `loadCalibrator: unknown format ${JSON.stringify(format)} (expected '${IsotonicCalibrator.format}' or '${PlattCalibrator.format}')`,
  );
}
