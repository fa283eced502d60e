/**
 * A feed-forward neural network on TF.js (the only module that imports TF.js), on the estimator contract
 * of DESIGN.md §4. Default architecture: seed 001's Keras model
 *
 * ```
 * X ─standardize─▶ [Dense(64) → ReLU → BatchNorm → Dropout(0.3)] → [Dense(32) → ReLU → BatchNorm → Dropout(0.2)]
 *   → [Dense(16) → ReLU → BatchNorm → Dropout(0.1)] → Dense(1) ─▶ value (regression, MSE)
 *                                                                ─▶ sigmoid → P(y=1) (classification, BCE)
 * fit:  rows ─split─▶ train (first 1 − validationFraction, in the given order) | validation (the last rows, or evalSet)
 *       epoch: shuffle(train, Rng) → batches → Adam step → loss on validation → early stopping (patience, best weights)
 *       end:   weights read back into Float32Arrays, every tensor disposed
 * ```
 *
 * **Training is synchronous and the contract holds**: `fit(X, y)` returns `this` like every estimator, so
 * ensembles, search and CalibratedClassifier use the net unchanged. Backends: `'tensorflow'` (tfjs-node,
 * native, if it loads), `'wasm'` (XNNPACK, single-threaded in Node) and `'cpu'` (plain JS, slowest). The
 * wasm backend can only be initialized asynchronously, once per process: call `await NeuralNet.ready()`
 * first (or fit with `await nn.fitAsync(X, y)`, which does it), and every later synchronous `fit`/`predict`
 * uses it. With `backend: 'auto'` (the default) a synchronous `fit` takes the best backend that is ready:
 * tensorflow if tfjs-node loads, else wasm if initialized, else cpu; forcing `'wasm'` before it is ready
 * throws a QuantbookError (code E_BACKEND_NOT_READY) saying what to await. The backend used is reported in
 * `fitResult.backend`; `NeuralNet.backend()` is the active one, `NeuralNet.backends()` says why the others
 * are not. TF.js is loaded lazily (synchronously, with `require`) on the first fit or predict: importing
 * quantbook never loads it, and no module runs top-level await.
 *
 * **A fitted net holds no tensors**: weights live in Float32Arrays; `predict` uploads them inside `tf.tidy`
 * and disposes everything, so models never need `dispose()` and repeated fits do not grow TF.js memory
 * (`NeuralNet.memory()`).
 *
 * **Determinism**: every random choice is drawn from `Rng(seed)` in JavaScript — Glorot-uniform kernel
 * initialization, the epoch shuffles and (through per-batch mulberry32 streams) the dropout masks — never
 * from TF.js's RNG (a seeded tfjs Dropout layer would repeat one mask on every step). Hence:
 * - the same seed on the same backend gives bit-identical weights, losses and predictions (byte-identical
 *   `toJSON()`; tested on cpu and wasm, which run single-threaded in Node);
 * - the initial weights, shuffles and masks are bit-identical on every backend;
 * - the trained weights are NOT bit-identical across backends: matrix products and reductions round
 *   differently (XNNPACK's SIMD float32 accumulation on wasm, JS loops on cpu, and some kernels are chosen per
 *   backend for speed, see `affine`). Measured on y = sin(x0)·x1: max |Δprediction| cpu vs wasm ≈ 3e-7 after
 *   3 epochs and ≈ 7e-7 after 30 (float32 rounding level), same loss curves to 6 digits — but a tie in
 *   validation loss could in principle move the early-stopping epoch;
 * - the tensorflow backend (tfjs-node, multi-threaded Eigen kernels) is untested here: its installer
 *   downloads libtensorflow, which fails offline;
 * - a loaded model predicts bit-identically on the backend it was fitted on (`predict` prefers that backend
 *   when it is ready) and within float32 rounding on the others.
 *
 * Differences from seed 001's Keras model, all deliberate: batch size 256 by default (Keras: 32; 8× fewer
 * steps per epoch), the classification loss is computed from the logit (stable; Keras clips probabilities at
 * 1e-7), early stopping defaults to `patience: 10` with the best weights restored. BatchNorm uses Keras's
 * momentum 0.99, ε 0.001 and the biased batch variance.
 *
 * Inputs are standardized with the mean and population standard deviation of the training rows (not the
 * validation rows), stored in the model. NaN or ±Infinity in X is an error (impute first). Sample weights
 * scale each row's loss (Keras semantics: a batch's loss is the mean of w·loss over its rows).
 *
 * @see Ioffe, S. & Szegedy, C. (2015) Batch normalization. ICML; Srivastava, N. et al. (2014) Dropout. JMLR 15;
 *   Kingma, D. P. & Ba, J. (2015) Adam. ICLR; Glorot, X. & Bengio, Y. (2010) AISTATS (initialization).
 * @example
 * await NeuralNet.ready(); // optional: wasm instead of cpu
 * const nn = new NeuralNet({ task: 'classification', epochs: 50, seed: 1 }).fit(X, y);
 * nn.predictProba(Xtest); // Float64Array of P(y = 1)
 * nn.fitResult?.backend; // 'wasm'
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type { Classifier, FitOptions, Matrix, ModelJSON } from '../types.js';
import {
  DataFormatError,
  NotFittedError,
  ParameterError,
  QuantbookError,
  SchemaError,
} from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { checkKeys, paramsFromJSON, readEnvelope } from '../calibration/checks.js';
import { checkMatrix, checkTarget, checkWeights } from './gbdt/validate.js';

type Tfjs = typeof TF;

/** A TF.js backend quantbook can run the net on. */
export type NeuralNetBackend = 'tensorflow' | 'wasm' | 'cpu';

/** Hidden-layer activation functions. */
export type NeuralNetActivation = 'relu' | 'elu' | 'tanh' | 'sigmoid' | 'linear';

const ACTIVATIONS: readonly NeuralNetActivation[] = ['relu', 'elu', 'tanh', 'sigmoid', 'linear'];
const BACKENDS: readonly NeuralNetBackend[] = ['tensorflow', 'wasm', 'cpu'];

