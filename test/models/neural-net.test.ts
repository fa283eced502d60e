/**
 * NeuralNet (TF.js): it learns named nonlinear synthetic targets (y = sin(x0)·x1 + noise; XOR-like
 * classes y = [x0·x1 > 0]), is reproducible under a seed on the cpu and wasm backends (byte-identical
 * JSON), round-trips through JSON with identical predictions, does not leak tensors over repeated fits,
 * checks its custom gradients against TF.js's, and throws typed errors that echo bad input. Data: seeded
 * synthetic matrices (not market data), small so that the whole file runs in well under a minute.
 */
import type * as TF from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { NeuralNet, neuralNetInternals, type NeuralNetParams } from '../../src/models/neural-net.js';
import type { Matrix } from '../../src/types.js';
import {
  DataFormatError,
  NotFittedError,
  ParameterError,
  QuantbookError,
  SchemaError,
} from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';

/** `n` rows of `k` features uniform in [−3, 3]; y = sin(x0)·x1 + 0.1·N(0, 1), label = [x0·x1 > 0]. */
function synthetic(n: number, seed: number, k = 4): { X: Matrix; y: Float64Array; label: Float64Array } {
  const rng = new Rng(seed);
  const data = new Float64Array(n * k);
  const y = new Float64Array(n);
  const label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) data[i * k + j] = rng.random() * 6 - 3;
    const x0 = data[i * k];
    const x1 = data[i * k + 1];
    y[i] = Math.sin(x0) * x1 + 0.1 * rng.normal();
    label[i] = x0 * x1 > 0 ? 1 : 0;
  }
  const columns = Array.from({ length: k }, (_, j) => `x${j}`);
  return { X: { data, rows: n, cols: k, columns }, y, label };
}

function r2(y: Float64Array, p: Float64Array): number {
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  let ss = 0;
  let st = 0;
  for (let i = 0; i < y.length; i++) {
    ss += (y[i] - p[i]) ** 2;
    st += (y[i] - mean) ** 2;
  }
  return 1 - ss / st;
}

const same = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** A small, fast configuration (the default architecture, few epochs). */
const quick = (p: Partial<NeuralNetParams> = {}): NeuralNet =>
  new NeuralNet({ epochs: 3, batchSize: 32, seed: 7, ...p });

