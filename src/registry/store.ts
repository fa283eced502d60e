/**
 * The model registry: versioned models on disk, each version a folder written once and never changed.
 *
 * ```
 *  <root>/                                   (default: $QUANTBOOK_MODELS, else ./models)
 *    runs.parquet                            experiment runs (runs.ts)
 *    <name>/
 *      champion.json                         the serving version and its history (champion-pointer.ts)
 *      <MAJOR.MINOR.PATCH>/
 *        model.json                          toJSON() — quantbook's format; loadModel(json) reads it
 *        xgboost.json                        tree models only: toXGBoostJSON(), for XGBoost itself
 *        reference.json                      drift reference: feature quantiles, prediction distribution
 *        metadata.json                       written last: identity, features, spec, lineage, sha256 of the files above
 *
 *  saveModel: lock <name>/.lock ──▶ pick the next patch version ──▶ build the folder in a temp sibling
 *             ──rename──▶ <name>/<version>/ ──▶ unlock ──▶ append the run to runs.parquet
 *  loadModel: name@version | champion | latest ──▶ metadata.json (checked) ──▶ model.json (sha256 checked)
 *             ──loader──▶ the fitted model, with its metadata and reference statistics
 * ```
 * A version folder appears complete or not at all (rename is atomic), and the lock makes two processes
 * saving at once pick different versions. Names are checked before any path is built (names.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadModel as loadModelJSON, type LoadedModel } from '../models/load-model.js';
import type { Matrix, ModelJSON } from '../types.js';
import { NotFoundError, ParameterError, QuantbookError } from '../util/errors.js';
import {
  POINTER_FILE,
  championStack,
  promoteVersion,
  readChampion,
  rollbackChampion,
  type ChampionPointer,
} from './champion-pointer.js';
import { ModelArtifactError } from './errors.js';
import { withLock, type LockOptions } from './lock.js';
import { buildMetadata, type MetadataInput, type ModelMetadata } from './metadata.js';
import {
  checkModelName,
  compareVersions,
  isVersion,
  nextPatch,
  parseVersion,
  type VersionRef,
} from './names.js';
import { referenceStats, type ReferenceStats } from './reference.js';
import { loadVersion, readVersionMetadata, writeVersion } from './version-files.js';
import { listRuns, logRun, newRunId, type RunRecord } from './runs.js';

/** What the registry needs of a model to save it. */
export interface SavableModel {
  toJSON(): ModelJSON;
  getParams?(): Record<string, unknown>;
  predictProba?(X: Matrix): Float64Array;
  /** Tree models: also written as xgboost.json. */
  toXGBoostJSON?(options?: { featureNames?: boolean }): string;
  readonly featureNames?: string[];
}

/** Turns model.json's parsed contents back into a model (default: quantbook's `loadModel`). */
export type ModelLoader = (json: unknown) => unknown;

/** Options of {@link ModelRegistry.saveModel}. */
export interface SaveModelOptions {
  name: string;
  metadata: MetadataInput;
  /** Default: the next patch version (1.0.0 first). An existing version is refused. */
  version?: string;
  /** Training rows (and the model's scores on them) for the drift reference; scores default to `predictProba(X)`. */
  reference?: { X: Matrix; scores?: ArrayLike<number> };
  /** Default: now. */
  createdAt?: Date;
  /** Append the save to runs.parquet. Default true. */
  logRun?: boolean;
}

/** A saved version. */
export interface SavedModel {
  name: string;
  version: string;
  dir: string;
  metadata: ModelMetadata;
}

/** A loaded version: the model with what was saved beside it. */
export interface RegisteredModel<M = LoadedModel> {
  name: string;
  version: string;
  dir: string;
  model: M;
  metadata: ModelMetadata;
  /** null when the version was saved without reference data. */
  reference: ReferenceStats | null;
}

/** One model of {@link ModelRegistry.listModels}. */
export interface ModelSummary {
  name: string;
  /** Ascending. */
  versions: string[];
  latest: string | null;
  /** null before the first promotion; `'(unreadable)'` when champion.json is corrupt. */
  champion: string | null;
}

/** When {@link ModelRegistry.loadWithFallback} served another version than the champion. */
export interface Fallback {
  /** The champion that failed to load. */
  failed: string;
  /** Why (the error's message). */
  reason: string;
  /** The version loaded instead. */
  used: string;
}

/** The default registry root: `$QUANTBOOK_MODELS`, else `models` (relative to the working directory). */
export function defaultRegistryRoot(): string {
  return path.resolve(process.env.QUANTBOOK_MODELS ?? 'models');
}

/**
 * A model registry rooted at a folder. Every method is synchronous and safe to call from several
 * processes at once.
 *
 * @example
 * const registry = new ModelRegistry('models');
 * const saved = registry.saveModel(gbdt, { name: 'dir5', metadata: { dataset: spec, cvMetrics: { auc: 0.53 } } });
 * registry.promote('dir5', saved.version);
 * registry.loadModel('dir5', 'champion').model.predictProba(X);
 */