/** Parameters of {@link NeuralNet}; every one has a default. */
export interface NeuralNetParams {
  /** 'regression' (linear output, mean squared error) or 'classification' (0/1 labels, sigmoid output, binary cross-entropy). Default 'regression'. */
  task: 'regression' | 'classification';
  /** Units of each hidden Dense layer, integers ≥ 1 (at least one layer). Default [64, 32, 16]. */
  hiddenUnits: number[];
  /** Hidden activation. Default 'relu'. */
  activation: NeuralNetActivation;
  /** BatchNorm after each hidden activation (Keras defaults: momentum 0.99, ε 0.001). Default true. */
  batchNorm: boolean;
  /** Dropout rate after each hidden layer, in [0, 1): one number for all, or one per layer. Default [0.3, 0.2, 0.1]. */
  dropout: number | number[];
  /** Adam step size, > 0 (β₁ 0.9, β₂ 0.999, ε 1e-7 as in Keras). Default 0.001. */
  learningRate: number;
  /** Maximum passes over the training rows, integer ≥ 1. Default 100. */
  epochs: number;
  /** Rows per Adam step, integer ≥ 1 (the last batch of an epoch may be smaller). Default 256. */
  batchSize: number;
  /** Fraction of rows, taken from the END in the given order (rows are time-ordered), held out for validation, in [0, 1); 0 = none. Ignored when `evalSet` is given. Default 0.2. */
  validationFraction: number;
  /** Stop after this many epochs without a lower validation loss, integer ≥ 1; null = never stop early. Default 10. */
  patience: number | null;
  /** When stopping early or at the last epoch, keep the weights of the epoch with the lowest validation loss. Default true. */
  restoreBestWeights: boolean;
  /** Standardize each feature with the training rows' mean and standard deviation (stored in the model). Default true. */
  standardize: boolean;
  /** Seed of the initialization, shuffles and dropout masks (any integer). Default 0. */
  seed: number;
  /** 'auto' (tensorflow → wasm if ready → cpu) or a backend to force. Default 'auto'. */
  backend: 'auto' | NeuralNetBackend;
}

/** {@link NeuralNetParams} after validation (dropout as one rate per hidden layer). */
export type ResolvedNeuralNetParams = Omit<NeuralNetParams, 'dropout'> & { dropout: number[] };

