/**
 * The model store: save/load round trips with identical predictions, the files and metadata a version
 * holds, versioning, unsafe names, corrupt or missing artifacts, the champion pointer and the fallback.
 *
 * Reference values: the real stock file's sha256 (as written) and its 619,040 data rows are
 * ../shared/data/PROVENANCE.md's table; the version is package.json's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { readParquet } from '../../src/data/parquet.js';
import { LogisticRegression } from '../../src/models/logistic-regression.js';
import { GBDTClassifier, fromXGBoostJSON } from '../../src/models/gbdt/index.js';
import type { Matrix } from '../../src/types.js';
import { NotFoundError, ParameterError } from '../../src/util/errors.js';
import { VERSION } from '../../src/version.js';
import { ModelArtifactError } from '../../src/registry/errors.js';
import { ModelRegistry } from '../../src/registry/store.js';
import { SPEC, STOCKS_CSV, TRAIN_END, tempDir, trainGbdt } from './helpers.js';

const PROVENANCE_SHA = 'f8c2d1b0593b2394e4c6a36db80a3f4e0ae2f11f60b6c4eb78cc4f20b9e30f67';

describe('registry/store', () => {
  let gbdt: GBDTClassifier;
  let X: Matrix;
  let y: Float64Array;
  let tmp: ReturnType<typeof tempDir>;
  let registry: ModelRegistry;

  before(() => {
    ({ model: gbdt, X, y } = trainGbdt());
  });
  beforeEach(() => {
    tmp = tempDir();
    registry = new ModelRegistry(path.join(tmp.dir, 'models'));
  });
  afterEach(() => tmp.remove());

  const save = (model = gbdt, extra: Partial<Parameters<ModelRegistry['saveModel']>[1]> = {}) =>
    registry.saveModel(model, {
      name: 'dir5',
      metadata: {
        dataset: SPEC,
        trainingWindow: { start: '2013-02-08', end: TRAIN_END },
        cvMetrics: { auc: 0.52 },
      },
      reference: { X },
      ...extra,
    });

  it('saveModel writes model.json, xgboost.json, reference.json and metadata.json into <root>/<name>/1.0.0', () => {
    const saved = save(gbdt, {
      metadata: {
        dataset: SPEC,
        trainingWindow: { start: '2013-02-08', end: TRAIN_END },
        cvMetrics: { auc: 0.52, brier: 0.249 },
        dataFiles: [STOCKS_CSV],
        description: 'GBDT, 5 symbols',
      },
    });
    expect(saved.version).to.equal('1.0.0');
    expect(saved.dir).to.equal(path.join(registry.root, 'dir5', '1.0.0'));
    expect(fs.readdirSync(saved.dir).sort()).to.deep.equal([
      'metadata.json',
      'model.json',
      'reference.json',
      'xgboost.json',
    ]);
    const m = JSON.parse(fs.readFileSync(path.join(saved.dir, 'metadata.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(m).to.include({
      name: 'dir5',
      version: '1.0.0',
      label: 'direction_5',
      horizon: 5,
      threshold: 0.5,
    });
    expect(m.quantbook_version).to.equal(VERSION);
    expect(Date.parse(m.created_at as string)).to.be.closeTo(Date.now(), 60_000);
    expect(m.features).to.deep.equal(X.columns);
    expect(m.dataset).to.deep.equal(SPEC);
    expect(m.training_window).to.deep.equal({ start: '2013-02-08', end: '2016-12-30' });
    expect(m.params).to.deep.equal(JSON.parse(JSON.stringify(gbdt.getParams())));
    expect(m.cv_metrics).to.deep.equal({ auc: 0.52, brier: 0.249 });
    expect(m.model).to.include({ format: 'quantbook/gbdt', class: 'GBDTClassifier' });
    expect(m.lineage).to.deep.equal([
      { path: STOCKS_CSV, sha256: PROVENANCE_SHA, bytes: 9_988_959, rows: 619_040 },
    ]);
    // xgboost.json is XGBoost's own format of the same trees.
    const xgb = fromXGBoostJSON(
      fs.readFileSync(path.join(saved.dir, 'xgboost.json'), 'utf8'),
    ) as GBDTClassifier;
    expect(xgb.predictProba(X)).to.deep.equal(gbdt.predictProba(X));
    // The save is logged as a run.
    const runs = readParquet(path.join(registry.root, 'runs.parquet')).objects() as Record<string, unknown>[];
    expect(runs).to.have.length(1);
    expect(runs[0]).to.include({ run_id: m.run_id, name: 'dir5', version: '1.0.0', data_hash: m.data_hash });
    expect(JSON.parse(runs[0].artifacts as string)).to.deep.equal(['dir5/1.0.0']);
  });

  it('loadModel round-trips a GBDT and a logistic regression with identical predictions', () => {
    save();
    const loaded = registry.loadModel('dir5', '1.0.0');
    expect(loaded.model).to.be.instanceOf(GBDTClassifier);
    expect((loaded.model as GBDTClassifier).predictProba(X)).to.deep.equal(gbdt.predictProba(X));
    expect(loaded.metadata.features).to.deep.equal(X.columns);
    expect(loaded.reference?.features.map((f) => f.name)).to.deep.equal(X.columns);

    const lr = new LogisticRegression({ C: 0.5 }).fit(X, y);
    const saved = registry.saveModel(lr, { name: 'lr', metadata: { dataset: SPEC } });
    expect(fs.existsSync(path.join(saved.dir, 'xgboost.json'))).to.equal(false);
    const again = registry.loadModel('lr', 'latest').model as LogisticRegression;
    expect(again).to.be.instanceOf(LogisticRegression);
    expect(again.predictProba(X)).to.deep.equal(lr.predictProba(X));
  });

  it('versions auto-increment by patch; an explicit version is used; an existing one is refused', () => {
    expect([save(), save(), save()].map((s) => s.version)).to.deep.equal(['1.0.0', '1.0.1', '1.0.2']);
    expect(save(gbdt, { version: '2.0.9' }).version).to.equal('2.0.9');
    expect(save().version).to.equal('2.0.10');
    expect(() => save(gbdt, { version: '1.0.1' })).to.throw(ParameterError, /dir5@1\.0\.1 already exists/);
    expect(() => save(gbdt, { version: 'v3' })).to.throw(ParameterError, /MAJOR\.MINOR\.PATCH/);
    expect(registry.listVersions('dir5')).to.deep.equal(['1.0.0', '1.0.1', '1.0.2', '2.0.9', '2.0.10']);
    expect(registry.listModels()).to.deep.equal([
      {
        name: 'dir5',
        versions: ['1.0.0', '1.0.1', '1.0.2', '2.0.9', '2.0.10'],
        latest: '2.0.10',
        champion: null,
      },
    ]);
    // No temporary folders or lock files are left behind.
    expect(fs.readdirSync(path.join(registry.root, 'dir5')).filter((f) => f.startsWith('.'))).to.deep.equal(
      [],
    );
  });

  it('feature names that disagree with the model are refused', () => {
    expect(() =>
      registry.saveModel(gbdt, {
        name: 'x',
        metadata: { dataset: SPEC, features: [...X.columns].reverse() },
      }),
    ).to.throw(ParameterError, /differ from the model's/);
    expect(() => registry.saveModel(gbdt, { name: 'x', metadata: {} as never })).to.throw(
      ParameterError,
      /metadata\.dataset/,
    );
  });

  it('names with .., / or other unsafe characters are rejected before any path is built', () => {
    for (const name of [
      '..',
      '../evil',
      'a/b',
      'a\\b',
      '/abs',
      '.hidden',
      '-x',
      '',
      'a b',
      'x'.repeat(101),
      'é',
      'a..b',
      'runs.parquet',
    ])
      expect(() => save(gbdt, { name }), JSON.stringify(name)).to.throw(ParameterError, /not allowed/);
    expect(() => registry.loadModel('../dir5', '1.0.0')).to.throw(ParameterError);
    expect(fs.existsSync(registry.root)).to.equal(false);
    expect(fs.readdirSync(tmp.dir)).to.deep.equal([]);
  });

  describe('corrupt or missing artifacts', () => {
    const artifactError = (fn: () => unknown): ModelArtifactError => {
      try {
        fn();
      } catch (err) {
        expect(err).to.be.instanceOf(ModelArtifactError);
        return err as ModelArtifactError;
      }
      throw new Error('expected a ModelArtifactError');
    };

    it('missing metadata.json → ModelArtifactError (missing) naming the file', () => {
      const { dir } = save();
      fs.rmSync(path.join(dir, 'metadata.json'));
      const err = artifactError(() => registry.loadModel('dir5', '1.0.0'));
      expect(err).to.include({
        code: 'E_MODEL_ARTIFACT',
        artifact: 'metadata.json',
        problem: 'missing',
        version: '1.0.0',
      });
      expect(err.message).to.match(/^model dir5@1\.0\.0: metadata\.json is missing/);
      expect(err.file).to.equal(path.join(dir, 'metadata.json'));
    });

    it('truncated metadata.json → corrupt; a mistyped field → invalid, naming the field', () => {
      const { dir } = save();
      const file = path.join(dir, 'metadata.json');
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, text.slice(0, 100));
      expect(artifactError(() => registry.loadModel('dir5', '1.0.0'))).to.include({ problem: 'corrupt' });
      const m = JSON.parse(text) as Record<string, unknown>;
      fs.writeFileSync(file, JSON.stringify({ ...m, features: 'ret_1' }));
      const err = artifactError(() => registry.loadModel('dir5', '1.0.0'));
      expect(err.problem).to.equal('invalid');
      expect(err.message).to.match(/field features must be a non-empty array of names, got "ret_1"/);
      fs.writeFileSync(file, JSON.stringify({ ...m, version: '9.9.9' }));
      expect(artifactError(() => registry.loadModel('dir5', '1.0.0')).message).to.match(
        /describes dir5@9\.9\.9/,
      );
    });

    it('a changed or missing model.json → corrupt (sha256) or missing', () => {
      const { dir } = save();
      const file = path.join(dir, 'model.json');
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, text.replace('"nEstimators":20', '"nEstimators":21'));
      const err = artifactError(() => registry.loadModel('dir5', '1.0.0'));
      expect(err).to.include({ artifact: 'model.json', problem: 'corrupt' });
      expect(err.message).to.match(/sha256 differs/);
      fs.rmSync(file);
      expect(artifactError(() => registry.loadModel('dir5', '1.0.0'))).to.include({ problem: 'missing' });
    });

    it('unknown models and versions → NotFoundError listing what exists', () => {
      save();
      expect(() => registry.loadModel('nope', '1.0.0')).to.throw(
        NotFoundError,
        /model nope is not in the registry; it has dir5/,
      );
      expect(() => registry.loadModel('dir5', '1.0.7')).to.throw(
        NotFoundError,
        /no version 1\.0\.7; versions: 1\.0\.0/,
      );
      expect(() => registry.loadModel('dir5')).to.throw(NotFoundError, /has no champion yet/);
    });
  });

  describe('champion pointer', () => {
    it('promote moves the pointer and keeps history; rollback returns to the previous champion', () => {
      save();
      save();
      save();
      const t = (s: string) => new Date(`2018-02-0${s}T00:00:00Z`);
      registry.promote('dir5', '1.0.0', { now: t('1') });
      registry.promote('dir5', '1.0.2', { now: t('2'), reason: 'AUC +0.06' });
      expect(registry.promote('dir5', '1.0.2').history).to.have.length(2); // already champion: no change
      expect(registry.loadModel('dir5').version).to.equal('1.0.2');
      expect(registry.listModels()[0].champion).to.equal('1.0.2');
      const back = registry.rollback('dir5', { now: t('3'), reason: 'live accuracy fell' });
      expect(back.champion).to.equal('1.0.0');
      expect(back.history).to.deep.equal([
        { action: 'promote', version: '1.0.0', previous: null, at: '2018-02-01T00:00:00.000Z', reason: '' },
        {
          action: 'promote',
          version: '1.0.2',
          previous: '1.0.0',
          at: '2018-02-02T00:00:00.000Z',
          reason: 'AUC +0.06',
        },
        {
          action: 'rollback',
          version: '1.0.0',
          previous: '1.0.2',
          at: '2018-02-03T00:00:00.000Z',
          reason: 'live accuracy fell',
        },
      ]);
      const onDisk = JSON.parse(
        fs.readFileSync(path.join(registry.root, 'dir5', 'champion.json'), 'utf8'),
      ) as unknown;
      expect(onDisk).to.deep.equal(back);
      expect(() => registry.rollback('dir5')).to.throw(ParameterError, /only one champion \(1\.0\.0\)/);
      expect(() => registry.promote('dir5', '3.0.0')).to.throw(NotFoundError);
    });

    it('a corrupt version is never promoted', () => {
      const { dir } = save();
      fs.writeFileSync(path.join(dir, 'model.json'), '{');
      expect(() => registry.promote('dir5', '1.0.0')).to.throw(ModelArtifactError);
      expect(registry.champion('dir5')).to.equal(null);
    });

    it('falls back to the previous champion when the champion file is corrupt, saying so', () => {
      save();
      save();
      const third = save();
      registry.promote('dir5', '1.0.0');
      registry.promote('dir5', '1.0.2');
      fs.writeFileSync(path.join(third.dir, 'model.json'), '{"format":"quantbook/gbdt"'); // truncated
      expect(() => registry.loadModel('dir5')).to.throw(ModelArtifactError, /model\.json is corrupt/);
      const { loaded, fallback } = registry.loadWithFallback('dir5');
      expect(loaded.version).to.equal('1.0.0'); // the previous champion, not merely the previous version
      expect(fallback).to.include({ failed: '1.0.2', used: '1.0.0' });
      expect(fallback!.reason).to.match(/model dir5@1\.0\.2: model\.json is corrupt/);
      expect((loaded.model as GBDTClassifier).predictProba(X)).to.deep.equal(gbdt.predictProba(X));
      // A named version never falls back.
      expect(() => registry.loadWithFallback('dir5', '1.0.2')).to.throw(ModelArtifactError);
      // With no earlier champion, the next older version is used.
      save(gbdt, { name: 'solo' });
      save(gbdt, { name: 'solo' });
      registry.promote('solo', '1.0.1');
      fs.rmSync(path.join(registry.root, 'solo', '1.0.1', 'metadata.json'));
      expect(registry.loadWithFallback('solo').fallback).to.include({ failed: '1.0.1', used: '1.0.0' });
    });

    it('a corrupt champion.json is a clear error, not a guess', () => {
      save();
      registry.promote('dir5', '1.0.0');
      fs.writeFileSync(path.join(registry.root, 'dir5', 'champion.json'), '{"schema":');
      expect(() => registry.loadWithFallback('dir5')).to.throw(
        ModelArtifactError,
        /champion\.json is corrupt/,
      );
      expect(registry.loadModel('dir5', '1.0.0').version).to.equal('1.0.0');
      expect(registry.listModels()[0].champion).to.equal('(unreadable)');
    });
  });
});
