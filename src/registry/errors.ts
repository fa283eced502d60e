/**
 * The registry's typed errors. Missing things (a model name, a version) are {@link NotFoundError}s and
 * bad arguments {@link ParameterError}s, as elsewhere; these two cover what only a store of files has:
 * an artifact that is present but unusable, and a lock another process holds.
 */
import { QuantbookError, type ErrorContext } from '../util/errors.js';

/** Why a model version's artifact cannot be used. */
export type ArtifactProblem = 'missing' | 'corrupt' | 'invalid';

/**
 * A file of a saved model version (metadata.json, model.json, reference.json, champion.json) is missing,
 * unreadable (not JSON, a checksum mismatch, a loader failure) or does not hold what it must. Code
 * `E_MODEL_ARTIFACT`; `model`, `version`, `artifact` and `problem` say which and why.
 */
export class ModelArtifactError extends QuantbookError {
  readonly model: string;
  readonly version: string | undefined;
  readonly artifact: string;
  readonly problem: ArtifactProblem;

  constructor(
    where: { model: string; version?: string; artifact: string; problem: ArtifactProblem },
    message: string,
    context: ErrorContext = {},
  ) {
    const id = where.version ? `${where.model}@${where.version}` : where.model;
    super('E_MODEL_ARTIFACT', `model ${id}: ${where.artifact} is ${where.problem}: ${message}`, context);
    this.model = where.model;
    this.version = where.version;
    this.artifact = where.artifact;
    this.problem = where.problem;
  }
}

/** A registry lock could not be taken in time (another process holds it). Code `E_LOCKED`. */
export class RegistryLockError extends QuantbookError {
  constructor(message: string, context: ErrorContext = {}) {
    super('E_LOCKED', message, context);
  }
}

/**
 * Scoring cannot go on: the model is not a classifier, or it produced a probability outside [0, 1] (or
 * NaN) — seed 002's error boundary stops such output before it reaches a prediction file. Code `E_SCORING`.
 */
export class ScoringError extends QuantbookError {
  constructor(message: string, context: ErrorContext = {}) {
    super('E_SCORING', message, context);
  }
}