/** The defaults: seed 001's architecture. */
export const NEURAL_NET_DEFAULTS: Readonly<ResolvedNeuralNetParams> = Object.freeze<ResolvedNeuralNetParams>({
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

/** What a fit did: backend, epochs, loss history (per epoch, weighted mean over rows). */
export interface NeuralNetFitResult {
  /** The TF.js backend the net was trained on. */
  backend: NeuralNetBackend;
  /** Epochs run (≤ params.epochs). */
  epochs: number;
  /** 1-based epoch whose weights the model holds (the last epoch without validation or restoreBestWeights). */
  bestEpoch: number;
  /** True when early stopping ended the training before params.epochs. */
  stoppedEarly: boolean;
  /** Training loss per epoch (mean over the epoch's batches, in training mode: dropout on). */
  loss: number[];
  /** Validation loss per epoch (inference mode); empty without validation rows. */
  valLoss: number[];
  trainRows: number;
  validationRows: number;
  /** Wall time of the fit in ms; null for a model restored from JSON. */
  timeMs: number | null;
}

/** One weight array of the serialized net: little-endian float32 values, base64. */
export interface NeuralNetWeightJSON {
  name: string;
  shape: number[];
  dtype: 'float32';
  data: string;
}

/** Serialized state of a fitted {@link NeuralNet}. */
export interface NeuralNetState {
  architecture: {
    inputs: number;
    hiddenUnits: number[];
    activation: NeuralNetActivation;
    batchNorm: boolean;
    batchNormEpsilon: number;
    output: 'linear' | 'sigmoid';
  };
  featureNames: string[];
  /** Per-feature mean and standard deviation applied before the first layer; null = none. */
  inputScaling: { mean: number[]; std: number[] } | null;
  /** In order, per hidden layer: kernel, bias[, gamma, beta, movingMean, movingVariance]; then the output kernel and bias. */
  weights: NeuralNetWeightJSON[];
  training: Omit<NeuralNetFitResult, 'timeMs'>;
}

/** Status of one backend, from {@link NeuralNet.backends}. */
export interface NeuralNetBackendStatus {
  name: NeuralNetBackend;
  /** 'ready' = initialized; 'available' = loads, not initialized yet (wasm: `await NeuralNet.ready('wasm')`); 'unavailable' (see reason). */
  status: 'ready' | 'available' | 'unavailable';
  reason?: string;
}

const BN_MOMENTUM = 0.99;
const BN_EPSILON = 1e-3;
const PREDICT_CHUNK = 8192;

// ───────────────────────────── backends (lazy, process-wide) ─────────────────────────────

const requireCjs = createRequire(import.meta.url);
let tfLib: Tfjs | undefined;
let nodeTried = false;
let nodeError: string | undefined;
let wasmInit: Promise<boolean> | undefined;
let wasmError: string | undefined;

/** TF.js (its CommonJS build, loaded synchronously on first use). */
function tfjs(): Tfjs {
  tfLib ??= requireCjs('@tensorflow/tfjs') as Tfjs;
  return tfLib;
}

function isReady(name: NeuralNetBackend): boolean {
  return tfjs().engine().registry[name] !== undefined;
}

function reason(err: unknown): string {
  const msg = err instanceof Error ? err.message : (err as { message?: unknown } | null)?.message;
  return (typeof msg === 'string' ? msg : String(err)).split('\n')[0];
}

/** Loads tfjs-node once; true when it registered the 'tensorflow' backend. */
function loadNode(): boolean {
  if (!nodeTried) {
    nodeTried = true;
    tfjs();
    try {
      requireCjs('@tensorflow/tfjs-node');
      if (!tfjs().engine().backendNames().includes('tensorflow'))
        nodeError = "@tensorflow/tfjs-node loaded but registered no 'tensorflow' backend";
    } catch (err) {
      nodeError = `@tensorflow/tfjs-node does not load: ${reason(err)}`;
    }
  }
  return nodeError === undefined;
}

/** Initializes the wasm backend once (the .wasm binaries are read from the installed package's dist folder). */
function initWasm(): Promise<boolean> {
  wasmInit ??= (async () => {
    const tf = tfjs();
    try {
      const wasm = requireCjs('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
      const dist = path.dirname(requireCjs.resolve('@tensorflow/tfjs-backend-wasm'));
      wasm.setWasmPaths(dist + path.sep);
      if (await tf.setBackend('wasm')) return true;
      wasmError = 'tf.setBackend("wasm") failed';
    } catch (err) {
      wasmError = `the wasm backend does not initialize: ${reason(err)}`;
    }
    return false;
  })();
  return wasmInit;
}

/** Makes `name` (registered, sync-initializable or initialized) TF.js's active backend. */
function activate(name: NeuralNetBackend): void {
  const tf = tfjs();
  if (tf.getBackend() === name && isReady(name)) return;
  const fresh = name === 'cpu' && !isReady('cpu');
  tf.setBackend(name).catch(() => undefined); // synchronous for an initialized or sync-initialized backend
  if (tf.getBackend() !== name || !isReady(name))
    throw new QuantbookError('E_BACKEND', `NeuralNet: could not activate the ${name} backend`);
  if (fresh) {
    // The cpu backend's first write prints a "Hi, looks like you are running TensorFlow.js in Node.js"
    // banner; our backend report says the same (NeuralNet.backends()), so write once with warnings off.
    const env = tf.env();
    const prod = env.getBool('PROD');
    env.set('PROD', true);
    try {
      tf.scalar(0).dispose();
    } finally {
      env.set('PROD', prod);
    }
  }
}

function notReady(): QuantbookError {
  return new QuantbookError(
    'E_BACKEND_NOT_READY',
    wasmError !== undefined
      ? `NeuralNet: the wasm backend is unavailable (${wasmError})`
      : 'NeuralNet: the wasm backend is not initialized yet (it initializes asynchronously)',
    {
      hint:
        wasmError !== undefined
          ? "Use backend: 'cpu' or 'auto'"
          : "Call `await NeuralNet.ready('wasm')` once before fit/predict, or use `await nn.fitAsync(X, y)`",
    },
  );
}

/** Synchronously activates the backend for `requested` ('auto': `preferred` if ready, tensorflow, wasm if ready, cpu). */
function useBackendSync(
  requested: 'auto' | NeuralNetBackend,
  preferred?: NeuralNetBackend,
): NeuralNetBackend {
  let name: NeuralNetBackend;
  if (requested === 'tensorflow') {
    if (!loadNode())
      throw new QuantbookError(
        'E_BACKEND',
        `NeuralNet: the tensorflow backend is unavailable (${nodeError})`,
        {
          hint: "Install @tensorflow/tfjs-node, or use backend: 'wasm' or 'cpu'",
        },
      );
    name = 'tensorflow';
  } else if (requested === 'wasm') {
    if (!isReady('wasm')) throw notReady();
    name = 'wasm';
  } else if (requested === 'cpu') name = 'cpu';
  else if (preferred !== undefined && (preferred === 'cpu' || isReady(preferred))) name = preferred;
  else if (loadNode()) name = 'tensorflow';
  else if (isReady('wasm')) name = 'wasm';
  else name = 'cpu';
  activate(name);
  return name;
}

// ───────────────────────────── parameters ─────────────────────────────

const PARAM_KEYS = Object.keys(NEURAL_NET_DEFAULTS);

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

function resolveParams(what: string, params: Partial<NeuralNetParams>): ResolvedNeuralNetParams {
  checkKeys(what, params, PARAM_KEYS);
  const given = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const p = { ...NEURAL_NET_DEFAULTS, ...given } as NeuralNetParams;
  const bad = (name: string, need: string, got: unknown): never => {
    throw new ParameterError(`${what}: ${name} must be ${need}, got ${JSON.stringify(got) ?? String(got)}`);
  };
  if (p.task !== 'regression' && p.task !== 'classification')
    bad('task', "'regression' or 'classification'", p.task);
  if (!Array.isArray(p.hiddenUnits) || p.hiddenUnits.length === 0 || !p.hiddenUnits.every(isPositiveInt))
    bad('hiddenUnits', 'a non-empty array of integers ≥ 1', p.hiddenUnits);
  if (!ACTIVATIONS.includes(p.activation))
    bad('activation', `one of ${ACTIVATIONS.join(', ')}`, p.activation);
  if (typeof p.batchNorm !== 'boolean') bad('batchNorm', 'a boolean', p.batchNorm);
  const layers = p.hiddenUnits.length;
  const dropout = typeof p.dropout === 'number' ? new Array<number>(layers).fill(p.dropout) : p.dropout;
  if (!Array.isArray(dropout) || dropout.length !== layers)
    bad('dropout', `a rate or an array of ${layers} rates (one per hidden layer)`, p.dropout);
  for (const r of dropout)
    if (typeof r !== 'number' || !(r >= 0 && r < 1)) bad('dropout', 'a rate in [0, 1)', p.dropout);
  if (typeof p.learningRate !== 'number' || !(p.learningRate > 0 && Number.isFinite(p.learningRate)))
    bad('learningRate', 'a finite number > 0', p.learningRate);
  if (!isPositiveInt(p.epochs)) bad('epochs', 'an integer ≥ 1', p.epochs);
  if (!isPositiveInt(p.batchSize)) bad('batchSize', 'an integer ≥ 1', p.batchSize);
  if (typeof p.validationFraction !== 'number' || !(p.validationFraction >= 0 && p.validationFraction < 1))
    bad('validationFraction', 'a number in [0, 1)', p.validationFraction);
  if (p.patience !== null && !isPositiveInt(p.patience))
    bad('patience', 'an integer ≥ 1 or null', p.patience);
  if (typeof p.restoreBestWeights !== 'boolean') bad('restoreBestWeights', 'a boolean', p.restoreBestWeights);
  if (typeof p.standardize !== 'boolean') bad('standardize', 'a boolean', p.standardize);
  if (typeof p.seed !== 'number' || !Number.isInteger(p.seed)) bad('seed', 'an integer', p.seed);
  if (p.backend !== 'auto' && !BACKENDS.includes(p.backend))
    bad('backend', `'auto' or one of ${BACKENDS.join(', ')}`, p.backend);
  return { ...p, hiddenUnits: [...p.hiddenUnits], dropout: [...dropout] };
}

// ───────────────────────────── the network ─────────────────────────────

/** One named weight array (row-major). */
interface Weight {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** The weight list of an architecture, in serialization order, with Keras initializations (Glorot-uniform kernels from `rng`). */
function initialWeights(inputs: number, p: ResolvedNeuralNetParams, rng: Rng): Weight[] {
  const out: Weight[] = [];
  const dense = (name: string, fanIn: number, fanOut: number): void => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const kernel = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < kernel.length; i++) kernel[i] = (2 * rng.random() - 1) * limit;
    out.push({ name: `${name}/kernel`, shape: [fanIn, fanOut], values: kernel });
    out.push({ name: `${name}/bias`, shape: [fanOut], values: new Float32Array(fanOut) });
  };
  let fanIn = inputs;
  p.hiddenUnits.forEach((units, l) => {
    dense(`dense_${l}`, fanIn, units);
    if (p.batchNorm) {
      const bn = `batch_norm_${l}`;
      out.push({ name: `${bn}/gamma`, shape: [units], values: new Float32Array(units).fill(1) });
      out.push({ name: `${bn}/beta`, shape: [units], values: new Float32Array(units) });
      out.push({ name: `${bn}/moving_mean`, shape: [units], values: new Float32Array(units) });
      out.push({ name: `${bn}/moving_variance`, shape: [units], values: new Float32Array(units).fill(1) });
    }
    fanIn = units;
  });
  dense('output', fanIn, 1);
  return out;
}

/** Per hidden layer, the tensors of its weights (in {@link initialWeights} order). */
interface Layer<T> {
  kernel: T;
  bias: T;
  bn?: { gamma: T; beta: T; mean: T; variance: T };
}

function layersOf<T>(
  items: T[],
  p: Pick<ResolvedNeuralNetParams, 'hiddenUnits' | 'batchNorm'>,
): { hidden: Layer<T>[]; out: Layer<T> } {
  let k = 0;
  const hidden = p.hiddenUnits.map((): Layer<T> => {
    const layer: Layer<T> = { kernel: items[k++], bias: items[k++] };
    if (p.batchNorm)
      layer.bn = { gamma: items[k++], beta: items[k++], mean: items[k++], variance: items[k++] };
    return layer;
  });
  return { hidden, out: { kernel: items[k++], bias: items[k++] } };
}

function activationOf(tf: Tfjs, name: NeuralNetActivation, x: TF.Tensor2D): TF.Tensor2D {
  switch (name) {
    case 'relu':
      return tf.relu(x);
    case 'elu':
      return tf.elu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'linear':
      return x;
  }
}

// The training step's kernels are chosen per backend (same math, different rounding): the cpu backend's
// broadcasting binary ops and axis-0 reductions index element by element, so there column sums are a
// ones-row matMul and per-column scale/shift is its (fast) BatchNorm kernel; the wasm backend's matMul with a
// transposed operand is 3–6× slower than an explicit transpose followed by a plain matMul.

/** Σ over rows, `(n, u)` → `(u,)`. */
function colSum(tf: Tfjs, x: TF.Tensor2D, cpu: boolean): TF.Tensor1D {
  return cpu ? tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]), x), [x.shape[1]]) : tf.sum(x, 0);
}