export class ModelRegistry {
  readonly root: string;
  private readonly loader: ModelLoader;
  private readonly lock: LockOptions;

  /**
   * @param root - The registry folder (created on the first save). Default {@link defaultRegistryRoot}.
   * @param options - `loader`: model.json → model (default quantbook's `loadModel`); `lock`: lock timeouts.
   */
  constructor(
    root: string = defaultRegistryRoot(),
    options: { loader?: ModelLoader; lock?: LockOptions } = {},
  ) {
    this.root = path.resolve(root);
    this.loader = options.loader ?? loadModelJSON;
    this.lock = options.lock ?? {};
  }

  /** The folder of a model (the name is checked first). */
  modelDir(name: string): string {
    return path.join(this.root, checkModelName(name));
  }

  /**
   * Saves a fitted model as a new version.
   *
   * @returns The version, its folder and its metadata.
   * @throws ParameterError for an unsafe name, a malformed or existing version, feature names that
   *   disagree with the model's or the reference matrix's, or bad metadata values.
   * @throws RegistryLockError when another process holds the model's lock past the timeout.
   */
  saveModel(model: SavableModel, options: SaveModelOptions): SavedModel {
    const name = checkModelName(options.name);
    if (options.version !== undefined) parseVersion(options.version);
    const input = options.metadata;
    if (!input || typeof input !== 'object' || !input.dataset || !Array.isArray(input.dataset.features))
      throw new ParameterError(
        'saveModel: metadata.dataset must be the DatasetSpec the model was trained on ({ features: [...], labels: [...] })',
      );
    const ownNames =
      Array.isArray(model.featureNames) && model.featureNames.length ? model.featureNames : undefined;
    const features = [...(input.features ?? ownNames ?? options.reference?.X.columns ?? [])];
    if (features.length === 0)
      throw new ParameterError(`saveModel: model ${name} has no feature names; pass metadata.features`);
    const same = (a: readonly string[]) =>
      a.length === features.length && a.every((f, i) => f === features[i]);
    if (ownNames && !same(ownNames))
      throw new ParameterError(
        `saveModel: metadata.features [${features.join(', ')}] differ from the model's [${ownNames.join(', ')}]`,
      );
    if (options.reference && !same(options.reference.X.columns))
      throw new ParameterError(
        `saveModel: the reference matrix's columns [${options.reference.X.columns.join(', ')}] differ from the features [${features.join(', ')}]`,
      );

    const json = model.toJSON();
    const modelText = JSON.stringify(json);
    const xgbText =
      typeof model.toXGBoostJSON === 'function' ? model.toXGBoostJSON({ featureNames: true }) : null;
    let referenceText: string | null = null;
    if (options.reference) {
      const { X } = options.reference;
      const scores = options.reference.scores ?? model.predictProba?.(X);
      referenceText = JSON.stringify(referenceStats(X, scores));
    }
    const createdAt = options.createdAt ?? new Date();
    const runId = options.logRun === false ? '' : newRunId(createdAt);
    const className = (model as object).constructor?.name ?? 'Object';
    const params = input.params ?? model.getParams?.() ?? {};
    const dir = this.modelDir(name);

    const saved = withLock(
      path.join(dir, '.lock'),
      () => {
        const existing = this.listVersions(name);
        const version = options.version ?? nextPatch(existing);
        if (existing.includes(version))
          throw new ParameterError(
            `saveModel: ${name}@${version} already exists; versions are immutable (omit version to get ${nextPatch(existing)})`,
          );
        const metadata = buildMetadata(
          input,
          { name, version, createdAt, runId, format: json.format, className },
          features,
          params,
        );
        const target = path.join(dir, version);
        const files: Record<string, string> = { 'model.json': modelText };
        if (xgbText !== null) files['xgboost.json'] = xgbText;
        if (referenceText !== null) files['reference.json'] = referenceText;
        writeVersion(target, files, metadata);
        return { name, version, dir: target, metadata };
      },
      this.lock,
    );
    if (runId)
      logRun(
        this.root,
        {
          runId,
          time: createdAt,
          name,
          version: saved.version,
          params,
          metrics: input.cvMetrics ?? {},
          artifacts: [path.relative(this.root, saved.dir).split(path.sep).join('/')],
          dataHash: saved.metadata.data_hash,
        },
        { lock: this.lock },
      );
    return saved;
  }

  /** Every model in the registry, by name. */
  listModels(): ModelSummary[] {
    if (!fs.existsSync(this.root)) return [];
    return fs
      .readdirSync(this.root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .filter((n) => {
        try {
          return checkModelName(n) === n;
        } catch {
          return false;
        }
      })
      .sort()
      .map((name) => {
        const versions = this.listVersions(name);
        let champion: string | null;
        try {
          champion = readChampion(this.modelDir(name), name)?.champion ?? null;
        } catch {
          champion = '(unreadable)';
        }
        return { name, versions, latest: versions.at(-1) ?? null, champion };
      })
      .filter((m) => m.versions.length > 0);
  }

  /** A model's saved versions, ascending ([] for an unknown name). */
  listVersions(name: string): string[] {
    const dir = this.modelDir(name);
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && isVersion(e.name))
      .map((e) => e.name)
      .sort(compareVersions);
  }