describe('models/neural-net', () => {
  const small = synthetic(240, 1);
  const smallTest = synthetic(60, 2);

  before(async () => {
    // Initializes wasm once for the whole file (tfjs-node does not install offline, so 'auto' → wasm).
    await NeuralNet.ready('wasm');
  });

  it('NeuralNet() defaults to seed 001: dense 64 → 32 → 16, ReLU, BatchNorm, dropout 0.3/0.2/0.1, Adam 0.001', () => {
    expect(new NeuralNet().getParams()).to.deep.equal({
      task: 'regression',
      hiddenUnits: [64, 32, 16],
      activation: 'relu',
      batchNorm: true,
      dropout: [0.3, 0.2, 0.1],
      learningRate: 0.001,
      epochs: 100,
      batchSize: 256,
      validationFraction: 0.2,
      patience: 10,
      restoreBestWeights: true,
      standardize: true,
      seed: 0,
      backend: 'auto',
    });
    expect(new NeuralNet({ dropout: 0.5, hiddenUnits: [8, 4] }).getParams().dropout).to.deep.equal([
      0.5, 0.5,
    ]);
  });

  it('fits y = sin(x0)·x1 + noise (4 features, 2 of them noise) to R² > 0.9 on held-out rows (wasm)', () => {
    const train = synthetic(2000, 11);
    const test = synthetic(500, 12);
    const nn = new NeuralNet({ epochs: 40, batchSize: 64, patience: 8, seed: 1, backend: 'wasm' });
    expect(nn.fit(train.X, train.y)).to.equal(nn);
    const pred = nn.predict(test.X);
    expect(pred).to.be.instanceOf(Float64Array).with.lengthOf(500);
    expect(r2(test.y, pred)).to.be.greaterThan(0.9);
    const r = nn.fitResult!;
    expect(r.backend).to.equal('wasm');
    expect(r.trainRows).to.equal(1600);
    expect(r.validationRows).to.equal(400);
    expect(r.loss).to.have.lengthOf(r.epochs);
    expect(r.valLoss).to.have.lengthOf(r.epochs);
    expect(r.valLoss[r.bestEpoch - 1]).to.equal(Math.min(...r.valLoss));
  });

  it("classifies XOR-like labels y = [x0·x1 > 0] (no linear signal) with accuracy > 0.9 (task 'classification', wasm)", () => {
    const train = synthetic(2000, 21);
    const test = synthetic(500, 22);
    const nn = new NeuralNet({ task: 'classification', epochs: 30, batchSize: 64, seed: 2 }).fit(
      train.X,
      train.label,
    );
    const proba = nn.predictProba(test.X);
    expect(proba.every((p) => p >= 0 && p <= 1)).to.equal(true);
    const labels = nn.predict(test.X);
    expect(labels.every((v, i) => v === (proba[i] > 0.5 ? 1 : 0))).to.equal(true);
    const accuracy = labels.reduce((a, v, i) => a + (v === test.label[i] ? 1 : 0), 0) / test.label.length;
    expect(accuracy).to.be.greaterThan(0.9);
    expect(nn.fitResult!.backend).to.equal('wasm');
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`on ${backend}: the same seed gives byte-identical toJSON() and predictions; another seed another model`, () => {
      const fit = (seed: number): NeuralNet => quick({ seed, backend }).fit(small.X, small.y);
      const a = fit(7);
      const b = fit(7);
      expect(a.fitResult!.backend).to.equal(backend);
      expect(JSON.stringify(a.toJSON())).to.equal(JSON.stringify(b.toJSON()));
      expect(same(a.predict(smallTest.X), b.predict(smallTest.X))).to.equal(true);
      const c = fit(8);
      expect(JSON.stringify(c.toJSON())).to.not.equal(JSON.stringify(a.toJSON()));
      expect(same(c.predict(smallTest.X), a.predict(smallTest.X))).to.equal(false);
    });
  }

  it('cpu and wasm start from the same weights and end close, not bit-identical (float32 rounding differs)', () => {
    // learningRate 1e-12: every Adam step is far below half an ulp of the (Rng-drawn, backend-independent)
    // initial weights, so both models still hold their initialization.
    const still = (backend: 'cpu' | 'wasm'): Map<string, Float32Array> =>
      new Map(
        quick({ backend, learningRate: 1e-12, dropout: 0, epochs: 1 })
          .fit(small.X, small.y)
          .toJSON()
          .state.weights.filter((w) => !w.name.includes('/moving_')) // BatchNorm statistics move without lr
          .map((w) => [w.name, new Float32Array(Uint8Array.from(Buffer.from(w.data, 'base64')).buffer)]),
      );
    const [a, b] = [still('cpu'), still('wasm')];
    expect(a.size).to.equal(14);
    for (const [name, w] of a) {
      const maxDiff = Math.max(...w.map((v, j) => Math.abs(v - b.get(name)![j])));
      expect(maxDiff, name).to.be.lessThan(1e-9);
    }
    expect(a.get('dense_0/kernel')!.some((v) => Math.abs(v) > 0.1)).to.equal(true);
    const cpu = quick({ backend: 'cpu' }).fit(small.X, small.y).predict(smallTest.X);
    const wasm = quick({ backend: 'wasm' }).fit(small.X, small.y).predict(smallTest.X);
    const maxDiff = Math.max(...cpu.map((v, i) => Math.abs(v - wasm[i])));
    expect(maxDiff).to.be.lessThan(1e-4); // measured: ≈ 3e-7 after 3 epochs, ≈ 7e-7 after 30
    expect(same(cpu, wasm)).to.equal(false);
  });

  it('repeated fits and predictions leave tf.memory().numTensors and numBytes unchanged', () => {
    const before = NeuralNet.memory();
    for (const backend of ['cpu', 'wasm'] as const) {
      const nn = quick({ backend, task: 'classification' });
      for (let k = 0; k < 3; k++) {
        nn.fit(small.X, small.label, { evalSet: { X: smallTest.X, y: smallTest.label } });
        nn.predictProba(smallTest.X);
      }
    }
    expect(NeuralNet.memory()).to.deep.equal(before);
  });

  it('fromJSON(toJSON()) predicts identically, through JSON text too; the state holds base64 float32 weights', () => {
    const nn = quick({ task: 'classification', backend: 'cpu' }).fit(small.X, small.label);
    const json = nn.toJSON();
    expect(json.format).to.equal('quantbook/neural-net');
    expect(json.version).to.equal(1);
    expect(json.state.architecture).to.deep.equal({
      inputs: 4,
      hiddenUnits: [64, 32, 16],
      activation: 'relu',
      batchNorm: true,
      batchNormEpsilon: 0.001,
      output: 'sigmoid',
    });
    expect(json.state.weights.map((w) => `${w.name} ${w.shape.join('×')}`)).to.deep.equal([
      ...[0, 1, 2].flatMap((l) => {
        const [fanIn, units] = [
          [4, 64],
          [64, 32],
          [32, 16],
        ][l];
        return [
          `dense_${l}/kernel ${fanIn}×${units}`,
          `dense_${l}/bias ${units}`,
          ...['gamma', 'beta', 'moving_mean', 'moving_variance'].map((s) => `batch_norm_${l}/${s} ${units}`),
        ];
      }),
      'output/kernel 16×1',
      'output/bias 1',
    ]);
    expect(Buffer.from(json.state.weights[0].data, 'base64')).to.have.lengthOf(4 * 64 * 4);
    expect(json.state.featureNames).to.deep.equal(['x0', 'x1', 'x2', 'x3']);
    expect(json.state.inputScaling!.mean).to.have.lengthOf(4);
    const back = NeuralNet.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(same(back.predictProba(smallTest.X), nn.predictProba(smallTest.X))).to.equal(true);
    expect(same(back.predict(smallTest.X), nn.predict(smallTest.X))).to.equal(true);
    expect(JSON.stringify(back.toJSON())).to.equal(JSON.stringify(json));
    expect(back.getParams()).to.deep.equal(nn.getParams());
    expect(back.fitResult!.timeMs).to.equal(null);
    expect(back.fitResult!.loss).to.deep.equal(nn.fitResult!.loss);
  });

  it('validation rows are the LAST validationFraction of the rows (time order), and scaling uses the training rows only', () => {
    // Targets 0 for the first 80 % of rows and 10 for the last 20 %: a model that never trained on the
    // last rows has a validation MSE near 100.
    const { X } = synthetic(200, 41);
    const y = Float64Array.from({ length: 200 }, (_, i) => (i < 160 ? 0 : 10));
    const nn = quick({ epochs: 2, validationFraction: 0.2, patience: null }).fit(X, y);
    expect(nn.fitResult!.trainRows).to.equal(160);
    expect(nn.fitResult!.validationRows).to.equal(40);
    expect(Math.min(...nn.fitResult!.valLoss)).to.be.greaterThan(50);
    let mean0 = 0;
    for (let i = 0; i < 160; i++) mean0 += X.data[i * 4] / 160;
    expect(nn.toJSON().state.inputScaling!.mean[0]).to.be.closeTo(mean0, 1e-12);
  });

  it('early stopping (patience) restores the best epoch: the validation loss of the kept weights is the minimum', () => {
    const train = synthetic(300, 31);
    const evalSet = synthetic(100, 32);
    // A high learning rate on noise-free data over-fits quickly; patience 2 stops early.
    const nn = new NeuralNet({ epochs: 30, batchSize: 16, learningRate: 0.05, patience: 2, seed: 3 });
    const rng = new Rng(5);
    const noise = Float64Array.from(train.y, () => rng.normal());
    nn.fit(train.X, noise, { evalSet: { X: evalSet.X, y: evalSet.y } });
    const r = nn.fitResult!;
    expect(r.stoppedEarly).to.equal(true);
    expect(r.epochs).to.be.lessThan(30);
    expect(r.bestEpoch).to.equal(r.epochs - 2);
    expect(r.validationRows).to.equal(100);
    const p = nn.predict(evalSet.X);
    const mse = p.reduce((a, v, i) => a + (v - evalSet.y[i]) ** 2, 0) / p.length;
    expect(mse).to.be.closeTo(r.valLoss[r.bestEpoch - 1], 1e-4 * r.valLoss[r.bestEpoch - 1]);
  });

  it('custom gradients (dense, BatchNorm) equal TF.js autodiff of the textbook formulas on cpu and wasm', () => {
    const { tfjs, activate, denseOf, batchNormTraining } = neuralNetInternals;
    const tf = tfjs();
    for (const backend of ['cpu', 'wasm'] as const) {
      activate(backend);
      for (const activation of ['relu', 'linear', 'tanh'] as const) {
        const diffs = tf.tidy(() => {
          const normal = (shape: number[], mean: number, sd: number, seed: number): TF.Tensor =>
            tf.randomNormal(shape, mean, sd, 'float32', seed);
          const inputs = [
            normal([7, 5], 0, 1, 1), // x
            normal([5, 4], 0, 1, 2), // kernel
            normal([4], 0, 1, 3), // bias
            normal([4], 1, 0.2, 4), // gamma
            normal([4], 0, 0.2, 5), // beta
          ];
          const target = normal([7, 4], 0, 1, 6);
          const moments: { mean: TF.Tensor; variance: TF.Tensor }[] = [];
          const ours = (...[x, w, b, g, beta]: TF.Tensor[]): TF.Scalar => {
            const h = denseOf(tf, x as TF.Tensor2D, w, b, activation, false);
            return tf.sum(tf.mul(batchNormTraining(tf, h, g, beta, moments), target));
          };
          const reference = (...[x, w, b, g, beta]: TF.Tensor[]): TF.Scalar => {
            const z0 = tf.add(tf.matMul(x as TF.Tensor2D, w as TF.Tensor2D), b);
            const z = activation === 'relu' ? tf.relu(z0) : activation === 'tanh' ? tf.tanh(z0) : z0;
            const m = tf.moments(z, 0);
            const normed = tf.div(tf.sub(z, m.mean), tf.sqrt(tf.add(m.variance, 1e-3)));
            return tf.sum(tf.mul(tf.add(tf.mul(normed, g), beta), target));
          };
          const ourGrads = tf.grads(ours)(inputs);
          const refGrads = tf.grads(reference)(inputs);
          for (const m of moments) tf.dispose([m.mean, m.variance]);
          return ourGrads.map((d, i) => tf.max(tf.abs(tf.sub(d, refGrads[i]))).dataSync()[0]);
        });
        for (const d of diffs) expect(d, `${backend} ${activation}`).to.be.lessThan(1e-5);
      }
    }
  });

  it('reports backends: tensorflow (tfjs-node) unavailable here with the reason, wasm and cpu ready', async () => {
    const status = NeuralNet.backends();
    expect(status.map((s) => s.name)).to.deep.equal(['tensorflow', 'wasm', 'cpu']);
    const tensorflow = status[0];
    if (tensorflow.status === 'unavailable') {
      expect(tensorflow.reason).to.match(/tfjs-node/);
      expect(() => quick({ backend: 'tensorflow' }).fit(small.X, small.y))
        .to.throw(QuantbookError, /tensorflow backend is unavailable/)
        .with.property('code', 'E_BACKEND');
      expect(await NeuralNet.ready()).to.equal('wasm');
    }
    expect(status.slice(1).map((s) => s.status)).to.deep.equal(['ready', 'ready']);
    const nn = await quick().fitAsync(small.X, small.y);
    expect(nn.fitResult!.backend).to.equal(tensorflow.status === 'ready' ? 'tensorflow' : 'wasm');
    expect(NeuralNet.backend()).to.equal(nn.fitResult!.backend);
    // A model fitted on cpu predicts on cpu (bit-identical to its fit-time outputs) when 'auto'.
    const onCpu = quick({ backend: 'cpu' }).fit(small.X, small.y);
    const restored = NeuralNet.fromJSON({
      ...onCpu.toJSON(),
      params: { ...onCpu.getParams(), backend: 'auto' },
    });
    expect(same(restored.predict(smallTest.X), onCpu.predict(smallTest.X))).to.equal(true);
    expect(NeuralNet.backend()).to.equal('cpu');
  });

  it('in a fresh process: importing loads no TF.js; a synchronous fit uses cpu until `await NeuralNet.ready()`, forcing wasm before it throws', () => {
    const url = pathToFileURL(new URL('../../src/models/neural-net.ts', import.meta.url).pathname).href;
    const script = `
      const { NeuralNet } = await import(${JSON.stringify(url)});
      const out = { before: NeuralNet.backend() ?? null };
      const X = { data: Float64Array.from({ length: 40 }, (_, i) => Math.sin(i)), rows: 20, cols: 2, columns: ['a', 'b'] };
      const y = Float64Array.from({ length: 20 }, (_, i) => i % 3);
      try { new NeuralNet({ backend: 'wasm', epochs: 1 }).fit(X, y); } catch (e) { out.forced = e.code + ' ' + e.message; }
      out.sync = new NeuralNet({ epochs: 1 }).fit(X, y).fitResult.backend;
      out.ready = await NeuralNet.ready();
      out.after = new NeuralNet({ epochs: 1 }).fit(X, y).fitResult.backend;
      console.log(JSON.stringify(out));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        encoding: 'utf8',
      }),
    ) as Record<string, string | null>;
    expect(out.before).to.equal(null);
    expect(out.forced).to.match(/^E_BACKEND_NOT_READY .*await NeuralNet.ready\('wasm'\)/);
    const best = NeuralNet.backends()[0].status === 'ready' ? 'tensorflow' : null;
    expect(out.sync).to.equal(best ?? 'cpu');
    expect(out.ready).to.equal(best ?? 'wasm');
    expect(out.after).to.equal(best ?? 'wasm');
  });

  describe('errors', () => {
    it('NaN or ±Infinity in X → ParameterError naming the row and column (fit and predict)', () => {
      const X: Matrix = { ...small.X, data: Float64Array.from(small.X.data) };
      X.data[3 * 4 + 1] = NaN;
      expect(() => quick().fit(X, small.y)).to.throw(ParameterError, /got NaN at row 3, column 1 \("x1"\)/);
      const nn = quick().fit(small.X, small.y);
      X.data[3 * 4 + 1] = 0;
      X.data[7 * 4 + 2] = -Infinity;
      expect(() => nn.predict(X)).to.throw(ParameterError, /got -Infinity at row 7, column 2 \("x2"\)/);
    });

    const bad: [Record<string, unknown>, RegExp][] = [
      [{ dropout: 1 }, /dropout must be a rate in \[0, 1\), got 1/],
      [{ dropout: [0.3, -0.1, 0.1] }, /dropout must be a rate in \[0, 1\), got \[0.3,-0.1,0.1\]/],
      [{ dropout: [0.3, 0.2] }, /dropout must be a rate or an array of 3 rates/],
      [{ activation: 'swish' }, /activation must be one of relu, elu, tanh, sigmoid, linear, got "swish"/],
      [{ learningRate: 0 }, /learningRate must be a finite number > 0, got 0/],
      [{ learningRate: -0.01 }, /learningRate must be a finite number > 0, got -0.01/],
      [{ epochs: 0 }, /epochs must be an integer ≥ 1, got 0/],
      [{ epochs: 2.5 }, /epochs must be an integer ≥ 1, got 2.5/],
      [{ batchSize: -1 }, /batchSize must be an integer ≥ 1, got -1/],
      [{ validationFraction: 1 }, /validationFraction must be a number in \[0, 1\), got 1/],
      [{ hiddenUnits: [] }, /hiddenUnits must be a non-empty array of integers ≥ 1, got \[\]/],
      [{ task: 'ranking' }, /task must be 'regression' or 'classification', got "ranking"/],
      [{ backend: 'webgl' }, /backend must be 'auto' or one of tensorflow, wasm, cpu, got "webgl"/],
      [{ seed: 1.5 }, /seed must be an integer, got 1.5/],
      [{ learningrate: 0.1 }, /unknown parameter "learningrate" \(known: task, hiddenUnits/],
    ];
    for (const [params, message] of bad)
      it(`new NeuralNet(${JSON.stringify(params)}) → ParameterError (a RangeError) echoing it`, () => {
        const make = (): NeuralNet => new NeuralNet(params);
        expect(make).to.throw(ParameterError, message);
        expect(make).to.throw(RangeError);
      });

    it('predict, predictProba, toJSON and featureNames before fit → NotFittedError', () => {
      const nn = new NeuralNet({ task: 'classification' });
      expect(() => nn.predict(small.X)).to.throw(NotFittedError);
      expect(() => nn.predictProba(small.X)).to.throw(NotFittedError);
      expect(() => nn.toJSON()).to.throw(NotFittedError);
      expect(() => nn.featureNames).to.throw(NotFittedError);
      expect(nn.fitResult).to.equal(undefined);
    });

    it('bad shapes, labels, weights and too few rows → SchemaError; predictProba on a regressor → ParameterError', () => {
      const nn = quick().fit(small.X, small.y);
      const wide = synthetic(10, 3, 5).X;
      expect(() => nn.predict(wide)).to.throw(SchemaError, /X has 5 features, the model was fitted on 4/);
      expect(() => nn.predictProba(small.X)).to.throw(ParameterError, /needs task 'classification'/);
      expect(() => quick().fit(small.X, small.y.subarray(1))).to.throw(SchemaError, /y has 239 values/);
      const labels = Float64Array.from(small.label);
      labels[5] = 2;
      expect(() => quick({ task: 'classification' }).fit(small.X, labels)).to.throw(
        SchemaError,
        /y\[5\] is 2; class labels must be 0 or 1/,
      );
      const w = new Float64Array(240).fill(1);
      w[9] = -1;
      expect(() => quick().fit(small.X, small.y, { sampleWeight: w })).to.throw(
        SchemaError,
        /sampleWeight\[9\]/,
      );
      const one = synthetic(1, 4).X;
      expect(() => quick().fit(one, Float64Array.of(1))).to.throw(
        SchemaError,
        /validationFraction 0.2 of 1 rows leaves 0 training and 1 validation rows/,
      );
      expect(() => quick().fit(small.X, small.y, { evalSet: { X: wide, y: new Float64Array(10) } })).to.throw(
        SchemaError,
        /evalSet: X has 5 features/,
      );
    });

    it('fromJSON rejects another format, a version, mismatched architecture and corrupt weights → DataFormatError', () => {
      const json = quick({ backend: 'cpu' }).fit(small.X, small.y).toJSON();
      const clone = (): typeof json => JSON.parse(JSON.stringify(json)) as typeof json;
      expect(() => NeuralNet.fromJSON({ ...clone(), format: 'quantbook/gbdt' })).to.throw(
        DataFormatError,
        /expected format 'quantbook\/neural-net', got "quantbook\/gbdt"/,
      );
      expect(() => NeuralNet.fromJSON({ ...clone(), version: 2 })).to.throw(DataFormatError, /version 2/);
      const arch = clone();
      arch.params.hiddenUnits = [64, 32];
      arch.params.dropout = [0.3, 0.2];
      expect(() => NeuralNet.fromJSON(arch)).to.throw(DataFormatError, /architecture .* does not match/);
      const truncated = clone();
      truncated.state.weights[2].data = truncated.state.weights[2].data.slice(0, 8);
      expect(() => NeuralNet.fromJSON(truncated)).to.throw(
        DataFormatError,
        /weight batch_norm_0\/gamma must be base64 of 64 float32 values/,
      );
      const shape = clone();
      shape.state.weights[0].shape = [64, 4];
      expect(() => NeuralNet.fromJSON(shape)).to.throw(
        DataFormatError,
        /state.weights\[0\] must be dense_0\/kernel/,
      );
      const params = clone();
      params.params.dropout = [1, 0, 0];
      expect(() => NeuralNet.fromJSON(params)).to.throw(DataFormatError, /bad params .*dropout/);
    });
  });
});