/** `x·scale + shift` per column, `(n, u)`; on cpu one BatchNorm kernel with mean 0, variance 1, ε 0. */
function affine(tf: Tfjs, x: TF.Tensor2D, cpu: boolean, scale?: TF.Tensor, shift?: TF.Tensor): TF.Tensor2D {
  if (cpu) {
    const u = x.shape[1];
    return tf.batchNorm(
      x,
      tf.zeros([u]),
      tf.ones([u]),
      shift as TF.Tensor1D,
      scale as TF.Tensor1D,
      0,
    ) as TF.Tensor2D;
  }
  const scaled = scale === undefined ? x : tf.mul<TF.Tensor2D>(x, scale);
  return shift === undefined ? scaled : tf.add<TF.Tensor2D>(scaled, shift);
}

/** `a·b` with either operand transposed. */
function matMulT(
  tf: Tfjs,
  a: TF.Tensor2D,
  b: TF.Tensor2D,
  ta: boolean,
  tb: boolean,
  cpu: boolean,
): TF.Tensor2D {
  if (cpu) return tf.matMul(a, b, ta, tb);
  return tf.matMul(ta ? tf.transpose(a) : a, tb ? tf.transpose(b) : b);
}

/**
 * Dense layer `activation(x·W + b)`, `(batch, in)` → `(batch, out)`, with a custom gradient for ReLU and linear
 * layers (other activations are differentiated by TF.js after a linear layer). `∂x` is skipped for the input layer.
 */
function denseOf(
  tf: Tfjs,
  x: TF.Tensor2D,
  kernel: TF.Tensor,
  bias: TF.Tensor,
  activation: NeuralNetActivation,
  inputLayer: boolean,
): TF.Tensor2D {
  if (activation !== 'relu' && activation !== 'linear')
    return activationOf(tf, activation, denseOf(tf, x, kernel, bias, 'linear', inputLayer));
  const cpu = tf.getBackend() === 'cpu';
  const op = tf.customGrad((...args: unknown[]) => {
    const [xs, w, b, save] = args as [TF.Tensor2D, TF.Tensor2D, TF.Tensor1D, TF.GradSaveFunc];
    let y: TF.Tensor2D;
    if (cpu) {
      y = affine(tf, tf.matMul(xs, w), cpu, undefined, b);
      if (activation === 'relu') y = tf.relu(y);
    } else y = tf.fused.matMul({ a: xs, b: w, bias: b, activation }) as TF.Tensor2D;
    save([xs, w, y]);
    return {
      value: y,
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const [xSaved, wSaved, ySaved] = saved as TF.Tensor2D[];
        const dz = (activation === 'relu' ? tf.mul(dy, tf.step(ySaved)) : dy) as TF.Tensor2D;
        const dx = inputLayer ? tf.zerosLike(xSaved) : matMulT(tf, dz, wSaved, false, true, cpu);
        return [dx, matMulT(tf, xSaved, dz, true, false, cpu), colSum(tf, dz, cpu)];
      },
    };
  });
  return op(x, kernel, bias);
}

/**
 * BatchNorm in training mode, `(batch, units)` → same: normalizes with the batch mean and (biased) variance
 * and pushes them (kept) to `moments` for the moving averages. One custom gradient instead of TF.js's
 * moments + FusedBatchNorm gradients (about 3× fewer kernels):
 * with x̂ = (x − μ)·σ⁻¹, y = γx̂ + β:  ∂β = Σ dy,  ∂γ = Σ dy·x̂,  ∂x = γσ⁻¹ (dy − ∂β/N − x̂·∂γ/N).
 */
function batchNormTraining(
  tf: Tfjs,
  x: TF.Tensor2D,
  gamma: TF.Tensor,
  beta: TF.Tensor,
  moments: { mean: TF.Tensor; variance: TF.Tensor }[],
): TF.Tensor2D {
  const n = x.shape[0];
  const cpu = tf.getBackend() === 'cpu';
  const op = tf.customGrad((...args: unknown[]) => {
    const [xs, g, b, save] = args as [TF.Tensor2D, TF.Tensor1D, TF.Tensor1D, TF.GradSaveFunc];
    const mean = tf.div(colSum(tf, xs, cpu), n);
    const centered = affine(tf, xs, cpu, undefined, tf.neg(mean));
    const variance = tf.div(colSum(tf, tf.square(centered), cpu), n);
    const inv = tf.rsqrt(tf.add(variance, BN_EPSILON));
    const xhat = affine(tf, centered, cpu, inv);
    moments.push({ mean: tf.keep(mean), variance: tf.keep(variance) });
    const gInv = tf.mul(g, inv);
    save([xhat, gInv]);
    return {
      value: affine(tf, xhat, cpu, g, b),
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const [xh, gi] = saved as [TF.Tensor2D, TF.Tensor1D];
        const dBeta = colSum(tf, dy as TF.Tensor2D, cpu);
        const dGamma = colSum(tf, tf.mul(dy, xh), cpu);
        const dx = tf.add(
          affine(tf, dy as TF.Tensor2D, cpu, gi, tf.neg(tf.mul(gi, tf.div(dBeta, n)))),
          affine(tf, xh, cpu, tf.neg(tf.mul(gi, tf.div(dGamma, n)))),
        );
        return [dx, dGamma, dBeta];
      },
    };
  });
  return op(x, gamma, beta);
}