  /**
   * The version a reference names.
   *
   * @throws NotFoundError naming the model and what exists: an unknown model or version, no champion yet.
   * @throws ModelArtifactError when champion.json is corrupt.
   */
  resolve(name: string, ref: VersionRef = 'champion'): string {
    const versions = this.listVersions(name);
    if (versions.length === 0)
      throw new NotFoundError(
        `model ${name} is not in the registry; it has ${
          this.listModels()
            .map((m) => m.name)
            .join(', ') || 'no models'
        }`,
        { file: this.root },
      );
    if (ref === 'latest') return versions.at(-1)!;
    if (ref === 'champion') {
      const champion = readChampion(this.modelDir(name), name)?.champion;
      if (!champion)
        throw new NotFoundError(`model ${name} has no champion yet; versions: ${versions.join(', ')}`, {
          hint: `Promote one (registry.promote('${name}', '${versions.at(-1)}')) or ask for ${name}@latest`,
        });
      return champion;
    }
    parseVersion(ref);
    if (!versions.includes(ref))
      throw new NotFoundError(`model ${name} has no version ${ref}; versions: ${versions.join(', ')}`, {
        file: this.modelDir(name),
      });
    return ref;
  }

  /** A version's metadata.json, checked. @throws ModelArtifactError when it is missing, corrupt or invalid. */
  readMetadata(name: string, version: string): ModelMetadata {
    return readVersionMetadata(path.join(this.modelDir(name), version), name, version);
  }

  /**
   * Loads a version with its metadata and reference statistics.
   *
   * @param ref - A version, `'champion'` (default) or `'latest'`.
   * @throws NotFoundError (see {@link resolve}).
   * @throws ModelArtifactError naming the file: metadata.json or model.json missing, not JSON, invalid
   *   or with a sha256 other than recorded; the loader rejecting model.json; reference.json unusable.
   */
  loadModel(name: string, ref: VersionRef = 'champion'): RegisteredModel {
    const version = this.resolve(name, ref);
    const dir = path.join(this.modelDir(name), version);
    return { name, version, dir, ...loadVersion(dir, name, version, this.loader) };
  }

  /**
   * {@link loadModel}, but when the champion fails to load (a version file missing or corrupt), the
   * previous champions (most recent first), then the older versions (newest first), are tried in turn;
   * `fallback` then says which failed, why, and which was used. A named version never falls back, and
   * neither does a corrupt champion.json (which version is approved is then unknown).
   *
   * @throws The champion's own error when no version loads.
   */
  loadWithFallback(
    name: string,
    ref: VersionRef = 'champion',
  ): { loaded: RegisteredModel; fallback: Fallback | null } {
    if (ref !== 'champion') return { loaded: this.loadModel(name, ref), fallback: null };
    const champion = this.resolve(name, 'champion');
    try {
      return { loaded: this.loadModel(name, champion), fallback: null };
    } catch (err) {
      if (
        !(err instanceof QuantbookError) ||
        (err instanceof ModelArtifactError && err.artifact === POINTER_FILE)
      )
        throw err;
      const stack = championStack(readChampion(this.modelDir(name), name)?.history ?? []);
      const earlier = stack.filter((v) => v !== champion).reverse();
      const older = this.listVersions(name)
        .filter((v) => compareVersions(v, champion) < 0 && !earlier.includes(v))
        .reverse();
      for (const version of [...earlier, ...older]) {
        try {
          const loaded = this.loadModel(name, version);
          return { loaded, fallback: { failed: champion, reason: err.message, used: version } };
        } catch {
          // try the next one
        }
      }
      throw err;
    }
  }

  /** The champion pointer (null before the first promotion). @throws ModelArtifactError when corrupt. */
  champion(name: string): ChampionPointer | null {
    return readChampion(this.modelDir(name), name);
  }

  /**
   * Makes a version the champion, atomically, recording it in the pointer's history. The version must
   * load (a corrupt version is never promoted).
   *
   * @throws NotFoundError for an unknown version; ModelArtifactError when it does not load.
   */
  promote(name: string, version: string, options: { reason?: string; now?: Date } = {}): ChampionPointer {
    this.resolve(name, version);
    return promoteVersion(this.modelDir(name), name, version, (v) => void this.loadModel(name, v), {
      ...options,
      lock: this.lock,
    });
  }

  /** Returns to the champion before the current one. @throws ParameterError when there is none. */
  rollback(name: string, options: { reason?: string; now?: Date } = {}): ChampionPointer {
    return rollbackChampion(this.modelDir(name), name, { ...options, lock: this.lock });
  }

  /** Appends a training run to runs.parquet (for runs that save no model). @returns the run id. */
  logRun(run: RunRecord): string {
    checkModelName(run.name);
    return logRun(this.root, run, { lock: this.lock });
  }

  /** The runs table (see runs.ts). */
  listRuns(options: { name?: string } = {}) {
    return listRuns(this.root, options);
  }
}