/**
 * The output logits/values `(batch, 1)`. Training mode normalizes with the batch moments (kept in
 * `moments` for the moving averages) and applies the dropout `masks`; inference uses the moving statistics.
 */
function forward(
  tf: Tfjs,
  net: { hidden: Layer<TF.Tensor>[]; out: Layer<TF.Tensor> },
  activation: NeuralNetActivation,
  x: TF.Tensor2D,
  training?: { masks: (TF.Tensor2D | null)[]; moments: { mean: TF.Tensor; variance: TF.Tensor }[] },
): TF.Tensor2D {
  let h = x;
  net.hidden.forEach((layer, l) => {
    h = denseOf(tf, h, layer.kernel, layer.bias, activation, l === 0);
    const bn = layer.bn;
    if (bn !== undefined)
      h =
        training !== undefined
          ? batchNormTraining(tf, h, bn.gamma, bn.beta, training.moments)
          : (tf.batchNorm(h, bn.mean, bn.variance, bn.beta, bn.gamma, BN_EPSILON) as TF.Tensor2D);
    const mask = training?.masks[l];
    if (mask) h = tf.mul(h, mask);
  });
  return denseOf(tf, h, net.out.kernel, net.out.bias, 'linear', false);
}

/** Per-row loss `(batch,)`: squared error, or binary cross-entropy from the logit z: max(z, 0) − z·y + log(1 + e^−|z|). */
function rowLoss(tf: Tfjs, classification: boolean, out: TF.Tensor2D, y: TF.Tensor1D): TF.Tensor1D {
  const z = tf.reshape<TF.Rank.R1>(out, [-1]);
  if (!classification) return tf.squaredDifference(z, y);
  return tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
}

// ───────────────────────────── data preparation ─────────────────────────────

/** Throws ParameterError at the first non-finite value of X, naming its row and column. */
function checkFiniteX(what: string, X: Matrix): void {
  const { data, cols } = X;
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i])) {
      const r = Math.floor(i / cols);
      const c = i - r * cols;
      const name = X.columns?.[c];
      throw new ParameterError(
        `${what}: X must be finite, got ${data[i]} at row ${r}, column ${c}${name !== undefined ? ` (${JSON.stringify(name)})` : ''}; impute or drop missing values first`,
      );
    }
}

/** Column means and population standard deviations of rows [0, rows) (std 0 → 1). */
function scalingOf(X: Matrix, rows: number): { mean: number[]; std: number[] } {
  const { data, cols } = X;
  const mean = new Array<number>(cols).fill(0);
  const std = new Array<number>(cols).fill(0);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const d = data[i * cols + j] - mean[j];
      std[j] += d * d;
    }
  for (let j = 0; j < cols; j++) {
    const s = Math.sqrt(std[j] / rows);
    std[j] = s > 0 && Number.isFinite(s) ? s : 1;
  }
  return { mean, std };
}

/** Rows [from, to) of X, standardized, as float32. */
function inputsOf(
  X: Matrix,
  from: number,
  to: number,
  scaling: NeuralNetState['inputScaling'],
): Float32Array {
  const { data, cols } = X;
  const out = new Float32Array((to - from) * cols);
  for (let i = from, k = 0; i < to; i++)
    for (let j = 0; j < cols; j++, k++) {
      const v = data[i * cols + j];
      out[k] = scaling === null ? v : (v - scaling.mean[j]) / scaling.std[j];
    }
  return out;
}

// ───────────────────────────── serialization helpers ─────────────────────────────

function toBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return Buffer.from(bytes).toString('base64');
}

function fromBase64(what: string, name: string, data: unknown, size: number): Float32Array {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'base64') : undefined;
  if (bytes === undefined || bytes.length !== size * 4)
    throw new DataFormatError(
      `${what}: weight ${name} must be base64 of ${size} float32 values (${size * 4} bytes), got ${bytes?.length ?? typeof data} bytes`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    out[i] = view.getFloat32(i * 4, true);
    if (!Number.isFinite(out[i])) throw new DataFormatError(`${what}: weight ${name}[${i}] is ${out[i]}`);
  }
  return out;
}

// ───────────────────────────── the estimator ─────────────────────────────

interface Fitted {
  weights: Weight[];
  featureNames: string[];
  scaling: NeuralNetState['inputScaling'];
  result: NeuralNetFitResult;
}

/** Feed-forward neural network (regression or binary classification) on TF.js. */
export class NeuralNet implements Classifier {
  static readonly format = 'quantbook/neural-net';
  static readonly version = 1;

  private readonly params: ResolvedNeuralNetParams;
  private fitted: Fitted | undefined;

  /**
   * @param params - {@link NeuralNetParams}; defaults ({@link NEURAL_NET_DEFAULTS}) fill the rest.
   * @throws ParameterError (a RangeError) for an unknown parameter or a value outside its domain, echoing it:
   *   dropout ≥ 1 or < 0, an unknown activation, learningRate or epochs ≤ 0…
   */
  constructor(params: Partial<NeuralNetParams> = {}) {
    this.params = resolveParams('NeuralNet', params);
  }

  /**
   * Initializes a backend and makes it TF.js's active one: `'auto'` tries tensorflow (tfjs-node), then wasm,
   * then cpu. Call once (e.g. at the top of a notebook) so that synchronous fits use wasm; idempotent.
   * @returns The backend now active.
   * @throws QuantbookError (E_BACKEND) when a forced backend cannot be initialized.
   */
  static async ready(backend: 'auto' | NeuralNetBackend = 'auto'): Promise<NeuralNetBackend> {
    if (backend !== 'auto' && !BACKENDS.includes(backend))
      throw new ParameterError(
        `NeuralNet.ready: backend must be 'auto' or one of ${BACKENDS.join(', ')}, got ${JSON.stringify(backend)}`,
      );
    if (backend === 'wasm' || (backend === 'auto' && !loadNode())) {
      if (await initWasm()) {
        activate('wasm');
        return 'wasm';
      }
      if (backend === 'wasm') throw notReady();
    }
    return useBackendSync(backend);
  }

  /** TF.js's active backend ('tensorflow', 'wasm', 'cpu'), or undefined before the first fit, predict or ready. */
  static backend(): string | undefined {
    return tfLib?.getBackend() ?? undefined;
  }

  /** Which backends can run here and why not (tries to load tfjs-node; does not initialize wasm). */
  static backends(): NeuralNetBackendStatus[] {
    loadNode();
    return BACKENDS.map((name): NeuralNetBackendStatus => {
      if (isReady(name)) return { name, status: 'ready' };
      if (name === 'tensorflow') return { name, status: 'unavailable', reason: nodeError };
      if (name === 'wasm' && wasmError !== undefined)
        return { name, status: 'unavailable', reason: wasmError };
      return { name, status: 'available' };
    });
  }

  /** TF.js's live tensors and bytes (`tf.memory()`); zeros before TF.js is loaded. */
  static memory(): { numTensors: number; numBytes: number } {
    if (tfLib === undefined) return { numTensors: 0, numBytes: 0 };
    const m = tfLib.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  }

  /**
   * Trains the net on `(X, y)` synchronously on the backend chosen as described above; a refit replaces the
   * previous weights. Early stopping watches `options.evalSet` if given, else the last `validationFraction`
   * of the rows (which are then not trained on).
   * @param y - Targets `(nSamples,)`: finite values (regression) or 0/1 labels (classification).
   * @param options - `sampleWeight` and `evalSet` are used; `dates`/`t1` are ignored.
   * @throws SchemaError for shape mismatches, bad labels or weights, or too few rows for the validation split;
   *   ParameterError for NaN/±Infinity in X (naming row and column); QuantbookError E_BACKEND_NOT_READY when
   *   backend 'wasm' is forced before `await NeuralNet.ready('wasm')`.
   */
  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    const what = 'NeuralNet.fit';
    const started = performance.now();
    const p = this.params;
    const classification = p.task === 'classification';
    checkMatrix(what, X);
    checkTarget(what, y, X.rows, classification);
    checkFiniteX(what, X);
    const weight = options.sampleWeight;
    if (weight !== undefined) checkWeights(what, 'sampleWeight', weight, X.rows);
    const evalSet = options.evalSet;
    if (evalSet !== undefined) {
      checkMatrix(`${what}: evalSet`, evalSet.X, X.cols);
      checkTarget(`${what}: evalSet`, evalSet.y, evalSet.X.rows, classification);
      checkFiniteX(`${what}: evalSet`, evalSet.X);
      if (evalSet.sampleWeight !== undefined)
        checkWeights(what, 'evalSet.sampleWeight', evalSet.sampleWeight, evalSet.X.rows);
    }
    const n = X.rows;
    const nVal = evalSet !== undefined ? 0 : n - Math.floor(n * (1 - p.validationFraction));
    const nTrain = n - nVal;
    if (nTrain < 1)
      throw new SchemaError(
        `${what}: validationFraction ${p.validationFraction} of ${n} rows leaves ${nTrain} training and ${nVal} validation rows; need at least 1 of each`,
        { hint: 'Pass more rows, another validationFraction, or an evalSet' },
      );

    const scaling = p.standardize ? scalingOf(X, nTrain) : null;
    const xTrain = inputsOf(X, 0, nTrain, scaling);
    const yTrain = Float32Array.from(y.subarray(0, nTrain));
    const wTrain = weight === undefined ? undefined : Float32Array.from(weight.subarray(0, nTrain));
    const val =
      evalSet !== undefined
        ? {
            x: inputsOf(evalSet.X, 0, evalSet.X.rows, scaling),
            y: Float32Array.from(evalSet.y),
            w: evalSet.sampleWeight === undefined ? undefined : Float32Array.from(evalSet.sampleWeight),
          }
        : nVal > 0
          ? {
              x: inputsOf(X, nTrain, n, scaling),
              y: Float32Array.from(y.subarray(nTrain)),
              w: weight === undefined ? undefined : Float32Array.from(weight.subarray(nTrain)),
            }
          : undefined;

    const backend = useBackendSync(p.backend);
    const root = new Rng(p.seed);
    const initRng = new Rng(root.nextUint32());
    const shuffleRng = new Rng(root.nextUint32());
    const dropoutRng = new Rng(root.nextUint32());
    const initial = initialWeights(X.cols, p, initRng);
    const trained = train(tfjs(), p, initial, X.cols, xTrain, yTrain, wTrain, val, shuffleRng, dropoutRng);

    this.fitted = {
      weights: trained.weights,
      featureNames: Array.isArray(X.columns) && X.columns.length === X.cols ? [...X.columns] : [],
      scaling,
      result: {
        backend,
        ...trained.history,
        trainRows: nTrain,
        validationRows: val === undefined ? 0 : val.y.length,
        timeMs: performance.now() - started,
      },
    };
    return this;
  }

  /**
   * `await NeuralNet.ready(params.backend)` then {@link fit}: the way to get the wasm backend (or any
   * runtime-selected backend) without a separate `ready()` call.
   */
  async fitAsync(X: Matrix, y: Float64Array, options: FitOptions = {}): Promise<this> {
    await NeuralNet.ready(this.params.backend);
    return this.fit(X, y, options);
  }

  /**
   * Regression: the predicted values; classification: labels 1 where P(y=1) > 0.5, else 0. `(nSamples,)`.
   * @throws NotFittedError before fit; SchemaError for a feature-count mismatch; ParameterError for NaN in X.
   */
  predict(X: Matrix): Float64Array {
    const out = this.outputs(X, 'NeuralNet.predict');
    if (this.params.task === 'classification')
      for (let i = 0; i < out.length; i++) out[i] = out[i] > 0 ? 1 : 0;
    return out;
  }

  /**
   * P(y = 1), `(nSamples,)` in [0, 1] (the sigmoid of the output logit, float32).
   * @throws ParameterError for task 'regression'; otherwise as {@link predict}.
   */
  predictProba(X: Matrix): Float64Array {
    if (this.params.task !== 'classification')
      throw new ParameterError(
        "NeuralNet.predictProba: needs task 'classification', got 'regression' (use predict for values)",
      );
    const out = this.outputs(X, 'NeuralNet.predictProba');
    for (let i = 0; i < out.length; i++) out[i] = Math.fround(1 / (1 + Math.exp(-out[i])));
    return out;
  }

  /** The resolved parameters (a copy). */
  getParams(): ResolvedNeuralNetParams {
    return { ...this.params, hiddenUnits: [...this.params.hiddenUnits], dropout: [...this.params.dropout] };
  }

  /** What the last fit did (backend, epochs, losses), or undefined before fit. */
  get fitResult(): NeuralNetFitResult | undefined {
    const r = this.fitted?.result;
    return r === undefined ? undefined : { ...r, loss: [...r.loss], valLoss: [...r.valLoss] };
  }

  /** Names of the features fitted on (X.columns). @throws NotFittedError. */
  get featureNames(): string[] {
    return [...this.state().featureNames];
  }

  /**
   * `{ format: 'quantbook/neural-net', version: 1, params, state: { architecture, featureNames, inputScaling,
   * weights (base64 float32, little-endian, with shapes), training } }`.
   * @throws NotFittedError before fit.
   */
  toJSON(): ModelJSON<ResolvedNeuralNetParams, NeuralNetState> {
    const f = this.state();
    const p = this.params;
    const { backend, epochs, bestEpoch, stoppedEarly, loss, valLoss, trainRows, validationRows } = f.result;
    return {
      format: NeuralNet.format,
      version: NeuralNet.version,
      params: this.getParams(),
      state: {
        architecture: {
          inputs: f.weights[0].shape[0],
          hiddenUnits: [...p.hiddenUnits],
          activation: p.activation,
          batchNorm: p.batchNorm,
          batchNormEpsilon: BN_EPSILON,
          output: p.task === 'classification' ? 'sigmoid' : 'linear',
        },
        featureNames: [...f.featureNames],
        inputScaling: f.scaling === null ? null : { mean: [...f.scaling.mean], std: [...f.scaling.std] },
        weights: f.weights.map((w) => ({
          name: w.name,
          shape: [...w.shape],
          dtype: 'float32' as const,
          data: toBase64(w.values),
        })),
        training: {
          backend,
          epochs,
          bestEpoch,
          stoppedEarly,
          loss: [...loss],
          valLoss: [...valLoss],
          trainRows,
          validationRows,
        },
      },
    };
  }

  /**
   * A fitted net from {@link toJSON}'s output; it predicts identically on the same backend.
   * @throws DataFormatError for another format or version, bad params, or a state that does not match the
   *   architecture (weight names, shapes, byte lengths, non-finite values, scaling lengths).
   */
  static fromJSON(json: unknown): NeuralNet {
    const f = NeuralNet.format;
    const what = `${f}: fromJSON`;
    const { params, state } = readEnvelope(json, f, NeuralNet.version);
    const model = paramsFromJSON(f, () => new NeuralNet(params as Partial<NeuralNetParams>));
    const p = model.params;
    const arch = state.architecture as Partial<NeuralNetState['architecture']> | undefined;
    const inputs = arch?.inputs;
    if (
      !isPositiveInt(inputs) ||
      JSON.stringify(arch?.hiddenUnits) !== JSON.stringify(p.hiddenUnits) ||
      arch?.activation !== p.activation ||
      arch.batchNorm !== p.batchNorm ||
      arch.batchNormEpsilon !== BN_EPSILON ||
      arch.output !== (p.task === 'classification' ? 'sigmoid' : 'linear')
    )
      throw new DataFormatError(
        `${what}: state.architecture ${JSON.stringify(arch)} does not match the params`,
      );
    const names = state.featureNames;
    if (
      !Array.isArray(names) ||
      !names.every((s) => typeof s === 'string') ||
      (names.length !== 0 && names.length !== inputs)
    )
      throw new DataFormatError(`${what}: state.featureNames must be ${inputs} strings`);
    let scaling: NeuralNetState['inputScaling'] = null;
    const sc = state.inputScaling as { mean?: unknown; std?: unknown } | null | undefined;
    if (sc !== null) {
      const ok = (v: unknown, positive: boolean): v is number[] =>
        Array.isArray(v) &&
        v.length === inputs &&
        v.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positive || x > 0));
      if (sc === undefined || !ok(sc.mean, false) || !ok(sc.std, true))
        throw new DataFormatError(
          `${what}: state.inputScaling must be null or { mean, std } of ${inputs} numbers (std > 0)`,
        );
      scaling = { mean: [...sc.mean], std: [...sc.std] };
    }
    const expected = initialWeights(inputs, p, new Rng(0));
    const ws = state.weights;
    if (!Array.isArray(ws) || ws.length !== expected.length)
      throw new DataFormatError(`${what}: state.weights must hold ${expected.length} arrays`);
    const weights = expected.map((e, i): Weight => {
      const w = ws[i] as Partial<NeuralNetWeightJSON> | null;
      if (w?.name !== e.name || JSON.stringify(w.shape) !== JSON.stringify(e.shape) || w.dtype !== 'float32')
        throw new DataFormatError(
          `${what}: state.weights[${i}] must be ${e.name} float32 ${JSON.stringify(e.shape)}, got ${w?.name} ${w?.dtype} ${JSON.stringify(w?.shape)}`,
        );
      return { name: e.name, shape: e.shape, values: fromBase64(what, e.name, w.data, e.values.length) };
    });
    const t = state.training as Partial<NeuralNetState['training']> | undefined;
    const nums = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
    if (
      t === undefined ||
      t === null ||
      !BACKENDS.includes(t.backend as NeuralNetBackend) ||
      !nums(t.loss) ||
      !nums(t.valLoss) ||
      ![t.epochs, t.bestEpoch, t.trainRows, t.validationRows].every((v) => Number.isInteger(v)) ||
      typeof t.stoppedEarly !== 'boolean'
    )
      throw new DataFormatError(`${what}: state.training is malformed`);
    model.fitted = {
      weights,
      featureNames: [...names],
      scaling,
      result: {
        ...(t as NeuralNetState['training']),
        loss: [...t.loss],
        valLoss: [...t.valLoss],
        timeMs: null,
      },
    };
    return model;
  }

  private state(): Fitted {
    if (this.fitted === undefined) throw new NotFittedError('NeuralNet');
    return this.fitted;
  }

  /** The raw outputs (values or logits, float32) of the fitted net on X. */
  private outputs(X: Matrix, what: string): Float64Array {
    const f = this.state();
    const inputs = f.weights[0].shape[0];
    checkMatrix(what, X, inputs);
    checkFiniteX(what, X);
    useBackendSync(this.params.backend, f.result.backend);
    const tf = tfjs();
    const out = new Float64Array(X.rows);
    tf.tidy(() => {
      const net = layersOf(
        f.weights.map((w) => tf.tensor(w.values, w.shape)),
        this.params,
      );
      for (let from = 0; from < X.rows; from += PREDICT_CHUNK) {
        const to = Math.min(X.rows, from + PREDICT_CHUNK);
        const values = tf.tidy(() => {
          const x = tf.tensor2d(inputsOf(X, from, to, f.scaling), [to - from, inputs]);
          return forward(tf, net, this.params.activation, x).dataSync();
        });
        out.set(values, from);
      }
    });
    return out;
  }
}

// ───────────────────────────── the training loop ─────────────────────────────

interface TrainOutput {
  weights: Weight[];
  history: Pick<NeuralNetFitResult, 'epochs' | 'bestEpoch' | 'stoppedEarly' | 'loss' | 'valLoss'>;
}

/** Adam on mini-batches with early stopping; returns the final weights as Float32Arrays. Disposes every tensor it makes. */
function train(
  tf: Tfjs,
  p: ResolvedNeuralNetParams,
  initial: Weight[],
  cols: number,
  xTrain: Float32Array,
  yTrain: Float32Array,
  wTrain: Float32Array | undefined,
  val: { x: Float32Array; y: Float32Array; w: Float32Array | undefined } | undefined,
  shuffleRng: Rng,
  dropoutRng: Rng,
): TrainOutput {
  const classification = p.task === 'classification';
  const nTrain = yTrain.length;
  const variables = initial.map((w) => {
    const t = tf.tensor(w.values, w.shape);
    const v = tf.variable(t, !w.name.includes('/moving_'));
    t.dispose();
    return v;
  });
  const net = layersOf<TF.Variable>(variables, p);
  const trainable = variables.filter((v) => v.trainable);
  const optimizer = tf.train.adam(p.learningRate, 0.9, 0.999, 1e-7);
  const snapshot = (): Float32Array[] => variables.map((v) => Float32Array.from(v.dataSync()));
  try {
    const loss: number[] = [];
    const valLoss: number[] = [];
    let best = Infinity;
    let bestEpoch = 0;
    let bestWeights: Float32Array[] | undefined;
    let wait = 0;
    let stoppedEarly = false;
    const order = Int32Array.from({ length: nTrain }, (_, i) => i);
    const thresholds = p.dropout.map((r) => Math.min(Math.round(r * 2 ** 32), 2 ** 32 - 1));
    const keepScale = p.dropout.map((r) => Math.fround(1 / (1 - r)));
    for (let epoch = 1; epoch <= p.epochs; epoch++) {
      shuffleRng.shuffle(order);
      let total = 0;
      for (let from = 0; from < nTrain; from += p.batchSize) {
        const size = Math.min(p.batchSize, nTrain - from);
        const xb = new Float32Array(size * cols);
        const yb = new Float32Array(size);
        const wb = wTrain === undefined ? undefined : new Float32Array(size);
        for (let b = 0, k = 0; b < size; b++) {
          const r = order[from + b];
          for (let j = 0, o = r * cols; j < cols; j++) xb[k++] = xTrain[o + j];
          yb[b] = yTrain[r];
          if (wb !== undefined && wTrain !== undefined) wb[b] = wTrain[r];
        }
        const masks = p.hiddenUnits.map((units, l) => {
          if (p.dropout[l] === 0) return null;
          const m = new Float32Array(size * units);
          fillDropoutMask(m, thresholds[l], keepScale[l], dropoutRng.nextUint32());
          return m;
        });
        const cost = tf.tidy(() => {
          const x = tf.tensor2d(xb, [size, cols]);
          const yT = tf.tensor1d(yb);
          const wT = wb === undefined ? undefined : tf.tensor1d(wb);
          const maskT = masks.map((m, l) => (m === null ? null : tf.tensor2d(m, [size, p.hiddenUnits[l]])));
          const moments: { mean: TF.Tensor; variance: TF.Tensor }[] = [];
          const c = optimizer.minimize(
            () => {
              moments.length = 0;
              const l = rowLoss(
                tf,
                classification,
                forward(tf, net, p.activation, x, { masks: maskT, moments }),
                yT,
              );
              return tf.mean(wT === undefined ? l : tf.mul(l, wT));
            },
            true,
            trainable,
          );
          net.hidden.forEach((layer, l) => {
            if (layer.bn === undefined) return;
            const m = moments[l];
            layer.bn.mean.assign(tf.add(tf.mul(layer.bn.mean, BN_MOMENTUM), tf.mul(m.mean, 1 - BN_MOMENTUM)));
            layer.bn.variance.assign(
              tf.add(tf.mul(layer.bn.variance, BN_MOMENTUM), tf.mul(m.variance, 1 - BN_MOMENTUM)),
            );
          });
          for (const m of moments) tf.dispose([m.mean, m.variance]);
          return c as TF.Scalar;
        });
        total += cost.dataSync()[0] * size;
        cost.dispose();
      }
      loss.push(total / nTrain);
      if (val === undefined) continue;
      const v = evaluate(tf, net, p, cols, val);
      valLoss.push(v);
      if (v < best) {
        best = v;
        bestEpoch = epoch;
        wait = 0;
        if (p.restoreBestWeights) bestWeights = snapshot();
      } else if (p.patience !== null && ++wait >= p.patience) {
        stoppedEarly = epoch < p.epochs;
        break;
      }
    }
    const epochs = loss.length;
    const useBest = bestWeights !== undefined && bestEpoch !== epochs;
    const final = useBest && bestWeights !== undefined ? bestWeights : snapshot();
    return {
      weights: initial.map((w, i) => ({ name: w.name, shape: w.shape, values: final[i] })),
      history: {
        epochs,
        bestEpoch: val !== undefined && p.restoreBestWeights ? bestEpoch : epochs,
        stoppedEarly,
        loss,
        valLoss,
      },
    };
  } finally {
    optimizer.dispose();
    tf.dispose(variables);
  }
}

/**
 * Fills `mask` with inverted-dropout factors: `scale` where a uniform 32-bit draw is ≥ `threshold` (rate·2³²),
 * else 0. The draws come from a mulberry32 stream seeded by `seed` (one seed per batch and layer from the
 * fit's Rng): plain int32 arithmetic, about twice as fast as drawing each value from Rng, and the same on
 * every platform.
 */
function fillDropoutMask(mask: Float32Array, threshold: number, scale: number, seed: number): void {
  let s = seed | 0;
  for (let i = 0; i < mask.length; i++) {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    mask[i] = (t ^ (t >>> 14)) >>> 0 >= threshold ? scale : 0;
  }
}

/** Mean (weighted: Σ w·loss / n) loss of the net in inference mode over a validation set. */
function evaluate(
  tf: Tfjs,
  net: { hidden: Layer<TF.Tensor>[]; out: Layer<TF.Tensor> },
  p: ResolvedNeuralNetParams,
  cols: number,
  val: { x: Float32Array; y: Float32Array; w: Float32Array | undefined },
): number {
  const n = val.y.length;
  let total = 0;
  for (let from = 0; from < n; from += PREDICT_CHUNK) {
    const to = Math.min(n, from + PREDICT_CHUNK);
    total += tf.tidy(() => {
      const x = tf.tensor2d(val.x.subarray(from * cols, to * cols), [to - from, cols]);
      const l = rowLoss(
        tf,
        p.task === 'classification',
        forward(tf, net, p.activation, x),
        tf.tensor1d(val.y.subarray(from, to)),
      );
      return tf.sum(val.w === undefined ? l : tf.mul(l, tf.tensor1d(val.w.subarray(from, to)))).dataSync()[0];
    });
  }
  return total / n;
}

/**
 * @internal Test hooks (not part of the public API; not re-exported from src/index.ts): the custom-gradient
 * layers, so that test/models/neural-net.test.ts can check their gradients against TF.js's own.
 */
export const neuralNetInternals = { tfjs, activate, denseOf, batchNormTraining };
